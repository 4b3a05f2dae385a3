"""Assure: how an organisation compares with its peers, and what to fix first.

Pure Python (no Django). Peers are organisations of the same type in the
same region, assessed against the same framework in the same year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Quartiles:
    n: int
    q1: float
    median: float
    q3: float


def quartiles(values: Sequence[float]) -> Quartiles:
    """Lower quartile, median and upper quartile, interpolated between ranks (as spreadsheets do).

    One value gives that value three times; none gives zeros with n = 0.
    """
    data = sorted(values)
    n = len(data)
    if n == 0:
        return Quartiles(0, 0.0, 0.0, 0.0)

    def at(fraction: float) -> float:
        position = fraction * (n - 1)
        low = int(position)
        high = min(low + 1, n - 1)
        return data[low] + (data[high] - data[low]) * (position - low)

    return Quartiles(n, round(at(0.25), 1), round(at(0.5), 1), round(at(0.75), 1))


def quartile_band(value: float, q: Quartiles) -> str:
    """Where a value sits among peers, in words."""
    if q.n == 0:
        return "no peers yet"
    if value >= q.q3:
        return "top quarter"
    if value >= q.median:
        return "above the median"
    if value >= q.q1:
        return "below the median"
    return "bottom quarter"


@dataclass(frozen=True)
class Gap:
    """An applicable item the organisation has not met."""

    reference: str
    text: str
    standard: str
    mandatory: bool
    peer_met_rate: float  # share of peers (0–1) who meet this item


@dataclass(frozen=True)
class StandardPosition:
    applicable: int  # items of this standard that apply to the organisation
    percent: float  # the organisation's share met, 0–100
    peer_median: float  # peers' median share met, 0–100


@dataclass(frozen=True)
class RankedFix:
    rank: int
    gap: Gap
    closes: float  # percentage points of the gap to the peer median that meeting this item closes
    reason: str


def rank_fixes(gaps: Sequence[Gap], standards: Mapping[str, StandardPosition], *, limit: int = 20) -> list[RankedFix]:
    """Mandatory gaps first; then the items that close most of the gap to peers; ties by what most peers do.

    Meeting one item of a standard with `a` applicable items raises its share by 100/a
    points; it closes the gap to the peer median by that much, at most the gap itself.
    """

    def closes(gap: Gap) -> float:
        position = standards.get(gap.standard)
        if position is None or position.applicable == 0:
            return 0.0
        behind = max(0.0, position.peer_median - position.percent)
        return round(min(100.0 / position.applicable, behind), 1)

    ordered = sorted(gaps, key=lambda g: (not g.mandatory, -closes(g), -g.peer_met_rate, _natural(g.reference)))
    ranked = []
    for i, gap in enumerate(ordered[:limit], start=1):
        points = closes(gap)
        peers = f"{round(gap.peer_met_rate * 100)}% of your peers meet it"
        if gap.mandatory:
            reason = f"Mandatory: needed for Standards Met. {peers}."
        elif points > 0:
            reason = f"Closes {points:g} points of the gap to your peers in standard {gap.standard}. {peers}."
        else:
            reason = f"Not mandatory. {peers}."
        ranked.append(RankedFix(rank=i, gap=gap, closes=points, reason=reason))
    return ranked


def _natural(reference: str) -> tuple[tuple[int, int | str], ...]:
    """Order references as people read them: 1.2.10 after 1.2.9."""
    parts = []
    for piece in reference.replace("(", ".").replace(")", "").replace("-", ".").split("."):
        parts.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return tuple(parts)


def natural_key(reference: str) -> tuple[tuple[int, int | str], ...]:
    return _natural(reference)
