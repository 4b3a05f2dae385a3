"""A security lead's awareness pages in a real browser: accessible (axe), working without JavaScript;
the practice sign-in page and the lesson as a member of staff would see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.models import ExerciseRecipient, Pack
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.conftest import World, signed_in
from carecyber.testing.browser import AXE_JS, CHROMIUM_FLAGS, axe_violations, chromium_path, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]


@pytest.fixture
def setup(transactional_db: None, world: World, teams_a: dict[str, int]) -> dict[str, object]:
    services.branding_save(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.BrandingInput(
            name="Alder Hospitals", colour="#FFB81C", report_to="spam@alder.test", helpdesk="0161 496 0123"
        ),
    )
    pack = services.pack_request(
        actor=lead_actor(world), organisation=world.org_a, themes=["phishing"]
    )  # builds on commit
    services.calendar_plan(
        actor=lead_actor(world),
        organisation=world.org_a,
        start=timezone.localdate(),
        weeks=8,
        every=2,
        themes=["phishing", "passwords"],
    )
    now = timezone.now()
    exercise = services.exercise_create(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.ExerciseInput(
            name="Spring check",
            template_key="parking-permit",
            teams=(),
            window_start=now,
            window_end=now + timedelta(hours=2),
            landing="form",
        ),
    )
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    services.exercise_send_due(now=exercise.window_end)
    ExerciseRecipient.objects.update(sent_at=now - timedelta(minutes=10))
    token = ExerciseRecipient.objects.filter(exercise=exercise).values_list("token", flat=True)[0]
    return {
        "pack": Pack.objects.get(pk=pack.pk),
        "exercise": exercise,
        "token": token,
        "week": world.org_a.awareness_weeks.first(),
    }


def _context(playwright, live_server, session: str, *, javascript: bool = True):  # type: ignore[no-untyped-def]
    """A browser signed in with `session` (made before Playwright starts: Django refuses database calls inside it)."""
    browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    host = str(live_server).split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    return browser, context


def test_the_lead_pages_are_accessible_and_work_without_javascript(
    setup: dict[str, object], live_server: object, world: World
) -> None:
    from playwright.sync_api import sync_playwright

    pack, exercise, week = setup["pack"], setup["exercise"], setup["week"]
    session = signed_in(world.lead_a).cookies["sessionid"].value
    pages = {
        "overview": "/awareness/",
        "branding": "/awareness/branding",
        "packs": "/awareness/packs/",
        "pack": f"/awareness/packs/{pack.pk}/",  # type: ignore[attr-defined]
        "calendar": "/awareness/calendar/",
        "plan": "/awareness/calendar/plan",
        "week": f"/awareness/calendar/{week.pk}/",  # type: ignore[attr-defined]
        "exercises": "/awareness/exercises/",
        "library": "/awareness/exercises/library",
        "new-exercise": "/awareness/exercises/new",
        "exercise": f"/awareness/exercises/{exercise.pk}/",  # type: ignore[attr-defined]
        "home": "/",
    }
    with sync_playwright() as playwright:
        browser, context = _context(playwright, live_server, session)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(f"{live_server}{path}")
            assert page.url.endswith(path), f"{name}: ended on {page.url}"
            violations = axe_violations(page)
            screenshot(page, f"awareness-{name}")
            assert violations == [], f"{name}: " + "\n".join(violations)
        images = page.goto(f"{live_server}/awareness/packs/{pack.pk}/")  # type: ignore[attr-defined]
        assert images is not None and images.ok
        for image in page.query_selector_all("img.cc-preview__image"):
            image.scroll_into_view_if_needed()  # previews load lazily
        page.wait_for_function(
            "() => [...document.querySelectorAll('img.cc-preview__image')]"
            ".every(e => e.complete && e.naturalWidth > 0)",
            timeout=20_000,
        )
        assert len(page.query_selector_all("img.cc-preview__image")) == 14
        assert page.eval_on_selector_all("img.cc-preview__image", "els => els.every(e => e.alt.length > 20)")
        browser.close()

        browser, context = _context(playwright, live_server, session, javascript=False)
        page = context.new_page()
        page.goto(f"{live_server}/awareness/calendar/{week.pk}/")  # type: ignore[attr-defined]
        page.check("input[value='screensaver']")
        page.click("button:has-text('Save')")
        assert "we have recorded where you used the materials" in page.content()
        browser.close()


def test_staff_see_a_plain_practice_page_and_a_kind_lesson(setup: dict[str, object], live_server: object) -> None:
    from playwright.sync_api import sync_playwright

    token = setup["token"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{live_server}/v/{token}")
        assert page.inner_text("h1") == "Sign in to continue"
        page.fill("#username", "someone")
        page.fill("#password", "a-real-looking-password")
        page.click("button:has-text('Sign in')")
        assert page.inner_text("h1") == "This was a practice email"
        assert "We did not keep what you typed" in page.content()
        screenshot(page, "awareness-lesson")
        browser.close()
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_context().new_page()
        for path in (f"/v/{token}", f"/v/{token}/learn"):
            page.goto(f"{live_server}{path}")
            violations = axe_violations(page)
            assert violations == [], f"{path}: " + "\n".join(violations)
        screenshot(page, "awareness-practice")
        browser.close()
