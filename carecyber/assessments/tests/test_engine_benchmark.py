"""Peer quartiles and the ranked "fix these first" list, on their own."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecyber.assessments.engine.benchmark import (
    Gap,
    StandardPosition,
    natural_key,
    quartile_band,
    quartiles,
    rank_fixes,
)


def test_quartiles_interpolate_between_ranks() -> None:
    q = quartiles([10, 20, 30, 40, 50])
    assert (q.n, q.q1, q.median, q.q3) == (5, 20.0, 30.0, 40.0)
    q = quartiles([0, 100])
    assert (q.q1, q.median, q.q3) == (25.0, 50.0, 75.0)


def test_no_peers_gives_zeros() -> None:
    assert quartiles([]).n == 0
    assert quartile_band(50, quartiles([])) == "no peers yet"


@settings(suppress_health_check=[HealthCheck.too_slow])  # the shared CI machine can be slow to generate lists
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=200))
def test_quartiles_are_ordered_and_within_the_data(values: list[float]) -> None:
    q = quartiles(values)
    assert min(values) - 0.05 <= q.q1 <= q.median <= q.q3 <= max(values) + 0.05


def test_the_band_says_where_a_value_sits() -> None:
    q = quartiles([10, 20, 30, 40, 50])
    assert quartile_band(45, q) == "top quarter"
    assert quartile_band(30, q) == "above the median"
    assert quartile_band(25, q) == "below the median"
    assert quartile_band(5, q) == "bottom quarter"


def test_mandatory_gaps_come_first_then_the_biggest_gain_against_peers() -> None:
    standards = {
        "1": StandardPosition(applicable=4, percent=50.0, peer_median=90.0),  # each item closes 25, gap 40
        "2": StandardPosition(applicable=10, percent=80.0, peer_median=85.0),  # each item closes min(10, 5) = 5
        "3": StandardPosition(applicable=5, percent=100.0, peer_median=60.0),  # ahead of peers
    }
    gaps = [
        Gap("2.1.1", "b", "2", mandatory=False, peer_met_rate=0.9),
        Gap("1.1.2", "a", "1", mandatory=False, peer_met_rate=0.5),
        Gap("3.1.1", "c", "3", mandatory=True, peer_met_rate=0.2),
        Gap("2.1.2", "d", "2", mandatory=False, peer_met_rate=0.95),
    ]
    ranked = rank_fixes(gaps, standards)
    assert [r.gap.reference for r in ranked] == ["3.1.1", "1.1.2", "2.1.2", "2.1.1"]
    assert [r.closes for r in ranked] == [0.0, 25.0, 5.0, 5.0]
    assert ranked[0].reason.startswith("Mandatory")
    assert "Closes 25 points" in ranked[1].reason


def test_the_list_is_limited() -> None:
    gaps = [Gap(f"1.1.{i}", "x", "1", mandatory=True, peer_met_rate=0.5) for i in range(30)]
    ranked = rank_fixes(gaps, {}, limit=5)
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert [r.gap.reference for r in ranked] == ["1.1.0", "1.1.1", "1.1.2", "1.1.3", "1.1.4"]


def test_references_sort_as_people_read_them() -> None:
    refs = ["1.10.1", "1.2.1", "10.1", "2.1", "A1.b", "A1.a"]
    assert sorted(refs, key=natural_key) == ["1.2.1", "1.10.1", "2.1", "10.1", "A1.a", "A1.b"]
