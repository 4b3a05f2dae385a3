"""Reminders at 24, 48 and 66 hours: sent once each by an idempotent scheduled task, stopped by a decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.conftest import World
from carecyber.core.extensions import scheduled_jobs
from carecyber.core.management.commands.scheduler import run_due
from carecyber.incidents.models import ClockReminder, Incident
from carecyber.incidents.services import clock_reminder_send, incident_decide
from carecyber.incidents.services.grading import incidents_with_reminder_due
from carecyber.incidents.tasks import clock_reminders
from carecyber.incidents.tests.helpers import actor_for, grade, report

pytestmark = pytest.mark.django_db


def _aware_hours_ago(incident: Incident, hours: float) -> Incident:
    """Move the incident back in time, as if the organisation became aware `hours` ago."""
    aware = timezone.now() - timedelta(hours=hours)
    Incident.objects.filter(pk=incident.pk).update(
        occurred_at=aware - timedelta(minutes=5), aware_at=aware, deadline_at=aware + timedelta(hours=72)
    )
    incident.refresh_from_db()
    return incident


@pytest.fixture
def notifiable(world: World) -> Incident:
    return grade(world.lead_b, report(world.staff_b), likelihood=5, severity=4)


def test_the_scheduler_runs_the_reminder_sweep(world: World) -> None:
    names = {job.name: job for job in scheduled_jobs()}
    assert names["incidents.clock-reminders"].seconds <= 600
    assert "incidents.retry-webhooks" in names
    assert run_due([names["incidents.clock-reminders"]], {}, now=0.0) == ["incidents.clock-reminders"]


def test_each_reminder_is_sent_once_at_its_hour(
    world: World, notifiable: Incident, django_capture_on_commit_callbacks: object
) -> None:
    _aware_hours_ago(notifiable, 23)
    assert incidents_with_reminder_due() == []
    _aware_hours_ago(notifiable, 24.5)
    assert incidents_with_reminder_due() == [notifiable.pk]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert clock_reminders.apply().get() == 1
        clock_reminders.apply()  # the sweep runs again five minutes later: nothing more to send
        assert clock_reminder_send(incident_id=notifiable.pk) is None  # a retry of the item task is harmless too
    assert list(ClockReminder.objects.values_list("hours", "sent")) == [(24, True)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.lead_b.email] and "left to notify" in message.subject
    assert "24 hours since your organisation became aware" in message.body
    _aware_hours_ago(notifiable, 48.2)
    _aware_hours_ago(notifiable, 66.1)  # the 48-hour mark passed unswept: only the 66-hour reminder goes
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        clock_reminders.apply()
    assert sorted(ClockReminder.objects.values_list("hours", "sent")) == [(24, True), (48, False), (66, True)]
    assert len(mail.outbox) == 2
    assert incidents_with_reminder_due() == []
    assert notifiable.timeline.filter(text__startswith="Reminder sent: 66 hours").exists()


def test_an_overdue_incident_gets_one_reminder_saying_so(
    world: World, notifiable: Incident, django_capture_on_commit_callbacks: object
) -> None:
    _aware_hours_ago(notifiable, 80)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        clock_reminders.apply()
    assert len(mail.outbox) == 1 and "overdue" in mail.outbox[0].subject
    assert "The deadline has passed" in mail.outbox[0].body


def test_a_decision_stops_the_reminders(world: World, notifiable: Incident) -> None:
    _aware_hours_ago(notifiable, 30)
    incident_decide(
        actor=actor_for(world.lead_b),
        incident=notifiable,
        version=notifiable.version,
        decision="not_notify",
        reason="Recovered within the hour; confirmed nothing was read.",
    )
    assert incidents_with_reminder_due() == []
    assert clock_reminder_send(incident_id=notifiable.pk) is None
    assert not mail.outbox


def test_incidents_that_need_no_notification_have_no_clock(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=1, severity=1)
    _aware_hours_ago(incident, 30)
    assert not incident.notifiable and incident.clock(timezone.now()) is None
    assert incidents_with_reminder_due() == []
