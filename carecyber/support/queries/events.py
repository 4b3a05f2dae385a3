"""Reads of events (open to the actor) and registrations (through the tenancy scope)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from carecyber.core.actor import Actor
from carecyber.support.models import Event, EventRegistration


def events_for(actor: Actor, *, now: datetime, past: bool = False) -> QuerySet[Event]:
    qs = (
        Event.objects.visible_to(actor)
        .select_related("host_partner")
        .annotate(taken=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)))
    )
    if past:
        return qs.filter(ends_at__lte=now).order_by("-starts_at")
    return qs.filter(ends_at__gt=now).order_by("starts_at")


def event_for(actor: Actor, pk: int) -> Event:
    return get_object_or_404(Event.objects.visible_to(actor).select_related("host_partner"), pk=pk)


def own_registration(actor: Actor, event: Event) -> EventRegistration | None:
    if actor.user is None:
        return None
    return (
        EventRegistration.objects.visible_to(actor)
        .filter(event=event, user=actor.user, cancelled_at__isnull=True)
        .first()
    )


def registrations_seen(actor: Actor, event: Event) -> QuerySet[EventRegistration]:
    """The people registered whom the actor may see (a partner: from its own organisations)."""
    return (
        EventRegistration.objects.visible_to(actor)
        .filter(event=event, cancelled_at__isnull=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )


def registered_events(actor: Actor, *, now: datetime) -> list[Event]:
    if actor.user is None:
        return []
    ids = (
        EventRegistration.objects.visible_to(actor)
        .filter(user=actor.user, cancelled_at__isnull=True)
        .values("event_id")
    )
    return list(
        Event.objects.visible_to(actor)
        .filter(pk__in=ids, ends_at__gt=now, cancelled_at__isnull=True)
        .order_by("starts_at")[:5]
    )
