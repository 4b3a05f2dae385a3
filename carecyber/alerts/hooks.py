"""What Broadcast adds to the shared layout: navigation, a staff home card, home page sections, and a column
for support's partner dashboard."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from carecyber.alerts import presenters, queries
from carecyber.alerts.models import AdvisoryStatus, Response, ResponseState
from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.models import Organisation
from carecyber.core.roles import Role
from carecyber.support.dashboard import Cell, DashboardColumn, DashboardFilter

HOME_ROWS = 5


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.membership is None:
        return []
    if actor.is_national:
        return [("Alerts", reverse("alerts:dashboard"))]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR} and actor.organisation is not None:
        return [("Alerts", reverse("alerts:organisation", args=[actor.organisation.code]))]
    return [("Alerts", reverse("alerts:advisory-list"))]


def staff_cards(actor: Actor) -> list[HomeCard]:
    return [
        HomeCard(
            "Threat alerts",
            "Read the national team's alerts about threats to health and care systems.",
            reverse("alerts:advisory-list"),
            order=40,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.membership is None:
        return []
    if actor.is_national:
        advisories = list(queries.advisories_for(actor, status=AdvisoryStatus.PUBLISHED)[:HOME_ROWS])
        figures = queries.advisory_figures(actor, advisories)
        return [
            HomeSection(
                "alerts/_home_national.jinja",
                {
                    "figures": [{"f": f, "severity": presenters.severity_tag(f.advisory)} for f in figures],
                    "drafts": queries.advisories_for(actor, status=AdvisoryStatus.DRAFT).count(),
                    "unread": queries.unread_count(actor),
                },
                order=20,
            )
        ]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR, Role.SUPPORT_PARTNER}:
        organisation = actor.organisation
        open_qs = queries.open_responses(actor, organisation)
        rows = [presenters.response_row(r) for r in open_qs[:HOME_ROWS]]
        return [
            HomeSection(
                "alerts/_home_lead.jinja",
                {
                    "rows": rows,
                    "total": open_qs.count(),
                    "organisation": organisation,
                    "unread": queries.unread_count(actor),
                },
                order=20,
            )
        ]
    return []


# Support partners may read TLP:CLEAR, GREEN and AMBER alerts of their organisations, never AMBER+STRICT or RED:
# the dashboard counts only those, so a count never reveals an alert its reader may not see.
PARTNER_TLP = ("clear", "green", "amber")


def _open_high(organisation_ids: Sequence[int] | None = None) -> QuerySet[Response]:
    qs = Response.objects.filter(
        advisory__status=AdvisoryStatus.PUBLISHED, advisory__severity="high", advisory__tlp__in=PARTNER_TLP
    ).exclude(state=ResponseState.CLOSED)
    return qs.filter(organisation_id__in=organisation_ids) if organisation_ids is not None else qs


def open_high_alerts(ids: Sequence[int]) -> dict[int, Cell]:
    """Per organisation: High alerts not yet closed (patched, mitigated, accepted or not applicable),
    how many are not even acknowledged, and whether any deadline has passed. One grouped query."""
    now = timezone.now()
    rows = {
        org_id: (total, unacknowledged, overdue)
        for org_id, total, unacknowledged, overdue in _open_high(ids)
        .values_list("organisation_id")
        .annotate(
            total=Count("pk"),
            unacknowledged=Count("pk", filter=Q(state=ResponseState.OPEN)),
            overdue=Count(
                "pk",
                filter=Q(state=ResponseState.OPEN, ack_due_at__lt=now)
                | Q(state__in=[ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS], next_update_due_at__lt=now),
            ),
        )
        .order_by()
    }
    cells = {}
    for pk in ids:
        total, unacknowledged, overdue = rows.get(pk, (0, 0, 0))
        if not total:
            cells[pk] = Cell("None", csv="0", sort=0)
            continue
        parts = [f"{unacknowledged} not acknowledged"] if unacknowledged else []
        if overdue:
            parts.append(f"{overdue} overdue")
        text = f"{total} open" + (f" ({', '.join(parts)})" if parts else "")
        cells[pk] = Cell(
            text,
            csv=f"{total} open; {unacknowledged} not acknowledged; {overdue} overdue",
            tag="red" if overdue else "orange" if unacknowledged else None,
            sort=total + overdue * 1000,
        )
    return cells


def _with_open_high(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    now = timezone.now()
    if value == "open":
        return qs.filter(Exists(_open_high().filter(organisation=OuterRef("pk"))))
    if value == "unacknowledged":
        return qs.filter(Exists(_open_high().filter(organisation=OuterRef("pk"), state=ResponseState.OPEN)))
    if value == "overdue":
        late = Q(state=ResponseState.OPEN, ack_due_at__lt=now) | Q(
            state__in=[ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS], next_update_due_at__lt=now
        )
        return qs.filter(Exists(_open_high().filter(late, organisation=OuterRef("pk"))))
    return qs


def partner_dashboard_columns() -> list[DashboardColumn]:
    """Support's partner dashboard: each organisation's open High alerts (see carecyber/support/dashboard.py)."""
    return [
        DashboardColumn(
            "alerts_high",
            "Open High alerts",
            open_high_alerts,
            order=40,
            numeric=False,
            filters=(
                DashboardFilter(
                    "alerts",
                    "High alerts",
                    (
                        ("", "Any"),
                        ("open", "Some still open"),
                        ("unacknowledged", "Some not acknowledged"),
                        ("overdue", "Some overdue"),
                    ),
                    _with_open_high,
                ),
            ),
        )
    ]
