"""Exercise engines: Phish Scale difficulty, link-scanner filtering, results, and the template library's rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from carecyber.awareness.engine.phishscale import Cue, CueCategory, Difficulty, premise_level, rate
from carecyber.awareness.engine.results import SMALL_TEAMS, Outcome, compute
from carecyber.awareness.engine.scanner import classify
from carecyber.awareness.engine.templates import load_templates, render_email

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _cues(n: int) -> list[Cue]:
    return [Cue(CueCategory.LANGUAGE, f"cue {i}", "here") for i in range(n)]


@pytest.mark.parametrize(
    ("cues", "premise", "expected"),
    [
        (3, {"workplace_process": True, "workplace_relevance": True, "audience_concern": True}, Difficulty.VERY),
        (3, {"workplace_relevance": True}, Difficulty.MODERATE),
        (10, {"workplace_process": True, "workplace_relevance": True}, Difficulty.MODERATE),
        (10, {"workplace_process": True, "workplace_relevance": True, "current_events": True}, Difficulty.VERY),
        (16, {"audience_concern": True, "often_warned": True}, Difficulty.LEAST),
        (16, {"workplace_process": True, "workplace_relevance": True, "current_events": True}, Difficulty.MODERATE),
    ],
)
def test_difficulty_follows_the_phish_scale_matrix(cues: int, premise: dict[str, bool], expected: Difficulty) -> None:
    assert rate(_cues(cues), premise).difficulty == expected


def test_an_often_warned_trick_lowers_the_premise_score() -> None:
    assert premise_level({"workplace_process": True, "workplace_relevance": True}) == (2, "medium")
    assert premise_level({"workplace_process": True, "workplace_relevance": True, "often_warned": True}) == (1, "low")
    with pytest.raises(ValueError, match="Unknown premise question"):
        premise_level({"looks_nice": True})


def test_the_library_spans_every_difficulty() -> None:
    levels = {t.rating.difficulty for t in load_templates().values()}
    assert levels == set(Difficulty)
    assert len(load_templates()) >= 8


# Real services, brands and domains a template must never name or link to.
REAL_NAMES = re.compile(
    r"nhs\.(net|uk)|gov\.uk|nhsmail|nhs mail|electronic staff record|\besr\b|nhs pensions|nhs jobs|smartcard|"
    r"\bspine\b|nhs app|nhs login|microsoft|office 365|outlook|teams|sharepoint|docusign|google|amazon|paypal|"
    r"royal mail|dpd|evri|hermes|hmrc|dvla|nhs england|nhs digital|trac\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("key", list(load_templates()))
def test_templates_never_impersonate_real_services_or_carry_working_links(key: str) -> None:
    template = load_templates()[key]
    text = " ".join(
        [template.name, template.sender_name, template.subject, *template.before, template.link_text, *template.after]
    )
    assert not REAL_NAMES.search(text), f"{key} names a real service: {REAL_NAMES.search(text)}"
    assert not re.search(r"https?://|www\.|\b[a-z0-9-]+\.(com|org|net|uk|co)\b", text, re.IGNORECASE)
    email = render_email(template, first_name="Sid", organisation="Alder Hospitals", link="https://cc.test/v/TOKEN")
    assert email.html.count("<a ") == 1 and "https://cc.test/v/TOKEN" in email.html
    assert re.findall(r"https?://\S+", email.text) == ["https://cc.test/v/TOKEN"]
    assert template.cues, "every template teaches at least one cue"


def test_names_in_the_email_are_escaped() -> None:
    template = load_templates()["parking-permit"]
    email = render_email(template, first_name="<b>Sid</b>", organisation="A&B", link="https://cc.test/v/x")
    assert "&lt;b&gt;Sid&lt;/b&gt;" in email.html and "<b>" not in email.html
    assert "Dear <b>Sid</b>," in email.text


@pytest.mark.parametrize(
    ("method", "agent", "seconds", "scanner", "reason"),
    [
        ("HEAD", "Mozilla/5.0", 600, True, "HEAD request"),
        ("GET", "", 600, True, "no browser named"),
        ("GET", "Mozilla/5.0 (compatible; Barracuda Sentinel)", 600, True, "known scanner (barracuda)"),
        ("GET", "python-requests/2.32", 600, True, "known scanner (python-requests)"),
        ("GET", "Mozilla/5.0 (Windows NT 10.0) Chrome/130", 4, True, "4 seconds after delivery"),
        ("GET", "Mozilla/5.0 (Windows NT 10.0) Chrome/130", 95, False, ""),
        ("GET", "Mozilla/5.0 (iPhone) Safari/605", None, False, ""),
    ],
)
def test_link_scanners_are_recognised(
    method: str, agent: str, seconds: float | None, scanner: bool, reason: str
) -> None:
    verdict = classify(method=method, user_agent=agent, seconds_after_delivery=seconds)
    assert (verdict.scanner, verdict.reason) == (scanner, reason)


def _o(team: str, *, clicked: int | None = None, reported: int | None = None, submitted: bool = False) -> Outcome:
    return Outcome(
        team=team,
        sent_at=T0,
        clicked_at=T0 + timedelta(minutes=clicked) if clicked is not None else None,
        reported_at=T0 + timedelta(minutes=reported) if reported is not None else None,
        submitted=submitted,
    )


def test_results_give_rates_resilience_and_time_to_first_report_per_team() -> None:
    outcomes = [
        *[_o("Ward 7", clicked=5) for _ in range(2)],
        _o("Ward 7", clicked=3, submitted=True),
        *[_o("Ward 7", reported=12) for _ in range(3)],
        _o("Ward 7"),
        *[_o("Pharmacy", reported=30) for _ in range(5)],
        _o("Estates", clicked=1),
        _o("Estates"),
        Outcome(team="Estates", sent_at=None),
    ]
    results = compute(outcomes)
    total = results.total
    assert (total.recipients, total.sent, total.clicked, total.reported, total.submitted) == (15, 14, 4, 8, 1)
    assert total.click_rate == pytest.approx(4 / 14)
    assert total.report_rate == pytest.approx(8 / 14)
    assert total.resilience_ratio == pytest.approx(2.0)
    assert total.time_to_first_report == timedelta(minutes=12)
    labels = [t.label for t in results.teams]
    assert labels == ["Pharmacy", "Ward 7"]  # Estates (3 people) is too small to show, even with other small teams
    pharmacy = results.teams[0]
    assert pharmacy.resilience_ratio is None and pharmacy.clicked == 0 and pharmacy.report_rate == 1.0


def test_small_teams_are_shown_together_when_there_are_enough_of_them() -> None:
    outcomes = [_o(f"Team {i}", clicked=2 if i % 2 else None) for i in range(6)]
    results = compute(outcomes)
    assert [t.label for t in results.teams] == [SMALL_TEAMS]
    assert results.teams[0].clicked == 3
