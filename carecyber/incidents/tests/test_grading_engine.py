"""The grading engine on its own: likelihood × severity, the national table, vulnerable groups, essential services."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecyber.incidents.engine.catalogue import default_rules_data
from carecyber.incidents.engine.grading import (
    LEVEL_ORDER,
    GradingError,
    GradingInput,
    Level,
    NotificationRules,
    grade,
)

RULES = NotificationRules.from_data(default_rules_data(), version=0)
scores = st.integers(min_value=1, max_value=5)


def test_the_starting_table_is_complete_and_says_it_is_unconfirmed() -> None:
    assert len(RULES.cells) == 25
    assert "not yet confirmed" in RULES.note
    assert set(RULES.likelihood_labels) == set(RULES.severity_labels) == {1, 2, 3, 4, 5}


def test_no_harm_is_never_notified_and_serious_harm_that_occurred_always_is() -> None:
    for likelihood in range(1, 6):
        assert grade(GradingInput(likelihood, 1), RULES).level is Level.NONE
    serious = grade(GradingInput(5, 5), RULES)
    assert serious.notify_regulator and serious.notify_health_department and serious.tell_individuals
    assert serious.notifiable and serious.score == 25 and serious.band == "Very high"


def test_levels_include_the_ones_before_them() -> None:
    rules = RULES.with_cells({(3, 3): Level.REGULATOR})
    result = grade(GradingInput(3, 3), rules)
    assert result.notify_regulator and result.notify_health_department and not result.tell_individuals
    department_only = grade(GradingInput(3, 3), RULES.with_cells({(3, 3): Level.HEALTH_DEPARTMENT}))
    assert department_only.notify_health_department and not department_only.notify_regulator


def test_the_table_not_the_code_decides() -> None:
    strict = RULES.with_cells({(2, 2): Level.REGULATOR_INDIVIDUALS}, version=7)
    assert grade(GradingInput(2, 2), RULES).level is Level.NONE
    changed = grade(GradingInput(2, 2), strict)
    assert changed.level is Level.REGULATOR_INDIVIDUALS and changed.rules_version == 7


def test_vulnerable_people_raise_both_scores_and_say_why() -> None:
    plain = grade(GradingInput(2, 2), RULES)
    raised = grade(GradingInput(2, 2, vulnerable_groups=True), RULES)
    assert (plain.likelihood, plain.severity) == (2, 2)
    assert (raised.likelihood, raised.severity) == (3, 3) and raised.score == 9
    assert LEVEL_ORDER.index(raised.level) > LEVEL_ORDER.index(plain.level)
    assert "Vulnerable people are involved" in raised.reasons[0]


def test_the_uplift_is_data_and_never_goes_past_five() -> None:
    bigger = RULES.with_cells({}, vulnerable_likelihood_uplift=2, vulnerable_severity_uplift=0)
    result = grade(GradingInput(4, 3, vulnerable_groups=True), bigger)
    assert (result.likelihood, result.severity) == (5, 3)


def test_essential_services_answer_the_continuity_question() -> None:
    with pytest.raises(GradingError, match="continuity"):
        grade(GradingInput(1, 1, essential_service=True), RULES)
    reported = grade(GradingInput(1, 1, essential_service=True, significant_service_impact=True), RULES)
    assert reported.level is Level.NONE and reported.nis_report and reported.notifiable
    assert "essential service" in reported.reasons[-1]
    quiet = grade(GradingInput(1, 1, essential_service=True, significant_service_impact=False), RULES)
    assert not quiet.nis_report and not quiet.notifiable
    # Other organisations are never asked, whatever they answer.
    assert not grade(GradingInput(1, 1, significant_service_impact=True), RULES).nis_report


@pytest.mark.parametrize("bad", [0, 6, -1, True, "3", None])
def test_scores_outside_one_to_five_are_refused(bad: object) -> None:
    with pytest.raises(GradingError, match="from 1 to 5"):
        grade(GradingInput(bad, 3), RULES)  # type: ignore[arg-type]


def test_incomplete_or_unknown_tables_are_refused_with_a_reason() -> None:
    data = default_rules_data()
    with pytest.raises(GradingError, match="exactly five"):
        NotificationRules.from_data({**data, "cells": {**data["cells"], 3: ["none"] * 4}}, version=1)
    with pytest.raises(GradingError, match="Unknown level 'sometimes'"):
        NotificationRules.from_data({**data, "cells": {**data["cells"], 2: ["sometimes"] * 5}}, version=1)
    with pytest.raises(GradingError, match="between 0 and 4"):
        RULES.with_cells({}, vulnerable_severity_uplift=9)
    with pytest.raises(GradingError, match="Bands"):
        RULES.with_cells({}, bands=((3, "Low"),))


def test_rules_round_trip_through_plain_data() -> None:
    again = NotificationRules.from_data(RULES.to_data(), version=0)
    assert again == RULES


@given(likelihood=scores, severity=scores, vulnerable=st.booleans())
def test_grading_is_total_and_stays_on_the_scale(likelihood: int, severity: int, vulnerable: bool) -> None:
    result = grade(GradingInput(likelihood, severity, vulnerable_groups=vulnerable), RULES)
    assert 1 <= result.likelihood <= 5 and 1 <= result.severity <= 5
    assert result.likelihood >= likelihood and result.severity >= severity
    assert result.score == result.likelihood * result.severity
    assert result.level is RULES.level(result.likelihood, result.severity)


@given(likelihood=scores, severity=scores)
def test_in_the_starting_table_more_risk_never_means_fewer_people_told(likelihood: int, severity: int) -> None:
    here = LEVEL_ORDER.index(RULES.level(likelihood, severity))
    if likelihood < 5:
        assert LEVEL_ORDER.index(RULES.level(likelihood + 1, severity)) >= here
    if severity < 5:
        assert LEVEL_ORDER.index(RULES.level(likelihood, severity + 1)) >= here
