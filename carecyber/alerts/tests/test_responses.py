"""Responding: acknowledge, applicability, updates every period, close with an outcome; a headquarters for its sites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carecyber.alerts.models import Response, ResponseEvent
from carecyber.alerts.services import responses_acknowledge, responses_close, responses_declare, responses_record_update
from carecyber.alerts.tests.conftest import actor_for
from carecyber.conftest import signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def targeted(world, add_asset, publish):  # type: ignore[no-untyped-def]
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.site_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    return publish()


def test_a_headquarters_acknowledges_for_itself_and_its_site_in_one_action(world, targeted) -> None:
    ours = list(Response.objects.filter(advisory=targeted, organisation__in=[world.org_a, world.site_a]))
    page = signed_in(world.lead_a).post(
        f"/alerts/{targeted.reference}/respond",
        {"organisations": [r.pk for r in ours], "action": "acknowledge", "note": ""},
    )
    assert page.status_code == 302
    for response in Response.objects.filter(pk__in=[r.pk for r in ours]):
        assert response.state == "acknowledged" and response.acknowledged_by == world.lead_a
        assert abs(response.next_update_due_at - (response.acknowledged_at + timedelta(days=3))) < timedelta(seconds=1)
    events = ResponseEvent.objects.filter(response__in=ours, kind="acknowledged")
    assert events.count() == 2 and all(e.acting_for == world.org_a for e in events)
    assert AuditEvent.objects.filter(action="response.acknowledged").count() == 2
    assert Response.objects.get(advisory=targeted, organisation=world.org_b).state == "open"


def test_another_organisations_response_cannot_be_touched(world, targeted) -> None:
    birch = Response.objects.get(advisory=targeted, organisation=world.org_b)
    page = signed_in(world.lead_a).post(
        f"/alerts/{targeted.reference}/respond", {"organisations": [birch.pk], "action": "acknowledge"}
    )
    assert page.status_code == 400  # not one of the choices offered
    assert "Select a valid choice" in page.content.decode()
    with pytest.raises(ValidationError, match="only respond for your organisation"):
        responses_acknowledge(actor=actor_for(world.lead_a), responses=[birch])
    assert Response.objects.get(pk=birch.pk).state == "open"


def test_staff_and_auditors_cannot_respond(world, targeted) -> None:
    response = Response.objects.get(advisory=targeted, organisation=world.org_a)
    for user in (world.staff_a, world.auditor_a):
        page = signed_in(user).post(
            f"/alerts/{targeted.reference}/respond", {"organisations": [response.pk], "action": "acknowledge"}
        )
        assert page.status_code == 403


def test_not_applicable_needs_a_reason_and_closes(world, targeted) -> None:
    response = Response.objects.get(advisory=targeted, organisation=world.org_b)
    page = signed_in(world.lead_b).post(
        f"/alerts/{targeted.reference}/respond",
        {"organisations": [response.pk], "action": "not_applicable", "note": ""},
    )
    assert page.status_code == 400 and "Say why it does not apply" in page.content.decode()
    assert Response.objects.get(pk=response.pk).state == "open"
    responses_declare(
        actor=actor_for(world.lead_b), responses=[response], applicable=False, reason="We moved to a hosted service."
    )
    response.refresh_from_db()
    assert (response.state, response.outcome, response.applicability) == ("closed", "not_applicable", "not_applicable")
    assert response.next_update_due_at is None


def test_updates_move_the_next_deadline_and_closing_records_the_outcome(world, targeted) -> None:
    lead = actor_for(world.lead_b)
    response = Response.objects.get(advisory=targeted, organisation=world.org_b)
    responses_declare(actor=lead, responses=[response], applicable=True)
    custom = timezone.now() + timedelta(days=10)
    responses_record_update(actor=lead, responses=[response], note="Patched two of three servers.", next_due=custom)
    response.refresh_from_db()
    assert response.state == "in_progress" and response.next_update_due_at == custom
    with pytest.raises(ValidationError, match="must be due in the future"):
        responses_record_update(
            actor=lead, responses=[response], note="x", next_due=timezone.now() - timedelta(hours=1)
        )
    responses_close(actor=lead, responses=[response], outcome="patched", note="All three patched.")
    response.refresh_from_db()
    assert (response.state, response.outcome, response.next_update_due_at) == ("closed", "patched", None)
    with pytest.raises(ValidationError, match="already closed"):
        responses_acknowledge(actor=lead, responses=[response])


def test_accepting_a_risk_needs_a_named_sign_off(world, targeted) -> None:
    lead = actor_for(world.lead_b)
    response = Response.objects.get(advisory=targeted, organisation=world.org_b)
    with pytest.raises(ValidationError) as refused:
        responses_close(actor=lead, responses=[response], outcome="risk_accepted")
    assert set(refused.value.message_dict) == {"risk_owner_name", "risk_owner_role", "note"}
    assert Response.objects.get(pk=response.pk).state == "open"
    responses_close(
        actor=lead,
        responses=[response],
        outcome="risk_accepted",
        note="The server is isolated and retires next month.",
        risk_owner_name="Dr Amal Reid",
        risk_owner_role="Senior information risk owner",
    )
    response.refresh_from_db()
    assert response.risk_owner_name == "Dr Amal Reid" and response.outcome == "risk_accepted"


def test_the_detail_page_shows_why_and_the_form_for_leads(world, targeted) -> None:
    html = signed_in(world.lead_b).get(f"/alerts/{targeted.reference}/").content.decode()
    assert "Why Birch Care Home was sent this" in html
    assert "Microsoft Exchange Server 15.2.986.5: version 15.2.986.5 is in the affected range" in html
    assert "Save response" in html
    staff_html = signed_in(world.staff_b).get(f"/alerts/{targeted.reference}/").content.decode()
    assert "Save response" not in staff_html and "Why Birch" not in staff_html
