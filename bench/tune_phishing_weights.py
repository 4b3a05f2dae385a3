"""Suggest triage weights from the TUNE half of the benchmark data (never the REPORT half).

Fits a small logistic regression (pure Python, L2-regularised, non-negative weights: a signal may only
add suspicion) on which reasons fired for each TUNE message, then scales the coefficients so that the
"suspicious" threshold in weights.yaml sits where at most --max-fp of legitimate TUNE mail crosses it.
It prints the suggested weights; a person copies the ones they agree with into
carecyber/phishing/engine/data/weights.yaml (the engine never loads weights from here).

    python bench/tune_phishing_weights.py [--max-fp 0.01]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_phishing_triage import data_dir, load_samples  # noqa: E402 - after the path set-up above

from carecyber.phishing.engine import TriageSettings, triage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-fp", type=float, default=0.01)
    parser.add_argument("--l2", type=float, default=0.02)
    parser.add_argument(
        "--search", action="store_true", help="coordinate search: most recall with ham FP <= --max-fp on TUNE"
    )
    args = parser.parse_args()
    root = data_dir()
    if root is None:
        print("no data folder found (set PHISHING_BENCH_DATA)")
        return 0
    rules = TriageSettings.default().rules
    samples = load_samples(root, "tune")
    rows: list[tuple[dict[str, float], int]] = []
    for sample in samples:
        result = triage(sample.raw)
        features: dict[str, float] = {}
        for reason in result.reasons:
            base = rules.weight(reason.code) or 1
            features[reason.code] = min(reason.weight / base, 3.0)
        rows.append((features, 1 if sample.label else 0))
    codes = sorted({code for features, _ in rows for code in features})
    if args.search:
        return search(rows, codes, rules, args.max_fp)
    weights = dict.fromkeys(codes, 0.0)
    bias = 0.0
    rate = 0.5
    for _ in range(600):
        grad = dict.fromkeys(codes, 0.0)
        grad_bias = 0.0
        for features, label in rows:
            z = bias + sum(weights[c] * v for c, v in features.items())
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            error = p - label
            grad_bias += error
            for c, v in features.items():
                grad[c] += error * v
        n = len(rows)
        bias -= rate * grad_bias / n
        for c in codes:
            weights[c] = max(0.0, weights[c] - rate * (grad[c] / n + args.l2 * weights[c]))
    ham_logits = sorted(
        (sum(weights[c] * v for c, v in features.items()) for features, label in rows if label == 0), reverse=True
    )
    allowed = int(len(ham_logits) * args.max_fp)
    cut = ham_logits[allowed] + 1e-6 if allowed < len(ham_logits) else 0.0
    threshold = rules.suspicious_threshold
    scale = threshold / cut if cut > 0 else 10.0
    print(
        f"TUNE: {len(rows)} messages; threshold {threshold} at the {args.max_fp:.0%} ham quantile (scale {scale:.2f})"
    )
    for code in codes:
        print(f"  {code}: {round(weights[code] * scale)}   # now {rules.weight(code)}")
    return 0


def search(rows: list[tuple[dict[str, float], int]], codes: list[str], rules: object, max_fp: float) -> int:
    """Greedy coordinate search over the weights (steps of 5, 0-60) at the current thresholds."""
    from carecyber.phishing.engine.config import Rules

    assert isinstance(rules, Rules)
    weights = {code: float(rules.weight(code)) for code in codes}
    threshold = rules.suspicious_threshold
    ham_allowed = int(sum(1 for _, label in rows if label == 0) * max_fp)

    def objective(current: dict[str, float]) -> tuple[int, int]:
        caught = false_alarms = 0
        for features, label in rows:
            score = min(100.0, sum(current[c] * v for c, v in features.items()))
            if score >= threshold:
                if label:
                    caught += 1
                else:
                    false_alarms += 1
        return (caught if false_alarms <= ham_allowed else -false_alarms), false_alarms

    best, fp = objective(weights)
    print(f"start: {best} caught, {fp} false alarms (allowed {ham_allowed})")
    for _ in range(4):
        improved = False
        for code in codes:
            for step in (5, -5, 10, -10):
                trial = dict(weights)
                trial[code] = min(60.0, max(0.0, trial[code] + step))
                score, trial_fp = objective(trial)
                if score > best:
                    best, fp, weights, improved = score, trial_fp, trial, True
        if not improved:
            break
    print(f"end: {best} caught, {fp} false alarms")
    for code in codes:
        if weights[code] != rules.weight(code):
            print(f"  {code}: {int(weights[code])}   # now {rules.weight(code)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
