"""Reminders by email at 60, 30 and 7 days before the deadline and before expiry, each sent once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from carecyber.assessments.engine.calendar import deadline, expiry_of
from carecyber.assessments.models import Assessment, ReminderSent
from carecyber.assessments.services.reminders import reminder_chunks, reminders_send_chunk
from carecyber.assessments.tasks import expire_statuses, send_reminders
from carecyber.assessments.tests.conftest import fill
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World
from carecyber.core.extensions import scheduled_jobs

pytestmark = pytest.mark.django_db


def run(today: date, capture: Any) -> list[Any]:
    before = len(mail.outbox)
    with capture(execute=True):
        for first, last in reminder_chunks():
            reminders_send_chunk(first_id=first, last_id=last, today=today)
    return mail.outbox[before:]


def test_deadline_reminders_go_to_leads_once_per_stage(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    end = deadline(2027)
    assert run(end - timedelta(days=61), django_capture_on_commit_callbacks) == []
    sent = run(end - timedelta(days=60), django_capture_on_commit_callbacks)
    recipients = sorted(m.to[0] for m in sent)
    assert recipients == [world.lead_a.email, world.lead_b.email]  # organisations with a security lead
    birch = next(m for m in sent if m.to == [world.lead_b.email])
    assert "60 days left" in birch.subject and "So far 0% of the items are answered" in birch.body
    assert run(end - timedelta(days=45), django_capture_on_commit_callbacks) == []  # the 60-day stage is done
    assert len(run(end - timedelta(days=30), django_capture_on_commit_callbacks)) == 2
    assert run(end - timedelta(days=30), django_capture_on_commit_callbacks) == []  # a re-run sends nothing
    assert ReminderSent.objects.count() == 4


def test_published_organisations_get_expiry_reminders_instead(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    expires = expiry_of(date.today())
    sent = run(expires - timedelta(days=7), django_capture_on_commit_callbacks)
    birch = [m for m in sent if m.to == [world.lead_b.email]]
    assert [m.subject for m in birch] == ["Your data security status expires in 7 days"]


def test_the_daily_job_fans_out_and_jobs_are_scheduled(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        chunks = send_reminders.delay((deadline(2027) - timedelta(days=7)).isoformat()).get()
    assert chunks == len(reminder_chunks()) >= 1
    assert len(mail.outbox) == 2
    assert expire_statuses.delay().get() == 0
    names = {job.name for job in scheduled_jobs()}
    assert {"assessments.expire-statuses", "assessments.send-reminders", "assessments.recompute-statuses"} <= names
