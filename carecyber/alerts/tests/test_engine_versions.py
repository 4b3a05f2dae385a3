"""The version engine on its own: each scheme orders versions correctly, ranges round-trip through vers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecyber.alerts.engine.versions import (
    Interval,
    RangeMatcher,
    Verdict,
    VersionRange,
    dotted_key,
    range_problems,
    version_key,
)


@pytest.mark.parametrize(
    ("scheme", "lower", "higher"),
    [
        ("generic", "10.0.17763.3045", "10.0.17763.3046"),
        ("generic", "10.0.17763.999", "10.0.17763.3046"),  # numbers, not text
        ("generic", "9.1R2", "9.1R18"),
        ("generic", "1.0rc1", "1.0"),
        ("generic", "1.0", "1.0a"),
        ("generic", "1.0a", "1.1"),
        ("generic", "v2.3", "2.4"),
        ("semver", "1.2.3-alpha.1", "1.2.3"),
        ("semver", "1.2.3", "1.10.0"),
        ("pypi", "4.2rc1", "4.2"),
        ("pypi", "4.2", "4.2.post1"),
        ("pypi", "1.0.dev3", "1.0a1"),
        ("deb", "1:2.3-4", "1:2.3-10"),
        ("deb", "2.3~rc1-1", "2.3-1"),
        ("deb", "9.9", "1:0.1"),  # the epoch wins
        ("rpm", "1.0-1.el8", "1.0-2.el8"),
        ("rpm", "1.0.1-1", "1.0.10-1"),
    ],
)
def test_each_scheme_orders_versions_as_its_ecosystem_does(scheme: str, lower: str, higher: str) -> None:
    assert version_key(scheme, lower) < version_key(scheme, higher)


def test_trailing_zeros_do_not_make_a_different_version() -> None:
    assert dotted_key("10.0") == dotted_key("10.0.0")
    assert hash(dotted_key("10.0")) == hash(dotted_key("10.0.0.0"))
    assert dotted_key("15.02.0") == dotted_key("15.2")


def test_text_without_numbers_is_not_a_dotted_version() -> None:
    assert dotted_key("unspecified") is None
    assert version_key("pypi", "not a version!") is None


@given(
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=5),
    st.lists(st.integers(0, 50), min_size=1, max_size=5),
)
def test_dotted_versions_order_like_tuples_of_numbers(a: list[int], b: list[int]) -> None:
    def padded(x: list[int]) -> tuple[int, ...]:
        return tuple(x + [0] * (6 - len(x)))

    ka, kb = dotted_key(".".join(map(str, a))), dotted_key(".".join(map(str, b)))
    assert ka is not None and kb is not None
    assert (ka < kb) == (padded(a) < padded(b))
    assert (ka == kb) == (padded(a) == padded(b))


def test_a_range_round_trips_through_vers() -> None:
    original = VersionRange(
        scheme="generic",
        intervals=(Interval("7.0.0", True, "7.0.14", True), Interval("7.2.0", True, "7.2.7", False)),
        exact=("6.4.15",),
    )
    text = original.to_vers()
    assert text == "vers:generic/6.4.15|>=7.0.0|<=7.0.14|>=7.2.0|<7.2.7"
    again = VersionRange.from_vers(text)
    assert set(again.intervals) == set(original.intervals)
    assert again.exact == original.exact


@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=4),
    st.integers(0, 25),
    st.integers(0, 25),
)
def test_vers_round_trip_keeps_membership(pairs: list[tuple[int, int]], major: int, minor: int) -> None:
    intervals = []
    for i, (a, b) in enumerate(sorted(pairs)):
        start = 100 * i + a
        intervals.append(Interval(f"{start}.0", True, f"{start + b + 1}.0", False))
    original = VersionRange(scheme="generic", intervals=tuple(intervals))
    again = VersionRange.from_vers(original.to_vers())
    version = f"{major * 4}.{minor}"
    assert RangeMatcher(original).judge(version).verdict == RangeMatcher(again).judge(version).verdict


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("semver/>=1.0", "A version range looks like"),
        ("vers:cobol/>=1.0", "Unknown version scheme"),
        ("vers:pypi/>=1.0|>=1.2", "Two lower bounds in a row"),
        ("vers:pypi/>=2.0|<1.0", "ends earlier"),
        ("vers:pypi/>=banana", "is not a pypi version"),
        ("vers:pypi/", "empty"),
        ("vers:pypi/!=1.0", "Exclusions"),
    ],
)
def test_a_bad_vers_string_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        VersionRange.from_vers(text)


def test_every_version() -> None:
    r = VersionRange.from_vers("vers:deb/*")
    assert r.is_every_version
    assert r.to_vers() == "vers:deb/*"
    assert RangeMatcher(r).judge("").verdict is Verdict.AFFECTED


def test_judgements_are_three_valued_and_say_why() -> None:
    matcher = RangeMatcher(VersionRange.from_vers("vers:generic/>=15.2.0|<15.2.1118.7"))
    inside = matcher.judge("15.2.986.5")
    assert inside.verdict is Verdict.AFFECTED and "from 15.2.0 before 15.2.1118.7" in inside.reason
    assert matcher.judge("15.2.1118.7").verdict is Verdict.NOT_AFFECTED
    assert matcher.judge("15.1.2507.6").verdict is Verdict.NOT_AFFECTED
    missing = matcher.judge("")
    assert missing.verdict is Verdict.UNKNOWN and missing.targets and "no version" in missing.reason
    unreadable = matcher.judge("latest")
    assert unreadable.verdict is Verdict.UNKNOWN and "cannot be compared" in unreadable.reason


def test_versions_listed_as_text_match_as_text() -> None:
    r = VersionRange(scheme="generic", exact=("7 for x64-based Systems Service Pack 1",))
    matcher = RangeMatcher(r)
    assert matcher.judge("7 for x64-based  systems service pack 1").verdict is Verdict.AFFECTED


def test_debian_ranges_respect_epochs_and_tildes() -> None:
    matcher = RangeMatcher(VersionRange.from_vers("vers:deb/<1:2.4.57-2"))
    assert matcher.judge("1:2.4.57-1").verdict is Verdict.AFFECTED
    assert matcher.judge("2.4.99-1").verdict is Verdict.AFFECTED  # epoch 0 sorts before epoch 1
    assert matcher.judge("1:2.4.57-2").verdict is Verdict.NOT_AFFECTED


def test_range_problems_are_empty_for_a_sound_range() -> None:
    assert range_problems(VersionRange.from_vers("vers:rpm/>=1.0-1|<1.0-5")) == []
