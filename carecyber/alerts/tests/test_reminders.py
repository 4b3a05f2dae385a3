"""Reminders and escalation: scheduled, idempotent, and only for what is really overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.alerts.models import Notification, Reminder, Response
from carecyber.alerts.services import responses_acknowledge
from carecyber.alerts.services.reminders import reminders_run
from carecyber.alerts.tests.conftest import actor_for
from carecyber.core.extensions import scheduled_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(world, add_asset, publish, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    mail.outbox.clear()
    return Response.objects.get(advisory=advisory, organisation=world.org_b)


def test_the_jobs_are_scheduled() -> None:
    names = {job.task for job in scheduled_jobs()}
    assert {"alerts.remind_and_escalate", "alerts.fan_out_sweep"} <= names


def test_nothing_happens_before_a_deadline(world, response) -> None:
    assert reminders_run() == {"ack_reminders": 0, "ack_escalations": 0, "update_reminders": 0, "update_escalations": 0}


def test_an_overdue_acknowledgement_is_reminded_once_then_escalated(
    world, response, django_capture_on_commit_callbacks
) -> None:
    later = response.ack_due_at + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_run(now=later)
        again = reminders_run(now=later + timedelta(minutes=15))
    assert first["ack_reminders"] == 1 and again["ack_reminders"] == 0
    assert [m.to for m in mail.outbox] == [[world.lead_b.email]]
    assert mail.outbox[0].subject.startswith("Overdue: acknowledge")
    assert Notification.objects.filter(user=world.lead_b, key__startswith="reminder:").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        escalated = reminders_run(now=response.ack_due_at + timedelta(hours=25))
        reminders_run(now=response.ack_due_at + timedelta(hours=26))
    assert escalated["ack_escalations"] == 1
    assert [m.to for m in mail.outbox] == [[world.national.email]]
    assert "1 organisation(s) overdue" in mail.outbox[0].body
    assert Notification.objects.filter(user=world.national, key__startswith="escalation:").count() == 1
    assert Response.objects.get(pk=response.pk).escalated_at is not None
    assert Reminder.objects.filter(response=response).count() == 2


def test_an_overdue_update_is_reminded_and_acknowledging_stops_ack_reminders(
    world, response, django_capture_on_commit_callbacks
) -> None:
    responses_acknowledge(actor=actor_for(world.lead_b), responses=[response])
    response.refresh_from_db()
    late = response.next_update_due_at + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders_run(now=late)
    assert counts["ack_reminders"] == 0 and counts["update_reminders"] == 1
    assert mail.outbox[-1].subject.startswith("Overdue: send an update on")


def test_the_update_period_is_a_setting(world, response, settings) -> None:
    settings.ALERTS_UPDATE_PERIOD_DAYS = 7
    responses_acknowledge(actor=actor_for(world.lead_b), responses=[response])
    response.refresh_from_db()
    assert abs(response.next_update_due_at - response.acknowledged_at - timedelta(days=7)) < timedelta(seconds=1)


def test_withdrawn_and_closed_alerts_are_never_reminded(world, response, django_capture_on_commit_callbacks) -> None:
    from carecyber.alerts.services import advisory_withdraw

    with django_capture_on_commit_callbacks(execute=True):
        advisory_withdraw(actor=actor_for(world.national), advisory=response.advisory, reason="Not real.")
    assert reminders_run(now=timezone.now() + timedelta(days=30))["ack_reminders"] == 0
