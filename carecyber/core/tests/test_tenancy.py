"""Organisation A's people never see organisation B: every page and endpoint answers 404, never data."""

from __future__ import annotations

import json

import pytest

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db


def _b_urls(world: World) -> list[tuple[str, str]]:
    member_b = Membership.objects.get(user=world.staff_b)
    code = world.org_b.code
    return [
        ("get", f"/organisations/{code}/"),
        ("get", f"/organisations/{code}/edit"),
        ("post", f"/organisations/{code}/edit"),
        ("get", f"/organisations/{code}/people/"),
        ("get", f"/organisations/{code}/people/add"),
        ("post", f"/organisations/{code}/people/add"),
        ("get", f"/organisations/{code}/people/{member_b.pk}/"),
        ("post", f"/organisations/{code}/people/{member_b.pk}/remove"),
        # B's membership reached through A's own code must not work either.
        ("get", f"/organisations/{world.org_a.code}/people/{member_b.pk}/"),
        ("get", f"/api/v1/organisations/{code}/"),
        ("patch", f"/api/v1/organisations/{code}/"),
        ("get", f"/api/v1/memberships/{member_b.pk}/"),
        ("patch", f"/api/v1/memberships/{member_b.pk}/"),
        ("delete", f"/api/v1/memberships/{member_b.pk}/"),
        ("get", f"/api/v1/people/{world.staff_b.pk}/"),
    ]


def test_lead_of_a_gets_404_for_everything_of_b(world: World) -> None:
    client = signed_in(world.lead_a)
    for method, url in _b_urls(world):
        kwargs = (
            {"data": json.dumps({"name": "Taken over"}), "content_type": "application/json"}
            if method == "patch"
            else {}
        )
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"
        assert b"Birch" not in response.content, f"{method.upper()} {url} leaked B's name"
    assert Membership.objects.filter(user=world.staff_b).exists()
    world.org_b.refresh_from_db()
    assert world.org_b.name == "Birch Care Home"


def test_lists_of_a_never_include_b(world: World) -> None:
    client = signed_in(world.lead_a)
    orgs = client.get("/api/v1/organisations/").json()["results"]
    assert {o["code"] for o in orgs} == {"RAA", "RAA02"}
    people = client.get("/api/v1/people/").json()["results"]
    assert world.staff_b.email not in {p["email"] for p in people}
    memberships = client.get("/api/v1/memberships/?organisation=VBB01").json()["results"]
    assert memberships == []


def test_support_partner_sees_its_organisations_only(world: World) -> None:
    client = signed_in(world.partner_member)
    assert client.get(f"/organisations/{world.org_b.code}/").status_code == 200
    assert client.get(f"/organisations/{world.org_a.code}/").status_code == 404
    assert client.get(f"/api/v1/organisations/{world.org_a.code}/").status_code == 404
    codes = {o["code"] for o in client.get("/api/v1/organisations/").json()["results"]}
    assert codes == {"VBB01"}


def test_national_team_sees_every_organisation(world: World) -> None:
    client = signed_in(world.national)
    codes = {o["code"] for o in client.get("/api/v1/organisations/").json()["results"]}
    assert codes == {"RAA", "RAA02", "VBB01"}
    assert client.get(f"/organisations/{world.org_b.code}/people/").status_code == 200


def test_a_headquarters_lead_acts_for_its_site_but_staff_do_not(world: World) -> None:
    assert signed_in(world.lead_a).get(f"/organisations/{world.site_a.code}/").status_code == 200
    assert signed_in(world.staff_a).get(f"/organisations/{world.site_a.code}/").status_code == 404
    assert signed_in(world.lead_b).get(f"/organisations/{world.site_a.code}/").status_code == 404


def test_staff_cannot_see_the_people_list_of_their_own_organisation(world: World) -> None:
    response = signed_in(world.staff_a).get(f"/organisations/{world.org_a.code}/people/")
    assert response.status_code == 403
    assert world.lead_a.email.encode() not in response.content


def test_audit_log_of_b_is_invisible_to_a(world: World) -> None:
    signed_in(world.lead_b).post(
        f"/organisations/{world.org_b.code}/edit", {"name": "Birch House Care Home", "domains": ""}
    )
    assert AuditEvent.objects.filter(organisation=world.org_b, action="organisation.updated").exists()
    page = signed_in(world.lead_a).get("/audit/")
    assert b"Birch House" not in page.content
    api = signed_in(world.lead_a).get("/api/v1/audit-events/").json()["results"]
    assert all(e["object_label"] != "Birch House Care Home (VBB01)" for e in api)
    national = signed_in(world.national).get("/api/v1/audit-events/?limit=200").json()["results"]
    assert any(e["action"] == "organisation.updated" for e in national)
