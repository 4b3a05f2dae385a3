"""Real Chromium: a member of staff reports an incident (with and without JavaScript), the lead works the case,
the national team reads its picture. Every page passes axe. Screenshots go to test-results/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.conftest import World
from carecyber.core.models import User
from carecyber.incidents.models import Incident
from carecyber.incidents.tests.helpers import grade, report
from carecyber.testing.browser import AXE_JS, CHROMIUM_FLAGS, axe_violations, browser_page, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store["otp_device_id"] = device.persistent_id
        store["two_factor_required"] = True
    store.create()
    return str(store.session_key)


def _sign_in(page: Any, base: str, session_key: str) -> None:
    """Sessions are made before the browser starts: Playwright's event loop forbids the ORM inside it."""
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base}])


def _check(page: Any, name: str) -> None:
    violations = axe_violations(page)
    screenshot(page, name)
    assert violations == [], f"{name}: " + "\n".join(violations)


def test_staff_report_an_incident_in_a_browser(world: World, live_server: Any) -> None:
    base = str(live_server)
    key = _session(world.staff_a)
    with browser_page() as page:
        _sign_in(page, base, key)
        page.goto(f"{base}/")
        with page.expect_navigation():
            page.click("text=Report an incident")
        _check(page, "incident-report-form")
        with page.expect_navigation():
            page.click("button:has-text('Send report')")  # nothing filled in: errors, linked from the summary
        assert page.is_visible(".nhsuk-error-summary")
        _check(page, "incident-report-errors")
        page.check("#category")  # the first category, reached through the error summary's link
        page.check("label:has-text('Email, letter or fax sent to the wrong address')")
        page.fill("#summary", "I emailed a discharge summary to the wrong GP practice")
        page.check("label:has-text('No, it has stopped')")
        page.fill("#data_or_systems", "One discharge summary")
        with page.expect_navigation():
            page.click("button:has-text('Send report')")
        assert "Thank you – your report has been sent" in page.inner_text("main")
        _check(page, "incident-report-thanks")
    incident = Incident.objects.get()
    assert incident.category == "misdirected_email" and incident.reporter == world.staff_a


def test_the_report_form_works_without_javascript(world: World, live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    key = _session(world.staff_b)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        _sign_in(page, base, key)
        page.goto(f"{base}/incidents/report")
        page.check("label:has-text('A near miss')")
        page.fill("#summary", "The records room door was propped open overnight")
        page.check("label:has-text('Report this without my name')")
        page.click("button:has-text('Send report')")
        assert "without your name" in page.content()
        browser.close()
    incident = Incident.objects.get()
    assert incident.anonymous and incident.reporter is None


def test_a_lead_works_a_case_and_every_page_is_accessible(world: World, live_server: Any) -> None:
    base = str(live_server)
    incident = report(world.staff_b, category="ransomware", summary="Ransom message on the office computer")
    key = _session(world.lead_b)
    with browser_page() as page:
        _sign_in(page, base, key)
        page.goto(f"{base}/")
        _check(page, "incident-lead-home")
        page.goto(f"{base}/incidents/{incident.pk}/")
        _check(page, "incident-case-new")
        with page.expect_navigation():
            page.click("text=Grade the incident")
        page.check("label:has-text('5 – Occurred')")
        page.check("label:has-text('4 – Serious')")
        page.check("label:has-text('Vulnerable people are involved')")
        _check(page, "incident-grade-form")
        with page.expect_navigation():
            page.click("button:has-text('Save the grading')")
        assert "72-hour clock" in page.inner_text("main")
        _check(page, "incident-case-graded")
        page.goto(f"{base}/incidents/{incident.pk}/tasks/")
        with page.expect_navigation():
            page.click("button:has-text('Start the Ransomware playbook')")
        assert page.locator("tbody tr").count() == 10
        _check(page, "incident-tasks")
        with page.expect_navigation():
            page.locator("button:has-text('Done')").first.click()
        for part in ("timeline/", "evidence/", "indicators/", "communications/", "status", "decision", "close", "help"):
            page.goto(f"{base}/incidents/{incident.pk}/{part}")
            _check(page, f"incident-{part.strip('/')}")
        page.goto(f"{base}/incidents/")
        _check(page, "incident-list")
        page.goto(f"{base}/incidents/settings/webhook")
        _check(page, "incident-webhook")
    assert Incident.objects.get().notifiable


def test_the_national_team_pages_are_accessible(world: World, live_server: Any) -> None:
    base = str(live_server)
    for n, user in enumerate((world.staff_a, world.staff_b, world.staff_b)):
        incident = grade(
            world.lead_a if user == world.staff_a else world.lead_b, report(user, summary=f"Outage {n}"), 3, 3
        )
        Incident.objects.filter(pk=incident.pk).update(shared_with_national=True)
    key = _session(world.national)
    with browser_page() as page:
        _sign_in(page, base, key)
        for path, name in (
            ("/", "incident-national-home"),
            ("/incidents/national/", "incident-national-list"),
            ("/incidents/national/picture", "incident-national-picture"),
            ("/incidents/national/groups/", "incident-groups"),
            ("/incidents/rules/", "incident-rules"),
        ):
            page.goto(f"{base}{path}")
            _check(page, name)
