"""Support on the home pages and in the navigation, for each role."""

from __future__ import annotations

import pytest

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.support.services.helpline import TicketInput, ticket_raise
from carecyber.support.tests.conftest import as_user

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html.split('<nav class="nhsuk-header__navigation"', 1)[-1].split("</nav>", 1)[0]


def test_staff_get_guidance_and_ask_for_help(world: World) -> None:
    html = as_user(world.staff_b).get("/").content.decode()
    nav = _nav(html)
    assert 'href="/support/guidance/"' in nav and 'href="/support/help/"' in nav
    assert "Ask your support partner anything" in html  # the home card
    assert "My dashboard" not in nav and "Partner coverage" not in nav


def test_a_lead_sees_policies_and_questions_at_a_glance(world: World) -> None:
    html = as_user(world.lead_b).get("/").content.decode()
    assert 'href="/support/policies/VBB01/"' in _nav(html)
    assert "0 of 10 policies issued" in html and "0 open questions" in html and "Getting started" in html


def test_a_partner_gets_its_dashboard_and_the_helpline_figures(world: World) -> None:
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"))
    html = as_user(world.partner_member).get("/").content.decode()
    assert 'href="/support/partner/"' in _nav(html)
    assert "1 open question" in html and "1 waiting for a first reply" in html


def test_the_national_team_gets_partner_coverage(world: World) -> None:
    html = as_user(world.national).get("/").content.decode()
    assert 'href="/support/coverage/"' in _nav(html)
    assert "Partner coverage" in html


def test_the_article_link_for_a_toolkit_item_is_its_standards_guide() -> None:
    from carecyber.support.integrations import guidance_slug_for_item, guidance_url_for_item

    assert guidance_url_for_item("3.2.1") == "/support/guidance/nds-3"
    assert guidance_url_for_item("10.1.1") == "/support/guidance/nds-10"
    assert guidance_slug_for_item("A1.a") is None and guidance_url_for_item("A1.a") == "/support/guidance/"
