"""An analyst's change of verdict: the verdict changes, the feedback is kept, the reporter hears, it is audited."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent
from carecyber.phishing.models import Override
from carecyber.phishing.services_analyst import report_override
from carecyber.phishing.tests.analyst_factories import make_report

pytestmark = pytest.mark.django_db


def _lead(world: World) -> Actor:
    return Actor(user=world.lead_a, membership=world.lead_a.memberships.get())


def test_an_override_changes_the_verdict_and_keeps_the_feedback(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    report = make_report(organisation=world.org_a, reporter=world.staff_a, fixture="safe_colleague.eml")
    assert report.engine_verdict == "safe"
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.lead_a).post(
            reverse("phishing:analyst-override", args=[report.pk]),
            {"verdict": "phishing", "note": "Same lure as last week's payroll scam."},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.verdict == "phishing" and report.engine_verdict == "safe" and report.overridden
    override = Override.objects.get(report=report)
    assert (override.verdict_before, override.verdict, override.engine_score) == (
        "safe",
        "phishing",
        report.engine_score,
    )
    assert override.analyst == world.lead_a and "payroll" in override.note
    event = AuditEvent.objects.get(action="phishing.report.override")
    assert event.organisation_id == world.org_a.pk and event.changes["verdict"] == ["safe", "phishing"]
    assert [m.to for m in mail.outbox] == [[world.staff_a.email]]
    body = mail.outbox[0].body
    assert "looked at it again" in body and "This is a phishing email" in body and report.reference in body
    assert report.verdict_sent_at is not None


def test_the_same_verdict_again_is_feedback_but_sends_no_email(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    report = make_report(organisation=world.org_a, reporter=world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        report_override(actor=_lead(world), report=report, verdict="phishing", note="Confirmed by hand.")
    assert Override.objects.filter(report=report, verdict_before="phishing", verdict="phishing").exists()
    assert mail.outbox == []


def test_a_note_is_required(world: World) -> None:
    report = make_report(organisation=world.org_a)
    with pytest.raises(ValidationError) as caught:
        report_override(actor=_lead(world), report=report, verdict="safe", note="   ")
    assert "note" in caught.value.message_dict
    response = signed_in(world.lead_a).post(
        reverse("phishing:analyst-override", args=[report.pk]), {"verdict": "safe", "note": ""}
    )
    assert response.status_code == 400 and b"nhsuk-error-summary" in response.content
    assert not Override.objects.exists()


def test_the_service_refuses_a_report_outside_the_analysts_reach(world: World) -> None:
    theirs = make_report(organisation=world.org_b)
    with pytest.raises(PermissionDenied):
        report_override(actor=_lead(world), report=theirs, verdict="safe", note="not mine")
    theirs.refresh_from_db()
    assert theirs.verdict == "phishing"


def test_the_api_override_and_the_national_feedback_export(world: World) -> None:
    report = make_report(organisation=world.org_a, reporter=world.staff_a)
    response = signed_in(world.lead_a).post(
        f"/api/v1/phishing/queue/{report.pk}/override/",
        {"verdict": "spam", "note": "Marketing, not a lure."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["verdict"] == "spam" and response.json()["engine_verdict"] == "phishing"
    unknown = signed_in(world.lead_a).post(
        f"/api/v1/phishing/queue/{report.pk}/override/",
        {"verdict": "spam", "note": "x", "colour": "red"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    export = signed_in(world.national).get(reverse("phishing:feedback-export"))
    lines = [json.loads(line) for line in b"".join(export.streaming_content).decode().splitlines()]
    assert len(lines) == 1
    row = lines[0]
    assert row["sha256"] == report.raw.sha256
    assert (row["engine_verdict"], row["analyst_verdict"], row["note"]) == (
        "phishing",
        "spam",
        "Marketing, not a lure.",
    )
    assert "sender_lookalike" in row["reason_codes"]
    csv_export = signed_in(world.national).get(reverse("phishing:feedback-export") + "?format=csv")
    assert b"Marketing, not a lure." in b"".join(csv_export.streaming_content)
