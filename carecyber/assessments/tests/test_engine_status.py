"""The status rules on their own (no Django, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from carecyber.assessments.engine.items import AnswerType, Evaluation, ItemRule
from carecyber.assessments.engine.status import (
    PublicationFacts,
    ScoredItem,
    Status,
    StatusFacts,
    assessment_result,
    organisation_status,
)

TODAY = date(2026, 11, 23)
MET = PublicationFacts(published_on=date(2026, 6, 1), expires_on=date(2027, 5, 31), all_mandatory_met=True)
NOT_MET = PublicationFacts(published_on=date(2026, 6, 1), expires_on=date(2027, 5, 31), all_mandatory_met=False)


def scored(ref: str, *, answered: bool, met: bool, mandatory: bool = True, until: date | None = None) -> ScoredItem:
    return ScoredItem(
        rule=ItemRule(reference=ref, answer_type=AnswerType.YES_NO),
        evaluation=Evaluation(answered=answered, met=met, met_until=until),
        mandatory=mandatory,
    )


def test_nothing_published_is_not_published() -> None:
    assert organisation_status(StatusFacts(publication=None), today=TODAY).status == Status.NOT_PUBLISHED


def test_every_mandatory_item_met_is_standards_met() -> None:
    result = organisation_status(StatusFacts(publication=MET), today=TODAY)
    assert result.status == Status.MET
    assert result.valid_until == MET.expires_on


def test_a_current_cyber_essentials_plus_certificate_lifts_met_to_exceeded() -> None:
    facts = StatusFacts(publication=MET, ce_plus_expires_on=date(2027, 1, 10))
    result = organisation_status(facts, today=TODAY)
    assert result.status == Status.EXCEEDED
    assert result.valid_until == date(2027, 1, 10)  # the certificate runs out first


def test_an_expired_certificate_does_not() -> None:
    facts = StatusFacts(publication=MET, ce_plus_expires_on=date(2026, 11, 22))
    assert organisation_status(facts, today=TODAY).status == Status.MET


def test_a_certificate_alone_does_not_make_an_unmet_assessment_exceed() -> None:
    facts = StatusFacts(publication=NOT_MET, ce_plus_expires_on=date(2027, 6, 1))
    assert organisation_status(facts, today=TODAY).status == Status.NOT_MET


def test_unmet_with_an_agreed_plan_is_approaching() -> None:
    facts = StatusFacts(publication=NOT_MET, plan_agreed=True)
    assert organisation_status(facts, today=TODAY).status == Status.APPROACHING


def test_unmet_without_a_plan_is_not_met() -> None:
    assert organisation_status(StatusFacts(publication=NOT_MET), today=TODAY).status == Status.NOT_MET


@pytest.mark.parametrize("publication", [MET, NOT_MET])
def test_a_publication_expires_after_its_last_day(publication: PublicationFacts) -> None:
    facts = StatusFacts(publication=publication, plan_agreed=True, ce_plus_expires_on=date(2030, 1, 1))
    assert organisation_status(facts, today=publication.expires_on).status != Status.NOT_PUBLISHED
    expired = organisation_status(facts, today=date(2027, 6, 1))
    assert expired.status == Status.NOT_PUBLISHED
    assert "expired" in expired.reason


def test_statuses_carry_their_labels_and_scores() -> None:
    assert Status.EXCEEDED.label == "Standards Exceeded"
    assert [s.score for s in Status] == [3, 1, -1, -3, None]
    assert Status.MET.allows_shared_records and Status.EXCEEDED.allows_shared_records
    assert not Status.APPROACHING.allows_shared_records


def test_the_result_counts_mandatory_items_separately() -> None:
    result = assessment_result(
        [
            scored("1", answered=True, met=True),
            scored("2", answered=True, met=False),
            scored("3", answered=False, met=False),
            scored("4", answered=True, met=False, mandatory=False),
        ],
        today=TODAY,
    )
    assert (result.applicable, result.answered, result.met) == (4, 3, 1)
    assert (result.mandatory, result.mandatory_answered, result.mandatory_met) == (3, 2, 1)
    assert result.missing_mandatory == ("3",)
    assert result.unmet_mandatory == ("2",)
    assert not result.ready_to_publish and not result.all_mandatory_met
    assert result.percent_complete == 75
    assert result.would_be == Status.NOT_MET


def test_a_dated_answer_past_its_date_no_longer_counts_as_met() -> None:
    result = assessment_result([scored("1", answered=True, met=True, until=date(2026, 11, 22))], today=TODAY)
    assert result.mandatory_met == 0 and result.unmet_mandatory == ("1",)


def test_all_met_and_nothing_missing_would_be_met() -> None:
    result = assessment_result([scored("1", answered=True, met=True)], today=TODAY)
    assert result.ready_to_publish and result.would_be == Status.MET and result.percent_complete == 100


def test_an_empty_assessment_is_not_complete() -> None:
    assert assessment_result([], today=TODAY).percent_complete == 0
