"""TLP decides who reads an advisory; drafts are the national team's; other organisations get 404."""

from __future__ import annotations

import pytest
from django.test import Client

from carecyber.alerts.models import AlertContact, Delivery
from carecyber.alerts.services import Targeting
from carecyber.conftest import signed_in

pytestmark = pytest.mark.django_db


def _status(client: Client, advisory) -> int:  # type: ignore[no-untyped-def]
    return client.get(f"/alerts/{advisory.reference}/").status_code


def test_tlp_clear_is_for_everyone_even_without_signing_in(world, publish) -> None:
    advisory = publish(tlp="clear", products=[], targeting=Targeting(all=True))
    anonymous = Client()
    assert _status(anonymous, advisory) == 200
    assert advisory.reference in anonymous.get("/alerts/").content.decode()


def test_tlp_green_is_for_members_only(world, publish) -> None:
    advisory = publish(tlp="green", products=[], targeting=Targeting(types=["care_home"]))
    assert _status(Client(), advisory) == 404
    assert advisory.reference not in Client().get("/alerts/").content.decode()
    assert _status(signed_in(world.staff_a), advisory) == 200  # not targeted, but in the community


def test_tlp_amber_reaches_the_targeted_organisation_and_its_helpers_only(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish(tlp="amber")
    assert _status(signed_in(world.staff_b), advisory) == 200
    assert _status(signed_in(world.lead_b), advisory) == 200
    assert _status(signed_in(world.partner_member), advisory) == 200  # Birch's support partner
    assert _status(signed_in(world.lead_a), advisory) == 404
    assert _status(signed_in(world.staff_a), advisory) == 404
    assert _status(Client(), advisory) == 404


def test_tlp_amber_strict_leaves_out_the_support_partner(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish(tlp="amber+strict")
    assert _status(signed_in(world.lead_b), advisory) == 200
    assert _status(signed_in(world.partner_member), advisory) == 404


def test_a_headquarters_lead_sees_amber_alerts_of_its_sites(world, add_asset, publish) -> None:
    add_asset(world.site_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish(tlp="amber+strict")
    assert _status(signed_in(world.lead_a), advisory) == 200  # acts for its site
    assert _status(signed_in(world.staff_a), advisory) == 404  # staff of the headquarters do not


def test_tlp_red_is_for_the_people_it_was_sent_to(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    AlertContact.objects.create(organisation=world.org_b, name="Bea", email=world.lead_b.email, user=world.lead_b)
    advisory = publish(tlp="red")
    assert Delivery.objects.filter(advisory=advisory, email=world.lead_b.email).exists()
    assert _status(signed_in(world.lead_b), advisory) == 200
    assert _status(signed_in(world.staff_b), advisory) == 404  # same organisation, but not a recipient
    assert _status(signed_in(world.partner_member), advisory) == 404


def test_drafts_are_seen_by_the_national_team_only(world, national_actor) -> None:
    from carecyber.alerts.services import advisory_create
    from carecyber.alerts.tests.conftest import advisory_input

    draft = advisory_create(actor=national_actor, data=advisory_input())
    assert _status(signed_in(world.national), draft) == 200
    for user in (world.lead_a, world.staff_b, world.partner_member):
        assert _status(signed_in(user), draft) == 404
    assert _status(Client(), draft) == 404


def test_downloads_follow_the_same_rule(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish(tlp="amber")
    for suffix in ("stix.json", "csaf.json"):
        assert signed_in(world.lead_b).get(f"/alerts/{advisory.reference}.{suffix}").status_code == 200
        assert signed_in(world.lead_a).get(f"/alerts/{advisory.reference}.{suffix}").status_code == 404


def test_writing_pages_are_for_the_national_team(world, publish) -> None:
    advisory = publish()
    lead = signed_in(world.lead_a)
    for url in (
        "/alerts/new",
        "/alerts/import",
        f"/alerts/{advisory.reference}/edit",
        f"/alerts/{advisory.reference}/withdraw",
        "/alerts/aliases/",
        "/alerts/dashboard/",
    ):
        assert lead.get(url).status_code == 403, url
    assert lead.post(f"/alerts/{advisory.reference}/publish").status_code == 403
    assert Client().get("/alerts/new").status_code == 302  # to sign in
