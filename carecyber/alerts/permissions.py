"""Who may do what in Broadcast. Kept here (not in core's role table) because only this app uses it.

Pages answer 403 for a role that cannot act; objects outside the actor's scope
are 404 (the queries see to that).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from carecyber.core.actor import Actor
from carecyber.core.roles import Role


def can_publish(actor: Actor) -> bool:
    """Write, import, publish and withdraw advisories; keep the alias table."""
    return actor.is_system or actor.is_national


def can_respond(actor: Actor) -> bool:
    """Acknowledge, declare, update and close for the organisation (and its sites)."""
    return actor.is_system or actor.role == Role.SECURITY_LEAD


def can_view_responses(actor: Actor) -> bool:
    return actor.is_system or actor.role in {Role.SECURITY_LEAD, Role.AUDITOR, Role.SUPPORT_PARTNER, Role.NATIONAL}


def can_view_inventory(actor: Actor) -> bool:
    return can_view_responses(actor)


def can_manage_inventory(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.SECURITY_LEAD


def can_manage_contacts(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.SECURITY_LEAD


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Your role cannot {what}")
