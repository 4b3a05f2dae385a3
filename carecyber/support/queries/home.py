"""Small summaries for the home pages (a few counts each, scoped to the actor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation
from carecyber.support.models import OPEN_STATUSES, Event, IssuedPolicy, PolicyTemplate, Ticket
from carecyber.support.policydocs.document import REVIEW_NOTICE_DAYS
from carecyber.support.queries.events import registered_events


@dataclass(frozen=True)
class OrganisationSupport:
    policies_offered: int
    policies_issued: int
    policies_to_review: int
    open_questions: int
    events: list[Event]


def organisation_support(actor: Actor, organisation: Organisation) -> OrganisationSupport:
    soon = timezone.localdate() + timedelta(days=REVIEW_NOTICE_DAYS)
    policies = IssuedPolicy.objects.visible_to(actor).filter(organisation=organisation, superseded_at__isnull=True)
    counts = policies.aggregate(n=Count("pk"), review=Count("pk", filter=Q(review_by__lte=soon)))
    tickets = Ticket.objects.visible_to(actor).filter(organisation=organisation, status__in=OPEN_STATUSES)
    return OrganisationSupport(
        policies_offered=PolicyTemplate.objects.filter(withdrawn=False).count(),
        policies_issued=counts["n"],
        policies_to_review=counts["review"],
        open_questions=tickets.count(),
        events=registered_events(actor, now=timezone.now()),
    )


@dataclass(frozen=True)
class DeskSummary:
    open_questions: int
    awaiting_first_reply: int
    first_reply_overdue: int
    upcoming_events: int


def desk_summary(actor: Actor) -> DeskSummary:
    """The helpline as the desk sees it: its partner's questions, or (national) the national queue."""
    now = timezone.now()
    qs = Ticket.objects.visible_to(actor).filter(status__in=OPEN_STATUSES)
    if actor.is_national:
        qs = qs.filter(partner__isnull=True)
    counts = qs.aggregate(
        n=Count("pk"),
        waiting=Count("pk", filter=Q(first_responded_at__isnull=True)),
        overdue=Count("pk", filter=Q(first_responded_at__isnull=True, first_response_due__lt=now)),
    )
    events = Event.objects.visible_to(actor).filter(ends_at__gt=now, cancelled_at__isnull=True)
    if actor.is_partner and actor.membership is not None:
        events = events.filter(host_partner_id=actor.membership.support_partner_id)
    return DeskSummary(counts["n"], counts["waiting"], counts["overdue"], events.count())
