"""Display logic for support pages: labels, tag colours, dates in words, so templates stay plain."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup

from carecyber.support.policydocs.document import REVIEW_NOTICE_DAYS


def trusted_html(fragment: str) -> Markup:
    """HTML that was sanitised with nh3 when it was made (article bodies). Never pass user input here."""
    return Markup(fragment)  # sanitised by content.render.to_html


def review_tag(policy: object, today: date) -> dict[str, str]:
    """The tag beside a policy: not issued, current, review due soon, or review overdue."""
    if policy is None:
        return {"text": "Not issued", "classes": "nhsuk-tag--grey"}
    review_by: date = policy.review_by  # type: ignore[attr-defined]  # an IssuedPolicy
    if review_by < today:
        return {"text": "Review overdue", "classes": "nhsuk-tag--red"}
    if review_by <= today + timedelta(days=REVIEW_NOTICE_DAYS):
        return {"text": "Review due soon", "classes": "nhsuk-tag--yellow"}
    return {"text": "Current", "classes": "nhsuk-tag--green"}


STATUS_COLOURS = {
    "open": "blue",
    "waiting_on_organisation": "yellow",
    "waiting_on_support": "orange",
    "resolved": "green",
}


def ticket_status_tag(status: str) -> dict[str, str]:
    from carecyber.support.models import TicketStatus

    return {"text": TicketStatus(status).label, "classes": f"nhsuk-tag--{STATUS_COLOURS.get(status, 'grey')}"}


def duration_words(left: timedelta) -> str:
    """'3 hours', '1 day and 4 hours': working time, in words."""
    hours = int(abs(left).total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} working day{'s' if days != 1 else ''}")
    if hours or not days:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " and ".join(parts)


def first_reply_tag(ticket: object, left: timedelta | None, warn: timedelta) -> dict[str, str] | None:
    """For the desk: how long until the first reply is due, or that it is late. None once answered."""
    if getattr(ticket, "first_responded_at", None) is not None or left is None:
        return None
    if getattr(ticket, "status", "") == "resolved":
        return None
    if left <= timedelta():
        return {"text": f"First reply overdue by {duration_words(left)}", "classes": "nhsuk-tag--red"}
    if left <= warn:
        return {"text": f"First reply due in {duration_words(left)}", "classes": "nhsuk-tag--yellow"}
    return {"text": f"First reply due in {duration_words(left)}", "classes": "nhsuk-tag--white"}
