"""The item rules on their own: what counts as an answer, and when an answer meets its item."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecyber.assessments.engine.items import (
    Achievement,
    AnswerError,
    AnswerType,
    Choice,
    ItemRule,
    add_months,
    describe_value,
    evaluate,
    parse_answer,
)

TODAY = date(2026, 11, 23)


def rule(kind: AnswerType, **kwargs: object) -> ItemRule:
    return ItemRule(reference="1.1.1", answer_type=kind, **kwargs)  # type: ignore[arg-type]


def test_an_item_with_no_scope_applies_to_everyone() -> None:
    assert rule(AnswerType.YES_NO).applies_to(4, "care_home")


def test_an_item_applies_by_category_or_by_type() -> None:
    scoped = rule(AnswerType.YES_NO, categories=(1, 2), types=("gp_practice",))
    assert scoped.applies_to(1, "nhs_trust")
    assert scoped.applies_to(3, "gp_practice")
    assert not scoped.applies_to(4, "care_home")


def test_mandatory_can_depend_on_the_category() -> None:
    item = rule(AnswerType.YES_NO, mandatory_categories=(1, 2))
    assert item.is_mandatory_for(1)
    assert not item.is_mandatory_for(4)
    assert not rule(AnswerType.YES_NO, mandatory=False).is_mandatory_for(1)


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        (AnswerType.YES_NO, "Yes", "yes"),
        (AnswerType.YES_NO, False, "no"),
        (AnswerType.TEXT, "  Sam Jones, manager ", "Sam Jones, manager"),
        (AnswerType.NUMBER, "1,200", 1200),
        (AnswerType.NUMBER, "2.5", 2.5),
        (AnswerType.PERCENTAGE, "96%", 96),
        (AnswerType.DATE, "2026-03-31", "2026-03-31"),
        (AnswerType.ACHIEVEMENT, "partially_achieved", "partially_achieved"),
    ],
)
def test_answers_are_stored_in_one_form(kind: AnswerType, raw: object, stored: object) -> None:
    assert parse_answer(rule(kind), raw, today=TODAY) == stored


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_answer_is_no_answer(blank: object) -> None:
    assert parse_answer(rule(AnswerType.NUMBER), blank, today=TODAY) is None


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (AnswerType.YES_NO, "maybe", "Choose yes or no"),
        (AnswerType.NUMBER, "twelve", "Enter a number"),
        (AnswerType.NUMBER, "1e400", "Enter a number"),
        (AnswerType.PERCENTAGE, "120", "from 0 to 100"),
        (AnswerType.DATE, "31/02/2026", "Enter a real date"),
        (AnswerType.ACHIEVEMENT, "mostly", "Choose not achieved"),
        (AnswerType.DOCUMENT, "here it is", "Upload a document"),
    ],
)
def test_answers_of_the_wrong_type_are_refused_with_a_message(kind: AnswerType, raw: object, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        parse_answer(rule(kind), raw, today=TODAY)


def test_a_choice_must_be_one_of_the_options() -> None:
    item = rule(AnswerType.CHOICE, choices=(Choice("a", "A"), Choice("b", "B", meets=False)))
    assert parse_answer(item, "b", today=TODAY) == "b"
    with pytest.raises(AnswerError, match="Choose one of the options"):
        parse_answer(item, "c", today=TODAY)


def test_text_over_the_limit_is_refused() -> None:
    with pytest.raises(AnswerError, match="5,000 characters or fewer"):
        parse_answer(rule(AnswerType.TEXT), "x" * 5001, today=TODAY)


def test_a_dated_item_refuses_a_future_date() -> None:
    with pytest.raises(AnswerError, match="today or in the past"):
        parse_answer(rule(AnswerType.DATE, max_age_months=12), "2027-01-01", today=TODAY)


def test_yes_meets_a_yes_no_item_unless_it_asks_for_no() -> None:
    assert evaluate(rule(AnswerType.YES_NO), "yes", today=TODAY).met
    assert not evaluate(rule(AnswerType.YES_NO), "no", today=TODAY).met
    unsupported = rule(AnswerType.YES_NO, met_when_yes=False)
    assert evaluate(unsupported, "no", today=TODAY).met
    assert not evaluate(unsupported, "yes", today=TODAY).met


def test_a_percentage_meets_its_minimum_at_or_above_it() -> None:
    item = rule(AnswerType.PERCENTAGE, minimum=95.0)
    assert evaluate(item, 95, today=TODAY).met
    assert not evaluate(item, 94.9, today=TODAY).met
    assert evaluate(item, 94.9, today=TODAY).answered


def test_a_document_item_is_met_by_evidence_alone() -> None:
    item = rule(AnswerType.DOCUMENT)
    assert not evaluate(item, None, evidence_count=0, today=TODAY).answered
    assert evaluate(item, None, evidence_count=2, today=TODAY).met


def test_a_dated_answer_meets_its_item_until_it_is_too_old() -> None:
    item = rule(AnswerType.DATE, max_age_months=12)
    result = evaluate(item, "2026-01-31", today=TODAY)
    assert result.met and result.met_until == date(2027, 1, 31)
    old = evaluate(item, "2025-10-01", today=TODAY)
    assert old.answered and not old.met


def test_an_outcome_meets_its_target_at_or_above_it() -> None:
    item = rule(AnswerType.ACHIEVEMENT)
    assert evaluate(item, "achieved", target=Achievement.PARTIALLY_ACHIEVED, today=TODAY).met
    assert evaluate(item, "partially_achieved", target=Achievement.PARTIALLY_ACHIEVED, today=TODAY).met
    assert not evaluate(item, "partially_achieved", target=Achievement.ACHIEVED, today=TODAY).met
    assert evaluate(item, "not_achieved", target=Achievement.NOT_ACHIEVED, today=TODAY).met


def test_a_choice_meets_its_item_when_that_option_does() -> None:
    item = rule(AnswerType.CHOICE, choices=(Choice("all", "All"), Choice("some", "Some", meets=False)))
    assert evaluate(item, "all", today=TODAY).met
    assert not evaluate(item, "some", today=TODAY).met


def test_values_read_as_words() -> None:
    assert describe_value(rule(AnswerType.DATE), "2026-03-05") == "5 March 2026"
    assert describe_value(rule(AnswerType.PERCENTAGE), 96) == "96%"
    assert describe_value(rule(AnswerType.ACHIEVEMENT), "partially_achieved") == "Partially achieved"


def test_adding_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 1) == date(2026, 2, 15)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(min_value=0, max_value=120))
def test_adding_months_never_goes_backwards_or_past_the_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
