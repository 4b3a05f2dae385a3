"""zxcvbn's search for the most guessable sequence of matches, in floats instead of Decimals.

zxcvbn 4.5.0 finds the cheapest way to cover the password with matches by a
dynamic programme over (position, number of matches). It is exact but slow in
Python: every step builds a dictionary for a brute-force match and multiplies
Decimals, so a 64-character password of a few repeated symbols takes 20 ms.

This is the same programme, step for step and in the same order, with
brute-force matches kept as pairs of positions until the end and the
arithmetic in floats (the values stay far inside a float's range: at most
10^72 × 72!). Tests check it returns the same guesses as zxcvbn's own on random
and hostile input.
"""

from __future__ import annotations

from decimal import Decimal
from math import factorial, log10
from typing import Any

from zxcvbn import scoring

_Match = dict[str, Any]
_MAX = 72
_FACTORIAL = [float(factorial(n)) for n in range(_MAX + 2)]
_ADDITIVE = [0.0] + [float(scoring.MIN_GUESSES_BEFORE_GROWING_SEQUENCE) ** (n - 1) for n in range(1, _MAX + 2)]
_SINGLE = scoring.MIN_SUBMATCH_GUESSES_SINGLE_CHAR
_MULTI = scoring.MIN_SUBMATCH_GUESSES_MULTI_CHAR


def _bruteforce_guesses(length: int) -> float:
    return float(max(scoring.BRUTEFORCE_CARDINALITY**length, (_SINGLE if length == 1 else _MULTI) + 1))


_BRUTEFORCE = [0.0] + [_bruteforce_guesses(n) for n in range(1, _MAX + 1)]


def most_guessable_match_sequence(
    password: str, matches: list[_Match], _exclude_additive: bool = False
) -> dict[str, Any]:
    n = len(password)
    if n == 0 or n > _MAX:
        result: dict[str, Any] = scoring_original(password, matches, _exclude_additive)
        return result
    by_j: list[list[_Match]] = [[] for _ in range(n)]
    for m in matches:
        by_j[m["j"]].append(m)
    for lst in by_j:
        lst.sort(key=lambda m: m["i"])
    additive = [0.0] * (n + 2) if _exclude_additive else _ADDITIVE
    fact = _FACTORIAL
    # Per position k: sequence length l → final match (a dict, or (i, j) for brute force), product, metric.
    opt_m: list[dict[int, Any]] = [{} for _ in range(n)]
    opt_pi: list[dict[int, float]] = [{} for _ in range(n)]
    opt_g: list[dict[int, float]] = [{} for _ in range(n)]

    def update(m: Any, i: int, k: int, count: int, guesses: float) -> None:
        pi = guesses if count == 1 else guesses * opt_pi[i - 1][count - 1]
        g = fact[count] * pi + additive[count]
        at_k = opt_g[k]
        for competing_l, competing_g in at_k.items():
            if competing_l <= count and competing_g <= g:
                return
        at_k[count] = g
        opt_m[k][count] = m
        opt_pi[k][count] = pi

    for k in range(n):
        for m in by_j[k]:
            guesses = float(scoring.estimate_guesses(m, password))
            i = m["i"]
            if i > 0:
                for count in list(opt_m[i - 1]):
                    update(m, i, k, count + 1, guesses)
            else:
                update(m, 0, k, 1, guesses)
        # Brute force from the start, then after every sequence that does not already end in brute force
        # (the same updates as zxcvbn's, written out: this loop is where the time goes).
        update((0, k), 0, k, 1, _BRUTEFORCE[k + 1])
        at_k = opt_g[k]
        m_k = opt_m[k]
        pi_k = opt_pi[k]
        for i in range(1, k + 1):
            guesses = _BRUTEFORCE[k - i + 1]
            before_pi = opt_pi[i - 1]
            for count, last in opt_m[i - 1].items():
                if type(last) is tuple:
                    continue
                length = count + 1
                pi = guesses * before_pi[count]
                g = fact[length] * pi + additive[length]
                for competing_l, competing_g in at_k.items():
                    if competing_l <= length and competing_g <= g:
                        break
                else:
                    at_k[length] = g
                    m_k[length] = (i, k)
                    pi_k[length] = pi

    # Unwind from the end.
    k = n - 1
    best_l = 0
    best_g = float("inf")
    for candidate_l, candidate_g in opt_g[k].items():
        if candidate_g < best_g:
            best_l, best_g = candidate_l, candidate_g
    sequence: list[_Match] = []
    count = best_l
    while k >= 0:
        m = opt_m[k][count]
        if type(m) is tuple:
            i, j = m
            guesses = _BRUTEFORCE[j - i + 1]
            m = {
                "pattern": "bruteforce",
                "token": password[i : j + 1],
                "i": i,
                "j": j,
                "guesses": guesses,
                "guesses_log10": log10(guesses),
            }
        sequence.insert(0, m)
        k = m["i"] - 1
        count -= 1
    guesses_total = opt_g[n - 1][len(sequence)]
    return {
        "password": password,
        "guesses": Decimal(guesses_total),
        "guesses_log10": log10(guesses_total),
        "sequence": sequence,
    }


scoring_original = scoring.most_guessable_match_sequence
