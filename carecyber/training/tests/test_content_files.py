"""The shipped courses: complete, sound, and the core course at a reading age of 9 to 11."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecyber.training.content import shipped_courses
from carecyber.training.engine.content import CourseSpec, load_course
from carecyber.training.tests.readability import reading_age

CORE_TOPICS = {
    "passwords": ["three random words", "password manager", "never share", "two-factor"],
    "phishing": ["branding", "spelling", "sender", "link", "urgen", "report"],
    "physical-security": ["badge", "tailgating", "clear desk", "lock"],
    "locking-devices": ["lock your screen", "phone", "laptop"],
    "social-engineering": ["phone", "text", "social media"],
    "personal-data": ["personal data", "confidential"],
    "reporting": ["report", "blame"],
}
ADVANCED = {
    "advanced-patching": "patching",
    "advanced-backups": "backups",
    "advanced-access": "access",
    "advanced-incident-response": "incident",
    "advanced-suppliers": "supplier",
}


def _courses() -> dict[str, CourseSpec]:
    return {spec.slug: spec for spec in (load_course(p) for p in shipped_courses())}


def test_every_shipped_course_loads_and_every_module_has_a_quiz_of_at_least_five_questions() -> None:
    courses = _courses()
    assert {"core-cyber-security", *ADVANCED} <= set(courses)
    for spec in courses.values():
        assert spec.modules, spec.slug
        for module in spec.modules:
            assert module.lessons, module.slug
            assert len(module.quiz.questions) >= 5, module.slug
            for question in module.quiz.questions:
                assert all(o.feedback for o in question.options)
    kinds = {q.kind for m in courses["core-cyber-security"].modules for q in m.quiz.questions}
    assert kinds == {"single", "multiple", "scenario"}


def test_the_core_course_covers_the_seven_topics_in_order() -> None:
    core = _courses()["core-cyber-security"]
    assert core.core and "all_staff" in core.audiences and core.validity_months == 12
    assert [m.slug for m in core.modules] == list(CORE_TOPICS)
    for module in core.modules:
        text = " ".join(" ".join(lesson.markdown.lower().split()) for lesson in module.lessons)
        for topic in CORE_TOPICS[module.slug]:
            assert topic in text, f"{module.slug} does not mention {topic}"


def test_the_advanced_modules_are_for_specialists() -> None:
    courses = _courses()
    for slug, topic in ADVANCED.items():
        spec = courses[slug]
        assert "all_staff" not in spec.audiences and not spec.core
        assert topic in " ".join(lesson.markdown.lower() for m in spec.modules for lesson in m.lessons)


@pytest.mark.parametrize(
    "lesson_file",
    sorted((Path(__file__).resolve().parents[1] / "content" / "core-cyber-security" / "modules").rglob("*.md")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_core_lesson_reads_at_age_9_to_11(lesson_file: Path) -> None:
    age = reading_age(lesson_file.read_text(encoding="utf-8"))
    assert 9.0 <= age <= 11.0, f"{lesson_file.name}: reading age {age:.1f}"


def test_the_readability_measure_tells_hard_text_from_plain_text() -> None:
    plain = "Lock your screen when you go. It takes a second. Press the two keys together and walk away."
    hard = (
        "Organisational information governance responsibilities necessitate comprehensive, auditable "
        "implementation of confidentiality safeguards, notwithstanding operational considerations."
    )
    assert reading_age(plain) < 9 < 11 < reading_age(hard)


def test_every_core_image_has_alt_text_and_is_shipped() -> None:
    core = _courses()["core-cyber-security"]
    text = " ".join(lesson.markdown for m in core.modules for lesson in m.lessons)
    assert "](images/phishing-signs.png)" in text and "](images/lock-your-screen.png)" in text
    assert set(core.images) == {"phishing-signs.png", "lock-your-screen.png"}
