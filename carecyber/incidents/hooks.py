"""What incidents add to the shared layout: navigation, the staff home card, home page sections, and a column
for support's partner dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.models import Organisation
from carecyber.core.roles import Role
from carecyber.incidents import access, presenters, queries
from carecyber.incidents.models import Incident
from carecyber.incidents.models.incident import Status
from carecyber.support.dashboard import Cell, DashboardColumn, DashboardFilter


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return [("Incidents", reverse("incidents:list"))]
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        return [("Incidents", reverse("incidents:national"))]
    return []


def staff_cards(actor: Actor) -> list[HomeCard]:
    if not access.can_report(actor) or actor.organisation is None:
        return []
    return [
        HomeCard(
            "Report an incident",
            "Clicked a link, lost a device, sent something to the wrong person? Tell us in a minute. Nobody is blamed.",
            reverse("incidents:report"),
            order=5,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.user is None or actor.membership is None:
        return []
    now = timezone.now()
    if actor.role == Role.STAFF:
        tasks = queries.my_tasks(actor, limit=5)
        reports = list(queries.my_reports(actor)[:3])
        if not tasks and not reports:
            return []
        return [
            HomeSection(
                "incidents/_home_staff.jinja",
                {"tasks": tasks, "reports": reports, "p": presenters, "now": now},
                order=20,
            )
        ]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return [
            HomeSection(
                "incidents/_home_lead.jinja",
                {
                    "clocks": queries.running_clocks(actor, limit=5),
                    "ungraded": queries.ungraded_cases(actor, limit=5),
                    "open_count": queries.open_cases_count(actor),
                    "p": presenters,
                    "now": now,
                },
                order=10,
            )
        ]
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        return [
            HomeSection(
                "incidents/_home_national.jinja",
                {
                    "recent": queries.recently_shared(actor, limit=5),
                    "help_requests": queries.open_help_requests(actor, limit=5),
                    "is_national": actor.role == Role.NATIONAL,
                    "p": presenters,
                    "now": now,
                },
                order=10,
            )
        ]
    return []


def _open_shared(organisation_ids: Sequence[int] | None = None) -> QuerySet[Incident]:
    """Open cases the organisation shared with the national team: the only ones partners may see (see access.py)."""
    qs = Incident.objects.filter(shared_with_national=True).exclude(status=Status.CLOSED)
    return qs.filter(organisation_id__in=organisation_ids) if organisation_ids is not None else qs


def _clock_overdue(now: datetime) -> Q:
    return Q(notifiable=True, clock_stopped_at__isnull=True, deadline_at__lt=now)


def open_shared_incidents(ids: Sequence[int]) -> dict[int, Cell]:
    """Per organisation: open shared incidents, how many asked for help, and 72-hour clocks run out. One query."""
    now = timezone.now()
    rows = {
        org_id: (total, help_asked, overdue)
        for org_id, total, help_asked, overdue in _open_shared(ids)
        .values_list("organisation_id")
        .annotate(
            total=Count("pk"),
            help_asked=Count("pk", filter=Q(help_requested=True)),
            overdue=Count("pk", filter=_clock_overdue(now)),
        )
        .order_by()
    }
    cells = {}
    for pk in ids:
        total, help_asked, overdue = rows.get(pk, (0, 0, 0))
        if not total:
            cells[pk] = Cell("None", csv="0", sort=0)
            continue
        parts = [f"{overdue} past the 72-hour deadline"] if overdue else []
        if help_asked:
            parts.append(f"{help_asked} asked for help")
        cells[pk] = Cell(
            f"{total} open" + (f" ({', '.join(parts)})" if parts else ""),
            csv=f"{total} open; {overdue} past the 72-hour deadline; {help_asked} asked for help",
            tag="red" if overdue else "orange" if help_asked else None,
            sort=total + overdue * 1000,
        )
    return cells


def _with_open_shared(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    if value == "open":
        return qs.filter(Exists(_open_shared().filter(organisation=OuterRef("pk"))))
    if value == "overdue":
        return qs.filter(Exists(_open_shared().filter(_clock_overdue(timezone.now()), organisation=OuterRef("pk"))))
    return qs


def partner_dashboard_columns() -> list[DashboardColumn]:
    """Support's partner dashboard: each organisation's open shared incidents (see carecyber/support/dashboard.py)."""
    return [
        DashboardColumn(
            "incidents_open",
            "Open shared incidents",
            open_shared_incidents,
            order=45,
            filters=(
                DashboardFilter(
                    "incidents",
                    "Shared incidents",
                    (("", "Any"), ("open", "Some still open"), ("overdue", "72-hour deadline passed")),
                    _with_open_shared,
                ),
            ),
        )
    ]
