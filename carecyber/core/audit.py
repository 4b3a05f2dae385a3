"""Write audit records. Services call `audit_record` once per change of state."""

from __future__ import annotations

from typing import Any

from django.db import models

from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Organisation

_MAX_VALUE = 200


def _short(value: Any) -> Any:
    """Keep records small and free of long free text: summaries, not copies."""
    if isinstance(value, str) and len(value) > _MAX_VALUE:
        return value[: _MAX_VALUE - 1] + "…"
    if isinstance(value, (list, tuple)):
        return [_short(v) for v in value[:50]]
    if isinstance(value, dict):
        return {str(k): _short(v) for k, v in list(value.items())[:50]}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {"field": [old, new]}."""
    return {
        k: [_short(before.get(k)), _short(after.get(k))]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    organisation: Organisation | int | None = None,
    changes: dict[str, Any] | None = None,
    object_label: str | None = None,
) -> AuditEvent:
    """Append one record. `organisation` is whose data changed (it decides who may read it)."""
    membership = actor.membership
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return AuditEvent.objects.create(
        actor_user=actor.user,
        actor_label=actor.label[:254],
        acting_for_id=membership.organisation_id if membership else None,
        acting_role=membership.role if membership else "",
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(object_label if object_label is not None else str(obj) if obj is not None else "")[:254],
        changes=_short(changes or {}),
        request_id=actor.request_id[:64],
        ip=actor.ip,
    )
