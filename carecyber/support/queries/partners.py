"""Reads for the partner dashboard, group messages and coverage, through the tenancy scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation, OrganisationType, Region, SupportPartner
from carecyber.support.dashboard import Cell, DashboardColumn, apply_filters, dashboard_filters, rows_for
from carecyber.support.models import CoverageException, CoverageRule, GroupMessage

NO_PARTNER = "none"


def dashboard_organisations(
    actor: Actor, columns: Sequence[DashboardColumn], params: Mapping[str, str]
) -> tuple[QuerySet[Organisation], list[str]]:
    """The actor's organisations after search, partner (national team only) and column filters."""
    qs: QuerySet[Organisation] = Organisation.objects.visible_to(actor).only(
        "pk", "name", "code", "type", "region", "support_partner_id"
    )
    chosen: list[str] = []
    search = str(params.get("q", "") or "").strip()[:200]
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search.upper()))
        chosen.append(f"Name or code: {search}")
    if actor.is_national:
        partner = str(params.get("partner", "") or "")
        if partner == NO_PARTNER:
            qs = qs.filter(support_partner__isnull=True)
            chosen.append("Partner: none")
        elif partner:
            found = SupportPartner.objects.filter(code=partner).first()
            if found is not None:
                qs = qs.filter(support_partner=found)
                chosen.append(f"Partner: {found.name}")
    qs, from_columns = apply_filters(qs, dashboard_filters(columns), params)
    return qs.order_by("name", "code"), chosen + from_columns


@dataclass(frozen=True)
class DashboardRow:
    organisation: Organisation
    cells: list[Cell]


def dashboard_rows(columns: Sequence[DashboardColumn], organisations: Sequence[Organisation]) -> list[DashboardRow]:
    values = rows_for(columns, [o.pk for o in organisations])
    from carecyber.support.dashboard import EMPTY

    return [DashboardRow(o, [values[c.key].get(o.pk, EMPTY) for c in columns]) for o in organisations]


def dashboard_csv_rows(
    columns: Sequence[DashboardColumn], organisations: QuerySet[Organisation], *, chunk: int = 1000
) -> Iterator[list[str]]:
    """Every filtered organisation, a chunk at a time (each provider runs once per chunk)."""
    yield ["Organisation", "Code", *(c.heading for c in columns)]
    last_name, last_code = "", ""
    while True:
        page = list(
            organisations.filter(Q(name__gt=last_name) | Q(name=last_name, code__gt=last_code))[:chunk]
            if last_code
            else organisations[:chunk]
        )
        if not page:
            return
        for row in dashboard_rows(columns, page):
            yield [row.organisation.name, row.organisation.code, *(cell.csv_value for cell in row.cells)]
        last_name, last_code = page[-1].name, page[-1].code


def group_messages_for(actor: Actor) -> QuerySet[GroupMessage]:
    qs = GroupMessage.objects.select_related("sender", "partner")
    if actor.is_national:
        return qs
    if actor.is_partner and actor.membership is not None:
        return qs.filter(partner_id=actor.membership.support_partner_id)
    return qs.none()


@dataclass(frozen=True)
class PartnerCoverage:
    partner: SupportPartner
    organisations: int


def partner_coverage(actor: Actor) -> list[PartnerCoverage]:
    """Every partner with how many organisations it covers (one grouped query)."""
    counts = dict(
        Organisation.objects.visible_to(actor)
        .filter(support_partner__isnull=False)
        .values_list("support_partner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [PartnerCoverage(p, counts.get(p.pk, 0)) for p in SupportPartner.objects.order_by("region", "name")]


def uncovered_by_type(actor: Actor) -> list[tuple[str, int]]:
    rows = (
        Organisation.objects.visible_to(actor)
        .filter(support_partner__isnull=True)
        .values_list("type")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [(OrganisationType(t).label, n) for t, n in rows]


@dataclass(frozen=True)
class RuleRow:
    org_type: str
    label: str
    organisations: int
    by_partner: dict[int | None, int]
    rule: CoverageRule | None


def region_rules(actor: Actor, region: str) -> list[RuleRow]:
    rules = {r.org_type: r for r in CoverageRule.objects.filter(region=region).select_related("partner")}
    grid: dict[str, dict[int | None, int]] = {}
    for org_type, partner_id, n in (
        Organisation.objects.visible_to(actor)
        .filter(region=region)
        .values_list("type", "support_partner_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        grid.setdefault(org_type, {})[partner_id] = n
    return [
        RuleRow(value, label, sum(grid.get(value, {}).values()), grid.get(value, {}), rules.get(value))
        for value, label in OrganisationType.choices
    ]


def region_partners(region: str) -> list[SupportPartner]:
    return list(SupportPartner.objects.filter(region=region).order_by("name"))


def coverage_exceptions(actor: Actor) -> QuerySet[CoverageException]:
    return (
        CoverageException.objects.visible_to(actor)
        .select_related("organisation", "partner")
        .order_by("organisation__name")
    )


def region_label(region: str) -> str:
    return Region(region).label
