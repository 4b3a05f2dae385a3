"""Reminder emails, in idempotent chunks: a row per email with a unique rule, so a retry never sends twice.

`send_due_reminders` runs daily: people whose training falls due within each
reminder window (30 and 7 days by default) get one email per window per due
date. `send_nudges` is the bulk reminder a security lead sends to everyone
overdue; nobody gets more than one of those a day, however many leads press
the button.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from celery import shared_task
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, User
from carecyber.training.models import Course, Reminder, ReminderKind, TrainingRecord

CHUNK = 500


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _due_candidates(course: Course, low: datetime, high: datetime, days_before: int) -> list[tuple[int, str]]:
    """(user id, due date) for people whose due date falls in (low, high] and who were not yet reminded for it."""
    from carecyber.training.queries import COUNTED_ROLES, training_policy

    due: dict[int, date] = {
        user_id: timezone.localdate(until)
        for user_id, until in TrainingRecord.objects.filter(
            course=course, valid_until__gt=low, valid_until__lte=high, user__is_active=True
        ).values_list("user_id", "valid_until")
    }
    if course.is_core:
        first_due = timedelta(days=training_policy().first_due_days)
        starters = (
            Membership.objects.filter(
                role__in=COUNTED_ROLES,
                created_at__gt=low - first_due,
                created_at__lte=high - first_due,
                user__is_active=True,
            )
            .exclude(Exists(TrainingRecord.objects.filter(user=OuterRef("user"), course=course)))
            .values_list("user_id", "created_at")
        )
        for user_id, joined in starters:
            due.setdefault(user_id, timezone.localdate(joined + first_due))
    done: set[tuple[int, date]] = set()
    for chunk in _chunks(sorted(due), 5000):
        done.update(
            Reminder.objects.filter(
                course=course, kind=ReminderKind.DUE_SOON, days_before=days_before, user_id__in=chunk
            ).values_list("user_id", "due_on")
        )
    return [(user_id, day.isoformat()) for user_id, day in sorted(due.items()) if (user_id, day) not in done]


@shared_task(name="training.send_due_reminders")
def send_due_reminders() -> int:
    """Daily: queue the reminder windows' emails in chunks. Returns how many people are being reminded."""
    from carecyber.training.queries import training_policy

    now = timezone.now()
    days = sorted({int(d) for d in training_policy().reminder_days or [30, 7]}, reverse=True)
    queued = 0
    for course in Course.objects.filter(published=True):
        for k, days_before in enumerate(days):
            nearer = days[k + 1] if k + 1 < len(days) else 0
            pairs = _due_candidates(
                course, now + timedelta(days=nearer), now + timedelta(days=days_before), days_before
            )
            batch = uuid.uuid4().hex
            for chunk in _chunks(pairs):
                send_due_chunk.delay(pairs=chunk, course_id=course.pk, days_before=days_before, batch=batch)
            queued += len(pairs)
    return queued


@shared_task(name="training.send_due_chunk", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_due_chunk(*, pairs: list[list[Any]], course_id: int, days_before: int, batch: str) -> int:
    course = Course.objects.get(pk=course_id)
    today = timezone.localdate()
    Reminder.objects.bulk_create(
        [
            Reminder(
                user_id=user_id,
                course=course,
                kind=ReminderKind.DUE_SOON,
                days_before=days_before,
                due_on=date.fromisoformat(due_on),
                sent_on=today,
                batch=batch,
            )
            for user_id, due_on in pairs
        ],
        ignore_conflicts=True,
    )
    return _email_batch(batch, [int(p[0]) for p in pairs], course)


def _email_batch(batch: str, user_ids: list[int], course: Course) -> int:
    """Email every reminder of this batch not yet emailed (rows another batch owns are left alone)."""
    rows = Reminder.objects.filter(batch=batch, user_id__in=user_ids, emailed_at__isnull=True).select_related("user")
    sent = 0
    link = absolute_url(reverse("training:course", args=[course.slug]))
    for reminder in rows:
        user: User = reminder.user
        overdue = reminder.kind == ReminderKind.NUDGE
        send_templated(
            to=[user.email],
            subject=(
                f"Please complete your training: {course.title}"
                if overdue
                else f"Your training is due by {reminder.due_on.day} {reminder.due_on:%B %Y}"
            ),
            template="training_reminder",
            context={"user": user, "course": course, "reminder": reminder, "overdue": overdue, "link": link},
        )
        Reminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@shared_task(name="training.send_nudges")
def send_nudges(*, organisation_id: int, batch: str) -> int:
    """Everyone overdue in one organisation, chunked. Returns how many people the request covered."""
    from carecyber.core.actor import Actor
    from carecyber.training.queries import core_course, overdue_people

    organisation = Organisation.objects.get(pk=organisation_id)
    course = core_course()
    if course is None:
        return 0
    overdue = overdue_people(Actor.system("training reminders"), organisation)
    people: list[tuple[int, datetime | None]] = list(
        overdue.values_list("user_id", "valid_until")  # type: ignore[misc]  # valid_until is an annotation
    )
    for chunk in _chunks(people):
        send_nudge_chunk.delay(
            people=[[u, v.date().isoformat() if v else ""] for u, v in chunk],
            course_id=course.pk,
            organisation_id=organisation_id,
            batch=batch,
        )
    return len(people)


@shared_task(name="training.send_nudge_chunk", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_nudge_chunk(*, people: list[list[Any]], course_id: int, organisation_id: int, batch: str) -> int:
    course = Course.objects.get(pk=course_id)
    today = timezone.localdate()
    Reminder.objects.bulk_create(
        [
            Reminder(
                user_id=user_id,
                course=course,
                kind=ReminderKind.NUDGE,
                due_on=date.fromisoformat(due) if due else today,
                sent_on=today,
                organisation_id=organisation_id,
                batch=batch,
            )
            for user_id, due in people
        ],
        ignore_conflicts=True,
    )
    return _email_batch(batch, [int(p[0]) for p in people], course)


def nudged_today(organisation: Organisation) -> int:
    """How many of this organisation's people already had a bulk reminder today (shown beside the button)."""
    today = timezone.localdate()
    members = Membership.objects.filter(organisation=organisation).values("user_id")
    return Reminder.objects.filter(Q(kind=ReminderKind.NUDGE), sent_on=today, user_id__in=members).count()


@shared_task(name="training.refresh_compliance")
def refresh_compliance() -> int:
    """Every ten minutes: every organisation's compliance figures, for the national roll-up."""
    from carecyber.training.queries import refresh_compliance_snapshots

    return refresh_compliance_snapshots()
