"""Our own practice phishing (awareness exercises): reporting one counts for the exercise and praises the reporter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.awareness import services as awareness
from carecyber.awareness.models import ExerciseRecipient, ExerciseReport
from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Membership
from carecyber.phishing.models import Campaign
from carecyber.phishing.services.reporting import report_submit
from carecyber.phishing.tests.reporter_helpers import actor_for, committed, fixture

pytestmark = pytest.mark.django_db


def _practice_email_to_staff_a(world: World) -> bytes:
    """Run a real exercise and take the practice email it sent to Sid Staff, headers and all."""
    lead = Actor(user=world.lead_a, membership=Membership.objects.get(user=world.lead_a, organisation=world.org_a))
    now = timezone.now()
    exercise = awareness.exercise_create(
        actor=lead,
        organisation=world.org_a,
        data=awareness.ExerciseInput(
            name="Winter check",
            template_key="parking-permit",
            teams=(),
            window_start=now,
            window_end=now + timedelta(hours=1),
        ),
    )
    awareness.exercise_launch(actor=lead, exercise=exercise)
    with committed():
        awareness.exercise_send_due(now=exercise.window_end)
    sent = next(m for m in mail.outbox if m.to == ["staff@alder.test"])
    mail.outbox.clear()
    return sent.message().as_bytes()


def test_reporting_a_practice_email_counts_for_the_exercise(world: World) -> None:
    raw = _practice_email_to_staff_a(world)
    token = ExerciseRecipient.objects.get(email="staff@alder.test").token
    assert token.encode() in raw
    with committed():
        report = report_submit(actor=actor_for(world.staff_a), raw=raw, route="upload")
    report.refresh_from_db()
    assert report.exercise_token == token
    assert ExerciseReport.objects.get(token=token).source == "phishing-upload"
    assert not Campaign.objects.exists()  # practice emails are not an attack
    assert mail.outbox[-1].subject.startswith("This was a practice phishing email")
    assert "well done" in mail.outbox[-1].body


def test_a_forged_exercise_header_is_not_taken_as_practice(world: World) -> None:
    raw = b"X-CareCyber-Exercise: not-one-of-ours\n" + fixture("reporter_payroll_phish.eml")
    with committed():
        report = report_submit(actor=actor_for(world.staff_a), raw=raw, route="upload")
    report.refresh_from_db()
    assert report.exercise_token == "" and report.verdict == "phishing"
    assert not ExerciseReport.objects.exists()
