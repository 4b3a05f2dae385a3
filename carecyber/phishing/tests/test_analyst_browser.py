"""Real Chromium: a security lead works the queue, reads a hostile email shown inert and changes its verdict;
the national team opens a campaign and the figures. Every page passes axe; screenshots go to test-results/."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.conftest import World
from carecyber.core.models import User
from carecyber.phishing.models import PhishingReport
from carecyber.phishing.tests.analyst_factories import make_report
from carecyber.testing.browser import AXE_JS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]


def _session(user: User) -> str:
    """A signed-in session with two-factor done, made before the browser starts (no ORM inside its loop)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    store["otp_device_id"] = device.persistent_id
    store["two_factor_required"] = True
    store.create()
    return str(store.session_key)


def _check(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], f"{name}: " + "\n".join(violations)


def test_a_lead_reads_a_hostile_email_safely_and_changes_the_verdict(world: World, live_server: Any) -> None:
    report = make_report(organisation=world.org_a, reporter=world.staff_a, fixture="analyst_hostile.eml")
    base = str(live_server)
    key = _session(world.lead_a)
    requested: list[str] = []
    with browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base}])
        page.goto(f"{base}/phishing/queue/")
        _check(page, "phishing-analyst-queue")
        with page.expect_navigation():
            page.click(f"text={report.reference}")
        main = page.inner_text("main")
        assert "[hxxps://wages-update[.]example/payslip]" in main
        assert page.locator("main .cc-mail a").count() == 0  # no link in the message is clickable
        _check(page, "phishing-analyst-report")
        page.check("input[value=spam]")
        page.fill("textarea[name=note]", "A real payroll provider's reminder, badly worded.")
        with page.expect_navigation():
            page.click("button:has-text('Save the verdict')")
        assert "The verdict is now junk" in page.inner_text("main") or "spam" in page.inner_text("main").lower()
    assert not [url for url in requested if "wages-update" in url]  # nothing was fetched from the sender's hosts
    report.refresh_from_db()
    assert report.verdict == "spam" and report.overridden


def test_the_national_team_opens_a_campaign_and_the_figures(world: World, live_server: Any) -> None:
    make_report(organisation=world.org_a, reporter=world.staff_a, fixture="analyst_hostile.eml")
    second = make_report(organisation=world.org_b, reporter=world.staff_b, fixture="analyst_hostile.eml")
    assert second.campaign is not None
    reference = second.campaign.reference
    base = str(live_server)
    key = _session(world.national)
    with browser_page() as page:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base}])
        page.goto(f"{base}/phishing/campaigns/")
        _check(page, "phishing-campaigns")
        with page.expect_navigation():
            page.click(f"text={reference}")
        assert "Draft an advisory" in page.inner_text("main")
        _check(page, "phishing-campaign")
        page.goto(f"{base}/phishing/figures/")
        _check(page, "phishing-figures")
    assert PhishingReport.objects.filter(campaign__reference=reference).count() == 2
