"""Assure: an organisation against its peers, and the national picture. Reads only; figures come from
the peer tables that `benchmarks_refresh` fills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, Sum

from carecyber.assessments.engine.benchmark import (
    Gap,
    Quartiles,
    RankedFix,
    StandardPosition,
    natural_key,
    quartile_band,
    rank_fixes,
)
from carecyber.assessments.engine.status import STATUS_ORDER, Status
from carecyber.assessments.models import (
    Answer,
    Assessment,
    Framework,
    Item,
    OrganisationStatus,
    PeerItemFigures,
    PeerStandardFigures,
    Publication,
    Standard,
)
from carecyber.assessments.queries import StandardRow, standard_progress
from carecyber.assessments.services.assessments import met_now, today_local
from carecyber.assessments.services.benchmarks import benchmarks_refresh
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation, OrganisationType, Region


@dataclass(frozen=True)
class StandardComparison:
    standard: Standard
    own: StandardRow
    peers: Quartiles

    @property
    def percent(self) -> float:
        return round(100.0 * self.own.met / self.own.applicable, 1) if self.own.applicable else 0.0

    @property
    def band(self) -> str:
        return quartile_band(self.percent, self.peers)

    @property
    def behind_median(self) -> float:
        return round(max(0.0, self.peers.median - self.percent), 1)


@dataclass(frozen=True)
class AssureReport:
    organisation: Organisation
    assessment: Assessment
    standards: list[StandardComparison]
    fixes: list[RankedFix]
    peers: int
    computed_at: datetime | None


def live_assessment(actor: Actor, organisation: Organisation) -> Assessment | None:
    status = OrganisationStatus.objects.visible_to(actor).filter(organisation=organisation).first()
    if status is not None and status.assessment_id is not None:
        return Assessment.objects.visible_to(actor).select_related("framework").filter(pk=status.assessment_id).first()
    return (
        Assessment.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("framework")
        .order_by("-year", "-created_at")
        .first()
    )


def assure_report(actor: Actor, organisation: Organisation, *, today: date | None = None) -> AssureReport | None:
    today = today or today_local()
    assessment = live_assessment(actor, organisation)
    if assessment is None:
        return None
    group = {
        "framework_id": assessment.framework_id,
        "year": assessment.year,
        "org_type": organisation.type,
        "region": organisation.region,
    }
    peer_rows = {p.standard_id: p for p in PeerStandardFigures.objects.filter(**group)}
    if not peer_rows:
        benchmarks_refresh(
            today=today, only=(assessment.framework, assessment.year, organisation.type, organisation.region)
        )
        peer_rows = {p.standard_id: p for p in PeerStandardFigures.objects.filter(**group)}
    own = standard_progress(assessment, today=today)
    standards = []
    for row in own:
        p = peer_rows.get(row.standard.pk)
        q = Quartiles(p.peers, p.q1, p.median, p.q3) if p else Quartiles(0, 0.0, 0.0, 0.0)
        standards.append(StandardComparison(standard=row.standard, own=row, peers=q))
    item_rates = {
        p.item_id: p.met_rate for p in PeerItemFigures.objects.filter(**group).only("item_id", "applicable", "met")
    }
    gaps = [
        Gap(
            reference=a.item.reference,
            text=a.item.text,
            standard=a.standard.reference,
            mandatory=a.mandatory,
            peer_met_rate=item_rates.get(a.item_id, 0.0),
        )
        for a in Answer.objects.filter(assessment=assessment).exclude(met_now(today)).select_related("item", "standard")
    ]
    positions = {
        c.standard.reference: StandardPosition(
            applicable=c.own.applicable, percent=c.percent, peer_median=c.peers.median
        )
        for c in standards
    }
    computed = max((p.computed_at for p in peer_rows.values()), default=None)
    return AssureReport(
        organisation=organisation,
        assessment=assessment,
        standards=standards,
        fixes=rank_fixes(gaps, positions),
        peers=max((c.peers.n for c in standards), default=0),
        computed_at=computed,
    )


# ---------------------------------------------------------------------------
# National


@dataclass(frozen=True)
class Grid:
    """Counts of organisations by a row label and status (columns in STATUS_ORDER)."""

    rows: list[tuple[str, str, list[int]]]  # (value, label, counts per status)
    totals: list[int]

    @property
    def statuses(self) -> tuple[Status, ...]:
        return STATUS_ORDER


def _status_of(value: str | None) -> Status:
    return Status(value) if value else Status.NOT_PUBLISHED


def status_grid(actor: Actor, *, by: str, filters: Q | None = None) -> Grid:
    """Organisations by `by` ("region" or "type") and status; organisations with no status count as Not Published."""
    return _grid(_status_rows(actor, (by,), filters), by)


def status_grids(actor: Actor, *, filters: Q | None = None) -> tuple[Grid, Grid]:
    """The grids by region and by type from one grouped query: at national scale each pass costs tens of ms."""
    rows = _status_rows(actor, ("region", "type"), filters)
    return _grid(rows, "region"), _grid(rows, "type")


def _status_rows(actor: Actor, by: tuple[str, ...], filters: Q | None) -> list[dict[str, Any]]:
    qs = Organisation.objects.visible_to(actor)
    if filters is not None:
        qs = qs.filter(filters)
    return list(qs.values(*by, "toolkit_status__status").annotate(n=Count("pk")).order_by())


def _grid(status_rows: list[dict[str, Any]], by: str) -> Grid:
    labels = dict(Region.choices) if by == "region" else dict(OrganisationType.choices)
    counts: dict[str, list[int]] = {value: [0] * len(STATUS_ORDER) for value in labels}
    for row in status_rows:
        counts[row[by]][STATUS_ORDER.index(_status_of(row["toolkit_status__status"]))] += row["n"]
    rows = [(value, labels[value], counts[value]) for value in labels]
    totals = [sum(r[2][i] for r in rows) for i in range(len(STATUS_ORDER))]
    return Grid(rows=rows, totals=totals)


def region_by_type(actor: Actor, *, status: str = "") -> list[tuple[str, list[int]]]:
    """Organisations at a status (all when empty) by region (rows) and type (columns)."""
    qs = Organisation.objects.visible_to(actor)
    if status == Status.NOT_PUBLISHED:
        qs = qs.filter(Q(toolkit_status__isnull=True) | Q(toolkit_status__status=status))
    elif status:
        qs = qs.filter(toolkit_status__status=status)
    cells = {(r["region"], r["type"]): r["n"] for r in qs.values("region", "type").annotate(n=Count("pk")).order_by()}
    return [(label, [cells.get((region, t), 0) for t in OrganisationType.values]) for region, label in Region.choices]


@dataclass(frozen=True)
class TrendRow:
    year: int
    label: str
    published: int
    met: int
    not_met: int
    organisations: int

    @property
    def not_published(self) -> int:
        return max(0, self.organisations - self.published)


def trend(actor: Actor) -> list[TrendRow]:
    """For each year: how many organisations published, and how many of those met every mandatory item."""
    from carecyber.assessments.engine.calendar import year_label

    total = Organisation.objects.visible_to(actor).count()
    rows = (
        Publication.objects.visible_to(actor)
        .values("year")
        .annotate(
            published=Count("organisation", distinct=True),
            met=Count("organisation", distinct=True, filter=Q(all_mandatory_met=True)),
        )
        .order_by("year")
    )
    return [
        TrendRow(r["year"], year_label(r["year"]), r["published"], r["met"], r["published"] - r["met"], total)
        for r in rows
    ]


@dataclass(frozen=True)
class CommonGap:
    item: Item
    applicable: int
    unmet: int

    @property
    def unmet_percent(self) -> float:
        return round(100.0 * self.unmet / self.applicable, 1) if self.applicable else 0.0


def common_gaps(framework: Framework, year: int, *, limit: int = 20) -> list[CommonGap]:
    """The mandatory items most often not met, across every peer group (from the peer tables)."""
    rows = (
        PeerItemFigures.objects.filter(framework=framework, year=year)
        .values("item_id")
        .annotate(applicable=Sum("applicable"), met=Sum("met"))
        .order_by()
    )
    items = {i.pk: i for i in Item.objects.filter(framework=framework).select_related("standard")}
    gaps = [
        CommonGap(items[r["item_id"]], r["applicable"], r["applicable"] - r["met"])
        for r in rows
        if r["item_id"] in items and items[r["item_id"]].mandatory
    ]
    gaps.sort(key=lambda g: (-g.unmet_percent, -g.unmet, natural_key(g.item.reference)))
    return [g for g in gaps if g.unmet > 0][:limit]
