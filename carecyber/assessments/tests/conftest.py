"""Toolkit fixtures: the shipped frameworks loaded, assessments started, and quick ways to fill them in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from carecyber.assessments.engine.items import AnswerType
from carecyber.assessments.models import Answer, Assessment, Framework
from carecyber.assessments.services.assessments import (
    _evaluate,
    assessment_start,
    refresh_figures,
    refresh_live_progress,
)
from carecyber.assessments.services.frameworks import install_shipped_frameworks
from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, User


@pytest.fixture(autouse=True)
def _signing_keys(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with its own keys, never the ones in the data folder."""
    monkeypatch.setenv("STATUS_SIGNING_KEYS_DIR", str(tmp_path_factory.mktemp("status-keys")))


@pytest.fixture
def frameworks(db: None) -> dict[str, Framework]:
    install_shipped_frameworks(actor=Actor.system("tests"))
    return {f.slug: f for f in Framework.objects.all()}


def actor_for(user: User, organisation: Organisation | None = None) -> Actor:
    membership = Membership.objects.filter(user=user)
    if organisation is not None:
        membership = membership.filter(organisation=organisation)
    return Actor(user=user, membership=membership.select_related("organisation").first())


def start(world: World, org: Organisation, lead: User, framework: Framework, **kwargs: Any) -> Assessment:
    return assessment_start(actor=actor_for(lead, org), organisation=org, framework=framework, **kwargs)


@pytest.fixture
def care_home_assessment(world: World, frameworks: dict[str, Framework]) -> Assessment:
    return start(world, world.org_b, world.lead_b, frameworks["ndg-10"])


@pytest.fixture
def trust_assessment(world: World, frameworks: dict[str, Framework]) -> Assessment:
    return start(world, world.org_a, world.lead_a, frameworks["ndg-10"])


def good_value(answer: Answer, today: date | None = None) -> Any:
    """A value that meets the item."""
    rule = answer.item.rule()
    kind = rule.answer_type
    if kind == AnswerType.YES_NO:
        return "yes" if rule.met_when_yes else "no"
    if kind == AnswerType.TEXT:
        return "Sam Jones, registered manager"
    if kind in {AnswerType.NUMBER, AnswerType.PERCENTAGE}:
        return max(rule.minimum or 0, 100 if kind == AnswerType.PERCENTAGE else 3)
    if kind == AnswerType.DATE:
        return (today or date.today()).isoformat()
    if kind == AnswerType.CHOICE:
        return next(c.value for c in rule.choices if c.meets)
    if kind == AnswerType.ACHIEVEMENT:
        return "achieved"
    return None


def bad_value(answer: Answer) -> Any:
    """A value that answers the item without meeting it (None where no such value exists)."""
    rule = answer.item.rule()
    kind = rule.answer_type
    if kind == AnswerType.YES_NO:
        return "no" if rule.met_when_yes else "yes"
    if kind == AnswerType.PERCENTAGE and rule.minimum:
        return 10
    if kind == AnswerType.CHOICE:
        return next((c.value for c in rule.choices if not c.meets), None)
    if kind == AnswerType.ACHIEVEMENT:
        return "not_achieved"
    return None


def fill(
    assessment: Assessment,
    *,
    skip: Iterable[str] = (),
    unmet: Iterable[str] = (),
    today: date | None = None,
) -> None:
    """Answer every item quickly (a test shortcut past the per-answer service): met, except `unmet`, none of `skip`.

    Document items count as having one file.
    """
    skipped, failing = set(skip), set(unmet)
    today = today or date.today()
    rows = list(Answer.objects.filter(assessment=assessment).select_related("item"))
    for row in rows:
        ref = row.item.reference
        if ref in skipped:
            continue
        if row.item.answer_type == AnswerType.DOCUMENT:
            row.evidence_count = 0 if ref in failing else 1
        else:
            value = bad_value(row) if ref in failing else good_value(row, today)
            assert value is not None or ref not in failing, f"{ref} cannot be answered without meeting it"
            row.value = value
        result = _evaluate(row, row.item, framework=assessment.framework, profile=assessment.profile, today=today)
        row.answered, row.met, row.met_until = result.answered, result.met, result.met_until
    Answer.objects.bulk_update(rows, ["value", "evidence_count", "answered", "met", "met_until"])
    refresh_figures([assessment.pk], today=today)
    refresh_live_progress([assessment.organisation_id])


def first_unmeetable_free(assessment: Assessment, *, mandatory: bool = True) -> Answer:
    """A mandatory yes/no item (easy to answer either way in tests)."""
    return (
        Answer.objects.filter(assessment=assessment, mandatory=mandatory, item__answer_type="yes_no")
        .select_related("item")
        .order_by("item__position")
        .first()
    )  # type: ignore[return-value]
