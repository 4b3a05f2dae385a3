"""Grade an incident: likelihood that people are affected × severity of the harm, each 1 to 5.

Which combinations must be notified (to the health department, the
data-protection regulator, the people affected) is a table the national team
changes when national guidance changes: `NotificationRules`. This module only
applies a table it is given; it never decides the policy itself.

Organisations that run essential services (category 1) answer a separate
question — significant impact on the continuity of the service — which on its
own makes a report under the network and information systems rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCALE = range(1, 6)


class Level(StrEnum):
    """Who must be told. Each level includes every level before it."""

    NONE = "none"
    HEALTH_DEPARTMENT = "health_department"
    REGULATOR = "regulator"
    REGULATOR_INDIVIDUALS = "regulator_individuals"


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)

LEVEL_LABELS: dict[Level, str] = {
    Level.NONE: "No notification: keep it on the local record",
    Level.HEALTH_DEPARTMENT: "Report to the health department",
    Level.REGULATOR: "Notify the regulator and the health department",
    Level.REGULATOR_INDIVIDUALS: "Notify the regulator and the health department, and tell the people affected",
}


LEVEL_SHORT: dict[Level, str] = {
    Level.NONE: "Local record",
    Level.HEALTH_DEPARTMENT: "Health department",
    Level.REGULATOR: "Regulator",
    Level.REGULATOR_INDIVIDUALS: "Regulator and people affected",
}


class GradingError(ValueError):
    """The input or the rules cannot be graded; the message says what is wrong."""


@dataclass(frozen=True)
class NotificationRules:
    """One version of the national notification table, with the words for each score."""

    version: int
    cells: Mapping[tuple[int, int], Level]
    likelihood_labels: Mapping[int, str]
    severity_labels: Mapping[int, str]
    vulnerable_likelihood_uplift: int = 1
    vulnerable_severity_uplift: int = 1
    bands: tuple[tuple[int, str], ...] = ((1, "Low"), (5, "Medium"), (10, "High"), (16, "Very high"))
    note: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, version: int) -> NotificationRules:
        """Read the table from plain data (YAML or JSON), refusing anything incomplete or unknown."""
        try:
            raw_cells = data["cells"]
            cells: dict[tuple[int, int], Level] = {}
            for likelihood in SCALE:
                row = raw_cells.get(likelihood, raw_cells.get(str(likelihood)))
                if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != 5:
                    raise GradingError(f"Row {likelihood} of the table needs exactly five levels")
                for severity, value in zip(SCALE, row, strict=True):
                    try:
                        cells[(likelihood, severity)] = Level(value)
                    except ValueError:
                        raise GradingError(
                            f"Unknown level {value!r} at likelihood {likelihood}, severity {severity}"
                        ) from None
            likelihood_labels = _labels(data["likelihood"], "likelihood")
            severity_labels = _labels(data["severity"], "severity")
            uplift = data.get("vulnerable_uplift") or {}
            bands = tuple((int(start), str(label)) for start, label in data.get("bands") or cls.bands)
        except (KeyError, TypeError, AttributeError) as exc:
            raise GradingError(f"The notification rules are incomplete: {exc}") from None
        rules = cls(
            version=version,
            cells=cells,
            likelihood_labels=likelihood_labels,
            severity_labels=severity_labels,
            vulnerable_likelihood_uplift=int(uplift.get("likelihood", 1)),
            vulnerable_severity_uplift=int(uplift.get("severity", 1)),
            bands=bands,
            note=str(data.get("note", "")),
        )
        rules.check()
        return rules

    def check(self) -> None:
        for name, value in (
            ("likelihood uplift", self.vulnerable_likelihood_uplift),
            ("severity uplift", self.vulnerable_severity_uplift),
        ):
            if not 0 <= value <= 4:
                raise GradingError(f"The {name} for vulnerable groups must be between 0 and 4")
        starts = [start for start, _ in self.bands]
        if not starts or starts[0] != 1 or starts != sorted(set(starts)) or starts[-1] > 25:
            raise GradingError("Bands must start at 1 and rise, each starting at a score up to 25")

    def to_data(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "likelihood": {str(k): v for k, v in sorted(self.likelihood_labels.items())},
            "severity": {str(k): v for k, v in sorted(self.severity_labels.items())},
            "vulnerable_uplift": {
                "likelihood": self.vulnerable_likelihood_uplift,
                "severity": self.vulnerable_severity_uplift,
            },
            "bands": [[start, label] for start, label in self.bands],
            "cells": {str(lk): [self.cells[(lk, sv)].value for sv in SCALE] for lk in SCALE},
        }

    def level(self, likelihood: int, severity: int) -> Level:
        return self.cells[(likelihood, severity)]

    def band(self, score: int) -> str:
        label = self.bands[0][1]
        for start, name in self.bands:
            if score >= start:
                label = name
        return label

    def with_cells(self, cells: Mapping[tuple[int, int], Level], **changes: Any) -> NotificationRules:
        """A copy with a new table (and any other changes); the caller sets the new version."""
        merged = dict(self.cells)
        merged.update(cells)
        values = {
            "version": self.version,
            "cells": merged,
            "likelihood_labels": self.likelihood_labels,
            "severity_labels": self.severity_labels,
            "vulnerable_likelihood_uplift": self.vulnerable_likelihood_uplift,
            "vulnerable_severity_uplift": self.vulnerable_severity_uplift,
            "bands": self.bands,
            "note": self.note,
            **changes,
        }
        rules = NotificationRules(**values)
        rules.check()
        return rules


def _labels(raw: Mapping[Any, Any], name: str) -> dict[int, str]:
    labels = {int(k): str(v) for k, v in raw.items()}
    if set(labels) != set(SCALE):
        raise GradingError(f"Give a description for each {name} score from 1 to 5")
    return labels


@dataclass(frozen=True)
class GradingInput:
    likelihood: int
    severity: int
    vulnerable_groups: bool = False
    essential_service: bool = False
    """The organisation runs an essential service (category 1): the continuity question applies."""
    significant_service_impact: bool | None = None


@dataclass(frozen=True)
class Grade:
    likelihood: int
    """After any uplift for vulnerable groups."""
    severity: int
    score: int
    band: str
    level: Level
    nis_report: bool
    rules_version: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def notify_health_department(self) -> bool:
        return LEVEL_ORDER.index(self.level) >= LEVEL_ORDER.index(Level.HEALTH_DEPARTMENT)

    @property
    def notify_regulator(self) -> bool:
        return LEVEL_ORDER.index(self.level) >= LEVEL_ORDER.index(Level.REGULATOR)

    @property
    def tell_individuals(self) -> bool:
        return self.level is Level.REGULATOR_INDIVIDUALS

    @property
    def notifiable(self) -> bool:
        """Someone outside the organisation must be told within the legal time."""
        return self.notify_health_department or self.nis_report


def _score(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise GradingError(f"Choose a {name} from 1 to 5")
    return value


def grade(data: GradingInput, rules: NotificationRules) -> Grade:
    """Apply the rules to one incident's answers."""
    likelihood = _score(data.likelihood, "likelihood")
    severity = _score(data.severity, "severity")
    reasons: list[str] = []
    if data.vulnerable_groups:
        raised_l = min(5, likelihood + rules.vulnerable_likelihood_uplift)
        raised_s = min(5, severity + rules.vulnerable_severity_uplift)
        moves = [
            f"{name} went from {before} to {after}"
            for name, before, after in (("likelihood", likelihood, raised_l), ("severity", severity, raised_s))
            if after != before
        ]
        if moves:
            reasons.append(f"Vulnerable people are involved, so {' and '.join(moves)}.")
        elif rules.vulnerable_likelihood_uplift or rules.vulnerable_severity_uplift:
            reasons.append("Vulnerable people are involved; both scores were already at the top of the scale.")
        likelihood, severity = raised_l, raised_s
    score = likelihood * severity
    level = rules.level(likelihood, severity)
    reasons.append(
        f"Likelihood {likelihood} × severity {severity}: {LEVEL_LABELS[level][0].lower()}{LEVEL_LABELS[level][1:]}."
    )
    nis_report = False
    if data.essential_service:
        if data.significant_service_impact is None:
            raise GradingError("Say whether the incident significantly affects the continuity of your service")
        if data.significant_service_impact:
            nis_report = True
            reasons.append(
                "It significantly affects the continuity of an essential service, so it must be reported "
                "under the network and information systems rules, whatever the grid says."
            )
    return Grade(
        likelihood=likelihood,
        severity=severity,
        score=score,
        band=rules.band(score),
        level=level,
        nis_report=nis_report,
        rules_version=rules.version,
        reasons=tuple(reasons),
    )
