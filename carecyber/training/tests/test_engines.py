"""Pure engines: quiz marking, due dates, certificates, CSV of completions, xAPI statements."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from carecyber.training.engine import completions_csv, quiz, rules
from carecyber.training.engine.certificate import UNICODE_FONT, CertificateData, new_code, normalise_code, render
from carecyber.training.engine.xapi import CompletionFacts, statement

QUESTIONS = [
    {
        "key": "one",
        "kind": "single",
        "prompt": "Pick b",
        "options": [
            {"key": "a", "text": "A", "correct": False, "feedback": "No, not A"},
            {"key": "b", "text": "B", "correct": True, "feedback": "Yes, B"},
        ],
    },
    {
        "key": "many",
        "kind": "multiple",
        "prompt": "Pick a and c",
        "options": [
            {"key": "a", "text": "A", "correct": True, "feedback": "A is right"},
            {"key": "b", "text": "B", "correct": False, "feedback": "B is wrong"},
            {"key": "c", "text": "C", "correct": True, "feedback": "C is right"},
        ],
    },
]


def test_a_question_is_right_only_with_exactly_the_right_options() -> None:
    result = quiz.mark(QUESTIONS, {"one": ["b"], "many": ["a"]}, pass_mark=100)
    assert [a.correct for a in result.answers] == [True, False]
    assert result.score_percent == 50 and not result.passed
    many = result.answers[1]
    assert ("A", True, "A is right") in many.feedback
    assert ("C", True, "C is right") in many.feedback  # the missed right answer is explained too


def test_feedback_is_given_for_each_option_chosen_and_unknown_keys_are_ignored() -> None:
    result = quiz.mark(QUESTIONS, {"one": ["a", "zz"], "many": ["a", "c"]}, pass_mark=50)
    assert result.answers[0].feedback == (("A", False, "No, not A"),)
    assert result.passed and result.score_percent == 50
    assert quiz.mark(QUESTIONS, {}, pass_mark=50).answers[0].unanswered


def test_months_are_added_as_people_expect() -> None:
    assert rules.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert rules.add_months(datetime(2024, 2, 29, tzinfo=UTC), 12) == datetime(2025, 2, 28, tzinfo=UTC)
    assert rules.add_months(datetime(2026, 11, 23, tzinfo=UTC), 12) == datetime(2027, 11, 23, tzinfo=UTC)


def test_training_states() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    joined = now - timedelta(days=10)

    def status(until: datetime | None) -> str:
        return rules.state_of(valid_until=until, joined=joined, now=now, first_due_days=30).status

    assert status(now + timedelta(days=90)) == "current"
    assert status(now + timedelta(days=20)) == "due_soon"
    assert status(now - timedelta(days=1)) == "expired"
    assert rules.state_of(valid_until=None, joined=joined, now=now, first_due_days=30).status == "not_started"
    late = rules.state_of(valid_until=None, joined=now - timedelta(days=31), now=now, first_due_days=30)
    assert late.status == "overdue" and late.due == now - timedelta(days=1)
    assert rules.meets(95, 100, 95) and not rules.meets(94, 100, 95) and not rules.meets(0, 0, 95)
    assert rules.percent(1, 3) == 33.3 and rules.percent(0, 0) == 0.0


def test_certificate_codes_are_random_readable_and_forgiving_to_type() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert len(code) == 17 and code.startswith("CC-")
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("nonsense") == ""


def test_a_certificate_is_a_pdf_with_the_details() -> None:
    pdf = render(
        CertificateData(
            name="Zoë Ødegård",
            course="Cyber security for everyone",
            organisation="Birch Care Home",
            completed_on=date(2026, 3, 1),
            valid_until=date(2027, 3, 1),
            code="CC-ABCD-EFGH-JKLM",
            verify_url="http://127.0.0.1:8000/training/verify?code=CC-ABCD-EFGH-JKLM",
        )
    )
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    import io

    from pypdf import PdfReader

    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for expected in (
        "Certificate of completion",
        "Zoë Ødegård" if UNICODE_FONT.exists() else "Zoe Odegard",
        "Cyber security for everyone",
        "1 March 2026",
        "Valid until 1 March 2027",
        "Verification code: CC-ABCD-EFGH-JKLM",
        "Birch Care Home",
    ):
        assert expected in text, expected


def test_a_csv_of_completions_is_checked_row_by_row() -> None:
    data = (
        b"Email,course,completed_on,score\n"
        b"a@x.test,core,2026-01-02,90\n"
        b"not-an-email,core,2026-01-02,\n"
        b"b@x.test,nope,31/12/2025,\n"
        b"c@x.test,core,2999-01-01,\n"
        b"d@x.test,core,2026-01-02,150\n"
        b"a@x.test,core,2026-01-02,90\n"
    )
    with pytest.raises(completions_csv.CsvError) as caught:
        completions_csv.parse(data, today=date(2026, 6, 1), known_course=lambda s: s == "core")
    problems = "\n".join(caught.value.problems)
    assert "Row 3: 'not-an-email' is not an email address" in problems
    assert "Row 4: there is no course 'nope'" in problems
    assert "Row 5: 2999-01-01 is in the future" in problems
    assert "Row 6: the score '150' must be a whole number" in problems
    assert "Row 7: the same completion appears twice" in problems


def test_a_good_csv_parses_and_a_missing_column_is_named() -> None:
    rows = completions_csv.parse(
        "\ufeffemail,course,completed_on,reference\nA@X.test,core,31/12/2025,LMS-1\n".encode(),
        today=date(2026, 6, 1),
        known_course=lambda s: True,
    )
    assert rows[0].email == "a@x.test" and rows[0].completed_on == date(2025, 12, 31) and rows[0].reference == "LMS-1"
    with pytest.raises(completions_csv.CsvError, match="missing: completed_on"):
        completions_csv.parse(b"email,course\n", today=date(2026, 6, 1), known_course=lambda s: True)
    with pytest.raises(completions_csv.CsvError, match="not UTF-8"):
        completions_csv.parse(b"\xff\xfe\x00", today=date(2026, 6, 1), known_course=lambda s: True)


def test_xapi_statements_follow_the_spec_and_keep_their_id() -> None:
    facts = CompletionFacts(
        certificate_code="CC-ABCD-EFGH-JKLM",
        name="Sid Staff",
        email="staff@alder.test",
        course_slug="core",
        course_title="Core",
        course_version=2,
        completed_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        expires_at=datetime(2027, 3, 1, 12, tzinfo=UTC),
        score_percent=90,
        organisation_code="RAA",
        source="course",
    )
    first = statement(facts, site_url="https://carecyber.test")
    assert first == statement(facts, site_url="https://carecyber.test")
    assert first["version"] == "1.0.3"
    assert first["actor"] == {"objectType": "Agent", "name": "Sid Staff", "mbox": "mailto:staff@alder.test"}
    assert first["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert first["object"]["id"] == "https://carecyber.test/training/courses/core"
    assert first["result"]["score"]["scaled"] == 0.9 and first["result"]["success"] is True
    assert first["timestamp"] == "2026-03-01T12:00:00+00:00"
    json.dumps(first)
