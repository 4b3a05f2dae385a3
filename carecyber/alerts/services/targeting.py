"""Which organisations an advisory targets, and why: inventory matches and rules.

For each affected product the database is asked for the distinct
(version, CPE, package URL) combinations under its key, the engine judges
each combination once, and only the inventory entries with a targeting
combination are fetched. Inventories repeat the same versions thousands of
times, so this does a few thousand judgements where comparing every entry
with every range would do millions (bench/bench_alerts_targeting.py measures both).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.matching import AffectedProduct as EngineProduct
from carecyber.alerts.engine.matching import AssetFacts, ProductMatcher
from carecyber.alerts.engine.model import range_from_dict
from carecyber.alerts.engine.versions import Judgement, Verdict
from carecyber.alerts.models import Advisory, AffectedProduct, Asset
from carecyber.core.models import Organisation, OrganisationType, Region
from carecyber.core.models.organisations import category_label, types_in_category

MAX_REASONS = 10


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
        self.judgements = 0
        self.rows_read = 0

    def product_targets(self, product: AffectedProduct) -> dict[int, Target]:
        key = _spec_key(product)
        known = self._by_spec.get(key)
        if known is None:
            known = self._match(product)
            self._by_spec[key] = known
        return known

    def _match(self, product: AffectedProduct) -> dict[int, Target]:
        where = Q()
        if product.product_key:
            where |= Q(product_key=product.product_key)
        if product.purl_key:
            where |= Q(purl_key=product.purl_key)
        if not where:
            return {}
        matcher = ProductMatcher(_engine_product(product))
        every = matcher.product.version_range.is_every_version and matcher.product.cpe is None
        # No ordering: the model's default ordering would put the primary key into SELECT DISTINCT
        # (making every row distinct) and sort rows nobody needs sorted.
        candidates = Asset.objects.filter(where).order_by()
        judged: dict[tuple[str, str, str], Judgement] = {}
        if not every:
            for version, cpe, purl in candidates.values_list("version", "cpe", "purl").distinct().iterator(2000):
                self.judgements += 1
                judgement = matcher.judge(AssetFacts(version=version, cpe=cpe, purl=purl))
                if judgement.targets:
                    judged[(version, cpe, purl)] = judgement
            if not judged:
                return {}
            candidates = candidates.filter(version__in={v for v, _, _ in judged})
        targets: dict[int, Target] = {}
        range_text = matcher.product.version_range.describe()
        fields = ("organisation_id", "id", "vendor_name", "product_name", "version", "cpe", "purl", "location")
        for org_id, asset_id, vendor, name, version, cpe, purl, location in candidates.values_list(*fields).iterator(
            5000
        ):
            self.rows_read += 1
            found: Judgement | None = (
                matcher.judge(AssetFacts(version=version, cpe=cpe, purl=purl))
                if every
                else judged.get((version, cpe, purl))
            )
            if found is None:
                continue
            judgement = found
            target = targets.get(org_id)
            if target is None:
                target = targets[org_id] = Target(org_id)
            target.match_count += 1
            if len(target.reasons) < MAX_REASONS:
                target.reasons.append(
                    {
                        "asset": asset_id,
                        "asset_label": " ".join(x for x in (vendor, name) if x) or purl or cpe,
                        "version": version,
                        "location": location,
                        "product": product.label,
                        "range": range_text,
                        "verdict": "unknown" if judgement.verdict is Verdict.UNKNOWN else "affected",
                        "reason": judgement.reason,
                    }
                )
        return targets


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


def rule_organisations(advisory: Advisory) -> Iterable[int]:
    if advisory.target_all:
        return Organisation.objects.values_list("pk", flat=True).iterator(10_000)
    if not advisory.has_targeting_rules:
        return []
    types = set(advisory.target_types)
    for category in advisory.target_categories:
        types.update(types_in_category(int(category)))
    rule = Q()
    if types:
        rule &= Q(type__in=sorted(types))
    if advisory.target_regions:
        rule &= Q(region__in=advisory.target_regions)
    return Organisation.objects.filter(rule).values_list("pk", flat=True).iterator(10_000)


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
