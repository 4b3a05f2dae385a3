"""Which organisations an advisory targets, and why: inventory matches and rules.

For each affected product the database is asked for the distinct versions
under its key (from the index; and the distinct CPE names and package URLs
only where they can change the verdict), the engine judges each once, and
only the inventory entries with a targeting combination are looked at.
Inventories repeat the same versions thousands of times, so this does a few
thousand judgements where comparing every entry with every range would do
millions (bench/bench_alerts_targeting.py measures both).

Each target counts all its matching entries and lists the first MAX_REASONS
(products in the advisory's order, then entries by id). `compute_targets`
builds them in Python (SQLite, batches such as the KEV catalogue);
`targets_query` has PostgreSQL build the same rows, which publishing inserts
directly, so a common product's hundreds of thousands of matching entries
never travel to Python and back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.matching import AffectedProduct as EngineProduct
from carecyber.alerts.engine.matching import AssetFacts, ProductMatcher
from carecyber.alerts.engine.model import range_from_dict
from carecyber.alerts.engine.versions import Judgement, Verdict
from carecyber.alerts.models import Advisory, AffectedProduct, Asset
from carecyber.core.models import Organisation, OrganisationType, Region
from carecyber.core.models.organisations import category_label, types_in_category

MAX_REASONS = 10
ANY = None
# (version, CPE name, package URL) of inventory entries; ANY where the judgement does not depend on it.
Combination = tuple[str, str | None, str | None]


@dataclass
class Target:
    organisation_id: int
    reasons: list[dict[str, Any]] = field(default_factory=list)
    match_count: int = 0
    rule_reason: str = ""


def _spec_key(product: AffectedProduct) -> tuple[str, str, str, str]:
    return (product.product_key, product.purl_key, product.cpe, product.vers)


def _engine_product(product: AffectedProduct) -> EngineProduct:
    try:
        cpe = Cpe.parse(product.cpe) if product.cpe else None
    except ValueError:
        cpe = None
    return EngineProduct(
        vendor=product.vendor,
        product=product.product,
        version_range=range_from_dict(product.version_range),
        purl_key=product.purl_key,
        cpe=cpe,
        label=product.label,
    )


class TargetingRun:
    """One targeting pass; remembers each distinct product spec's matches, so a batch never repeats work."""

    def __init__(self) -> None:
        self._by_spec: dict[tuple[str, str, str, str], dict[int, Target]] = {}
        self._judged: dict[tuple[str, str, str, str], dict[Combination, Judgement]] = {}
        self.judgements = 0
        self.rows_read = 0

    def product_targets(self, product: AffectedProduct) -> dict[int, Target]:
        key = _spec_key(product)
        known = self._by_spec.get(key)
        if known is None:
            known = self._match(product)
            self._by_spec[key] = known
        return known

    def judged(self, product: AffectedProduct) -> dict[Combination, Judgement]:
        """The product's targeting (version, CPE, package URL) combinations in the inventories, judged once."""
        key = _spec_key(product)
        known = self._judged.get(key)
        if known is None:
            known = self._judged[key] = self._judge_combinations(product)
        return known

    def _judge_combinations(self, product: AffectedProduct) -> dict[Combination, Judgement]:
        candidates = _candidates(product)
        if candidates is None:
            return {}
        matcher = ProductMatcher(_engine_product(product))
        judged: dict[Combination, Judgement] = {}
        combinations: Iterable[tuple[str, str, str]]
        if matcher.product.cpe is None:
            # Without an affected CPE name only the version counts, and an entry's CPE name or package URL
            # only when its version is blank (they may carry one): the distinct versions come from the index.
            versions = list(candidates.values_list("version", flat=True).distinct())
            blank = [version for version in versions if not version.strip()]
            for version in versions:
                if version.strip():
                    self.judgements += 1
                    judgement = matcher.judge(AssetFacts(version=version))
                    if judgement.targets:
                        judged[(version, ANY, ANY)] = judgement
            combinations = (
                candidates.filter(version__in=blank).values_list("version", "cpe", "purl").distinct() if blank else []
            )
        else:
            combinations = candidates.values_list("version", "cpe", "purl").distinct().iterator(2000)
        for version, cpe, purl in combinations:
            self.judgements += 1
            judgement = matcher.judge(AssetFacts(version=version, cpe=cpe, purl=purl))
            if judgement.targets:
                judged[(version, cpe, purl)] = judgement
        return judged

    def _match(self, product: AffectedProduct) -> dict[int, Target]:
        candidates = _candidates(product)
        if candidates is None:
            return {}
        matcher = ProductMatcher(_engine_product(product))
        every = matcher.product.version_range.is_every_version and matcher.product.cpe is None
        judged: dict[Combination, Judgement] = {}
        if not every:
            judged = self.judged(product)
            if not judged:
                return {}
            candidates = candidates.filter(version__in={v for v, _, _ in judged})
        targets: dict[int, Target] = {}
        unsorted: set[int] = set()  # targets whose reasons are not in id order yet
        range_text = matcher.product.version_range.describe()
        fields = ("organisation_id", "id", "vendor_name", "product_name", "version", "cpe", "purl", "location")
        for org_id, asset_id, vendor, name, version, cpe, purl, location in candidates.values_list(*fields).iterator(
            5000
        ):
            self.rows_read += 1
            found: Judgement | None = (
                matcher.judge(AssetFacts(version=version, cpe=cpe, purl=purl))
                if every
                else judged.get((version, ANY, ANY)) or judged.get((version, cpe, purl))
            )
            if found is None:
                continue
            judgement = found
            target = targets.get(org_id)
            if target is None:
                target = targets[org_id] = Target(org_id)
            target.match_count += 1
            reasons = target.reasons
            # The entries with the lowest ids are kept, whatever order the database returns rows in (usually
            # id order, where each row costs one comparison). A full list is kept sorted by id.
            if len(reasons) >= MAX_REASONS:
                if asset_id > reasons[-1]["asset"]:
                    continue
                reasons.pop()
            elif reasons and asset_id < reasons[-1]["asset"]:
                unsorted.add(org_id)
            reasons.append(
                {
                    "asset": asset_id,
                    "asset_label": " ".join(x for x in (vendor, name) if x) or purl or cpe,
                    "version": version,
                    "location": location,
                    "product": product.label,
                    "range": range_text,
                    "verdict": _verdict(judgement),
                    "reason": judgement.reason,
                }
            )
            if len(reasons) == MAX_REASONS and (org_id in unsorted or asset_id < reasons[-2]["asset"]):
                reasons.sort(key=_asset_id)
                unsorted.discard(org_id)
        for org_id in unsorted:
            targets[org_id].reasons.sort(key=_asset_id)
        return targets


def _candidates(product: AffectedProduct) -> QuerySet[Asset] | None:
    """The inventory entries under the product's keys (None when it has none)."""
    where = Q()
    if product.product_key:
        where |= Q(product_key=product.product_key)
    if product.purl_key:
        where |= Q(purl_key=product.purl_key)
    if not where:
        return None
    # No ordering: the model's default ordering would put the primary key into SELECT DISTINCT
    # (making every row distinct) and sort rows nobody needs sorted.
    return Asset.objects.filter(where).order_by()


def _asset_id(reason: dict[str, Any]) -> int:
    return int(reason["asset"])


def _verdict(judgement: Judgement) -> str:
    return "unknown" if judgement.verdict is Verdict.UNKNOWN else "affected"


def rule_description(advisory: Advisory) -> str:
    if advisory.target_all:
        return "Sent to every organisation"
    parts = []
    if advisory.target_types:
        parts.append("type " + ", ".join(OrganisationType(t).label for t in advisory.target_types))
    if advisory.target_categories:
        parts.append("category " + ", ".join(category_label(c) for c in advisory.target_categories))
    if advisory.target_regions:
        parts.append("region " + ", ".join(Region(r).label for r in advisory.target_regions))
    return "Sent to organisations of " + "; ".join(parts) if parts else ""


def rule_queryset(advisory: Advisory) -> QuerySet[Organisation] | None:
    """The organisations the advisory's rules reach (None when it has no rules)."""
    if advisory.target_all:
        return Organisation.objects.order_by()
    if not advisory.has_targeting_rules:
        return None
    types = set(advisory.target_types)
    for category in advisory.target_categories:
        types.update(types_in_category(int(category)))
    rule = Q()
    if types:
        rule &= Q(type__in=sorted(types))
    if advisory.target_regions:
        rule &= Q(region__in=advisory.target_regions)
    return Organisation.objects.filter(rule).order_by()


def rule_organisations(advisory: Advisory) -> Iterable[int]:
    found = rule_queryset(advisory)
    return [] if found is None else found.values_list("pk", flat=True).iterator(10_000)


def compute_targets(advisory: Advisory, run: TargetingRun | None = None) -> dict[int, Target]:
    """Every organisation the advisory targets, with the reasons (inventory matches first, then rules).

    A product's targets are shared with the run's memory (a batch such as the KEV catalogue names the same
    product many times) and copied only when this advisory adds to them: copying every one would cost more
    than the matching at national scale.
    """
    run = run or TargetingRun()
    targets: dict[int, Target] = {}
    own: set[int] = set()  # targets made for this advisory, safe to change

    def owned(org_id: int) -> Target:
        target = targets.get(org_id)
        if target is None:
            target = Target(org_id)
        elif org_id not in own:
            target = Target(org_id, list(target.reasons), target.match_count, target.rule_reason)
        targets[org_id] = target
        own.add(org_id)
        return target

    for product in advisory.products.all():
        for org_id, found in run.product_targets(product).items():
            if org_id not in targets:
                targets[org_id] = found
                continue
            target = owned(org_id)
            target.match_count += found.match_count
            room = MAX_REASONS - len(target.reasons)
            if room > 0:
                target.reasons.extend(found.reasons[:room])
    rule = rule_description(advisory)
    if rule:
        for org_id in rule_organisations(advisory):
            owned(org_id).rule_reason = rule
    return targets


def targets_query(advisory: Advisory, run: TargetingRun | None = None) -> tuple[str, list[Any]]:
    """The same targets as `compute_targets`, as a PostgreSQL query the fan-out inserts from directly.

    Rows: (organisation id `o`, reasons `r` as jsonb, rule reason `w`, match count `m`). Only the distinct
    (version, CPE, package URL) combinations are judged here, as `compute_targets` does; PostgreSQL then
    counts each organisation's matching entries and builds the reasons of its first MAX_REASONS (products
    in the advisory's order, then entries by id), so the hundreds of thousands of matching entries of a
    common product never travel to Python and back. A test compares both ways.
    """
    run = run or TargetingRun()
    asset = connection.ops.quote_name(Asset._meta.db_table)
    combinations: list[dict[str, Any]] = []
    hits: list[str] = []
    params: list[Any] = []
    for position, product in enumerate(advisory.products.all()):
        judged = run.judged(product)
        if not judged:
            continue
        range_text = range_from_dict(product.version_range).describe()
        keys = []
        if product.product_key:
            keys.append("a.product_key = %s")
            params.append(product.product_key)
        if product.purl_key:
            keys.append("a.purl_key = %s")
            params.append(product.purl_key)
        hits.append(
            f"SELECT {position} AS k, a.organisation_id AS o, a.id, a.vendor_name, a.product_name, a.version, "  # noqa: S608  # our table and placeholders
            f"a.cpe, a.purl, a.location FROM {asset} a WHERE ({' OR '.join(keys)}) AND a.version = ANY(%s)"
        )
        params.append(sorted({version for version, _, _ in judged}))
        combinations.extend(
            {
                "k": position,
                "v": version,
                "c": cpe,
                "p": purl,
                # The reason's fields shared by every entry of this combination, as JSON text ready to join.
                "t": json.dumps(
                    {
                        "product": product.label,
                        "range": range_text,
                        "verdict": _verdict(judgement),
                        "reason": judgement.reason,
                    }
                )[1:-1],
            }
            for (version, cpe, purl), judgement in judged.items()
        )
    matched = "SELECT NULL::bigint AS o, NULL::jsonb AS r, NULL::integer AS m WHERE false"
    if hits:
        union = " UNION ALL ".join(hits)
        matched = f"""
            -- Reasons written as JSON text and read once: half the work of building jsonb objects one by one.
            SELECT e.o, MAX(e.total)::integer AS m, ('[' || string_agg(
                '{{"asset": ' || e.id
                || ', "asset_label": ' || to_json(COALESCE(
                    NULLIF(concat_ws(' ', NULLIF(e.vendor_name, ''), NULLIF(e.product_name, '')), ''),
                    NULLIF(e.purl, ''), e.cpe))::text
                || ', "version": ' || to_json(e.version)::text
                || ', "location": ' || to_json(e.location)::text
                || ', ' || e.t || '}}',
                ', ' ORDER BY e.n) || ']')::jsonb AS r
            FROM (
                WITH h AS MATERIALIZED ({union})
                SELECT h.*, j.t,
                    ROW_NUMBER() OVER (PARTITION BY h.o ORDER BY h.k, h.id) AS n,
                    COUNT(*) OVER (PARTITION BY h.o) AS total
                FROM h
                JOIN jsonb_to_recordset(%s::jsonb) AS j(k integer, v text, c text, p text, t text)
                    ON j.k = h.k AND j.v = h.version AND (j.c IS NULL OR j.c = h.cpe) AND (j.p IS NULL OR j.p = h.purl)
            ) e
            WHERE e.n <= {MAX_REASONS}
            GROUP BY e.o
        """  # noqa: S608  # the parts are our own SQL; values are parameters
        params.append(json.dumps(combinations))
    rule = rule_description(advisory)
    ruled = rule_queryset(advisory) if rule else None
    if ruled is None:
        return f"SELECT t.o, t.r, ''::text AS w, t.m FROM ({matched}) t", params  # noqa: S608  # as above
    rule_sql, rule_params = ruled.values("pk").query.sql_with_params()
    query = f"""
        SELECT COALESCE(t.o, g.o) AS o, COALESCE(t.r, '[]'::jsonb) AS r,
            CASE WHEN g.o IS NULL THEN '' ELSE %s END AS w, COALESCE(t.m, 0) AS m
        FROM ({matched}) t
        FULL JOIN (SELECT x.pk AS o FROM ({rule_sql}) x) g ON g.o = t.o
    """  # noqa: S608  # Django's SQL for the rule, with its values as parameters
    return query, [rule, *params, *rule_params]
