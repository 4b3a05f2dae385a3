"""Writing, publishing, updating and withdrawing advisories. The national team's verbs.

Every change to a published advisory is a new revision: a full snapshot is
kept, the STIX objects get a new version, and a fan-out tells every targeted
organisation (once per person per revision).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carecyber.alerts.aliases import live_table
from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.cvss_score import score
from carecyber.alerts.engine.model import (
    CVE_RE,
    INDICATOR_KINDS,
    SHA256_RE,
    AdvisoryData,
    Indicators,
    ProductData,
    advisory_to_dict,
    range_as_dict,
)
from carecyber.alerts.engine.normalise import AliasTable, canonical, product_key, read_purl
from carecyber.alerts.engine.versions import range_problems
from carecyber.alerts.models import (
    Advisory,
    AdvisoryCve,
    AdvisoryRevision,
    AdvisorySeen,
    AdvisoryStatus,
    AffectedProduct,
    FanOut,
    ReferenceCounter,
    Response,
    ResponseState,
    Severity,
    Tlp,
)
from carecyber.alerts.models.responses import Outcome
from carecyber.alerts.permissions import can_publish, require
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.core.models import OrganisationType, Region
from carecyber.core.models.organisations import DOMAIN_RE, category_of
from carecyber.core.tenancy import organisation_scope

MAX_CVES = 200
MAX_PRODUCTS = 200
MAX_INDICATORS = 1000


@dataclass
class Targeting:
    """Rules that target organisations whatever they run (in addition to inventory matches)."""

    all: bool = False
    types: list[str] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


@dataclass
class AdvisoryInput:
    data: AdvisoryData
    targeting: Targeting = field(default_factory=Targeting)
    keep_products: bool = False  # True: leave the affected products as they are


def _url_ok(value: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    parts = urlsplit(value)
    return parts.scheme in schemes and bool(parts.netloc) and len(value) <= 1000


def check_input(data: AdvisoryInput) -> dict[str, list[str]]:
    """Every problem with what was entered, by field (empty when all is well)."""
    d = data.data
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not d.title.strip():
        add("title", "Enter a title that says what is affected and what the risk is")
    elif len(d.title) > 200:
        add("title", "The title is longer than 200 characters")
    if d.severity not in Severity.values:
        add("severity", "Choose a severity")
    if d.tlp not in Tlp.values:
        add("tlp", "Choose who may see it (a TLP level)")
    seen: set[str] = set()
    if len(d.cves) > MAX_CVES:
        add("cves", f"An advisory can list at most {MAX_CVES} CVEs")
    for cve in d.cves:
        if not CVE_RE.match(cve.cve_id):
            add("cves", f"{cve.cve_id!r} is not a CVE id like CVE-2024-1709")
        elif cve.cve_id in seen:
            add("cves", f"{cve.cve_id} is listed twice")
        seen.add(cve.cve_id)
        if cve.cvss_vector:
            try:
                score(cve.cvss_vector)
            except ValueError as exc:
                add("cves", f"{cve.cve_id}: {exc}")
    if not data.keep_products:
        if len(d.products) > MAX_PRODUCTS:
            add("products", f"An advisory can list at most {MAX_PRODUCTS} products")
        for position, product in enumerate(d.products, start=1):
            where = f"Product {position} ({product.label or 'no name'})"
            if not (product.product or product.purl or product.cpe):
                add("products", f"{where}: give a product name, a package URL or a CPE name")
            if product.purl:
                try:
                    read_purl(product.purl)
                except ValueError as exc:
                    add("products", f"{where}: {exc}")
            if product.cpe:
                try:
                    Cpe.parse(product.cpe)
                except ValueError as exc:
                    add("products", f"{where}: {exc}")
            for problem in range_problems(product.version_range):
                add("products", f"{where}: {problem}")
    for reference in d.references:
        if not _url_ok(reference):
            add("references", f"{reference[:80]!r} is not a web address starting with https://")
    _check_indicators(d.indicators, add)
    targeting = data.targeting
    unknown_types = set(targeting.types) - set(OrganisationType.values)
    if unknown_types:
        add("targeting", f"Unknown organisation types: {', '.join(sorted(unknown_types))}")
    unknown_regions = set(targeting.regions) - set(Region.values)
    if unknown_regions:
        add("targeting", f"Unknown regions: {', '.join(sorted(unknown_regions))}")
    unknown_categories = set(targeting.categories) - {category_of(t) for t in OrganisationType.values}
    if unknown_categories:
        add("targeting", f"Unknown categories: {', '.join(str(c) for c in sorted(unknown_categories))}")
    return errors


def _check_indicators(indicators: Indicators, add: Any) -> None:
    if indicators.count > MAX_INDICATORS:
        add("indicators", f"An advisory can carry at most {MAX_INDICATORS} indicators")
    for url in indicators.urls:
        if not _url_ok(url, ("http", "https", "ftp")):
            add("indicators", f"{url[:80]!r} is not a web address")
    for domain in indicators.domains:
        if not DOMAIN_RE.match(domain.lower().rstrip(".")):
            add("indicators", f"{domain[:80]!r} is not a domain name")
    for ip in indicators.ips:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            add("indicators", f"{ip[:80]!r} is not an IP address")
    for sha in indicators.sha256:
        if not SHA256_RE.match(sha.lower()):
            add("indicators", f"{sha[:80]!r} is not a SHA-256 hash (64 hexadecimal characters)")


def clean_indicators(indicators: Indicators) -> dict[str, list[str]]:
    cleaned = {
        "urls": [u.strip() for u in indicators.urls],
        "domains": [d.strip().lower().rstrip(".") for d in indicators.domains],
        "ips": [str(ipaddress.ip_address(i.strip())) if _is_ip(i) else i.strip() for i in indicators.ips],
        "sha256": [s.strip().lower() for s in indicators.sha256],
    }
    return {kind: list(dict.fromkeys(v for v in cleaned[kind] if v)) for kind in INDICATOR_KINDS}


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


def next_references(count: int = 1, *, year: int | None = None) -> list[str]:
    """References like CC-2026-0042, handed out under a row lock so two writers never share one."""
    year = year or timezone.now().year
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return [f"CC-{year}-{n:04d}" for n in range(first, first + count)]


def product_tokens(product: ProductData, aliases: AliasTable) -> tuple[str, str, str, str]:
    """(vendor, product, product key, purl key) of an affected product: the CPE's names win, then the names given."""
    purl_key = read_purl(product.purl).key if product.purl else ""
    if product.cpe:
        cpe = Cpe.parse(product.cpe)
        vendor, name = canonical(cpe.vendor_name, cpe.product_name, aliases)
    elif product.product:
        vendor, name = canonical(product.vendor, product.product, aliases)
    elif product.purl:
        parts = read_purl(product.purl)
        vendor, name = canonical(parts.vendor, parts.product, aliases)
    else:
        vendor, name = "", ""
    return vendor, name, product_key(vendor, name) if vendor and name else "", purl_key


def _cve_row(advisory: Advisory, cve: Any) -> AdvisoryCve:
    row = AdvisoryCve(
        advisory=advisory,
        cve_id=cve.cve_id,
        cvss_vector="",
        description=cve.description[:20_000],
        known_exploited=cve.known_exploited or advisory.known_exploited,
        ransomware_use=cve.ransomware_use[:20],
    )
    if cve.kev_due_date:
        try:
            row.kev_due_date = date.fromisoformat(cve.kev_due_date)
        except ValueError:
            row.kev_due_date = None
    if cve.cvss_vector:
        scored = score(cve.cvss_vector)
        row.cvss_vector = scored.vector
        row.cvss_version = scored.version
        row.base_score = Decimal(str(scored.base_score))
        row.cvss_severity = scored.severity
    return row


def _write_content(advisory: Advisory, data: AdvisoryInput, aliases: AliasTable | None = None) -> None:
    d = data.data
    advisory.title = d.title.strip()
    advisory.summary = d.summary.strip()
    advisory.severity = d.severity
    advisory.tlp = d.tlp
    advisory.known_exploited = d.known_exploited
    advisory.threat_details = d.threat_details.strip()
    advisory.remediation = d.remediation.strip()
    advisory.references = list(dict.fromkeys(r.strip() for r in d.references if r.strip()))
    advisory.indicators = clean_indicators(d.indicators)
    advisory.target_all = data.targeting.all
    advisory.target_types = sorted(set(data.targeting.types))
    advisory.target_categories = sorted(set(data.targeting.categories))
    advisory.target_regions = sorted(set(data.targeting.regions))
    advisory.save()
    advisory.cves.all().delete()
    AdvisoryCve.objects.bulk_create([_cve_row(advisory, c) for c in d.cves])
    if data.keep_products:
        return
    table = aliases if aliases is not None else live_table()
    advisory.products.all().delete()
    rows = []
    for position, product in enumerate(d.products):
        vendor, name, key, purl_key = product_tokens(product, table)
        rows.append(
            AffectedProduct(
                advisory=advisory,
                position=position,
                vendor_name=product.vendor[:200],
                product_name=product.product[:200],
                vendor=vendor[:200],
                product=name[:200],
                product_key=key[:401],
                purl_key=purl_key[:400],
                cpe=product.cpe[:400],
                version_range=range_as_dict(product.version_range),
                vers=product.version_range.to_vers(),
                note=product.note[:2000],
            )
        )
    AffectedProduct.objects.bulk_create(rows)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def snapshot(advisory: Advisory) -> dict[str, Any]:
    from carecyber.alerts.services.exports import advisory_data

    content = advisory_to_dict(advisory_data(advisory))
    content["targeting"] = {
        "all": advisory.target_all,
        "types": advisory.target_types,
        "categories": advisory.target_categories,
        "regions": advisory.target_regions,
    }
    return content


def advisory_create(
    *, actor: Actor, data: AdvisoryInput, aliases: AliasTable | None = None, reference: str | None = None
) -> Advisory:
    """A new draft, with a reference of its own."""
    require(can_publish(actor), "write advisories")
    _raise(check_input(data))
    with transaction.atomic():
        advisory = Advisory(
            reference=reference or next_references()[0],
            created_by=actor.user,
            source=data.data.source[:20],
            source_id=data.data.source_id[:200],
            source_label=data.data.source_label[:300],
            draft_warnings=list(data.data.warnings)[:200],
        )
        _write_content(advisory, data, aliases)
        audit_record(
            actor=actor,
            action="advisory.created",
            obj=advisory,
            object_label=advisory.reference,
            changes={"title": advisory.title, "severity": advisory.severity, "source": advisory.source},
        )
    return advisory


def _locked(advisory: Advisory) -> Advisory:
    return Advisory.objects.select_for_update().get(pk=advisory.pk)


def _new_revision(advisory: Advisory, *, actor: Actor, summary: str, kind: str) -> FanOut:
    """Record the advisory as it now is, version its STIX objects, and queue the fan-out (after commit)."""
    from carecyber.alerts.services.stix_store import stix_store
    from carecyber.alerts.tasks import fan_out

    AdvisoryRevision.objects.create(
        advisory=advisory,
        number=advisory.revision,
        status=advisory.status,
        created_by=actor.user,
        change_summary=summary,
        snapshot=snapshot(advisory),
    )
    stix_store(advisory)
    fanout = FanOut.objects.create(advisory=advisory, revision=advisory.revision, kind=kind)
    transaction.on_commit(lambda: fan_out.delay(fanout.pk))
    return fanout


def advisory_update(*, actor: Actor, advisory: Advisory, data: AdvisoryInput, change_summary: str = "") -> Advisory:
    """Change a draft in place; change a published advisory as a new revision that everyone targeted hears about."""
    require(can_publish(actor), "change advisories")
    errors = check_input(data)
    published = advisory.status == AdvisoryStatus.PUBLISHED
    if published and not change_summary.strip():
        errors.setdefault("change_summary", []).append("Say what changed: organisations are told")
    if advisory.status == AdvisoryStatus.WITHDRAWN:
        errors.setdefault("title", []).append("A withdrawn advisory cannot be changed")
    _raise(errors)
    with transaction.atomic():
        current = _locked(advisory)
        before = snapshot(current)
        _write_content(current, data)
        after = snapshot(current)
        if before == after:
            return current
        if published:
            current.revision += 1
            current.save(update_fields=["revision", "updated_at"])
            _new_revision(current, actor=actor, summary=change_summary.strip(), kind="updated")
        audit_record(
            actor=actor,
            action="advisory.revised" if published else "advisory.draft_changed",
            obj=current,
            object_label=current.reference,
            changes={**diff(before, after), **({"revision": current.revision} if published else {})},
        )
    return current


def advisory_publish(*, actor: Actor, advisory: Advisory, note: str = "") -> FanOut:
    """Publish a draft: revision 1, then targets, responses and deliveries are worked out in the background."""
    require(can_publish(actor), "publish advisories")
    with transaction.atomic():
        current = _locked(advisory)
        if current.status != AdvisoryStatus.DRAFT:
            raise ValidationError({"status": f"{current.reference} is already {current.get_status_display().lower()}"})
        if not current.products.exists() and not current.has_targeting_rules:
            raise ValidationError(
                {"products": "Add affected products or a targeting rule, so that the advisory reaches someone"}
            )
        current.status = AdvisoryStatus.PUBLISHED
        current.revision = 1
        current.published_at = timezone.now()
        current.draft_warnings = []
        current.save()
        fanout = _new_revision(current, actor=actor, summary=note.strip() or "First published.", kind="published")
        audit_record(
            actor=actor,
            action="advisory.published",
            obj=current,
            object_label=current.reference,
            changes={"severity": current.severity, "tlp": current.tlp, "revision": 1},
        )
    return fanout


def advisory_withdraw(*, actor: Actor, advisory: Advisory, reason: str) -> FanOut:
    """Withdraw a published advisory: a last revision tells everyone why; open responses are closed."""
    require(can_publish(actor), "withdraw advisories")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is withdrawn: organisations are told"})
    with transaction.atomic():
        current = _locked(advisory)
        if current.status != AdvisoryStatus.PUBLISHED:
            raise ValidationError(
                {"reason": f"Only a published advisory can be withdrawn; this one is {current.status}"}
            )
        now = timezone.now()
        current.status = AdvisoryStatus.WITHDRAWN
        current.withdrawn_at = now
        current.withdrawn_reason = reason.strip()
        current.revision += 1
        current.save()
        closed = (
            Response.objects.filter(advisory=current)
            .exclude(state=ResponseState.CLOSED)
            .update(state=ResponseState.CLOSED, outcome=Outcome.WITHDRAWN, closed_at=now, next_update_due_at=None)
        )
        fanout = _new_revision(current, actor=actor, summary=f"Withdrawn: {reason.strip()}", kind="withdrawn")
        audit_record(
            actor=actor,
            action="advisory.withdrawn",
            obj=current,
            object_label=current.reference,
            changes={"reason": reason.strip(), "responses_closed": closed, "revision": current.revision},
        )
    return fanout


def advisory_delete_draft(*, actor: Actor, advisory: Advisory) -> None:
    require(can_publish(actor), "delete drafts")
    with transaction.atomic():
        current = _locked(advisory)
        if current.status != AdvisoryStatus.DRAFT:
            raise ValidationError({"status": "Only drafts can be deleted; withdraw a published advisory instead"})
        audit_record(actor=actor, action="advisory.draft_deleted", obj=current, object_label=current.reference)
        current.delete()


def advisory_draft_from_indicators(
    *,
    actor: Actor,
    title: str,
    summary: str,
    indicators: dict[str, list[str]],
    source_label: str,
    tlp: str = Tlp.AMBER,
    severity: str = Severity.MEDIUM,
) -> Advisory:
    """A draft advisory carrying indicators of compromise (for phishing campaigns and other feeds).

    `indicators` has any of the keys urls, domains, ips and sha256. The draft
    targets every organisation (a campaign is not tied to a product); the
    national team reviews it, narrows the targeting if needed, and publishes.
    """
    unknown = set(indicators) - set(INDICATOR_KINDS)
    if unknown:
        raise ValidationError({"indicators": f"Unknown kinds of indicator: {', '.join(sorted(unknown))}"})
    data = AdvisoryData(
        title=title,
        summary=summary,
        severity=severity,
        tlp=tlp,
        indicators=Indicators.from_dict(indicators),
        remediation=(
            "Block the addresses and domains below at your web and email filters, search your mail for messages "
            "that link to them, and report anyone who clicked to your security lead."
        ),
        source="phishing",
        source_label=source_label[:300],
    )
    return advisory_create(actor=actor, data=AdvisoryInput(data=data, targeting=Targeting(all=True)))


def advisory_mark_seen(*, actor: Actor, advisory: Advisory) -> int | None:
    """Remember the revision a person has now seen; returns the one they had seen before (None: never).

    A read receipt, not a change of anyone's data, so it is not written to the
    audit log; it also marks the targeted organisations' responses as seen.
    """
    if actor.user is None or advisory.revision == 0:
        return None
    with transaction.atomic():
        seen, created = AdvisorySeen.objects.get_or_create(
            user=actor.user, advisory=advisory, defaults={"revision": advisory.revision}
        )
        before = None if created else seen.revision
        if not created and seen.revision != advisory.revision:
            AdvisorySeen.objects.filter(pk=seen.pk).update(revision=advisory.revision, seen_at=timezone.now())
        if actor.membership is not None and actor.membership.organisation_id is not None:
            Response.objects.filter(organisation_scope(actor, "organisation"), advisory=advisory).filter(
                first_seen_at__isnull=True
            ).update(first_seen_at=timezone.now())
    return before


_REFERENCE_RE = re.compile(r"^CC-\d{4}-\d{4,}$")


def is_reference(value: str) -> bool:
    return bool(_REFERENCE_RE.match(value.strip().upper()))
