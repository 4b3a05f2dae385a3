"""Reminders 30 and 7 days before training falls due, and the bulk reminder: never more than one email each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent, Membership
from carecyber.training import tasks
from carecyber.training.models import Course, Reminder, ReminderKind
from carecyber.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def _emails_to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if address in m.to]


def test_people_are_reminded_30_and_then_7_days_before_their_training_runs_out(world: World, core: Course) -> None:
    complete(world.staff_a, core, days_ago=365 - 20)  # runs out in about 20 days
    complete(world.staff_b, core, days_ago=365 - 5)  # runs out in about 5 days
    complete(world.lead_a, core, days_ago=10)  # nowhere near
    # Bea Lead joined today and has 30 days for her first time: she is in the 30-day window too.
    assert tasks.send_due_reminders() == 3
    assert len(_emails_to(world.staff_a.email)) == 1 and len(_emails_to(world.staff_b.email)) == 1
    assert len(_emails_to(world.lead_b.email)) == 1
    assert not _emails_to(world.lead_a.email)
    assert "Your training is due by" in _emails_to(world.staff_a.email)[0]
    body = next(m for m in mail.outbox if world.staff_a.email in m.to).body
    assert "/training/courses/core-cyber-security/" in body
    assert {r.days_before for r in Reminder.objects.all()} == {30, 7}
    # Running again (a retry, or the next day) sends nothing new for the same due date.
    assert tasks.send_due_reminders() == 0
    assert len(mail.outbox) == 3


def test_new_starters_are_reminded_before_their_first_due_date(world: World, core: Course) -> None:
    Membership.objects.filter(user=world.staff_b).update(created_at=timezone.now() - timedelta(days=25))
    tasks.send_due_reminders()
    assert len(_emails_to(world.staff_b.email)) == 1
    reminder = Reminder.objects.get(user=world.staff_b)
    assert reminder.days_before == 7 and reminder.emailed_at is not None


def test_the_bulk_reminder_emails_everyone_overdue_once_a_day(
    world: World, core: Course, django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.filter(organisation=world.org_a).update(created_at=timezone.now() - timedelta(days=90))
    complete(world.lead_a, core)
    lead = signed_in(world.lead_a)

    def remind() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return int(lead.post(f"/training/organisations/{world.org_a.code}/remind").status_code)

    assert remind() == 302
    assert len(_emails_to(world.staff_a.email)) == 1  # Sid is overdue; the lead is current; auditors are not counted
    assert not _emails_to(world.lead_a.email) and not _emails_to(world.auditor_a.email)
    assert "Please complete your training" in _emails_to(world.staff_a.email)[0]
    remind()
    remind()
    assert len(_emails_to(world.staff_a.email)) == 1
    assert Reminder.objects.filter(kind=ReminderKind.NUDGE, user=world.staff_a).count() == 1
    assert AuditEvent.objects.filter(action="training.reminders.requested", organisation=world.org_a).count() == 3
    page = lead.get(f"/training/organisations/{world.org_a.code}/overdue").content.decode()
    assert "1 already had one today" in page


def test_a_retried_chunk_does_not_email_twice(world: World, core: Course) -> None:
    Membership.objects.filter(organisation=world.org_b).update(created_at=timezone.now() - timedelta(days=90))
    people = [[world.staff_b.pk, ""], [world.lead_b.pk, ""]]
    args = {"people": people, "course_id": core.pk, "organisation_id": world.org_b.pk, "batch": "b1"}
    assert tasks.send_nudge_chunk(**args) == 2
    assert tasks.send_nudge_chunk(**args) == 0
    assert tasks.send_nudge_chunk(**{**args, "batch": "b2"}) == 0  # another request the same day
    assert len(mail.outbox) == 2
