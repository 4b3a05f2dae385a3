"""The toolkit in a real browser: demo people use it, every key page passes axe, the register works without JS.

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


@pytest.fixture
def demo(transactional_db: None, tmp_path: Any, settings: Any, monkeypatch: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    call_command("demo", "--scale", "small", verbosity=0)


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    if "/two-factor/verify" in page.url:
        page.fill("#code", f"{totp(bytes.fromhex(totp_key_for(email))):06d}")
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()


def check(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, f"toolkit-{name}")
    assert violations == [], f"{name}: " + "\n".join(violations)


def test_a_security_lead_works_through_the_toolkit(demo: None, live_server: Any) -> None:
    base = str(live_server)
    with browser_page() as page:
        sign_in(page, base, "lee.chen@riverside-practice.nhs.test")
        assert "Data security toolkit" in page.inner_text("main")
        page.click("header >> text=Toolkit")
        page.wait_for_load_state()
        assert "Approaching Standards" in page.inner_text("main")
        check(page, "organisation")
        page.click("main >> text=Continue")
        page.wait_for_load_state()
        check(page, "assessment")
        page.click("main >> a:has-text('4 Managing data access')")
        page.wait_for_load_state()
        check(page, "standard")
        page.click("main >> a[href$='/items/4.3.2/']")
        page.wait_for_load_state()
        check(page, "item")
        page.check("input[value='all']")
        page.click("button:has-text('Save and go to the next item')")
        page.wait_for_load_state()
        assert "/items/4.3.3/" in page.url
        assert "Your answer to 4.3.2 has been saved" in page.inner_text("main")
        page.goto(page.url.split("/items/")[0] + "/plan/")
        assert "Dr Amina Shah" in page.inner_text("main")
        check(page, "plan")
        page.goto(f"{base}/assure/P81001/")
        assert "Fix these first" in page.inner_text("main")
        check(page, "assure")


def test_the_national_team_sees_the_picture_and_agrees_plans(demo: None, live_server: Any) -> None:
    base = str(live_server)
    with browser_page() as page:
        sign_in(page, base, "nadia.okafor@carecyber.test")
        assert "Toolkit status" in page.inner_text("main")
        page.click("header >> text=Toolkit status")
        page.wait_for_load_state()
        check(page, "national")
        page.select_option("#status", "approaching_standards")
        page.click("button:has-text('Filter')")
        page.wait_for_load_state()
        assert "Riverside Medical Practice" in page.inner_text("main")
        page.click("main >> text=Riverside Medical Practice")
        page.wait_for_load_state()
        check(page, "drill-down")
        page.goto(f"{base}/assure/national/")
        check(page, "assure-national")
        page.goto(f"{base}/toolkit/frameworks/ndg-10/2026-27/")
        check(page, "framework")


def test_the_auditor_records_a_finding(demo: None, live_server: Any) -> None:
    base = str(live_server)
    with browser_page() as page:
        sign_in(page, base, "alex.morgan@audit.test")
        page.goto(f"{base}/toolkit/audits/")
        page.click("main >> text=Cyber assessment for health and care organisations")
        page.wait_for_load_state()
        check(page, "audit")
        page.select_option("#item", "B2.a")
        page.check("input[name='rating'][value='agrees']")
        page.fill("#finding", "Two-factor sign-in is enforced for all remote access; checked in the admin console.")
        page.click("button:has-text('Record the finding')")
        page.wait_for_load_state()
        assert "Your finding on B2.a has been recorded" in page.inner_text("main")


def test_the_public_register_works_without_javascript(demo: None, live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{base}/register/")
        page.fill("#q", "rosewood")
        page.click("button:has-text('Search')")
        page.wait_for_load_state()
        text = page.inner_text("main")
        assert "Rosewood Care Home" in text and "Standards Met" in text
        screenshot(page, "toolkit-register")
        browser.close()
    with browser_page() as page:
        page.goto(f"{base}/register/?q=north")
        check(page, "register-results")
