"""National support: sharing, asking for help, the national list and picture, linking across organisations."""

from __future__ import annotations

import pytest
from django.core import mail

from carecyber.conftest import World, signed_in
from carecyber.incidents.models import Incident, IncidentGroupMember, SupportRequest
from carecyber.incidents.queries import NationalFilters, national_page
from carecyber.incidents.tests.helpers import actor_for, grade, report
from carecyber.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_national_team_sees_a_case_only_once_it_is_shared(world: World) -> None:
    incident = report(world.staff_b)
    national = signed_in(world.national)
    assert national.get(f"/incidents/{incident.pk}/").status_code == 404
    assert incident.reference not in national.get("/incidents/national/").content.decode()
    signed_in(world.lead_b).post(f"/incidents/{incident.pk}/share")
    assert Incident.objects.get(pk=incident.pk).shared_with_national
    assert national.get(f"/incidents/{incident.pk}/").status_code == 200
    assert incident.reference in national.get("/incidents/national/").content.decode()
    # The organisation's support partner sees it too; a partner of other organisations would not.
    assert signed_in(world.partner_member).get(f"/incidents/{incident.pk}/").status_code == 200


def test_asking_for_help_shares_the_case_and_reaches_the_national_team(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    incident = report(world.staff_b, category="ransomware", summary="Ransom screen on the office PC")
    lead = signed_in(world.lead_b)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = lead.post(
            f"/incidents/{incident.pk}/help",
            {"message": "We have no IT support on site and the rota system is down.", "contact": "01632 960001"},
        )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.shared_with_national and incident.help_requested
    assert mail.outbox[-1].to == [world.national.email] and "Help requested" in mail.outbox[-1].subject
    again = lead.post(f"/incidents/{incident.pk}/help", {"message": "Please, still waiting for a call back."})
    assert "already asked for help" in again.content.decode()
    assert SupportRequest.objects.count() == 1
    home = signed_in(world.national).get("/").content.decode()
    assert "waiting for help" in home and incident.reference in home


def test_the_national_team_answers_on_the_case(world: World, django_capture_on_commit_callbacks: object) -> None:
    incident = report(world.staff_b)
    signed_in(world.lead_b).post(f"/incidents/{incident.pk}/help", {"message": "Should we tell the families?"})
    request = SupportRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        signed_in(world.national).post(
            f"/incidents/{incident.pk}/help/{request.pk}/respond",
            {"response": "Yes: tell them today, and use the template letter we sent.", "close": "on"},
        )
    request.refresh_from_db()
    assert request.state == "closed" and "template letter" in request.response
    assert mail.outbox[-1].to == [world.lead_b.email]
    page = signed_in(world.lead_b).get(f"/incidents/{incident.pk}/").content.decode()
    assert "template letter" in page
    # Only the national team answers.
    assert (
        signed_in(world.partner_member)
        .post(f"/incidents/{incident.pk}/help/{request.pk}/respond", {"response": "Hello there"})
        .status_code
        == 403
    )


def test_the_national_list_filters_and_pages_by_keyset(world: World) -> None:
    for n in range(7):
        incident = report(
            world.staff_b, summary=f"Incident number {n}", category="misdirected_email" if n % 2 else "ransomware"
        )
        Incident.objects.filter(pk=incident.pk).update(shared_with_national=True)
    actor = actor_for(world.national)
    first = national_page(actor, NationalFilters(), per_page=3)
    assert [i.summary for i in first.items] == ["Incident number 6", "Incident number 5", "Incident number 4"]
    assert first.count == 7 and first.next_cursor and first.previous_cursor is None
    second = national_page(actor, NationalFilters(), after=first.next_cursor, per_page=3)
    assert [i.summary for i in second.items] == ["Incident number 3", "Incident number 2", "Incident number 1"]
    back = national_page(actor, NationalFilters(), before=second.previous_cursor or "", per_page=3)
    assert [i.summary for i in back.items] == [i.summary for i in first.items]
    ransomware = national_page(actor, NationalFilters(category="ransomware"))
    assert ransomware.count == 4 and all(i.category == "ransomware" for i in ransomware.items)
    assert national_page(actor, NationalFilters(q="VBB01")).count == 7
    assert national_page(actor, NationalFilters(region="london")).count == 0
    assert national_page(actor, NationalFilters(), after="not-a-cursor").count == 7  # a bad cursor is the first page
    html = signed_in(world.national).get("/incidents/national/?category=ransomware").content.decode()
    assert "Incident number 6" in html and "Incident number 5" not in html
    csv_text = b"".join(signed_in(world.national).get("/incidents/national/?format=csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert csv_text.count("\n") == 8 and "Birch Care Home" in csv_text


def test_the_national_picture_counts_every_incident_in_a_chart_and_a_table(world: World) -> None:
    report(world.staff_a, category="ransomware")
    report(world.staff_b, category="ransomware")
    report(world.staff_b, category="near_miss")
    html = signed_in(world.national).get("/incidents/national/picture").content.decode()
    assert html.count('class="cc-chart"') == 2
    assert "Incidents by kind and region, last 90 days" in html and "Files locked and a ransom demanded" in html
    assert "3 in all" in html
    csv_text = b"".join(
        signed_in(world.national).get("/incidents/national/picture?format=csv").streaming_content
    ).decode()  # type: ignore[attr-defined]
    assert "Files locked and a ransom demanded,0,0,0,0,2,0,0,2" in csv_text.replace("\r", "")
    assert signed_in(world.lead_a).get("/incidents/national/picture").status_code == 403
    assert signed_in(world.partner_member).get("/incidents/national/picture").status_code == 403


def test_incidents_at_several_organisations_are_linked_by_the_national_team(world: World) -> None:
    a = report(world.staff_a, summary="Prescribing system down")
    b = report(world.staff_b, summary="Care records system down")
    unshared = report(world.staff_b, summary="Not shared")
    Incident.objects.filter(pk__in=[a.pk, b.pk]).update(shared_with_national=True)
    national = signed_in(world.national)
    national.post(
        "/incidents/national/groups/", {"title": "Supplier outage, March", "summary": "One supplier, many sites"}
    )
    group_url = "/incidents/national/groups/1/"
    for incident in (a, b):
        assert national.post(group_url, {"reference": incident.reference}).status_code == 302
    refused = national.post(group_url, {"reference": unshared.reference})
    assert "has been shared with the national team" in refused.content.decode()
    assert "already in this group" in national.post(group_url, {"reference": a.reference}).content.decode()
    html = national.get(group_url).content.decode()
    assert "Prescribing system down" in html and "Care records system down" in html
    own = signed_in(world.lead_b).get(f"/incidents/{b.pk}/").content.decode()
    assert "Supplier outage, March" in own and "Prescribing system down" not in own  # never other organisations' cases
    member = IncidentGroupMember.objects.get(incident=a)
    national.post(f"{group_url}unlink/{member.pk}")
    assert not IncidentGroupMember.objects.filter(incident=a).exists()
    assert signed_in(world.lead_a).get("/incidents/national/groups/").status_code == 403


def test_a_partner_sees_only_its_own_organisations_shared_cases(world: World) -> None:
    other_org = OrganisationFactory(name="Cedar Home Care", code="VCC01", type="home_care")
    other_staff = UserFactory(email="staff@cedar.test", full_name="Cy Staff")
    MembershipFactory(user=other_staff, organisation=other_org, role="staff")
    mine = report(world.staff_b)
    theirs = report(other_staff)
    Incident.objects.update(shared_with_national=True)
    partner = signed_in(world.partner_member)
    html = partner.get("/incidents/national/").content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert partner.get(f"/incidents/{theirs.pk}/").status_code == 404


def test_grading_that_says_report_to_the_health_department_does_not_share_until_reported(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=3, severity=2)
    assert incident.notify_health_department and not incident.shared_with_national
