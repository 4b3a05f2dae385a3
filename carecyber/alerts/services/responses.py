"""An organisation's response to an advisory: acknowledge, declare applicability, record updates, close.

Each verb takes several responses at once, so a headquarters' security lead
can answer for the organisation and its sites in one action; each response
still gets its own timeline entry and audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carecyber.alerts.deadlines import update_period
from carecyber.alerts.models import AdvisoryStatus, Applicability, Outcome, Response, ResponseEvent, ResponseState
from carecyber.alerts.permissions import can_respond, require
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record

CLOSING_OUTCOMES = (Outcome.PATCHED, Outcome.MITIGATED, Outcome.RISK_ACCEPTED)


def _locked(actor: Actor, responses: Sequence[Response]) -> list[Response]:
    """The responses, locked, after checking each is the actor's to answer and still open."""
    require(can_respond(actor), "respond to alerts")
    if not responses:
        raise ValidationError({"organisations": "Choose at least one organisation"})
    ids = [r.pk for r in responses]
    locked = list(
        Response.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("advisory", "organisation")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(locked) != len(set(ids)):
        raise ValidationError({"organisations": "You can only respond for your organisation and its sites"})
    for response in locked:
        if response.advisory.status != AdvisoryStatus.PUBLISHED:
            raise ValidationError({"organisations": f"{response.advisory.reference} is no longer published"})
        if response.state == ResponseState.CLOSED:
            raise ValidationError({"organisations": f"{response.organisation.name} has already closed this alert"})
    return locked


def _record(actor: Actor, response: Response, kind: str, note: str, changes: dict[str, object]) -> None:
    ResponseEvent.objects.create(
        response=response,
        kind=kind,
        by=actor.user,
        by_label=actor.label[:254],
        acting_for=actor.organisation,
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"response.{kind}",
        obj=response,
        organisation=response.organisation_id,
        object_label=f"{response.advisory.reference} for {response.organisation.code}",
        changes=changes,
    )


def _acknowledge(response: Response, actor: Actor, now: datetime) -> bool:
    if response.state != ResponseState.OPEN:
        return False
    response.state = ResponseState.ACKNOWLEDGED
    response.acknowledged_at = now
    response.acknowledged_by = actor.user
    response.next_update_due_at = now + update_period()
    return True


def responses_acknowledge(*, actor: Actor, responses: Sequence[Response], note: str = "") -> int:
    """Acknowledge; the first remediation update is then due one update period later. Returns how many changed."""
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for response in _locked(actor, responses):
            if not _acknowledge(response, actor, now):
                continue
            response.save()
            _record(
                actor,
                response,
                "acknowledged",
                note.strip(),
                {"late": bool(response.ack_due_at and now > response.ack_due_at)},
            )
            changed += 1
    return changed


def responses_declare(*, actor: Actor, responses: Sequence[Response], applicable: bool, reason: str = "") -> int:
    """Say whether it applies. "Does not apply" needs a reason and closes the response."""
    if not applicable and not reason.strip():
        raise ValidationError({"reason": "Say why it does not apply (for example: we do not run that version)"})
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(actor, responses)
        for response in locked:
            _acknowledge(response, actor, now)
            response.declared_at = now
            response.applicability_reason = reason.strip()
            if applicable:
                response.applicability = Applicability.APPLICABLE
                response.state = ResponseState.IN_PROGRESS
            else:
                response.applicability = Applicability.NOT_APPLICABLE
                response.state = ResponseState.CLOSED
                response.outcome = Outcome.NOT_APPLICABLE
                response.closed_at, response.closed_by = now, actor.user
                response.next_update_due_at = None
            response.save()
            _record(actor, response, "declared", reason.strip(), {"applicable": applicable})
    return len(locked)


def responses_record_update(
    *, actor: Actor, responses: Sequence[Response], note: str, next_due: datetime | None = None
) -> int:
    """Record what has been done; the next update is due on `next_due` (default: one update period from now)."""
    if not note.strip():
        raise ValidationError({"note": "Say what has been done since the last update"})
    now = timezone.now()
    if next_due is not None and next_due <= now:
        raise ValidationError({"next_due": "The next update must be due in the future"})
    with transaction.atomic():
        locked = _locked(actor, responses)
        for response in locked:
            _acknowledge(response, actor, now)
            if response.applicability == Applicability.UNKNOWN:
                response.applicability = Applicability.APPLICABLE
                response.declared_at = now
            response.state = ResponseState.IN_PROGRESS
            response.last_update_at = now
            response.next_update_due_at = next_due or now + update_period()
            response.save()
            _record(actor, response, "updated", note.strip(), {"next_due": response.next_update_due_at.isoformat()})
    return len(locked)


def responses_close(
    *,
    actor: Actor,
    responses: Sequence[Response],
    outcome: str,
    note: str = "",
    risk_owner_name: str = "",
    risk_owner_role: str = "",
) -> int:
    """Close with an outcome: patched, mitigated, or risk accepted (which needs a named sign-off)."""
    errors: dict[str, list[str]] = {}
    if outcome not in CLOSING_OUTCOMES:
        errors["outcome"] = ["Choose patched, mitigated or risk accepted"]
    if outcome == Outcome.RISK_ACCEPTED:
        if not risk_owner_name.strip():
            errors["risk_owner_name"] = ["Name the person who accepted the risk (usually the SIRO)"]
        if not risk_owner_role.strip():
            errors["risk_owner_role"] = ["Give their role, for example senior information risk owner"]
        if not note.strip():
            errors["note"] = ["Say why the risk is accepted and what limits it"]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(actor, responses)
        for response in locked:
            _acknowledge(response, actor, now)
            if response.applicability == Applicability.UNKNOWN:
                response.applicability = Applicability.APPLICABLE
                response.declared_at = now
            response.state = ResponseState.CLOSED
            response.outcome = outcome
            response.closing_note = note.strip()
            if outcome == Outcome.RISK_ACCEPTED:
                response.risk_owner_name, response.risk_owner_role = risk_owner_name.strip(), risk_owner_role.strip()
            response.closed_at, response.closed_by = now, actor.user
            response.next_update_due_at = None
            response.save()
            _record(actor, response, "closed", note.strip(), {"outcome": outcome})
    return len(locked)
