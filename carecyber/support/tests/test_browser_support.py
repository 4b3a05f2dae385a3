"""Support pages in a real browser: each role's key pages pass axe, and the forms work without JavaScript.

Needs Chromium (Debian's package) and axe-core (from npm); skipped with a notice when absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from carecyber.core.demo.small import DEMO_PASSWORD, totp_key_for
from carecyber.testing.browser import AXE_JS, CHROMIUM_FLAGS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="no Chromium found: browser tests skipped (install Debian's chromium package to run them)",
    ),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]

LEAD = "grace.adeyemi@rosewoodcare.test"  # security lead of Rosewood Care Home (VRC01), North West partner
STAFF = "tom.baker@rosewoodcare.test"
PARTNER = "peter.lindqvist@nwcarecyber.test"
NATIONAL = "nadia.okafor@carecyber.test"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo", "--scale", "small", verbosity=0)


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    if "/two-factor/verify" in page.url:
        page.fill("#code", f"{totp(bytes.fromhex(totp_key_for(email))):06d}")
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()


def _check(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"support-{name}")
    assert violations == [], f"{name}: " + "\n".join(violations)


def test_guidance_is_accessible_to_visitors(demo: None, live_server: Any) -> None:
    with browser_page() as page:
        page.goto(f"{live_server}/support/guidance/")
        _check(page, "guidance-list")
        page.fill("#q", "backups")
        page.click("button.nhsuk-search-input__button")
        page.wait_for_load_state()
        assert "Backups" in page.inner_text("main")
        _check(page, "guidance-search")
        page.goto(f"{live_server}/support/guidance/nds-7")
        assert "Next review due by" in page.inner_text("main")
        _check(page, "guidance-article")


def test_a_lead_answers_the_questions_and_issues_policies(demo: None, live_server: Any) -> None:
    base = str(live_server)
    with browser_page() as page:
        _sign_in(page, base, LEAD)
        page.goto(f"{base}/support/policies/VRC01/answers")
        page.fill("#siro_name", "<b>Grace</b>")
        page.click("button:has-text('Save answers')")
        page.wait_for_load_state()
        assert "There is a problem" in page.inner_text("main")
        _check(page, "policy-answers-error")
        values = {
            "#address": "12 Elm Road\nNorthfield\nNF1 2AB",
            "#siro_name": "Grace Adeyemi, Registered Manager",
            "#dpo_name": "Raj Patel, dpo@rosewoodcare.test",
            "#caldicott_guardian": "Zoë Clarke",
            "#it_provider": "Brightpath IT Ltd",
            "#helpdesk_contact": "0161 496 0000",
            "#backup_arrangements": "The care app company backs up care records every night.",
        }
        for selector, value in values.items():
            page.fill(selector, value)
        page.click("button:has-text('Save answers')")
        page.wait_for_load_state()
        page.click("button:has-text('Issue all')")
        page.wait_for_load_state()
        assert "10 policies are filled in" in page.inner_text("main")
        _check(page, "policy-list")
        page.click("text=Business continuity and disaster recovery plan")
        page.wait_for_load_state()
        assert "Preview with your answers" in page.inner_text("main")
        _check(page, "policy-detail")


def test_staff_ask_for_help_without_javascript_and_the_partner_answers(demo: None, live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        _sign_in(page, base, STAFF)
        page.goto(f"{base}/support/help/new")
        page.check("input[value='toolkit']")
        page.fill("#subject", "Help with standard 7")
        page.fill("#description", "How do we test our continuity plan?")
        page.click("button:has-text('Send your question')")
        page.wait_for_load_state()
        assert "We have your question" in page.inner_text("main")
        reference = page.inner_text("h1 .nhsuk-caption-l")
        browser.close()
    with browser_page() as page:
        _sign_in(page, base, STAFF)
        page.goto(f"{base}/support/help/new")
        _check(page, "ticket-new")
        page.goto(f"{base}/support/help/")
        _check(page, "ticket-list-staff")
    with browser_page() as page:
        _sign_in(page, base, PARTNER)
        page.goto(f"{base}/support/help/")
        assert reference in page.inner_text("main") and "First reply due in" in page.inner_text("main")
        _check(page, "ticket-list-partner")
        page.click(f"text={reference}")
        page.wait_for_load_state()
        page.fill("#body", "Sit down with two staff and talk through a day without the care app.")
        page.click("button:has-text('Send reply')")
        page.wait_for_load_state()
        assert "Waiting on organisation" in page.inner_text("main")
        _check(page, "ticket-detail-partner")
        page.goto(f"{base}/support/partner/")
        assert "Rosewood Care Home" in page.inner_text("main")
        _check(page, "partner-dashboard")
        page.goto(f"{base}/support/partner/message?q=Rosewood")
        _check(page, "group-message-new")
        page.goto(f"{base}/support/events/new")
        _check(page, "event-new")


def test_the_national_team_sees_partner_coverage(demo: None, live_server: Any) -> None:
    base = str(live_server)
    with browser_page() as page:
        _sign_in(page, base, NATIONAL)
        page.goto(f"{base}/support/coverage/")
        _check(page, "coverage")
        page.goto(f"{base}/support/coverage/regions/north_west")
        _check(page, "coverage-region")
        page.goto(f"{base}/support/events/")
        _check(page, "events")
