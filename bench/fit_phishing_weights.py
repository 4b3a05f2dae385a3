"""Are the triage engine's hand-set weights near the best its current signals allow? Measured, not guessed.

Runs the engine once over the TUNE half of the benchmark data (the same `split_of()` as
bench/bench_phishing_triage.py) and records, for every message, which reasons fired and how many times (a
capped per-phrase reason's weight divided by the configured weight). It then fits non-negative integer weights
by coordinate ascent: the most phishing caught at or above the "suspicious" threshold with at most --max-fp of
legitimate mail there, each point a weight moves away from its hand value costing --pull of a message (so a
weight only moves for a real gain). The thresholds, the cap at 100, `combined_signs` (fitted as one more
weight) and the halving of wording weights on a brand's own domain stay as the engine has them.

The figure that matters is out-of-fold: TUNE is cut into --folds stratified folds, the weights are fitted on
all folds but one and scored on the one left out, and the hand weights are scored on the same folds. Only a
clear out-of-fold gain is worth a change to weights.yaml; `--write FILE` writes the weights fitted on all of
TUNE to a copy of weights.yaml (never weights.yaml itself unless you name it). `--report` scores the hand and
fitted weights once on the REPORT half with the real engine (aggregate figures only; run it once, at the end).

    python bench/fit_phishing_weights.py [--folds 5] [--max-fp 0.01] [--pull 0.02] [--write FILE] [--report]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_phishing_triage import POSITIVE, Sample, data_dir, load_samples, split_of  # noqa: E402

from carecyber.phishing.engine import TriageSettings, triage  # noqa: E402
from carecyber.phishing.engine.checks.genuine import WORDING_CODES  # noqa: E402
from carecyber.phishing.engine.config import DATA_DIR, Rules  # noqa: E402
from carecyber.phishing.engine.intake import extract_original  # noqa: E402
from carecyber.phishing.engine.triage import FORWARD_SUBJECT, _triage  # noqa: E402
from carecyber.phishing.engine.types import TriageResult  # noqa: E402

SCORE_CAP = 100
NEAR = 10  # ham scoring this close under the threshold is one small change away from a false alarm
HALVED_MARK = "(Counted at half weight"
AUTH_FAILURES = frozenset({"dmarc_fail", "spf_fail", "spf_softfail"})


@dataclass(frozen=True)
class Signal:
    """One reason as the score sees it: which weight, how many times, and whether the engine halved it."""

    code: str
    times: int
    halved: bool = False


Reading = tuple[Signal, ...]  # the signals of one judgement of a message


@dataclass(frozen=True)
class Row:
    """A message's label and its readings: itself, and for a forward also the email it carries. The engine
    calls it an attack when either reading reaches the threshold (it keeps the more suspicious one)."""

    name: str
    label: bool  # True: phishing
    readings: tuple[Reading, ...]


def reading_score(reading: Reading, weights: Mapping[str, int]) -> int:
    """The engine's score for these signals under `weights` (wording halved, rounding down, capped at 100)."""
    total = 0
    for signal in reading:
        points = weights.get(signal.code, 0) * signal.times
        total += points // 2 if signal.halved else points
    return max(0, min(SCORE_CAP, total))


def signals_of(result: TriageResult, rules: Rules) -> Reading:
    """Turn an engine result back into weights and counts, checking the score adds up to the engine's own."""
    codes = {reason.code for reason in result.reasons}
    signals: list[Signal] = []
    for reason in result.reasons:
        code = reason.code
        if code == "dkim_fail" and not codes & AUTH_FAILURES:
            code = "dkim_fail_alone"  # the auth check weighs a lone DKIM failure by its own weight
        halved = code in WORDING_CODES and HALVED_MARK in reason.text
        base = rules.weight(code)
        times = 1
        if base:
            candidates = [n for n in range(1, 11) if ((base * n) // 2 if halved else base * n) == reason.weight]
            times = candidates[0] if candidates else max(1, round(reason.weight / base))
        signals.append(Signal(code, times, halved))
    reading = tuple(signals)
    rebuilt = reading_score(reading, rules.weights)
    if rebuilt != result.score:
        raise ValueError(f"score {result.score} rebuilt as {rebuilt}: {result.reasons}")
    return reading


def readings_of(raw: bytes, settings: TriageSettings) -> tuple[Reading, ...]:
    """The message as the engine reads it, and for a forward also the email it carries (as `triage()` does,
    one level deep), so that a change of weights can change which of the two the engine keeps."""
    rules = settings.rules
    try:
        outer = _triage(raw, settings)
    except Exception:  # triage() turns this into "unreadable"
        return (signals_of(triage(raw, settings), rules),)
    if outer.message is None or not FORWARD_SUBJECT.match(outer.message.subject):
        return (signals_of(outer, rules),)
    try:
        intake = extract_original(raw)
        inner = _triage(intake.original, settings) if intake.how != "as_is" else None
    except Exception:  # triage() keeps the forward as it is
        inner = None
    if inner is None or inner.message is None:
        return (signals_of(outer, rules),)
    return (signals_of(outer, rules), signals_of(inner, rules))


def collect_rows(samples: Sequence[Sample], settings: TriageSettings) -> list[Row]:
    rows: list[Row] = []
    started = time.perf_counter()
    for number, sample in enumerate(samples, 1):
        rows.append(Row(sample.name, sample.label, readings_of(sample.raw, settings)))
        if number % 250 == 0 or number == len(samples):
            print(f"  read {number}/{len(samples)} messages ({time.perf_counter() - started:.1f} s)", flush=True)
    return rows


@dataclass(frozen=True)
class Outcome:
    caught: int
    phish: int
    false_alarms: int
    ham: int
    ham_near: int = 0  # ham within NEAR points under the threshold: the briefing's warning sign

    @property
    def recall(self) -> float:
        return self.caught / self.phish if self.phish else 0.0

    @property
    def ham_fp_rate(self) -> float:
        return self.false_alarms / self.ham if self.ham else 0.0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.caught + other.caught,
            self.phish + other.phish,
            self.false_alarms + other.false_alarms,
            self.ham + other.ham,
            self.ham_near + other.ham_near,
        )

    def text(self) -> str:
        return (
            f"recall {self.recall:6.1%} ({self.caught}/{self.phish})  "
            f"ham FP {self.ham_fp_rate:5.1%} ({self.false_alarms}/{self.ham}), near {self.ham_near}"
        )


def evaluate(rows: Iterable[Row], weights: Mapping[str, int], threshold: int) -> Outcome:
    caught = phish = false_alarms = ham = ham_near = 0
    for row in rows:
        best = max(reading_score(reading, weights) for reading in row.readings)
        if row.label:
            phish += 1
            caught += best >= threshold
        else:
            ham += 1
            false_alarms += best >= threshold
            ham_near += threshold - NEAR <= best < threshold
    return Outcome(caught, phish, false_alarms, ham, ham_near)


def fit_weights(
    rows: Sequence[Row],
    start: Mapping[str, int],
    *,
    threshold: int,
    max_fp: float = 0.01,
    pull: float = 0.02,
    ham_margin: int = 0,
    steps: Sequence[int] = (1, 2, 5, 10, 20),
    max_weight: int = 100,
    rounds: int = 20,
) -> dict[str, int]:
    """Non-negative integer weights, from `start`, that catch the most phishing at `threshold` while at most
    `max_fp` of the ham reaches `threshold - ham_margin`.

    Coordinate ascent: each round tries every step up and down on every weight and keeps a change when
    caught - (ham over the line) / 2 - pull * (points away from `start`) grows and the ham limit still holds
    (a start over the limit is first brought within it).
    The penalty keeps a weight at its hand value unless moving it catches more; the margin (optional) keeps
    ham clear of the threshold rather than just under it. Only the messages a weight touches are re-scored.
    """
    codes = sorted({signal.code for row in rows for reading in row.readings for signal in reading})
    weights = {code: int(start.get(code, 0)) for code in codes}
    ham_total = sum(1 for row in rows if not row.label)
    ham_allowed = int(ham_total * max_fp + 1e-9)
    touching: dict[str, list[int]] = {code: [] for code in codes}
    for index, row in enumerate(rows):
        for code in {signal.code for reading in row.readings for signal in reading}:
            touching[code].append(index)

    def state(index: int, current: Mapping[str, int]) -> tuple[bool, bool]:
        """(caught, ham over the line) for one message."""
        row = rows[index]
        best = max(reading_score(reading, current) for reading in row.readings)
        return (row.label and best >= threshold, (not row.label) and best >= threshold - ham_margin)

    states = [state(index, weights) for index in range(len(rows))]
    caught = sum(c for c, _ in states)
    over = sum(o for _, o in states)

    def value(caught_now: int, over_now: int, current: Mapping[str, int]) -> tuple[int, float]:
        """(ham over the limit, negated: 0 once the limit holds; then the trade-off), compared in that order,
        so that a start that breaks the limit is first brought within it."""
        distance = sum(abs(current[code] - start.get(code, 0)) for code in codes)
        return min(0, ham_allowed - over_now), caught_now - over_now / 2 - pull * distance

    best_value = value(caught, over, weights)
    for _ in range(rounds):
        improved = False
        for code in codes:
            for step in (*steps, *(-s for s in steps)):
                trial_weight = weights[code] + step
                if not 0 <= trial_weight <= max_weight:
                    continue
                trial = dict(weights)
                trial[code] = trial_weight
                caught_now, over_now = caught, over
                changed: list[tuple[int, tuple[bool, bool]]] = []
                for index in touching[code]:
                    new = state(index, trial)
                    old = states[index]
                    if new != old:
                        caught_now += new[0] - old[0]
                        over_now += new[1] - old[1]
                        changed.append((index, new))
                trial_value = value(caught_now, over_now, trial)
                if trial_value[0] > best_value[0] or (
                    trial_value[0] == best_value[0] and trial_value[1] > best_value[1] + 1e-9
                ):
                    weights, best_value, caught, over, improved = trial, trial_value, caught_now, over_now, True
                    for index, new in changed:
                        states[index] = new
        if not improved:
            break
    return weights


def _points(signal: Signal) -> float:
    """A signal's size in units of its weight (a halved one counts half)."""
    return signal.times / 2 if signal.halved else signal.times


def _covers(ham: Reading, phish: Reading) -> bool:
    """True when `ham` scores at least as much as `phish` under any non-negative weights."""
    ham_points: dict[str, float] = {}
    for signal in ham:
        ham_points[signal.code] = ham_points.get(signal.code, 0) + _points(signal)
    phish_points: dict[str, float] = {}
    for signal in phish:
        phish_points[signal.code] = phish_points.get(signal.code, 0) + _points(signal)
    return all(ham_points.get(code, 0) >= points for code, points in phish_points.items())


def uncatchable(rows: Sequence[Row]) -> tuple[int, int]:
    """(phishing with no signal at all, phishing whose signals some ham message also shows at least as strongly):
    no weights can flag these without flagging that ham too, so they bound what reweighting can reach."""
    hams = [reading for row in rows if not row.label for reading in row.readings]
    silent = covered = 0
    for row in rows:
        if not row.label:
            continue
        if all(not reading for reading in row.readings):
            silent += 1
        elif all(any(_covers(ham, reading) for ham in hams) for reading in row.readings):
            covered += 1
    return silent, covered


def stratified_folds(rows: Sequence[Row], folds: int) -> list[int]:
    """Fold number per row: phishing and ham each dealt round-robin in an order fixed by a hash of the name."""
    fold_of = [0] * len(rows)
    for label in (True, False):
        members = [i for i, row in enumerate(rows) if row.label == label]
        members.sort(key=lambda i: hashlib.sha256(f"fold:{rows[i].name}".encode()).hexdigest())
        for position, index in enumerate(members):
            fold_of[index] = position % folds
    return fold_of


def write_weights(path: Path, weights: Mapping[str, int]) -> None:
    """A copy of weights.yaml with the fitted values in place (comments, thresholds and caps kept)."""
    text = (DATA_DIR / "weights.yaml").read_text(encoding="utf-8")
    done: set[str] = set()

    def replace_line(match: re.Match[str]) -> str:
        code = match.group(2)
        if code not in weights:
            return match.group(0)
        done.add(code)
        return f"{match.group(1)}{code}: {weights[code]}{match.group(3)}"

    section = text.index("\nweights:\n")
    end = text.find("\n\n", section + 1)
    end = len(text) if end < 0 else end
    body = re.sub(r"(?m)^(  )(\w+): \d+(.*)$", replace_line, text[section:end])
    extra = "".join(
        f"\n  {code}: {weights[code]}   # fitted; not in the hand weights"
        for code in sorted(weights)
        if code not in done
    )
    path.write_text(text[:section] + body + extra + text[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-fp", type=float, default=0.01, help="most ham at or over the threshold (fraction)")
    parser.add_argument("--pull", type=float, default=0.02, help="cost, in messages, of a point away from hand")
    parser.add_argument("--ham-margin", type=int, default=0, help="fit: ham counts as flagged this far below 30")
    parser.add_argument("--write", type=Path, help="write the weights fitted on all of TUNE to this YAML file")
    parser.add_argument("--report", action="store_true", help="score hand vs fitted once on REPORT (aggregate)")
    args = parser.parse_args()
    root = data_dir()
    if root is None:
        print("no data folder found (set PHISHING_BENCH_DATA): nothing to fit")
        return 0
    settings = TriageSettings.default()
    rules = settings.rules
    hand = dict(rules.weights)
    threshold = rules.suspicious_threshold
    print(f"reading the TUNE split of {root} with the engine ...", flush=True)
    samples = load_samples(root, "tune")
    assert all(split_of(sample.name) == "tune" for sample in samples)  # fitting never sees REPORT
    rows = collect_rows(samples, settings)
    forwards = sum(1 for row in rows if len(row.readings) > 1)
    print(f"TUNE: {sum(r.label for r in rows)} phishing + {sum(not r.label for r in rows)} ham ({forwards} forwards)")
    print(f"hand weights, all of TUNE: {evaluate(rows, hand, threshold).text()}  (threshold {threshold})")
    silent, covered = uncatchable(rows)
    phish_total = sum(row.label for row in rows)
    print(
        f"ceiling for any weights with no ham flagged: {1 - (silent + covered) / phish_total:.1%} recall "
        f"({silent} phishing messages fire no signal; {covered} show nothing a ham message does not show as strongly)"
    )
    fit_options = {"threshold": threshold, "max_fp": args.max_fp, "pull": args.pull, "ham_margin": args.ham_margin}

    fold_of = stratified_folds(rows, args.folds)
    hand_total = fitted_total = Outcome(0, 0, 0, 0)
    lines = []
    for fold in range(args.folds):
        train = [row for row, f in zip(rows, fold_of, strict=True) if f != fold]
        held_out = [row for row, f in zip(rows, fold_of, strict=True) if f == fold]
        started = time.perf_counter()
        fitted = fit_weights(train, hand, **fit_options)
        hand_fold, fitted_fold = evaluate(held_out, hand, threshold), evaluate(held_out, fitted, threshold)
        hand_total, fitted_total = hand_total + hand_fold, fitted_total + fitted_fold
        moved = sum(1 for code, weight in fitted.items() if weight != hand.get(code, 0))
        print(
            f"  fold {fold + 1}/{args.folds}: fitted in {time.perf_counter() - started:.1f} s "
            f"({moved} weights moved; training {evaluate(train, fitted, threshold).text()})",
            flush=True,
        )
        lines.append((f"fold {fold + 1}", hand_fold, fitted_fold))
    lines.append(("all (out-of-fold)", hand_total, fitted_total))

    print(f"\nOut-of-fold on TUNE ({args.folds} stratified folds; positive = score >= {threshold})")
    print(f"(near = ham scoring {threshold - NEAR}-{threshold - 1}, one small change away from a false alarm)")
    print(f"{'':<18} {'hand weights':<54} {'fitted weights':<54}")
    for label, hand_fold, fitted_fold in lines:
        print(f"{label:<18} {hand_fold.text():<54} {fitted_fold.text():<54}")

    print("\nfitting on all of TUNE ...", flush=True)
    final = fit_weights(rows, hand, **fit_options)
    print(f"fitted weights, all of TUNE (in-sample): {evaluate(rows, final, threshold).text()}")
    fired = {signal.code for row in rows for reading in row.readings for signal in reading}
    changes = sorted(
        ((code, hand.get(code, 0), weight) for code, weight in final.items() if weight != hand.get(code, 0)),
        key=lambda change: -abs(change[2] - change[1]),
    )
    print(f"\ncodes whose fitted weight differs most from the hand weight ({len(changes)} of {len(fired)} that fired):")
    for code, was, now in changes[:15]:
        print(f"  {code:<30} hand {was:>3}  fitted {now:>3}  ({now - was:+d})")

    gain = fitted_total.recall - hand_total.recall
    clear = gain >= 0.01 and fitted_total.ham_fp_rate <= hand_total.ham_fp_rate
    print(
        f"\nout-of-fold: recall {gain * 100:+.1f} points, ham FP {hand_total.ham_fp_rate:.1%} -> "
        f"{fitted_total.ham_fp_rate:.1%}: "
        + ("a clear gain (>= 1 point at equal or lower ham FP)" if clear else "no clear gain over the hand weights")
    )
    if args.write:
        write_weights(args.write, {**hand, **final})
        print(f"wrote the weights fitted on all of TUNE to {args.write}")
    if args.report:
        report_hand_and_fitted(root, settings, {**hand, **final})
    return 0


def report_hand_and_fitted(root: Path, settings: TriageSettings, fitted: Mapping[str, int]) -> None:
    """REPORT, aggregate figures only, with the real engine under each set of weights (run once, at the end)."""
    samples = load_samples(root, "report")
    fitted_settings = dataclasses.replace(settings, rules=dataclasses.replace(settings.rules, weights=dict(fitted)))
    print(f"\nREPORT split: {sum(s.label for s in samples)} phishing + {sum(not s.label for s in samples)} ham")
    for label, chosen in (("hand weights", settings), ("fitted weights", fitted_settings)):
        caught = phish = false_alarms = ham = ham_near = 0
        for sample in samples:
            result = triage(sample.raw, chosen)
            positive = result.verdict in POSITIVE
            phish += sample.label
            caught += sample.label and positive
            ham += not sample.label
            false_alarms += (not sample.label) and positive
            ham_near += (not sample.label) and not positive and result.score >= chosen.rules.suspicious_threshold - NEAR
        print(f"  {label:<15} {Outcome(caught, phish, false_alarms, ham, ham_near).text()}")


if __name__ == "__main__":
    sys.exit(main())
