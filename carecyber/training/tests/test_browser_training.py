"""Training in a real browser: on a phone without JavaScript, with axe on every page, and a SCORM package playing.

Needs Chromium (Debian's package) and axe-core (from npm); skipped with a notice when absent.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from carecyber.conftest import World, signed_in
from carecyber.core.models import User
from carecyber.testing.browser import AXE_JS, CHROMIUM_FLAGS, axe_violations, chromium_path, screenshot
from carecyber.training.models import Completion, CourseModule, ScormAttempt

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium found: browser tests skipped"),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core missing: run `npm ci` (make test does)"),
]
PHONE = {"width": 390, "height": 844}


def _session(user: User) -> str:
    """Made before Playwright starts: the database is not reachable from inside its event loop."""
    return str(signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value)


def _context(playwright: Any, session: str, live_server: object, *, javascript: bool = True) -> Any:
    browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": str(live_server)}])
    return context


def test_a_course_can_be_taken_on_a_phone_without_javascript(world: World, live_server: object) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    module = CourseModule.objects.get(slug="passwords")
    lessons = list(module.lessons.all())
    questions = module.quiz.questions
    session = _session(world.staff_a)
    with sync_playwright() as playwright:
        page = _context(playwright, session, live_server, javascript=False).new_page()
        page.goto(f"{base}/training/")
        page.click("text=Cyber security for everyone in health and care")
        page.click("text=Start: Three random words")
        assert page.inner_text("h1").endswith("Three random words")
        screenshot(page, "training-lesson-phone")
        for _ in lessons:
            page.click("button.nhsuk-button")
        assert "Quiz" in page.inner_text("h1")
        for question in questions:
            for option in question["options"]:
                if option["correct"]:
                    page.check(f"input[name='q-{question['key']}'][value='{option['key']}']")
        screenshot(page, "training-quiz-phone")
        page.click("button:has-text('Check my answers')")
        assert "You passed" in page.inner_text("h1")
        assert "Right. Three random words make a long password" in page.content()
        screenshot(page, "training-quiz-result-phone")
        page.goto(f"{base}/training/courses/core-cyber-security/")
        assert "Continue: The signs of a phishing email" in page.content()


def test_training_pages_pass_axe(world: World, live_server: object) -> None:
    from playwright.sync_api import sync_playwright

    base = str(live_server)
    pages = {
        world.staff_a: [
            "/training/",
            "/training/courses/core-cyber-security/",
            "/training/courses/core-cyber-security/phishing/signs-of-phishing",
            "/training/courses/core-cyber-security/phishing/quiz",
            "/training/verify?code=CC-AAAA-BBBB-CCCC",
        ],
        world.lead_a: [
            f"/training/organisations/{world.org_a.code}/",
            f"/training/organisations/{world.org_a.code}/overdue",
            f"/training/organisations/{world.org_a.code}/assignments",
            f"/training/organisations/{world.org_a.code}/completions",
            f"/training/organisations/{world.org_a.code}/completions/import",
            f"/training/organisations/{world.org_a.code}/scorm/upload",
        ],
        world.national: ["/training/national", "/training/settings", "/"],
        world.partner_member: ["/training/partner"],
    }
    sessions = {user.email: _session(user) for user in pages}
    with sync_playwright() as playwright:
        for user, paths in pages.items():
            page = _context(playwright, sessions[user.email], live_server).new_page()
            for path in paths:
                page.goto(f"{base}{path}")
                assert page.url.startswith(f"{base}{path.split('?')[0]}"), f"{path} went to {page.url}"
                violations = axe_violations(page)
                name = "training" + path.replace("/", "-").split("?")[0].rstrip("-")
                screenshot(page, f"{name}-{user.email.split('@')[0].replace('.', '-')}")
                assert violations == [], f"{path}: " + "\n".join(violations)


SCO = """<!doctype html><html lang="en"><head><title>Phone scams</title>
<script>
function findAPI(w) {
  var n = 0;
  while (!w.API && w.parent && w.parent !== w && n < 7) { w = w.parent; n++; }
  return w.API;
}
window.addEventListener("load", function () {
  var api = findAPI(window);
  api.LMSInitialize("");
  document.getElementById("name").textContent = api.LMSGetValue("cmi.core.student_name");
  document.getElementById("finish").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.score.raw", "92");
    api.LMSSetValue("cmi.core.lesson_status", "passed");
    api.LMSSetValue("cmi.core.session_time", "0000:03:10.00");
    document.getElementById("bad").textContent = api.LMSSetValue("cmi.core.total_time", "1") + api.LMSGetLastError();
    api.LMSCommit("");
    api.LMSFinish("");
    document.getElementById("done").textContent = "Finished";
  });
});
</script></head><body><main><h1>Phone scams</h1><p>Hello <span id="name"></span></p>
<button id="finish">Finish the course</button><p id="bad"></p><p id="done"></p></main></body></html>"""


def test_a_scorm_package_plays_in_its_sandbox_and_reports_back(
    world: World, live_server: object, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from carecyber.training.tests.test_scorm_engine import make_package

    package = make_package(tmp_path / "p.zip", {"index.html": SCO.encode()})
    with zipfile.ZipFile(package) as archive:
        assert "index.html" in archive.namelist()
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        signed_in(world.lead_b).post(
            f"/training/organisations/{world.org_b.code}/scorm/upload",
            {"title": "Phone scams", "package": SimpleUploadedFile("p.zip", package.read_bytes())},
        )
        from carecyber.training.models import Course

        course = Course.objects.get(kind="scorm")
        session = _session(world.staff_b)
        with sync_playwright() as playwright:
            page = _context(playwright, session, live_server).new_page()
            page.goto(f"{live_server}/training/courses/{course.slug}/play")
            frame = page.frame_locator("#scorm-frame")
            frame.locator("#name").wait_for()
            assert frame.locator("#name").inner_text() == "Bo Staff"
            frame.locator("#finish").click()
            frame.locator("#done").wait_for()
            assert frame.locator("#bad").inner_text() == "false403"
            # A locator, not wait_for_function: the page's CSP (rightly) refuses the eval that would need.
            page.locator("#scorm-save-status", has_text="completed this course").wait_for()
            screenshot(page, "training-scorm-player")
            # The package's frame cannot reach the CareCyber page it sits in.
            assert page.evaluate(
                "() => { try { return document.getElementById('scorm-frame').contentDocument === null }"
                " catch (e) { return true } }"
            )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not Completion.objects.filter(user=world.staff_b, course=course).exists():
        time.sleep(0.1)
    attempt = ScormAttempt.objects.get(user=world.staff_b)
    assert attempt.lesson_status == "passed" and attempt.score_raw == 92 and attempt.total_seconds == 190
    assert Completion.objects.get(user=world.staff_b, course=course).score_percent == 92
