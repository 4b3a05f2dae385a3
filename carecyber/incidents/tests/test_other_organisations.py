"""Another organisation gets 404 on every page and endpoint of a case — reading and changing alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.models import Incident, IncidentGroup, IncidentGroupMember
from carecyber.incidents.tests.helpers import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_b(world: World, settings: object, tmp_path: Path) -> dict[str, int]:
    """A case of organisation B with one of everything."""
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    incident = report(world.staff_b)
    lead = signed_in(world.lead_b)
    lead.post(f"/incidents/{incident.pk}/tasks/", {"title": "Call the family"})
    lead.post(f"/incidents/{incident.pk}/indicators/", {"form": "indicator", "kind": "domain", "value": "bad.example"})
    lead.post(f"/incidents/{incident.pk}/indicators/", {"form": "system", "name": "Rota"})
    lead.post(f"/incidents/{incident.pk}/indicators/", {"form": "link", "kind": "advisory", "reference": "CC-1"})
    lead.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("a.txt", b"x\n")})
    lead.post(f"/incidents/{incident.pk}/help", {"message": "Please advise us on this one."})
    incident = Incident.objects.get(pk=incident.pk)
    group = IncidentGroup.objects.create(title="Group")
    member = IncidentGroupMember.objects.create(group=group, incident=incident)
    return {
        "n": incident.pk,
        "task": incident.tasks.get().pk,
        "indicator": incident.indicators.get().pk,
        "system": incident.systems.get().pk,
        "link": incident.links.get().pk,
        "evidence": incident.evidence.get().pk,
        "request": incident.support_requests.get().pk,
        "group": group.pk,
        "member": member.pk,
    }


CASE_PAGES = [
    "{n}/", "{n}/edit", "{n}/grade", "{n}/decision", "{n}/notifications/new", "{n}/status", "{n}/close", "{n}/reopen",
    "{n}/help", "{n}/report.pdf", "{n}/report.docx", "{n}/tasks/", "{n}/tasks/{task}/edit", "{n}/timeline/",
    "{n}/indicators/", "{n}/communications/", "{n}/evidence/", "{n}/evidence/{evidence}/",
    "{n}/evidence/{evidence}/download",
]  # fmt: skip
CASE_ACTIONS = [
    "{n}/share", "{n}/tasks/playbook", "{n}/tasks/{task}/state", "{n}/indicators/{indicator}/remove",
    "{n}/systems/{system}/state", "{n}/links/{link}/remove", "{n}/help/{request}/respond",
]  # fmt: skip


@pytest.mark.parametrize("path", CASE_PAGES)
def test_case_pages_are_404_for_another_organisation(world: World, case_b: dict[str, int], path: str) -> None:
    url = "/incidents/" + path.format(**case_b)
    clients = [signed_in(user) for user in (world.lead_a, world.staff_a, world.auditor_a)]
    before = AuditEvent.objects.count()
    for client in clients:
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"version": 1, "title": "x", "text": "x", "message": "a long enough message"}).status_code
            == 404
        )
    assert AuditEvent.objects.count() == before  # nothing happened


@pytest.mark.parametrize("path", CASE_ACTIONS)
def test_case_actions_are_404_for_another_organisation(world: World, case_b: dict[str, int], path: str) -> None:
    url = "/incidents/" + path.format(**case_b)
    clients = [signed_in(user) for user in (world.lead_a, world.staff_a)]
    before = AuditEvent.objects.count()
    for client in clients:
        assert client.post(url, {"state": "done", "playbook": "ransomware", "response": "hello"}).status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_api_and_my_reports_are_404_for_another_organisation(world: World, case_b: dict[str, int]) -> None:
    for user in (world.lead_a, world.staff_a):
        client = signed_in(user)
        assert client.get(f"/api/v1/incidents/{case_b['n']}/").status_code == 404
        assert client.get(f"/incidents/mine/{case_b['n']}").status_code == 404


def test_a_site_s_incidents_belong_to_its_headquarters_lead(world: World) -> None:
    from carecyber.testing.factories import MembershipFactory, UserFactory

    site_staff = UserFactory(email="nurse@site.test", full_name="Nia Nurse")
    MembershipFactory(user=site_staff, organisation=world.site_a, role="staff")
    incident = report(site_staff)
    assert signed_in(world.lead_a).get(f"/incidents/{incident.pk}/").status_code == 200
    assert signed_in(world.staff_a).get(f"/incidents/{incident.pk}/").status_code == 404
    assert signed_in(world.lead_b).get(f"/incidents/{incident.pk}/").status_code == 404


def test_the_national_team_s_group_pages_are_closed_to_others(world: World, case_b: dict[str, int]) -> None:
    for user in (world.lead_b, world.partner_member):
        client = signed_in(user)
        assert client.get(f"/incidents/national/groups/{case_b['group']}/").status_code == 403
        assert client.post(f"/incidents/national/groups/{case_b['group']}/unlink/{case_b['member']}").status_code == 403
    assert IncidentGroupMember.objects.count() == 1
