"""The figures of a phishing exercise: click rate, report rate, resilience ratio, time to first report.

Figures are given for the whole audience and per team. Teams smaller than
`min_group` are added together as "Smaller teams" (and, when even those are
fewer than `min_group` people, counted only in the total), so nobody can be
picked out: exercises are for learning, never for blame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MIN_GROUP = 5
SMALL_TEAMS = "Smaller teams"
NO_TEAM = "No team given"


@dataclass(frozen=True)
class Outcome:
    """One recipient's outcome (no name: results never need one)."""

    team: str
    sent_at: datetime | None
    opened: bool = False
    clicked_at: datetime | None = None
    submitted: bool = False
    reported_at: datetime | None = None


@dataclass
class Figures:
    label: str
    recipients: int = 0
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    submitted: int = 0
    reported: int = 0
    reported_without_click: int = 0
    first_sent: datetime | None = None
    first_report: datetime | None = None

    @property
    def click_rate(self) -> float | None:
        return self.clicked / self.sent if self.sent else None

    @property
    def report_rate(self) -> float | None:
        return self.reported / self.sent if self.sent else None

    @property
    def submit_rate(self) -> float | None:
        return self.submitted / self.sent if self.sent else None

    @property
    def resilience_ratio(self) -> float | None:
        """Reports ÷ clicks: above 1 means more people reported it than fell for it."""
        if self.clicked == 0:
            return None
        return self.reported / self.clicked

    @property
    def time_to_first_report(self) -> timedelta | None:
        if self.first_report is None or self.first_sent is None:
            return None
        return max(timedelta(0), self.first_report - self.first_sent)

    def add(self, o: Outcome) -> None:
        self.recipients += 1
        if o.sent_at is None:
            return
        self.sent += 1
        self.first_sent = o.sent_at if self.first_sent is None else min(self.first_sent, o.sent_at)
        self.opened += o.opened or o.clicked_at is not None
        self.clicked += o.clicked_at is not None
        self.submitted += o.submitted
        if o.reported_at is not None:
            self.reported += 1
            self.reported_without_click += o.clicked_at is None
            self.first_report = o.reported_at if self.first_report is None else min(self.first_report, o.reported_at)


@dataclass
class Results:
    total: Figures
    teams: list[Figures] = field(default_factory=list)


def compute(outcomes: Iterable[Outcome], *, min_group: int = MIN_GROUP) -> Results:
    total = Figures("Everyone")
    by_team: dict[str, Figures] = {}
    for o in outcomes:
        total.add(o)
        team = o.team.strip() or NO_TEAM
        by_team.setdefault(team, Figures(team)).add(o)
    shown: list[Figures] = []
    small = Figures(SMALL_TEAMS)
    for team in sorted(by_team):
        figures = by_team[team]
        if figures.recipients >= min_group:
            shown.append(figures)
        else:
            _merge(small, figures)
    if small.recipients >= min_group:
        shown.append(small)
    # (fewer than `min_group` people in small teams altogether: they count in "Everyone" only)
    return Results(total, shown)


def _merge(into: Figures, other: Figures) -> None:
    for name in ("recipients", "sent", "opened", "clicked", "submitted", "reported", "reported_without_click"):
        setattr(into, name, getattr(into, name) + getattr(other, name))
    for name, pick in (("first_sent", min), ("first_report", min)):
        a, b = getattr(into, name), getattr(other, name)
        setattr(into, name, b if a is None else a if b is None else pick(a, b))
