"""Partner coverage: rules by region and type move organisations and their open questions; exceptions stay put."""

from __future__ import annotations

import pytest

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Organisation
from carecyber.support.models import CoverageException, Ticket
from carecyber.support.services.helpline import TicketInput, ticket_raise
from carecyber.support.services.partners import coverage_apply_all, coverage_rule_set
from carecyber.support.tests.conftest import as_user
from carecyber.testing.factories import OrganisationFactory, SupportPartnerFactory

pytestmark = pytest.mark.django_db


def test_a_rule_moves_organisations_and_their_open_questions(world: World) -> None:
    newcomer = SupportPartnerFactory(name="Mersey Care Cyber", code="mersey", region="north_west")
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    ticket = ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"))
    response = as_user(world.national).post("/support/coverage/regions/north_west", {"rule-care_home": "mersey"})
    assert response.status_code == 302
    world.org_b.refresh_from_db()
    ticket.refresh_from_db()
    assert world.org_b.support_partner == newcomer and ticket.partner == newcomer
    assert AuditEvent.objects.filter(action="coverage.rule_set").count() == 1
    # The old partner no longer sees the organisation; the new one does.
    assert as_user(world.partner_member).get(f"/support/help/{ticket.reference}/").status_code == 404


def test_a_partner_from_another_region_cannot_cover_it(world: World) -> None:
    SupportPartnerFactory(name="Devon Cyber", code="devon", region="south_west")
    response = as_user(world.national).post("/support/coverage/regions/north_west", {"rule-care_home": "devon"})
    assert response.status_code == 302
    world.org_b.refresh_from_db()
    assert world.org_b.support_partner == world.partner  # unchanged


def test_an_organisation_placed_by_hand_is_left_alone_until_cleared(world: World) -> None:
    other = SupportPartnerFactory(name="Mersey Care Cyber", code="mersey", region="north_west")
    client = as_user(world.national)
    response = client.post("/support/coverage/", {"code": world.org_b.code, "partner": "none", "reason": "Moving out"})
    assert response.status_code == 302
    world.org_b.refresh_from_db()
    assert world.org_b.support_partner is None
    coverage_rule_set(actor=Actor.system("test"), region="north_west", org_type="care_home", partner=other)
    world.org_b.refresh_from_db()
    assert world.org_b.support_partner is None  # the exception holds
    client.post(f"/support/coverage/exceptions/{world.org_b.code}/clear")
    world.org_b.refresh_from_db()
    assert world.org_b.support_partner == other and not CoverageException.objects.exists()


def test_placing_by_hand_needs_a_reason_and_a_real_code(world: World) -> None:
    client = as_user(world.national)
    html = client.post(
        "/support/coverage/", {"code": world.org_b.code, "partner": "none", "reason": ""}
    ).content.decode()
    assert "Say why this organisation is placed by hand" in html
    html = client.post("/support/coverage/", {"code": "ZZZ99", "partner": "none", "reason": "x"}).content.decode()
    assert "There is no organisation with that code" in html
    assert not CoverageException.objects.exists()


def test_applying_the_rules_places_new_organisations_and_is_idempotent(world: World) -> None:
    system = Actor.system("test")
    coverage_rule_set(actor=system, region="north_west", org_type="care_home", partner=world.partner)
    newcomer = OrganisationFactory(name="New Home", type="care_home", region="north_west", support_partner=None)
    assert coverage_apply_all(actor=system) == 1
    assert Organisation.objects.get(pk=newcomer.pk).support_partner == world.partner
    assert coverage_apply_all(actor=system) == 0


def test_only_the_national_team_manages_coverage(world: World) -> None:
    for user in (world.partner_member, world.lead_b, world.staff_a):
        client = as_user(user)
        assert client.get("/support/coverage/").status_code == 403
        assert client.post("/support/coverage/regions/north_west", {"rule-care_home": "none"}).status_code == 403
    world.org_b.refresh_from_db()
    assert world.org_b.support_partner == world.partner


def test_the_coverage_page_shows_partners_a_chart_and_its_table(world: World) -> None:
    html = as_user(world.national).get("/support/coverage/").content.decode()
    assert "North West Partner" in html and 'role="img"' in html
    assert "Organisations covered by a partner, by region" in html
    html = as_user(world.national).get("/support/coverage/regions/north_west").content.decode()
    assert "Care home" in html and "North West Partner (1 now)" in html
    assert as_user(world.national).get("/support/coverage/regions/atlantis").status_code == 404


def test_open_tickets_stay_with_no_one_when_the_partner_is_removed(world: World) -> None:
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    ticket = ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"))
    coverage_rule_set(actor=Actor.system("test"), region="north_west", org_type="care_home", partner=None)
    assert Ticket.objects.get(pk=ticket.pk).partner is None
    assert ticket.reference in as_user(world.national).get("/support/help/").content.decode()
