"""Organisations: validated codes and domains, what each role may change, nothing half-saved."""

from __future__ import annotations

import pytest

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent, Organisation, OrganisationDomain
from carecyber.core.models.organisations import category_of

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Cedar Dental Practice",
    "code": "v00123",
    "type": "dental_practice",
    "region": "london",
    "parent": "",
    "support_partner": "",
    "domains": "cedar-dental.test\nmail.cedar-dental.test",
}


def test_national_team_adds_an_organisation(world: World) -> None:
    response = signed_in(world.national).post("/organisations/new", VALID)
    assert response.status_code == 302
    org = Organisation.objects.get(code="V00123")
    assert org.type == "dental_practice"
    assert org.category == category_of("dental_practice")
    assert sorted(org.domains.values_list("domain", flat=True)) == ["cedar-dental.test", "mail.cedar-dental.test"]
    assert AuditEvent.objects.filter(action="organisation.created", organisation=org).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "R!", "The code has at least 3 characters"),
        ("code", "ABC-12", "Enter an organisation code of 3 to 6 letters or digits"),
        ("type", "castle", "Select a valid choice"),
        ("domains", "not a domain", "Enter an email domain like example.nhs.uk"),
        ("name", "", "Enter the organisation"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(world: World, field: str, value: str, message: str) -> None:
    data = {**VALID, field: value}
    response = signed_in(world.national).post("/organisations/new", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html.replace("&#39;", "'")
    assert "Cedar Dental Practice" in html or field == "name"
    assert not Organisation.objects.filter(name="Cedar Dental Practice").exists()
    assert not OrganisationDomain.objects.filter(domain="cedar-dental.test").exists()


def test_a_domain_belongs_to_one_organisation_only(world: World) -> None:
    OrganisationDomain.objects.create(organisation=world.org_b, domain="shared.test")
    response = signed_in(world.national).post("/organisations/new", {**VALID, "domains": "shared.test"})
    assert "already belongs to another organisation" in response.content.decode()
    assert not Organisation.objects.filter(code="V00123").exists()


def test_a_duplicate_code_is_refused_clearly(world: World) -> None:
    response = signed_in(world.national).post("/organisations/new", {**VALID, "code": "RAA"})
    assert "Organisation with this Code already exists" in response.content.decode()


def test_staff_cannot_add_organisations(world: World) -> None:
    assert signed_in(world.lead_a).post("/organisations/new", VALID).status_code == 403
    assert not Organisation.objects.filter(code="V00123").exists()


def test_a_lead_changes_the_name_but_not_the_code_or_type(world: World) -> None:
    response = signed_in(world.lead_a).post(
        f"/organisations/{world.org_a.code}/edit",
        {"name": "Alder Trust", "code": "ZZZ", "type": "care_home", "domains": ""},
    )
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert (world.org_a.name, world.org_a.code, world.org_a.type) == ("Alder Trust", "RAA", "nhs_trust")


def test_a_site_cannot_be_a_headquarters(world: World) -> None:
    response = signed_in(world.national).post("/organisations/new", {**VALID, "parent": world.site_a.code})
    assert "A site cannot be the headquarters of another site" in response.content.decode()


def test_organisation_list_filters_and_paginates(world: World) -> None:
    client = signed_in(world.national)
    html = client.get("/organisations/?type=care_home").content.decode()
    assert "Birch Care Home" in html and "Alder Hospitals" not in html
    html = client.get("/organisations/?q=raa02").content.decode()
    assert "Alder Community Hospital" in html and "Birch" not in html
