"""The partner dashboard's columns: each one is a provider that takes organisation ids and answers in bulk.

A column is `DashboardColumn(key, heading, values)`, where `values(ids)` runs
one or two grouped queries for the whole page (never one per row) and returns
a `Cell` per organisation. A column may also offer filters, which narrow the
organisations before the page is cut (so "not yet started the toolkit" covers
all of a partner's 2,000 organisations, not just the 50 on screen).

Support provides the columns it owns (organisation facts, open tickets, last
contact, event registrations, policies issued). Other capabilities add theirs
without editing this file: a `partner_dashboard_columns()` function in their
`hooks.py` returning `DashboardColumn`s (toolkit progress and status, overdue
alerts, training compliance). See docs/support.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from carecyber.core.extensions import CAPABILITY_APPS
from carecyber.core.models import Organisation, OrganisationType, Region
from carecyber.core.models.organisations import category_label, category_of


@dataclass(frozen=True)
class Cell:
    text: str
    csv: str | None = None  # what the CSV export shows (defaults to text)
    tag: str | None = None  # an NHS.UK tag colour, when the value is a status
    sort: float | None = None

    @property
    def csv_value(self) -> str:
        return self.text if self.csv is None else self.csv


EMPTY = Cell("–", csv="")


@dataclass(frozen=True)
class DashboardFilter:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...]
    apply: Callable[[QuerySet[Organisation], str], QuerySet[Organisation]]


@dataclass(frozen=True)
class DashboardColumn:
    key: str
    heading: str
    values: Callable[[Sequence[int]], Mapping[int, Cell]]
    order: int = 50
    filters: tuple[DashboardFilter, ...] = field(default=())
    numeric: bool = False


# --- columns support owns ----------------------------------------------------------------------------------


def organisation_facts(ids: Sequence[int]) -> dict[int, Cell]:
    rows = Organisation.objects.filter(pk__in=ids).values_list("pk", "type", "region")
    return {
        pk: Cell(
            f"{OrganisationType(org_type).label}, {Region(region).label}",
            csv=f"{OrganisationType(org_type).label}; {Region(region).label}; {category_label(category_of(org_type))}",
        )
        for pk, org_type, region in rows
    }


def _by_type(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    return qs.filter(type=value) if value in OrganisationType.values else qs


def _by_region(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    return qs.filter(region=value) if value in Region.values else qs


def open_tickets(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.models import OPEN_STATUSES, Ticket

    counts = dict(
        Ticket.objects.filter(organisation_id__in=ids, status__in=OPEN_STATUSES)
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {pk: Cell(str(counts.get(pk, 0)), sort=counts.get(pk, 0)) for pk in ids}


def _has_open_tickets(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    from carecyber.support.models import OPEN_STATUSES, Ticket

    exists = Exists(Ticket.objects.filter(organisation=OuterRef("pk"), status__in=OPEN_STATUSES))
    if value == "yes":
        return qs.filter(exists)
    if value == "no":
        return qs.exclude(exists)
    return qs


def _last_contacts(ids: Sequence[int]) -> dict[int, datetime]:
    """The latest helpline activity (every message moves its ticket's last_activity_at) or group message."""
    from carecyber.support.models import GroupMessageDelivery, Ticket

    latest: dict[int, datetime] = dict(
        Ticket.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id")
        .annotate(at=Max("last_activity_at"))
        .order_by()
    )
    for org_id, at in (
        GroupMessageDelivery.objects.filter(organisation_id__in=ids, sent_at__isnull=False)
        .values_list("organisation_id")
        .annotate(at=Max("sent_at"))
        .order_by()
    ):
        if at is not None and (org_id not in latest or at > latest[org_id]):
            latest[org_id] = at
    return latest


def last_contact(ids: Sequence[int]) -> dict[int, Cell]:
    latest = _last_contacts(ids)
    today = timezone.localdate()
    cells = {}
    for pk in ids:
        at = latest.get(pk)
        if at is None:
            cells[pk] = Cell("Never", csv="")
            continue
        days = (today - timezone.localtime(at).date()).days
        text = "Today" if days == 0 else "Yesterday" if days == 1 else f"{days} days ago"
        cells[pk] = Cell(text, csv=timezone.localtime(at).date().isoformat(), sort=-days)
    return cells


def _contact_within(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    from carecyber.support.models import GroupMessageDelivery, Ticket

    if value not in {"90", "none90"}:
        return qs
    since = timezone.now() - timedelta(days=90)
    recent = Exists(Ticket.objects.filter(organisation=OuterRef("pk"), last_activity_at__gte=since)) | Exists(
        GroupMessageDelivery.objects.filter(organisation=OuterRef("pk"), sent_at__gte=since)
    )
    return qs.filter(recent) if value == "90" else qs.exclude(recent)


def event_registrations(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.models import EventRegistration

    now = timezone.now()
    rows = (
        EventRegistration.objects.filter(organisation_id__in=ids, cancelled_at__isnull=True)
        .values_list("organisation_id")
        .annotate(total=Count("pk"), upcoming=Count("pk", filter=Q(event__starts_at__gte=now)))
        .order_by()
    )
    found = {org_id: (total, upcoming) for org_id, total, upcoming in rows}
    cells = {}
    for pk in ids:
        total, upcoming = found.get(pk, (0, 0))
        text = f"{total} ({upcoming} upcoming)" if upcoming else str(total)
        cells[pk] = Cell(text, csv=f"{total}", sort=total)
    return cells


def _registered(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    from carecyber.support.models import EventRegistration

    upcoming = Exists(
        EventRegistration.objects.filter(
            organisation=OuterRef("pk"), cancelled_at__isnull=True, event__starts_at__gte=timezone.now()
        )
    )
    if value == "upcoming":
        return qs.filter(upcoming)
    if value == "none":
        return qs.exclude(upcoming)
    return qs


def policies_issued(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.models import IssuedPolicy, PolicyTemplate

    offered = PolicyTemplate.objects.filter(withdrawn=False).count()
    today = timezone.localdate()
    rows = (
        IssuedPolicy.objects.filter(organisation_id__in=ids, superseded_at__isnull=True)
        .values_list("organisation_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(review_by__lt=today)))
        .order_by()
    )
    found = {org_id: (n, overdue) for org_id, n, overdue in rows}
    cells = {}
    for pk in ids:
        n, overdue = found.get(pk, (0, 0))
        text = f"{n} of {offered}" + (f", {overdue} to review" if overdue else "")
        cells[pk] = Cell(text, csv=str(n), sort=n, tag="yellow" if overdue else None)
    return cells


def _policies(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    from carecyber.support.models import IssuedPolicy

    if value == "none":
        return qs.exclude(Exists(IssuedPolicy.objects.filter(organisation=OuterRef("pk"))))
    return qs


OWN_COLUMNS: tuple[DashboardColumn, ...] = (
    DashboardColumn(
        "facts",
        "Type and region",
        organisation_facts,
        order=10,
        filters=(
            DashboardFilter("type", "Type", (("", "All types"), *OrganisationType.choices), _by_type),
            DashboardFilter("region", "Region", (("", "All regions"), *Region.choices), _by_region),
        ),
    ),
    DashboardColumn(
        "open_tickets",
        "Open questions",
        open_tickets,
        order=60,
        numeric=True,
        filters=(
            DashboardFilter(
                "tickets",
                "Helpline",
                (("", "Any"), ("yes", "Has open questions"), ("no", "No open questions")),
                _has_open_tickets,
            ),
        ),
    ),
    DashboardColumn(
        "last_contact",
        "Last contact",
        last_contact,
        order=70,
        filters=(
            DashboardFilter(
                "contact",
                "Last contact",
                (("", "Any time"), ("90", "In the last 90 days"), ("none90", "Not in the last 90 days")),
                _contact_within,
            ),
        ),
    ),
    DashboardColumn(
        "events",
        "Event registrations",
        event_registrations,
        order=80,
        filters=(
            DashboardFilter(
                "events",
                "Events",
                (
                    ("", "Any"),
                    ("upcoming", "Registered for an upcoming event"),
                    ("none", "Not registered for an upcoming event"),
                ),
                _registered,
            ),
        ),
    ),
    DashboardColumn(
        "policies",
        "Policies issued",
        policies_issued,
        order=90,
        filters=(DashboardFilter("policies", "Policies", (("", "Any"), ("none", "None issued yet")), _policies),),
    ),
)


def contributed_columns() -> list[DashboardColumn]:
    """Columns other capabilities offer through `partner_dashboard_columns()` in their hooks module."""
    columns: list[DashboardColumn] = []
    for app in CAPABILITY_APPS:
        if app == "support":
            continue
        provider = getattr(import_module(f"carecyber.{app}.hooks"), "partner_dashboard_columns", None)
        if callable(provider):
            columns.extend(provider())
    return columns


def dashboard_columns() -> list[DashboardColumn]:
    return sorted([*OWN_COLUMNS, *contributed_columns()], key=lambda c: (c.order, c.key))


def dashboard_filters(columns: Sequence[DashboardColumn]) -> list[DashboardFilter]:
    return [f for column in columns for f in column.filters]


def apply_filters(
    qs: QuerySet[Organisation], filters: Sequence[DashboardFilter], params: Mapping[str, str]
) -> tuple[QuerySet[Organisation], list[str]]:
    """The organisations left after each chosen filter, and the choices in words (for the message's record)."""
    chosen: list[str] = []
    for f in filters:
        value = str(params.get(f.key, "") or "")
        labels = dict(f.choices)
        if value and value in labels:
            qs = f.apply(qs, value)
            chosen.append(f"{f.label}: {labels[value]}")
    return qs, chosen


def rows_for(columns: Sequence[DashboardColumn], ids: Sequence[int]) -> dict[str, Mapping[int, Cell]]:
    """Every column's cells for these organisations: one provider call per column."""
    return {column.key: column.values(list(ids)) for column in columns}
