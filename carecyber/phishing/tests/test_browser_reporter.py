"""Real Chromium: a member of staff reports an email, sees the verdict and says they entered their password;
the same with JavaScript off (paste). Every page passes axe. Screenshots go to test-results/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from carecyber.conftest import World
from carecyber.core.models import User
from carecyber.phishing.models import PhishingReport
from carecyber.phishing.tests.reporter_helpers import FIXTURES, fixture
from carecyber.testing.browser import AXE_JS, CHROMIUM_FLAGS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]


def _session(user: User) -> str:
    """Sessions are made before the browser starts: Playwright's event loop forbids the ORM inside it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def _check(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], f"{name}: " + "\n".join(violations)


def test_staff_report_an_email_and_see_the_verdict(world: World, live_server: Any) -> None:
    base = str(live_server)
    key = _session(world.staff_a)
    with browser_page() as page:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base}])
        page.goto(f"{base}/")
        with page.expect_navigation():
            page.click("text=Report a suspicious email")
        _check(page, "phishing-report-form")
        with page.expect_navigation():
            page.click("button:has-text('Report this email')")  # nothing chosen: an error beside the field
        assert page.is_visible(".nhsuk-error-summary")
        _check(page, "phishing-report-errors")
        page.set_input_files("input[type=file]", str(FIXTURES / "reporter_payroll_phish.eml"))
        with page.expect_navigation():
            page.click("button:has-text('Report this email')")
        main = page.inner_text("main")
        assert "Thank you for reporting this email" in main and "This is a phishing email" in main
        assert "What we noticed" in main
        _check(page, "phishing-report-verdict")
        with page.expect_navigation():
            page.click("button:has-text('I entered my password')")
        assert "Change your password now" in page.inner_text("main")
        _check(page, "phishing-report-told-us")
        page.goto(f"{base}/phishing/mine/")
        _check(page, "phishing-my-reports")
    report = PhishingReport.objects.get()
    assert report.verdict == "phishing" and report.entered_password_at is not None


def test_pasting_works_without_javascript(world: World, live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    key = _session(world.staff_b)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base}])
        page.goto(f"{base}/phishing/report")
        page.fill("textarea[name=source]", fixture("reporter_rota_note.eml").decode())
        page.click("button:has-text('Report this email')")
        assert "We found nothing dangerous in this email" in page.inner_text("main")
        browser.close()
    assert PhishingReport.objects.get().route == "paste"
