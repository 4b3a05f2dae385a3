"""Webinars and drop-ins: publish, change, cancel; register and cancel a place; reminders by email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.roles import Role
from carecyber.support import permissions
from carecyber.support.models import Event, EventAudience, EventKind, EventRegistration
from carecyber.support.workingdays import UK

REMIND_BEFORE = timedelta(hours=24)
LONGEST = timedelta(hours=8)
CAPACITY_MAX = 10_000


@dataclass(frozen=True)
class EventInput:
    kind: str
    title: str
    summary: str
    description: str
    day: date | None
    starts: time | None
    ends: time | None
    location: str
    joining_link: str = ""
    capacity: int | None = None
    audience: str = EventAudience.EVERYONE


def _text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field: f"Enter {label}"})
    if len(text) > limit:
        raise ValidationError({field: f"Keep {label} to {limit:,} characters or fewer (it has {len(text):,})"})
    if "<" in text or ">" in text:
        raise ValidationError({field: f"Remove the < and > signs from {label}: it is plain text"})
    return text


def _checked(actor: Actor, data: EventInput, *, now: datetime) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    for field, label, limit, required in (
        ("title", "a title", 150, True),
        ("summary", "a short summary", 300, True),
        ("description", "the description", 5000, False),
        ("location", "where it happens (or 'Online')", 300, True),
    ):
        try:
            values[field] = _text(getattr(data, field), field=field, label=label, limit=limit, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data.kind not in EventKind.values:
        errors["kind"] = ["Choose a webinar or a drop-in session"]
    if data.day is None:
        errors["day"] = ["Enter the date, for example 27/01/2027"]
    if data.starts is None:
        errors["starts"] = ["Enter the start time, for example 14:00"]
    if data.ends is None:
        errors["ends"] = ["Enter the end time, for example 15:00"]
    if data.day and data.starts and data.ends:
        starts_at = datetime.combine(data.day, data.starts, tzinfo=UK)
        ends_at = datetime.combine(data.day, data.ends, tzinfo=UK)
        if starts_at <= now:
            errors["day"] = ["Choose a date and time in the future"]
        elif ends_at <= starts_at:
            errors["ends"] = ["The end time must be after the start time"]
        elif ends_at - starts_at > LONGEST:
            errors["ends"] = ["An event can last up to 8 hours"]
        values.update(starts_at=starts_at, ends_at=ends_at)
    link = (data.joining_link or "").strip()
    if link and (not link.startswith("https://") or len(link) > 500 or any(c in link for c in " <>\"'")):
        errors["joining_link"] = ["Enter the joining link as a web address starting with https://"]
    values["joining_link"] = link
    if data.capacity is not None and not 1 <= data.capacity <= CAPACITY_MAX:
        errors["capacity"] = [f"Enter a number of places from 1 to {CAPACITY_MAX:,}, or leave it empty for no limit"]
    values["capacity"] = data.capacity
    if data.audience not in EventAudience.values or (
        data.audience == EventAudience.PARTNER_ORGANISATIONS and actor.role != Role.SUPPORT_PARTNER
    ):
        errors["audience"] = ["Choose who the event is for"]
    values["audience"] = data.audience
    values["kind"] = data.kind
    if errors:
        raise ValidationError(errors)
    return values


def _host_check(actor: Actor, event: Event) -> None:
    if actor.is_national:
        return
    if not (actor.is_partner and actor.membership and actor.membership.support_partner_id == event.host_partner_id):
        raise PermissionDenied("Only the event's host can change it")


def event_publish(*, actor: Actor, data: EventInput, now: datetime | None = None) -> Event:
    if not permissions.can_publish_events(actor):
        raise PermissionDenied("Only support partners and the national team publish events")
    values = _checked(actor, data, now=now or timezone.now())
    with transaction.atomic():
        event = Event.objects.create(
            host_partner=actor.support_partner if actor.is_partner else None, created_by=actor.user, **values
        )
        audit_record(
            actor=actor,
            action="event.published",
            obj=event,
            object_label=event.title,
            changes={"starts_at": event.starts_at.isoformat(), "kind": event.kind},
        )
    return event


def event_update(*, actor: Actor, event: Event, data: EventInput, now: datetime | None = None) -> Event:
    """Change an event; people registered are told when the time, place or link changes."""
    _host_check(actor, event)
    if event.cancelled_at is not None:
        raise ValidationError({"title": "This event is cancelled and cannot be changed"})
    values = _checked(actor, data, now=now or timezone.now())
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = {k: getattr(locked, k) for k in ("starts_at", "ends_at", "location", "joining_link")}
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        moved = {k for k, v in before.items() if getattr(locked, k) != v}
        if {"starts_at", "ends_at"} & moved:
            # A new time deserves a new reminder.
            EventRegistration.objects.filter(event=locked).update(reminder_sent_at=None)
        audit_record(
            actor=actor,
            action="event.updated",
            obj=locked,
            object_label=locked.title,
            changes={"changed": sorted(moved)},
        )
        if moved:
            transaction.on_commit(lambda: _tell_registrants(locked.pk, "support_event_changed", "has changed"))
    return locked


def event_cancel(*, actor: Actor, event: Event, reason: str) -> Event:
    _host_check(actor, event)
    reason = _text(reason, field="reason", label="a reason", limit=300)
    with transaction.atomic():
        updated = Event.objects.filter(pk=event.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), cancel_reason=reason
        )
        if updated:
            audit_record(
                actor=actor, action="event.cancelled", obj=event, object_label=event.title, changes={"reason": reason}
            )
            transaction.on_commit(lambda: _tell_registrants(event.pk, "support_event_cancelled", "is cancelled"))
    event.refresh_from_db()
    return event


def _tell_registrants(event_id: int, template: str, what: str) -> None:
    event = Event.objects.select_related("host_partner").get(pk=event_id)
    for registration in EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).select_related("user"):
        send_templated(
            to=[registration.user.email],
            subject=f"{event.title} {what}",
            template=template,
            context={"event": event, "user": registration.user, "link": _event_link(event)},
        )


def _event_link(event: Event) -> str:
    return absolute_url(reverse("support:event", args=[event.pk]))


def places_taken(event: Event) -> int:
    return EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).count()


def event_register(*, actor: Actor, event: Event, now: datetime | None = None) -> EventRegistration:
    """A place for the actor (once), if the event is open to them, not over, not cancelled and not full."""
    if not permissions.can_register_for_events(actor) or actor.user is None or actor.organisation is None:
        raise PermissionDenied("Staff and security leads of an organisation register for events")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not Event.objects.visible_to(actor).filter(pk=locked.pk).exists():
            raise PermissionDenied("This event is not open to your organisation")
        if locked.cancelled_at is not None:
            raise ValidationError({"event": "This event is cancelled"})
        if locked.ends_at <= now:
            raise ValidationError({"event": "This event is over"})
        existing = EventRegistration.objects.filter(event=locked, user=actor.user).first()
        if existing is not None and existing.cancelled_at is None:
            return existing
        if locked.capacity is not None and places_taken(locked) >= locked.capacity:
            raise ValidationError({"event": "Sorry, this event is full"})
        try:
            if existing is not None:
                existing.cancelled_at, existing.reminder_sent_at = None, None
                existing.organisation = actor.organisation
                existing.save()
                registration = existing
            else:
                registration = EventRegistration.objects.create(
                    event=locked, organisation=actor.organisation, user=actor.user
                )
        except IntegrityError:
            return EventRegistration.objects.get(event=locked, user=actor.user)
        audit_record(
            actor=actor,
            action="event.registered",
            obj=registration,
            organisation=actor.organisation,
            object_label=locked.title,
        )
        transaction.on_commit(
            lambda: send_templated(
                to=[registration.user.email],
                subject=f"You are booked: {locked.title}",
                template="support_event_registered",
                context={"event": locked, "user": registration.user, "link": _event_link(locked)},
            )
        )
    return registration


def event_unregister(*, actor: Actor, event: Event) -> None:
    if actor.user is None:
        raise PermissionDenied("Sign in to cancel your place")
    with transaction.atomic():
        registration = EventRegistration.objects.filter(event=event, user=actor.user, cancelled_at__isnull=True).first()
        if registration is None:
            return
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["cancelled_at"])
        audit_record(
            actor=actor,
            action="event.unregistered",
            obj=registration,
            organisation=registration.organisation_id,
            object_label=event.title,
        )


def event_reminders_send(*, actor: Actor, now: datetime | None = None, chunk: int = 500) -> int:
    """Remind each person once, in the 24 hours before their event. Marked with the send, so never twice."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                EventRegistration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    cancelled_at__isnull=True,
                    reminder_sent_at__isnull=True,
                    event__cancelled_at__isnull=True,
                    event__starts_at__gt=now,
                    event__starts_at__lte=now + REMIND_BEFORE,
                )
                .select_related("event", "user")
                .order_by("pk")[:chunk]
            )
            if not batch:
                return sent
            EventRegistration.objects.filter(pk__in=[r.pk for r in batch]).update(reminder_sent_at=now)
            for registration in batch:
                event = registration.event
                send_templated(
                    to=[registration.user.email],
                    subject=f"Reminder: {event.title}, {timezone.localtime(event.starts_at):%A at %H:%M}",
                    template="support_event_reminder",
                    context={"event": event, "user": registration.user, "link": _event_link(event)},
                )
            audit_record(actor=actor, action="event.reminders_sent", object_label=f"{len(batch)} reminders")
            sent += len(batch)


def ics_for(event: Event) -> str:
    """An iCalendar file (RFC 5545) for the event, so people can add it to their calendar."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CareCyber//Support events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@carecyber",
        f"DTSTAMP:{stamp(event.created_at)}",
        f"DTSTART:{stamp(event.starts_at)}",
        f"DTEND:{stamp(event.ends_at)}",
        f"SUMMARY:{text(event.title)}",
        f"DESCRIPTION:{text(event.summary + (chr(10) + _event_link(event)))}",
        f"LOCATION:{text(event.location)}",
        f"STATUS:{'CANCELLED' if event.cancelled_at else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    folded = []
    for line in lines:
        while len(line.encode("utf-8")) > 75:
            cut = 74
            while len(line[:cut].encode("utf-8")) > 74:
                cut -= 1
            folded.append(line[:cut])
            line = " " + line[cut:]
        folded.append(line)
    return "\r\n".join(folded) + "\r\n"
