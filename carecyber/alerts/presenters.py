"""Display logic for Broadcast: tag colours, due dates in words, response states, so templates stay plain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from carecyber.alerts.models import Advisory, AdvisoryStatus, Response, ResponseState

SEVERITY_COLOURS = {"high": "red", "medium": "orange", "low": "yellow", "info": "grey"}
TLP_COLOURS = {"clear": "white", "green": "green", "amber": "orange", "amber+strict": "orange", "red": "red"}
STATE_COLOURS = {
    ResponseState.OPEN: "grey",
    ResponseState.ACKNOWLEDGED: "blue",
    ResponseState.IN_PROGRESS: "purple",
    ResponseState.CLOSED: "green",
}


def severity_tag(advisory: Advisory) -> dict[str, str]:
    return {"text": advisory.get_severity_display(), "classes": f"nhsuk-tag--{SEVERITY_COLOURS[advisory.severity]}"}


def tlp_tag(advisory: Advisory) -> dict[str, str]:
    return {"text": advisory.get_tlp_display(), "classes": f"nhsuk-tag--{TLP_COLOURS[advisory.tlp]}"}


def status_tag(advisory: Advisory) -> dict[str, str] | None:
    if advisory.status == AdvisoryStatus.PUBLISHED:
        return None
    colour = "grey" if advisory.status == AdvisoryStatus.DRAFT else "white"
    return {"text": advisory.get_status_display(), "classes": f"nhsuk-tag--{colour}"}


def _span(delta_seconds: float) -> str:
    seconds = abs(delta_seconds)
    if seconds < 3600:
        minutes = max(1, int(seconds // 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 48 * 3600:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''}"


def due_words(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return ""
    now = now or timezone.now()
    delta = (moment - now).total_seconds()
    return f"due in {_span(delta)}" if delta >= 0 else f"overdue by {_span(delta)}"


def is_overdue(response: Response, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if response.state == ResponseState.OPEN:
        return bool(response.ack_due_at and response.ack_due_at < now)
    if response.state in {ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS}:
        return bool(response.next_update_due_at and response.next_update_due_at < now)
    return False


def next_step(response: Response) -> tuple[str, datetime | None]:
    """What the organisation should do next, and by when."""
    if response.state == ResponseState.OPEN:
        return ("Acknowledge", response.ack_due_at)
    if response.state in {ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS}:
        return ("Send an update", response.next_update_due_at)
    return ("Nothing: closed", None)


def state_tag(response: Response) -> dict[str, str]:
    if is_overdue(response):
        return {"text": "Overdue", "classes": "nhsuk-tag--red"}
    text = response.get_state_display()
    if response.state == ResponseState.CLOSED and response.outcome:
        text = f"Closed: {response.get_outcome_display().lower()}"
    return {"text": text, "classes": f"nhsuk-tag--{STATE_COLOURS[ResponseState(response.state)]}"}


def response_row(response: Response) -> dict[str, Any]:
    step, due = next_step(response)
    return {
        "response": response,
        "tag": state_tag(response),
        "step": step,
        "due": due,
        "due_words": due_words(due) if due else "",
        "overdue": is_overdue(response),
    }


def defang(value: str) -> str:
    """Indicators shown as text that cannot be clicked or pasted by mistake."""
    return value.replace("http://", "hxxp://").replace("https://", "hxxps://").replace(".", "[.]")
