"""Broadcast's pages in a real browser: they render, work without JavaScript and pass axe.

Needs Chromium (Debian's package) and axe-core (npm); skipped with a notice when absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from carecyber.alerts.models import AlertContact, Response
from carecyber.alerts.services import Targeting, advisory_update
from carecyber.alerts.tests.conftest import actor_for, advisory_input
from carecyber.conftest import signed_in
from carecyber.testing.browser import AXE_JS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]


def _session_of(user: Any) -> str:
    """A signed-in session, made before the browser opens: database work inside Playwright's block runs in its
    own context, where Django would open a connection that nothing closes."""
    return str(signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value)


def _as(page: Any, live_server: Any, session: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def _check(page: Any, live_server: Any, path: str, name: str, heading: str) -> None:
    page.goto(f"{live_server.url}{path}")
    assert heading in page.inner_text("h1"), f"{path}: {page.inner_text('h1')!r}"
    screenshot(page, f"alerts-{name}")
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def test_key_pages_pass_axe(
    world, add_asset, publish, live_server, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    add_asset(
        world.org_a,
        vendor="Microsoft Corporation",
        product="Exchange Server 2019",
        version="15.2.986.5",
        location="Main data centre",
    )
    add_asset(
        world.site_a, vendor="Microsoft", product="Exchange Server", version="15.2.900.1", location="Community hospital"
    )
    AlertContact.objects.create(organisation=world.org_a, name="IT service desk", email="desk@alder.test")
    advisory = publish(
        known_exploited=True,
        references=["https://vendor.example/advisories/2026-001"],
        threat_details="Attackers are scanning for unpatched servers.\n\nThey plant a web shell.",
    )
    publish(
        tlp="clear", products=[], targeting=Targeting(all=True), title="Be careful with invoice emails", severity="low"
    )
    with django_capture_on_commit_callbacks(execute=True):
        advisory_update(
            actor=actor_for(world.national),
            advisory=advisory,
            data=advisory_input(known_exploited=True, remediation="Install the March update.\n\n- Then restart."),
            change_summary="Clearer steps.",
        )
    lead, national = _session_of(world.lead_a), _session_of(world.national)
    with browser_page() as page:
        _check(page, live_server, "/alerts/", "list-public", "Threat alerts")
        _as(page, live_server, lead)
        _check(page, live_server, "/", "home-lead", "at a glance")
        _check(page, live_server, f"/alerts/{advisory.reference}/", "detail-lead", advisory.title)
        # Respond for the trust and its site in one go, with no JavaScript involved.
        page.check("input[name=organisations] >> nth=0")
        page.check("input[name=organisations] >> nth=1")
        page.check("input[value=acknowledge]")
        page.click("button:has-text('Save response')")
        assert "Acknowledged for 2 organisations" in page.inner_text("main")
        _check(page, live_server, "/alerts/organisations/RAA/", "organisation", "Alerts")
        _check(page, live_server, "/alerts/inventory/RAA/", "inventory", "Asset inventory")
        _check(page, live_server, "/alerts/inventory/RAA/add", "asset-add", "Add to the inventory")
        _check(page, live_server, "/alerts/inventory/RAA/import", "inventory-import", "Import an inventory")
        _check(page, live_server, "/alerts/contacts/RAA/", "contacts", "Alert contacts")
        _check(page, live_server, "/alerts/notifications/", "notifications", "Notifications")
        _check(page, live_server, f"/alerts/{advisory.reference}/history", "history", "Every revision")
        _as(page, live_server, national)
        _check(page, live_server, "/", "home-national", "The whole picture")
        _check(page, live_server, "/alerts/dashboard/", "dashboard", "Alert responses")
        _check(page, live_server, "/alerts/new", "form", "Write an advisory")
        page.click("button:has-text('Save')")
        assert "There is a problem" in page.inner_text("main")
        screenshot(page, "alerts-form-errors")
        assert axe_violations(page) == []
        _check(page, live_server, "/alerts/import", "import", "Import advisories")
        _check(page, live_server, f"/alerts/{advisory.reference}/", "detail-national", advisory.title)
        _check(
            page,
            live_server,
            f"/alerts/{advisory.reference}/organisations/",
            "organisations",
            "Organisations it was sent to",
        )
        _check(page, live_server, f"/alerts/{advisory.reference}/withdraw", "withdraw", "Withdraw")
        _check(page, live_server, "/alerts/aliases/", "aliases", "Name aliases")
    # What the lead's click saved, read once the browser is closed.
    assert set(Response.objects.filter(advisory=advisory).values_list("state", flat=True)) == {"acknowledged"}
