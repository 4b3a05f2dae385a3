"""Scoped reads of incidents: every one starts from `visible_to(actor)` (through `access.cases_visible`)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Region, User
from carecyber.core.roles import ORGANISATION_ROLES
from carecyber.incidents import access
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.models import (
    Incident,
    IncidentGroup,
    IncidentGroupMember,
    Status,
    SupportRequest,
    Task,
    WebhookEndpoint,
    number_from_reference,
)

PICTURE_CACHE_SECONDS = 60
COUNT_CAP = 1_000


def my_reports(actor: Actor) -> QuerySet[Incident]:
    """The reports a person made in their own name (anonymous ones are not linked to anybody)."""
    if actor.user is None:
        return Incident.objects.none()
    return Incident.objects.visible_to(actor).filter(reporter=actor.user).order_by("-reported_at", "-id")


def my_report(actor: Actor, number: int) -> Incident:
    incident = my_reports(actor).filter(pk=number).first()
    if incident is None:
        raise Http404("No such report")
    return incident


def case_for_reporter_thanks(actor: Actor, number: int) -> Incident | None:
    """The report just made in this session (anonymous ones too: the session, not a stored name, links them)."""
    return Incident.objects.visible_to(actor).filter(pk=number).first()


def case_for(actor: Actor, number: int) -> Incident:
    """One case the actor may open, or 404 (never 403: others' cases do not exist for them)."""
    incident = (
        access.cases_visible(actor)
        .select_related("organisation", "organisation__parent", "owner", "reporter")
        .filter(pk=number)
        .first()
    )
    if incident is None:
        raise Http404("No such incident")
    return incident


@dataclass
class ListFilters:
    """What both case lists can be filtered by (the organisation's and the national one)."""

    status: str = ""
    category: str = ""
    notifiable: str = ""
    q: str = ""


@dataclass
class CaseFilters(ListFilters):
    """The organisation's list filters by no more than both lists share."""


def _filtered(qs: QuerySet[Incident], f: ListFilters) -> QuerySet[Incident]:
    """The filters the organisation's list and the national list share, meaning the same on both."""
    if f.status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.notifiable == "yes":
        qs = qs.filter(notifiable=True)
    elif f.notifiable == "running":
        qs = qs.filter(notifiable=True, clock_stopped_at__isnull=True)
    return qs


def cases_for(actor: Actor, filters: CaseFilters | None = None) -> QuerySet[Incident]:
    """An organisation's cases for its leads and auditors (and the cases a member of staff works on)."""
    f = filters or CaseFilters()
    qs = access.cases_visible(actor).select_related("organisation", "owner")
    qs = _filtered(qs, f)
    if f.q:
        number = number_from_reference(f.q)
        qs = qs.filter(pk=number) if number is not None else qs.filter(summary__icontains=f.q.strip())
    return qs.order_by("-reported_at", "-id")


def running_clocks(actor: Actor, *, limit: int = 10) -> list[Incident]:
    """Open notifiable cases still waiting for a notification or decision, soonest deadline first."""
    return list(
        access.cases_visible(actor)
        .filter(notifiable=True, clock_stopped_at__isnull=True)
        .exclude(status=Status.CLOSED)
        .select_related("organisation")
        .order_by("deadline_at")[:limit]
    )


def open_cases_count(actor: Actor) -> int:
    return access.cases_visible(actor).exclude(status=Status.CLOSED).count()


def ungraded_cases(actor: Actor, *, limit: int = 10) -> list[Incident]:
    return list(
        access.cases_visible(actor)
        .filter(graded_at__isnull=True)
        .exclude(status=Status.CLOSED)
        .select_related("organisation")
        .order_by("reported_at")[:limit]
    )


def my_tasks(actor: Actor, *, limit: int = 20) -> list[Task]:
    if actor.user is None:
        return []
    return list(
        Task.objects.visible_to(actor)
        .filter(assignee=actor.user, state=Task.State.OPEN)
        .select_related("incident")
        .order_by("due_at", "id")[:limit]
    )


def assignable_people(actor: Actor, incident: Incident, *, limit: int = 300) -> list[User] | None:
    """People a case can be given to (its organisation and headquarters), or None when there are too many to list."""
    places = [incident.organisation_id] + ([incident.organisation.parent_id] if incident.organisation.parent_id else [])
    memberships = Membership.objects.visible_to(actor).filter(organisation_id__in=places, role__in=ORGANISATION_ROLES)
    user_ids = memberships.values("user_id")
    people = User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "email")
    found = list(people[: limit + 1])
    return None if len(found) > limit else found


def person_in_case_organisation(actor: Actor, incident: Incident, email: str) -> User | None:
    places = [incident.organisation_id] + ([incident.organisation.parent_id] if incident.organisation.parent_id else [])
    membership = (
        Membership.objects.visible_to(actor)
        .filter(organisation_id__in=places, role__in=ORGANISATION_ROLES, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


# --- National --------------------------------------------------------------------------------------


@dataclass
class NationalFilters(ListFilters):
    region: str = ""
    help: bool = False


@dataclass
class KeysetPage:
    items: list[Incident]
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool
    extra: dict[str, Any] = field(default_factory=dict)


def encode_cursor(incident: Incident) -> str:
    raw = f"{incident.reported_at.isoformat()}|{incident.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[datetime, int] | None:
    try:
        padded = value + "=" * (-len(value) % 4)
        at_text, _, pk_text = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        at = datetime.fromisoformat(at_text)
        if timezone.is_naive(at):
            return None
        return at, int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def national_incidents(actor: Actor, filters: NationalFilters) -> QuerySet[Incident]:
    """Incidents shared with the national team, filtered; ordered newest first."""
    qs = access.cases_visible(actor)
    if actor.is_system or actor.role in {"national", "support_partner"}:
        qs = qs.filter(shared_with_national=True)
    else:
        qs = qs.none()
    f = filters
    qs = _filtered(qs, f)
    if f.region:
        qs = qs.filter(region=f.region)
    if f.help:
        qs = qs.filter(help_requested=True)
    if f.q:
        term = f.q.strip()
        number = number_from_reference(term)
        qs = qs.filter(pk=number) if number is not None else qs.filter(organisation__code=term.upper())
    return qs


def national_page(
    actor: Actor, filters: NationalFilters, *, after: str = "", before: str = "", per_page: int = 50
) -> KeysetPage:
    """One page by keyset (no OFFSET, so page 5,000 costs what page 1 costs) and a count capped at 10,000."""
    base = national_incidents(actor, filters)
    qs = base.select_related("organisation")
    previous_cursor: str | None = None
    next_cursor: str | None = None
    if before and (key := decode_cursor(before)) is not None:
        at, pk = key
        rows = list(
            qs.filter(Q(reported_at__gt=at) | Q(reported_at=at, pk__gt=pk)).order_by("reported_at", "id")[
                : per_page + 1
            ]
        )
        has_more_newer = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        if items:
            next_cursor = encode_cursor(items[-1])
            previous_cursor = encode_cursor(items[0]) if has_more_newer else None
    else:
        if after and (key := decode_cursor(after)) is not None:
            at, pk = key
            qs = qs.filter(Q(reported_at__lt=at) | Q(reported_at=at, pk__lt=pk))
            is_first = False
        else:
            is_first = True
        rows = list(qs.order_by("-reported_at", "-id")[: per_page + 1])
        items = rows[:per_page]
        if len(rows) > per_page and items:
            next_cursor = encode_cursor(items[-1])
        if not is_first and items:
            previous_cursor = encode_cursor(items[0])
    counted = base.order_by()[: COUNT_CAP + 1].count()
    return KeysetPage(
        items=items,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
    )


@dataclass
class NationalPicture:
    days: int
    total: int
    shared: int
    notifiable: int
    categories: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    cells: dict[tuple[str, str], int]
    by_category: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    computed_at: datetime


PICTURE_WINDOWS = (30, 90, 365)


def national_picture(actor: Actor, *, days: int = 90) -> NationalPicture:
    """Counts of every incident (shared or not, no details) by category and region, over the last `days`.

    One grouped query, cached for a minute: the figures are counts, never cases.
    """
    if not (actor.is_system or actor.role == "national"):
        raise Http404("Only the national team sees the national picture")
    days = days if days in PICTURE_WINDOWS else 90
    key = f"incidents:picture:{days}"
    cached: NationalPicture | None = cache.get(key)
    if cached is not None:
        return cached
    since = timezone.now() - timedelta(days=days)
    rows = (
        Incident.objects.visible_to(actor)
        .filter(reported_at__gte=since)
        .values("category", "region")
        .annotate(
            n=Count("pk"),
            shared=Count("pk", filter=Q(shared_with_national=True)),
            notifiable=Count("pk", filter=Q(notifiable=True)),
        )
        .order_by()
    )
    cells: dict[tuple[str, str], int] = {}
    per_category: dict[str, int] = {}
    per_region: dict[str, int] = {}
    shared = notifiable = 0
    for row in rows:
        cells[(row["category"], row["region"])] = row["n"]
        per_category[row["category"]] = per_category.get(row["category"], 0) + row["n"]
        per_region[row["region"]] = per_region.get(row["region"], 0) + row["n"]
        shared += row["shared"]
        notifiable += row["notifiable"]
    cat = catalogue()
    categories = [(c.key, c.label) for c in cat.categories]
    known = {k for k, _ in categories}
    categories += [(k, k) for k in sorted(per_category) if k not in known]
    regions = [(value, label) for value, label in Region.choices]
    picture = NationalPicture(
        days=days,
        total=sum(per_category.values()),
        shared=shared,
        notifiable=notifiable,
        categories=categories,
        regions=regions,
        cells=cells,
        by_category=sorted(((cat.short_label(k), per_category.get(k, 0)) for k, _ in categories), key=lambda r: -r[1]),
        by_region=[(label, per_region.get(value, 0)) for value, label in regions],
        computed_at=timezone.now(),
    )
    cache.set(key, picture, PICTURE_CACHE_SECONDS)
    return picture


def open_help_requests(actor: Actor, *, limit: int = 10) -> list[SupportRequest]:
    if not (actor.is_system or actor.role == "national"):
        return []
    return list(
        SupportRequest.objects.visible_to(actor)
        .filter(state=SupportRequest.State.OPEN, incident__shared_with_national=True)
        .select_related("incident", "incident__organisation")
        .order_by("requested_at")[:limit]
    )


def recently_shared(actor: Actor, *, limit: int = 5) -> list[Incident]:
    return list(
        national_incidents(actor, NationalFilters())
        .select_related("organisation")
        .order_by("-reported_at", "-id")[:limit]
    )


def groups(actor: Actor) -> QuerySet[IncidentGroup]:
    if not (actor.is_system or actor.role == "national"):
        return IncidentGroup.objects.none()
    return IncidentGroup.objects.annotate(n=Count("members")).order_by("-created_at", "-id")


def group_for(actor: Actor, pk: int) -> IncidentGroup:
    group = groups(actor).filter(pk=pk).first()
    if group is None:
        raise Http404("No such group")
    return group


def group_members(actor: Actor, group: IncidentGroup) -> list[IncidentGroupMember]:
    return list(
        IncidentGroupMember.objects.visible_to(actor)
        .filter(group=group, incident__shared_with_national=True)
        .select_related("incident", "incident__organisation")
        .order_by("incident__reported_at")
    )


def groups_of(actor: Actor, incident: Incident) -> list[IncidentGroup]:
    """The national groups a case is in: its organisation sees their titles, nothing of the other members."""
    ids = IncidentGroupMember.objects.visible_to(actor).filter(incident=incident).values("group_id")
    return list(IncidentGroup.objects.filter(pk__in=ids).order_by("title"))


def webhook_of(actor: Actor) -> WebhookEndpoint | None:
    if actor.organisation is None:
        return None
    return WebhookEndpoint.objects.visible_to(actor).filter(organisation=actor.organisation).first()
