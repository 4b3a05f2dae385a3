"""Words and tag colours for incidents, so templates stay plain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from carecyber.core.models import Region
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.engine.grading import LEVEL_LABELS, Level
from carecyber.incidents.engine.indicators import KIND_LABELS, IndicatorKind, defang
from carecyber.incidents.models import Incident, Status, Task

STATUS_COLOURS: dict[str, str] = {
    Status.NEW: "red",
    Status.TRIAGE: "orange",
    Status.INVESTIGATING: "yellow",
    Status.CONTAINED: "blue",
    Status.RECOVERING: "aqua-green",
    Status.CLOSED: "grey",
}

BAND_COLOURS = {"Low": "green", "Medium": "yellow", "High": "orange", "Very high": "red"}

STATUS_HELP: dict[str, str] = {
    Status.NEW: "Reported, not yet looked at",
    Status.TRIAGE: "Being graded and checked",
    Status.INVESTIGATING: "Finding out what happened and what is affected",
    Status.CONTAINED: "It has been stopped from getting worse",
    Status.RECOVERING: "Putting things back as they were",
    Status.CLOSED: "Finished, with its root cause and lessons recorded",
}


def status_tag(status: str) -> dict[str, str]:
    return {"text": Status(status).label, "classes": f"nhsuk-tag--{STATUS_COLOURS.get(status, 'grey')}"}


def band_tag(band: str) -> dict[str, str]:
    return {"text": band, "classes": f"nhsuk-tag--{BAND_COLOURS.get(band, 'grey')}"}


def category_label(key: str) -> str:
    return catalogue().category_label(key)


def region_label(value: str) -> str:
    try:
        return str(Region(value).label)
    except ValueError:
        return value


def level_label(level: str) -> str:
    try:
        return LEVEL_LABELS[Level(level)]
    except ValueError:
        return ""


def indicator_kind_label(kind: str) -> str:
    try:
        return KIND_LABELS[IndicatorKind(kind)]
    except ValueError:
        return kind


def defanged(kind: str, value: str) -> str:
    return defang(kind, value)


def clock_words(incident: Incident, now: datetime | None = None) -> str:
    state = incident.clock(now or timezone.now())
    return state.words if state else ""


def clock_tag(incident: Incident, now: datetime | None = None) -> dict[str, str] | None:
    """A tag for lists: red when overdue or under 12 hours, orange under 24, else blue."""
    state = incident.clock(now or timezone.now())
    if state is None:
        return None
    if not state.running:
        return {"text": "Clock stopped", "classes": "nhsuk-tag--grey"}
    hours = state.remaining.total_seconds() / 3600
    colour = "red" if hours < 12 else "orange" if hours < 24 else "blue"
    return {"text": state.words, "classes": f"nhsuk-tag--{colour}"}


def task_tag(task: Task) -> dict[str, str]:
    colour = {"open": "blue", "done": "green", "not_needed": "grey"}[task.state]
    if task.is_open and task.due_at and task.due_at < timezone.now():
        return {"text": "Overdue", "classes": "nhsuk-tag--red"}
    return {"text": Task.State(task.state).label, "classes": f"nhsuk-tag--{colour}"}


def reporter_words(incident: Incident) -> str:
    if incident.anonymous:
        return "Anonymous (the reporter's name is not kept)"
    if incident.reporter is None:
        return "Not known"
    return incident.reporter.full_name or incident.reporter.email


def filters_context() -> dict[str, Any]:
    cat = catalogue()
    return {
        "category_choices": [(c.key, c.label) for c in cat.categories],
        "status_choices": list(Status.choices),
        "region_choices": list(Region.choices),
    }


JINJA_HELPERS = {
    "incident_status_tag": status_tag,
    "incident_band_tag": band_tag,
    "incident_category": category_label,
    "incident_region": region_label,
    "incident_level": level_label,
    "incident_clock_words": clock_words,
    "incident_clock_tag": clock_tag,
    "incident_task_tag": task_tag,
    "incident_reporter": reporter_words,
    "indicator_kind_label": indicator_kind_label,
    "defanged": defanged,
}
