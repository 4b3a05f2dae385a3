"""Grading a case with the rules in force, the 72-hour clock it starts, and the decision to notify or not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.models import Incident
from carecyber.incidents.tests.helpers import grade, local, report

pytestmark = pytest.mark.django_db


def test_a_lead_grades_a_notifiable_incident_and_the_clock_starts(world: World) -> None:
    incident = report(world.staff_b)  # a care home: not an essential service
    response = signed_in(world.lead_b).post(
        f"/incidents/{incident.pk}/grade",
        {"version": incident.version, "likelihood": "4", "severity": "3", "data_subjects_count": "12"},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.graded_likelihood, incident.graded_severity, incident.score, incident.band) == (4, 3, 12, "High")
    assert incident.notify_regulator and incident.notifiable and incident.rules_version == 0
    assert incident.deadline_at == incident.aware_at + timedelta(hours=72)
    assert incident.status == "triage" and incident.data_subjects_count == 12
    page = signed_in(world.lead_b).get(f"/incidents/{incident.pk}/").content.decode()
    assert "72-hour clock" in page and "left" in page and "Data-protection regulator" in page
    assert AuditEvent.objects.filter(action="incident.graded", organisation=world.org_b).count() == 1


def test_the_grading_page_shows_the_words_of_each_score_and_the_grid(world: World) -> None:
    incident = report(world.staff_b)
    html = signed_in(world.lead_b).get(f"/incidents/{incident.pk}/grade").content.decode()
    assert "Occurred – people have been affected" in html and "Catastrophic" in html
    assert "How the grid decides" in html and "continuity" not in html  # a care home is not asked


def test_essential_services_must_answer_the_continuity_question(world: World) -> None:
    incident = report(world.staff_a)  # an NHS trust: category 1
    client = signed_in(world.lead_a)
    assert "continuity of your essential service" in client.get(f"/incidents/{incident.pk}/grade").content.decode()
    missing = client.post(
        f"/incidents/{incident.pk}/grade", {"version": incident.version, "likelihood": "1", "severity": "1"}
    )
    assert "Say whether it significantly affects the continuity" in missing.content.decode()
    assert not Incident.objects.get(pk=incident.pk).is_graded
    client.post(
        f"/incidents/{incident.pk}/grade",
        {"version": incident.version, "likelihood": "1", "severity": "1", "significant_service_impact": "yes"},
    )
    incident.refresh_from_db()
    assert incident.nis_report and incident.notifiable and not incident.notify_health_department


def test_vulnerable_people_raise_the_grade(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=2, severity=2, vulnerable_groups=True)
    assert (incident.graded_likelihood, incident.graded_severity) == (3, 3)
    assert incident.notify_regulator and "Vulnerable people" in incident.grading_reasons[0]


def test_deciding_not_to_notify_needs_a_reason_and_stops_the_clock(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b))
    client = signed_in(world.lead_b)
    short = client.post(
        f"/incidents/{incident.pk}/decision", {"version": incident.version, "decision": "not_notify", "reason": "no"}
    )
    assert "Give the reason for not notifying" in short.content.decode()
    assert Incident.objects.get(pk=incident.pk).clock_running
    reason = "The letter went to another GP practice, which deleted it unread and confirmed in writing."
    client.post(
        f"/incidents/{incident.pk}/decision", {"version": incident.version, "decision": "not_notify", "reason": reason}
    )
    incident.refresh_from_db()
    assert incident.decision == "not_notify" and incident.decision_reason == reason
    assert not incident.clock_running and incident.clock_stopped_at is not None
    assert reason in client.get(f"/incidents/{incident.pk}/").content.decode()


def test_regrading_sets_aside_a_decision_not_to_notify(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=2, severity=3)
    signed_in(world.lead_b).post(
        f"/incidents/{incident.pk}/decision",
        {"version": incident.version, "decision": "not_notify", "reason": "Contained within minutes, nothing seen."},
    )
    incident = grade(world.lead_b, incident, likelihood=5, severity=5)
    assert incident.decision == "" and incident.clock_running
    assert incident.timeline.filter(text__contains="decide again").exists()


def test_recording_every_required_notification_stops_the_clock(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=4, severity=3)  # regulator + health department
    client = signed_in(world.lead_b)
    url = f"/incidents/{incident.pk}/notifications/new"
    no_ref = client.post(url, {"recipient": "regulator", "reference": "", "notified_at": local(timezone.now())})
    assert "Enter the reference they gave you" in no_ref.content.decode()
    client.post(url, {"recipient": "regulator", "reference": "ICO-778812", "notified_at": local(timezone.now())})
    incident.refresh_from_db()
    assert incident.clock_running and incident.decision == "notify"  # the health department is still to be told
    client.post(url, {"recipient": "health_department", "reference": "HD-42", "notified_at": local(timezone.now())})
    incident.refresh_from_db()
    assert not incident.clock_running and incident.shared_with_national
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "ICO-778812" in page and "HD-42" in page


def test_a_notification_cannot_be_before_the_incident_or_in_the_future(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b, ago=timedelta(hours=5)))
    client = signed_in(world.lead_b)
    url = f"/incidents/{incident.pk}/notifications/new"
    before = client.post(
        url, {"recipient": "regulator", "reference": "X1", "notified_at": local(timezone.now() - timedelta(days=1))}
    )
    assert "before the incident happened" in before.content.decode()
    future = client.post(
        url, {"recipient": "regulator", "reference": "X1", "notified_at": local(timezone.now() + timedelta(days=1))}
    )
    assert "cannot be in the future" in future.content.decode()
    assert not incident.notifications.exists()


def test_staff_and_auditors_cannot_grade(world: World) -> None:
    incident = report(world.staff_a)
    for user in (world.staff_a, world.auditor_a):
        response = signed_in(user).post(
            f"/incidents/{incident.pk}/grade", {"version": 1, "likelihood": "5", "severity": "5"}
        )
        assert response.status_code in {403, 404}
    assert not Incident.objects.get(pk=incident.pk).is_graded
