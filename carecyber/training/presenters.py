"""Words and tag colours for training states, so templates stay plain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from carecyber.training.engine.rules import Status, TrainingState

STATUS_TAGS: dict[Status, tuple[str, str]] = {
    Status.CURRENT: ("Up to date", "green"),
    Status.DUE_SOON: ("Due soon", "yellow"),
    Status.NOT_STARTED: ("To do", "blue"),
    Status.OVERDUE: ("Overdue", "red"),
    Status.EXPIRED: ("Expired", "red"),
}


def status_tag(state: TrainingState | None) -> dict[str, str]:
    if state is None:
        return {"text": "Not started", "classes": "nhsuk-tag--grey"}
    text, colour = STATUS_TAGS[state.status]
    return {"text": text, "classes": f"nhsuk-tag--{colour}"}


def _day(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y}"


def due_words(state: TrainingState | None) -> str:
    """One sentence a person understands: when they need to do it, or until when they are covered."""
    if state is None:
        return "You have not taken this course."
    day = _day(state.due)
    return {
        Status.CURRENT: f"Done. Valid until {day}.",
        Status.DUE_SOON: f"Done, but it runs out on {day}. Take it again before then.",
        Status.NOT_STARTED: f"Complete it by {day}.",
        Status.OVERDUE: f"This was due on {day}. Please complete it now.",
        Status.EXPIRED: f"Your last completion ran out on {day}. Please take it again now.",
    }[state.status]


def percent_words(value: float | None) -> str:
    return "No staff counted" if value is None else f"{value:.1f}%"


def checkboxes_params(bf: forms.BoundField) -> dict[str, Any]:
    """NHS.UK checkboxes for a multiple-choice question.

    core's field_params checks RadioSelect first, and Django's CheckboxSelectMultiple is a subclass of it, so
    it would draw radios (one answer only). Until that is fixed there, multiple-choice questions use this.
    """
    selected = {str(v) for v in (bf.value() or [])}
    params: dict[str, Any] = {
        "idPrefix": bf.html_name,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": str(bf.label), "size": "s"}},
        "hint": {"text": str(bf.help_text)} if bf.help_text else None,
        "errorMessage": {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None,
        "items": [
            {"value": str(value), "text": str(text), "checked": str(value) in selected}
            for value, text in bf.field.choices  # type: ignore[attr-defined]  # a MultipleChoiceField
        ],
    }
    return params


def audience_words(audiences: list[str]) -> str:
    from carecyber.training.models import Audience

    labels = [Audience(a).label for a in audiences if a in Audience.values]
    return ", ".join(labels) if labels else "Everyone"
