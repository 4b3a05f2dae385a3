"""The weight fitter (bench/fit_phishing_weights.py) on toy tables: it must find weights that separate separable
data, must never buy recall with false alarms past the limit, and must score messages exactly as the engine does."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

from fit_phishing_weights import (
    Row,
    Signal,
    evaluate,
    fit_weights,
    reading_score,
    stratified_folds,
    uncatchable,
    write_weights,
)

THRESHOLD = 30


def row(name: str, label: bool, *signals: Signal) -> Row:
    return Row(name, label, (tuple(signals),))


def separable_table() -> list[Row]:
    """Phishing shows `lure` (sometimes with `link`); ham shows `link` or `footer` but never `lure`."""
    phish = [row(f"p{i}", True, Signal("lure", 1), *([Signal("link", 1)] if i % 2 else [])) for i in range(20)]
    ham = [row(f"h{i}", False, Signal("link" if i % 2 else "footer", 1)) for i in range(20)]
    return phish + ham


def test_fitted_weights_separate_separable_data() -> None:
    rows = separable_table()
    hand = {"lure": 10, "link": 10, "footer": 5}  # catches nothing on its own
    assert evaluate(rows, hand, THRESHOLD).caught == 0

    fitted = fit_weights(rows, hand, threshold=THRESHOLD, max_fp=0.0)

    outcome = evaluate(rows, fitted, THRESHOLD)
    assert (outcome.caught, outcome.false_alarms) == (20, 0)
    assert fitted["lure"] >= THRESHOLD
    assert fitted["link"] < THRESHOLD and fitted["footer"] < THRESHOLD


def test_a_sign_shared_with_ham_is_not_raised_past_the_ham_limit() -> None:
    """`link` alone would catch every phishing message, but only by flagging half the ham: it must not move so."""
    rows = [row(f"p{i}", True, Signal("link", 1)) for i in range(20)]
    rows += [row(f"h{i}", False, Signal("link", 1)) for i in range(10)]
    rows += [row(f"g{i}", False) for i in range(10)]

    fitted = fit_weights(rows, {"link": 10}, threshold=THRESHOLD, max_fp=0.01)

    assert fitted["link"] < THRESHOLD
    assert evaluate(rows, fitted, THRESHOLD).false_alarms == 0


def test_a_start_over_the_ham_limit_is_brought_within_it() -> None:
    rows = [row("p", True, Signal("lure", 1)), row("h", False, Signal("footer", 1))]

    fitted = fit_weights(rows, {"lure": 30, "footer": 40}, threshold=THRESHOLD, max_fp=0.0)

    assert evaluate(rows, fitted, THRESHOLD).false_alarms == 0
    assert evaluate(rows, fitted, THRESHOLD).caught == 1


def test_weights_stay_at_hand_values_when_moving_catches_nothing() -> None:
    rows = separable_table()
    hand = {"lure": 30, "link": 10, "footer": 5}

    assert fit_weights(rows, hand, threshold=THRESHOLD) == hand


def test_scores_as_the_engine_does_halving_wording_capping_and_either_reading_of_a_forward() -> None:
    weights = {"urgency_language": 15, "spf_fail": 25, "unreadable": 50, "combined_signs": 10}
    halved = (Signal("urgency_language", 3, halved=True), Signal("spf_fail", 1))
    assert reading_score(halved, weights) == 45 // 2 + 25
    assert reading_score((Signal("unreadable", 3),), weights) == 100
    forward = Row("fw", True, ((Signal("combined_signs", 1),), (Signal("spf_fail", 1), Signal("combined_signs", 1))))
    assert evaluate([forward], weights, 35).caught == 1


def test_folds_keep_the_share_of_phishing_and_ham() -> None:
    rows = separable_table()
    fold_of = stratified_folds(rows, 5)

    for fold in range(5):
        members = [r for r, f in zip(rows, fold_of, strict=True) if f == fold]
        assert sum(r.label for r in members) == 4
        assert sum(not r.label for r in members) == 4


def test_written_weights_are_a_full_weights_file_with_the_fitted_values(tmp_path: Path) -> None:
    target = tmp_path / "fitted.yaml"

    write_weights(target, {"spf_fail": 33, "combined_signs": 12})

    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["weights"]["spf_fail"] == 33
    assert written["weights"]["combined_signs"] == 12
    assert written["thresholds"] == {"phishing": 60, "suspicious": 30, "spam": 10}
    assert "caps" in written and "# How much each signal adds" in target.read_text(encoding="utf-8")


def test_the_ceiling_counts_phishing_no_weights_can_flag_without_flagging_ham() -> None:
    rows = [
        row("silent", True),
        row("covered", True, Signal("link", 1)),
        row("stronger", True, Signal("link", 2)),
        row("own", True, Signal("lure", 1), Signal("link", 1)),
        row("ham", False, Signal("link", 1), Signal("footer", 1)),
    ]

    assert uncatchable(rows) == (1, 1)
