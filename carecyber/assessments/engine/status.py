"""The status rules: from an assessment's results and an organisation's facts to its published status.

Pure Python (no Django), so the rules are tested on their own and run for
50,000 organisations in one pass.

- Standards Met: every applicable mandatory item met (for an outcomes framework:
  every outcome at or above its profile level), published and not expired.
- Standards Exceeded: Met, and a current Cyber Essentials Plus certificate recorded.
- Approaching Standards: published, not all met, but an improvement plan agreed.
- Standards Not Met: published, not all met, no agreed plan.
- Not Published: nothing published, or the publication has expired.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carecyber.assessments.engine.items import Evaluation, ItemRule


class Status(StrEnum):
    EXCEEDED = "standards_exceeded"
    MET = "standards_met"
    APPROACHING = "approaching_standards"
    NOT_MET = "standards_not_met"
    NOT_PUBLISHED = "not_published"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def score(self) -> int | None:
        """+3 / +1 / −1 / −3 (None when not published), for comparing and averaging."""
        return STATUS_SCORES[self]

    @property
    def allows_shared_records(self) -> bool:
        """Shared record systems accept Standards Met or better."""
        return self in {Status.MET, Status.EXCEEDED}


STATUS_LABELS = {
    Status.EXCEEDED: "Standards Exceeded",
    Status.MET: "Standards Met",
    Status.APPROACHING: "Approaching Standards",
    Status.NOT_MET: "Standards Not Met",
    Status.NOT_PUBLISHED: "Not Published",
}
STATUS_SCORES: dict[Status, int | None] = {
    Status.EXCEEDED: 3,
    Status.MET: 1,
    Status.APPROACHING: -1,
    Status.NOT_MET: -3,
    Status.NOT_PUBLISHED: None,
}
STATUS_ORDER = (Status.EXCEEDED, Status.MET, Status.APPROACHING, Status.NOT_MET, Status.NOT_PUBLISHED)


@dataclass(frozen=True)
class ScoredItem:
    """One applicable item of an organisation's assessment and how its answer was evaluated."""

    rule: ItemRule
    evaluation: Evaluation
    mandatory: bool


@dataclass(frozen=True)
class AssessmentResult:
    applicable: int
    answered: int
    met: int
    mandatory: int
    mandatory_answered: int
    mandatory_met: int
    missing_mandatory: tuple[str, ...]  # mandatory items with no answer yet (publishing is refused)
    unmet_mandatory: tuple[str, ...]  # mandatory items answered but not met (need an improvement plan)

    @property
    def all_mandatory_met(self) -> bool:
        return self.mandatory_met == self.mandatory

    @property
    def ready_to_publish(self) -> bool:
        return not self.missing_mandatory

    @property
    def percent_complete(self) -> int:
        """Share of applicable items answered, rounded down (100 only when all are)."""
        return percent(self.answered, self.applicable)

    @property
    def would_be(self) -> Status:
        """The status a publication now would give, before certificates and plans."""
        return Status.MET if self.all_mandatory_met else Status.NOT_MET


def percent(part: int, whole: int) -> int:
    if whole <= 0:
        return 0
    return (part * 100) // whole


def assessment_result(items: Iterable[ScoredItem], *, today: date) -> AssessmentResult:
    """Count what is answered and met. A dated answer past its `met_until` no longer meets its item."""
    applicable = answered = met = mandatory = mandatory_answered = mandatory_met = 0
    missing: list[str] = []
    unmet: list[str] = []
    for item in items:
        ev = item.evaluation
        is_met = ev.met and (ev.met_until is None or today <= ev.met_until)
        applicable += 1
        answered += ev.answered
        met += is_met
        if item.mandatory:
            mandatory += 1
            mandatory_answered += ev.answered
            mandatory_met += is_met
            if not ev.answered:
                missing.append(item.rule.reference)
            elif not is_met:
                unmet.append(item.rule.reference)
    return AssessmentResult(
        applicable=applicable,
        answered=answered,
        met=met,
        mandatory=mandatory,
        mandatory_answered=mandatory_answered,
        mandatory_met=mandatory_met,
        missing_mandatory=tuple(missing),
        unmet_mandatory=tuple(unmet),
    )


@dataclass(frozen=True)
class PublicationFacts:
    published_on: date
    expires_on: date
    all_mandatory_met: bool


@dataclass(frozen=True)
class StatusFacts:
    """Everything the status depends on, for one organisation."""

    publication: PublicationFacts | None
    ce_plus_expires_on: date | None = None  # the latest Cyber Essentials Plus certificate's expiry
    plan_agreed: bool = False  # an improvement plan for this publication, agreed by the national team


@dataclass(frozen=True)
class StatusResult:
    status: Status
    reason: str
    valid_until: date | None  # when this status next changes by itself (expiry of a publication or certificate)


def organisation_status(facts: StatusFacts, *, today: date) -> StatusResult:
    pub = facts.publication
    if pub is None:
        return StatusResult(Status.NOT_PUBLISHED, "Nothing has been published.", None)
    if today > pub.expires_on:
        return StatusResult(
            Status.NOT_PUBLISHED,
            f"The publication of {pub.published_on.isoformat()} expired on {pub.expires_on.isoformat()}.",
            None,
        )
    if pub.all_mandatory_met:
        ce = facts.ce_plus_expires_on
        if ce is not None and today <= ce:
            return StatusResult(
                Status.EXCEEDED,
                "Every mandatory item is met and a Cyber Essentials Plus certificate is current.",
                min(ce, pub.expires_on),
            )
        return StatusResult(Status.MET, "Every mandatory item is met.", pub.expires_on)
    if facts.plan_agreed:
        return StatusResult(
            Status.APPROACHING, "Some mandatory items are not met; an improvement plan has been agreed.", pub.expires_on
        )
    return StatusResult(
        Status.NOT_MET, "Some mandatory items are not met and no improvement plan is agreed.", pub.expires_on
    )
