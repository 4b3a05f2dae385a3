"""A member of staff sees what is due, reads lessons, takes quizzes with feedback, passes, and gets a certificate."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.training.models import Completion, CourseModule, LessonProgress, QuizAttempt, TrainingRecord
from carecyber.training.tests.conftest import complete, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _post_quiz(client: Client, course_slug: str, module: CourseModule, answers: dict[str, list[str]]) -> str:
    data: dict[str, list[str]] = {f"q-{k}": v for k, v in answers.items()}
    response = client.post(f"/training/courses/{course_slug}/{module.slug}/quiz", data)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_core_course_with_a_due_date(world: World, core: object) -> None:
    html = signed_in(world.staff_a).get("/training/").content.decode()
    assert "Cyber security for everyone in health and care" in html
    assert "Complete it by" in html and "To do" in html
    assert "Advanced: patching and unsupported systems" in html  # optional courses are listed too
    home = signed_in(world.staff_a).get("/").content.decode()
    assert "My training" in home and "Complete it by" in home


def test_reading_a_lesson_moves_on_and_is_remembered(world: World, core: object) -> None:
    client = signed_in(world.staff_a)
    page = client.get("/training/courses/core-cyber-security/")
    assert "Start: Three random words" in page.content.decode()
    lesson = client.get("/training/courses/core-cyber-security/passwords/three-random-words")
    html = lesson.content.decode()
    assert "<h2>Why passwords matter</h2>" in html and "part 1 of 3" in html
    moved = client.post("/training/courses/core-cyber-security/passwords/three-random-words")
    assert moved.status_code == 302 and moved["Location"].endswith("/passwords/keeping-passwords-safe")
    assert LessonProgress.objects.filter(user=world.staff_a).count() == 1
    client.post("/training/courses/core-cyber-security/passwords/three-random-words")
    assert LessonProgress.objects.filter(user=world.staff_a).count() == 1  # reading again changes nothing
    resumed = client.get("/training/courses/core-cyber-security/").content.decode()
    assert "Continue: Keeping your passwords safe" in resumed


def test_a_wrong_quiz_gets_feedback_for_each_answer_and_can_be_retried(world: World, core: object) -> None:
    client = signed_in(world.staff_a)
    module = CourseModule.objects.get(slug="passwords")
    html = _post_quiz(client, "core-cyber-security", module, wrong_answers(module.quiz))
    assert "Not passed yet" in html and "Try the quiz again" in html
    assert "Someone who knows you could guess it" in html  # the feedback of the option chosen
    assert "Not quite" in html
    attempt = QuizAttempt.objects.get(user=world.staff_a)
    assert not attempt.passed and attempt.score_percent < 80
    again = _post_quiz(client, "core-cyber-security", module, right_answers(module.quiz))
    assert "You passed" in again and "100%" in again


def test_multiple_choice_questions_are_checkboxes_and_single_choice_are_radios(world: World, core: object) -> None:
    html = signed_in(world.staff_a).get("/training/courses/core-cyber-security/passwords/quiz").content.decode()
    reuse = re.findall(r'<input[^>]*name="q-reuse"[^>]*>', html)
    best = re.findall(r'<input[^>]*name="q-best-password"[^>]*>', html)
    assert len(reuse) == 3 and all('type="checkbox"' in i for i in reuse)
    assert len(best) == 3 and all('type="radio"' in i for i in best)
    assert "<strong>Scenario.</strong> You are on a busy late shift." in html


def test_an_unanswered_question_is_named_and_nothing_is_saved(world: World, core: object) -> None:
    client = signed_in(world.staff_a)
    module = CourseModule.objects.get(slug="phishing")
    answers = right_answers(module.quiz)
    answers.pop(next(iter(answers)))
    html = client.post(
        f"/training/courses/core-cyber-security/{module.slug}/quiz", {f"q-{k}": v for k, v in answers.items()}
    ).content.decode()
    assert "There is a problem" in html and "Answer question 1" in html
    assert not QuizAttempt.objects.exists()


def test_passing_every_quiz_completes_the_course_with_a_certificate(world: World, core: object) -> None:
    client = signed_in(world.staff_b)
    modules = list(CourseModule.objects.filter(course__slug="core-cyber-security"))
    for module in modules[:-1]:
        assert "Course complete" not in _post_quiz(client, "core-cyber-security", module, right_answers(module.quiz))
    assert not Completion.objects.filter(user=world.staff_b).exists()
    html = _post_quiz(client, "core-cyber-security", modules[-1], right_answers(modules[-1].quiz))
    assert "Course complete" in html
    completion = Completion.objects.get(user=world.staff_b)
    assert completion.organisation == world.org_b and completion.score_percent == 100
    assert completion.expires_at.year == completion.completed_at.year + 1
    assert TrainingRecord.objects.get(user=world.staff_b).valid_until == completion.expires_at
    assert f"Your certificate code is <strong>{completion.certificate_code}</strong>" in html
    assert AuditEvent.objects.filter(action="training.quiz.submitted", organisation=world.org_b).count() == len(modules)

    pdf = client.get(f"/training/certificates/{completion.certificate_code}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf["Content-Disposition"]
    page = client.get("/training/").content.decode()
    assert "Up to date" in page and completion.certificate_code in page


def test_renewal_starts_from_the_last_certificate(world: World, core: object) -> None:
    complete(world.staff_a, core, days_ago=340)  # type: ignore[arg-type]
    client = signed_in(world.staff_a)
    html = client.get("/training/").content.decode()
    assert "Due soon" in html and "runs out on" in html
    course_page = client.get("/training/courses/core-cyber-security/").content.decode()
    assert re.search(r"<p>You completed this course on .*<a href=\"/training/certificates/", course_page)
    assert "Start: Three random words" in course_page or "Continue" in course_page


def test_another_persons_certificate_is_not_found(world: World, core: object) -> None:
    completion = complete(world.staff_b, core)  # type: ignore[arg-type]
    assert signed_in(world.staff_a).get(f"/training/certificates/{completion.certificate_code}.pdf").status_code == 404


def test_anyone_can_check_a_certificate_code_without_signing_in(world: World, core: object) -> None:
    completion = complete(world.staff_b, core)  # type: ignore[arg-type]
    public = Client()
    typed = completion.certificate_code.lower().replace("-", " ")
    html = public.get("/training/verify", {"code": typed}).content.decode()
    assert "This certificate is valid" in html and "Bo Staff" in html and "Birch Care Home" in html
    assert "staff@birch.test" not in html
    missing = public.get("/training/verify", {"code": "CC-AAAA-BBBB-CCCC"}).content.decode()
    assert "We cannot find a certificate with that code" in missing
    expired = complete(world.staff_a, core, days_ago=400)  # type: ignore[arg-type]
    assert "has expired" in public.get("/training/verify", {"code": expired.certificate_code}).content.decode()


def test_lesson_images_are_served_to_learners_only(world: World, core: object) -> None:
    lesson_html = signed_in(world.staff_a).get("/training/courses/core-cyber-security/phishing/signs-of-phishing")
    src = re.search(r'src="(/training/images/[^"]+)"', lesson_html.content.decode())
    assert src is not None
    image = signed_in(world.staff_a).get(src.group(1))
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert Client().get(src.group(1)).status_code == 302


def test_signed_out_visitors_are_sent_to_sign_in(world: World, core: object) -> None:
    paths = ("/training/", "/training/courses/core-cyber-security/", f"/training/organisations/{world.org_a.code}/")
    for path in paths:
        assert Client().get(path).status_code == 302


def test_modules_have_a_stable_address_for_other_capabilities(world: World, core: object) -> None:
    from carecyber.training.queries import module_choices, module_url

    assert module_url("phishing") == "/training/modules/phishing"
    assert module_url("no-such-module") is None
    assert ("incident-response", "Advanced: incident response basics – Incident response basics") in module_choices()
    response = signed_in(world.staff_a).get("/training/modules/phishing")
    assert response.status_code == 302 and response["Location"].endswith("/phishing/signs-of-phishing")
    assert signed_in(world.staff_a).get("/training/modules/nope").status_code == 404
