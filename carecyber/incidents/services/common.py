"""What every incident service shares: the version check, automatic timeline entries, who to tell."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, Role, User
from carecyber.incidents import access
from carecyber.incidents.models import Incident, TimelineEvent

ANONYMOUS_LABEL = "Anonymous reporter"
CLOCK_SKEW = timedelta(minutes=5)


class StaleEditError(ValidationError):
    """Someone else saved a change after this edit began: nothing was saved, and the form keeps what was typed."""

    def __init__(
        self,
        current: Incident | None = None,
        *,
        what: str = "this incident",
        by: str = "",
        at: datetime | None = None,
        version: int | None = None,
    ) -> None:
        who = by or (current.updated_by_label if current is not None else "") or "Someone else"
        when = at or (current.updated_at if current is not None else None)
        when_text = f" at {timezone.localtime(when):%H:%M on %d %B}" if when else ""
        super().__init__(
            f"{who} changed {what}{when_text}, while you were editing. Nothing you typed has been saved or lost: "
            "check the latest details on this page, then save again."
        )
        self.current = current
        # The version the form should move to, so saving again (having seen the change) goes through.
        self.version = version if version is not None else current.version if current is not None else None


def person_label(actor: Actor) -> str:
    """How a person is named on a case (their name), or the system's reason."""
    if actor.user is not None:
        return (actor.user.full_name or actor.user.email)[:254]
    return actor.label[:254]


def require_rights(actor: Actor, incident: Incident, what: str) -> None:
    access.rights(actor, incident).require(what)


def claim_version(incident: Incident, version: int, actor: Actor) -> Incident:
    """Move the incident to its next version, or StaleEditError when it moved on since `version`.

    A single conditional UPDATE, so two people saving at once can never both
    succeed: the second waits for the first (on PostgreSQL, the row lock), then
    finds the version changed. Returns the incident as it is now.
    """
    claimed = Incident.objects.filter(pk=incident.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by_label=person_label(actor)
    )
    if not claimed:
        raise StaleEditError(Incident.objects.filter(pk=incident.pk).first())
    return Incident.objects.select_related("organisation").get(pk=incident.pk)


def touch(incident: Incident, actor: Actor) -> None:
    """A change that cannot conflict (an added note, task or file) still moves the version on,
    so an edit form opened before it knows the case changed under it."""
    Incident.objects.filter(pk=incident.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by_label=person_label(actor)
    )


def timeline_auto(
    incident: Incident, text: str, *, actor: Actor | None = None, label: str = "", at: datetime | None = None
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        incident=incident,
        at=at or timezone.now(),
        kind=TimelineEvent.Kind.AUTOMATIC,
        text=text,
        actor_label=label or (person_label(actor) if actor is not None else "CareCyber"),
    )


def case_record(
    *,
    actor: Actor,
    incident: Incident,
    action: str,
    obj: Model | None = None,
    label: str | None = None,
    timeline: str = "",
    changes: dict[str, Any] | None = None,
    touch_case: bool = True,
) -> None:
    """How a change on a case is recorded, the same way everywhere: the case's version moves on (see `touch`), a
    line on its timeline when readers of the case should see it, and one audit record under the case's
    organisation (about the case itself unless `obj` says). `touch_case=False` for a change that already claimed
    a version (claim_version) or that no open form could conflict with (a download, a custody note)."""
    if touch_case:
        touch(incident, actor)
    if timeline:
        timeline_auto(incident, timeline, actor=actor)
    audit_record(
        actor=actor,
        action=action,
        obj=incident if obj is None else obj,
        organisation=incident.organisation_id,
        object_label=incident.reference if label is None else label,
        changes=changes,
    )


def check_times(*, occurred_at: datetime, aware_at: datetime, now: datetime) -> None:
    """Impossible dates are refused with a message that says which one and why."""
    errors: dict[str, str] = {}
    if occurred_at > now + CLOCK_SKEW:
        errors["occurred_at"] = "The time it happened cannot be in the future"
    if aware_at > now + CLOCK_SKEW:
        errors["aware_at"] = "The time you found out cannot be in the future"
    if occurred_at.year < 2000:
        errors["occurred_at"] = "Check the year of when it happened"
    if not errors and aware_at < occurred_at:
        errors["aware_at"] = (
            "You cannot have found out before it happened: the time you found out "
            f"({timezone.localtime(aware_at):%d %B %Y %H:%M}) is before the time it happened "
            f"({timezone.localtime(occurred_at):%d %B %Y %H:%M})"
        )
    if errors:
        raise ValidationError(errors)


def leads_of(organisation: Organisation) -> list[User]:
    """The people alerted about an organisation's incidents: its security leads, and its headquarters' leads."""
    places = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    memberships = Membership.objects.filter(
        organisation_id__in=places, role=Role.SECURITY_LEAD, user__is_active=True
    ).select_related("user")
    seen: dict[int, User] = {}
    for m in memberships:
        seen.setdefault(m.user_id, m.user)
    return list(seen.values())


def national_recipients() -> list[str]:
    from carecyber.incidents.conf import national_inbox

    inbox = national_inbox()
    if inbox:
        return [inbox]
    return sorted(
        set(Membership.objects.filter(role=Role.NATIONAL, user__is_active=True).values_list("user__email", flat=True))
    )


def case_url(incident: Incident) -> str:
    return absolute_url(reverse("incidents:case", args=[incident.pk]))


def email_after_commit(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """Send once the change is saved (never for a change that was rolled back)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return

    def send() -> None:
        send_templated(to=recipients, subject=subject, template=template, context=context)

    transaction.on_commit(send)


def after_commit(fn: Callable[[], Any]) -> None:
    transaction.on_commit(fn)


def deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)
