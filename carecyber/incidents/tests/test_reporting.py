"""Reporting: anyone in an organisation, in a short form, named or anonymous; the lead is alerted at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.models import Incident, IncidentLink, TimelineEvent
from carecyber.incidents.services import incident_report_from_phishing
from carecyber.incidents.tests.helpers import actor_for, local

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    now = timezone.now()
    return {
        "category": "lost_or_stolen",
        "summary": "I left my work laptop on the train",
        "still_happening": "no",
        "occurred_at": local(now - timedelta(hours=2)),
        "aware_at": local(now - timedelta(minutes=30)),
        "data_or_systems": "Laptop with care plans",
        "description": "",
        **overrides,
    }


def test_the_staff_home_page_offers_to_report_an_incident(world: World) -> None:
    html = signed_in(world.staff_a).get("/").content.decode()
    assert "Report an incident" in html and 'href="/incidents/report"' in html


def test_the_form_groups_categories_people_recognise(world: World) -> None:
    html = signed_in(world.staff_a).get("/incidents/report").content.decode()
    for words in (
        "Information reached someone it should not",
        "Email, letter or fax sent to the wrong address",
        "Files locked and a ransom demanded",
        "Fire, flood or a power cut",
        "A near miss",
        "Report this without my name",
    ):
        assert words in html


def test_a_named_report_alerts_the_lead_and_thanks_the_reporter(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    client = signed_in(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post("/incidents/report", _form())
    assert response.status_code == 302 and response["Location"] == "/incidents/report/thanks"
    incident = Incident.objects.get()
    assert incident.organisation == world.org_a and incident.reporter == world.staff_a and not incident.anonymous
    assert incident.status == "new" and incident.suggested_playbook == "lost_device"
    assert (incident.region, incident.org_category) == ("north_west", 1)
    assert [m.to for m in mail.outbox] == [[world.lead_a.email]]
    assert incident.reference in mail.outbox[0].subject and "Sid Staff" in mail.outbox[0].body
    thanks = client.get("/incidents/report/thanks").content.decode()
    assert "Thank you" in thanks and incident.reference in thanks and "What happens next" in thanks
    assert "report it to the police" in thanks  # advice for this kind of incident
    assert TimelineEvent.objects.filter(incident=incident, kind="automatic", text__startswith="Reported").exists()
    assert AuditEvent.objects.filter(action="incident.reported", organisation=world.org_a).count() == 1


def test_an_anonymous_report_keeps_no_trace_of_who_made_it(world: World) -> None:
    client = signed_in(world.staff_a)
    response = client.post("/incidents/report", _form(anonymous="on"))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.anonymous and incident.reporter is None
    event = AuditEvent.objects.get(action="incident.reported")
    assert event.actor_user is None and event.actor_label == "anonymous reporter" and event.ip is None
    assert event.organisation_id == world.org_a.pk  # the lead still sees that a report came in
    assert "Sid" not in str(list(TimelineEvent.objects.values_list("actor_label", flat=True)))
    assert "without your name" in client.get("/incidents/report/thanks").content.decode()
    # The reporter cannot find it again afterwards, and nor can anyone else find who made it.
    assert incident.reference not in client.get("/incidents/mine/").content.decode()
    lead_view = signed_in(world.lead_a).get(f"/incidents/{incident.pk}/").content.decode()
    assert "Anonymous" in lead_view and "Sid Staff" not in lead_view


def test_an_urgent_report_says_so_in_the_alert(world: World, django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        signed_in(world.staff_a).post("/incidents/report", _form(still_happening="yes", category="ransomware"))
    assert mail.outbox[0].subject.startswith("Urgent")
    assert "still happening" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"summary": ""}, "Say in a sentence what happened"),
        ({"category": ""}, "Choose what kind of incident this is"),
        ({"category": "alien_invasion"}, "Choose what kind of incident this is"),
        ({"occurred_at": "31/02/2026 10:00"}, "Enter a real date and time"),
        ({"occurred_at": local(timezone.now() + timedelta(days=2))}, "cannot be in the future"),
        ({"aware_at": local(timezone.now() - timedelta(days=3))}, "You cannot have found out before it happened"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved_or_lost(
    world: World, overrides: dict[str, str], message: str
) -> None:
    response = signed_in(world.staff_a).post("/incidents/report", _form(**overrides))
    assert response.status_code == 200
    html = response.content.decode().replace("&#39;", "'")
    assert "There is a problem" in html and message in html
    assert "Laptop with care plans" in html  # what was typed is still there
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action="incident.reported").exists()


def test_your_reports_show_their_progress_but_not_the_case(world: World) -> None:
    client = signed_in(world.staff_a)
    client.post("/incidents/report", _form())
    incident = Incident.objects.get()
    html = client.get("/incidents/mine/").content.decode()
    assert "I left my work laptop on the train" in html and "New" in html
    page = client.get(f"/incidents/mine/{incident.pk}").content.decode()
    assert "Your security lead is working on it" in page
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404  # the case itself is the lead's


def test_phishing_buttons_open_a_prefilled_linked_incident_once(world: World) -> None:
    actor = actor_for(world.staff_a)
    first = incident_report_from_phishing(actor=actor, phishing_report_id=4321, kind="entered_password", summary="")
    again = incident_report_from_phishing(actor=actor, phishing_report_id=4321, kind="entered_password", summary="")
    assert first.pk == again.pk
    assert first.category == "phishing_credentials" and first.suggested_playbook == "phishing_credentials"
    assert first.source == "phishing" and first.reporter == world.staff_a
    link = IncidentLink.objects.get(incident=first)
    assert (link.kind, link.reference) == ("phishing_report", "4321")
    clicked = incident_report_from_phishing(
        actor=actor, phishing_report_id=4321, kind="clicked", summary="Opened the invoice"
    )
    assert clicked.pk != first.pk and clicked.category == "phishing_clicked" and clicked.summary == "Opened the invoice"


def test_people_with_no_organisation_cannot_report(world: World) -> None:
    assert signed_in(world.national).get("/incidents/report").status_code == 403
    assert signed_in(world.partner_member).post("/incidents/report", _form()).status_code == 403
    assert not Incident.objects.exists()
