"""Every demo person signs in with a real browser, sees their home page, and it passes axe.

Needs Chromium (Debian's package) and axe-core (from npm); skipped with a notice when absent.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from carecyber.core.demo.small import DEMO_PASSWORD, PEOPLE, totp_key_for
from carecyber.testing.browser import AXE_JS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="no Chromium found: browser tests skipped (install Debian's chromium package to run them)",
    ),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]

HOME_HEADINGS = {
    "nadia.okafor@carecyber.test": "The whole picture",
    "peter.lindqvist@nwcarecyber.test": "My organisations",
    "sam.patel@northfield.nhs.test": "Northfield Hospitals NHS Foundation Trust at a glance",
    "jo.williams@northfield.nhs.test": "Hello, Jo",
    "grace.adeyemi@rosewoodcare.test": "Rosewood Care Home at a glance",
    "tom.baker@rosewoodcare.test": "Hello, Tom",
    "lee.chen@riverside-practice.nhs.test": "Riverside Medical Practice at a glance",
    "alex.morgan@audit.test": "at a glance",
}


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo", "--scale", "small", verbosity=0)


def _sign_in(page: object, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in")  # type: ignore[attr-defined]
    page.fill("#email", email)  # type: ignore[attr-defined]
    page.fill("#password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    if "/two-factor/verify" in page.url:  # type: ignore[attr-defined]
        code = f"{totp(bytes.fromhex(totp_key_for(email))):06d}"
        page.fill("#code", code)  # type: ignore[attr-defined]
        page.click("button:has-text('Continue')")  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]


@pytest.mark.parametrize("person", PEOPLE, ids=[p.email.split("@")[0] for p in PEOPLE])
def test_each_demo_person_signs_in_to_an_accessible_home_page(demo: None, live_server: object, person: object) -> None:
    email = person.email  # type: ignore[attr-defined]
    with browser_page() as page:
        _sign_in(page, str(live_server), email)
        assert page.url.rstrip("/") == str(live_server).rstrip("/"), f"{email} ended on {page.url}"
        heading = page.inner_text("h1")
        assert HOME_HEADINGS[email] in heading
        assert page.is_visible("header >> text=Sign out")
        violations = axe_violations(page)
        screenshot(page, f"home-{email.split('@')[0]}")
        assert violations == [], "\n".join(violations)


def test_public_pages_are_accessible_and_work_without_javascript(live_server: object, db: None) -> None:
    with browser_page() as page:
        for path in ("/", "/account/sign-in", "/account/password/check", "/account/password/reset", "/accessibility"):
            page.goto(f"{live_server}{path}")
            violations = axe_violations(page)
            assert violations == [], f"{path}: " + "\n".join(violations)
    from playwright.sync_api import sync_playwright

    from carecyber.testing.browser import CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server}/account/password/check")
        page.fill("#password", "dragon")
        page.click("button:has-text('Check this password')")
        assert "This password could be guessed" in page.content()
        browser.close()
