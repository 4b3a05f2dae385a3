"""What each role may do in support. The core role table covers the core; these cover this app.

Tenancy (which organisations an actor sees) is still the core scope; these
only answer "may this role do this kind of thing at all".
"""

from __future__ import annotations

from carecyber.core.actor import Actor
from carecyber.core.roles import ORGANISATION_ROLES, Role


def in_organisation(actor: Actor) -> bool:
    return actor.role in ORGANISATION_ROLES


def can_manage_policies(actor: Actor) -> bool:
    """Answer the form, issue policies, attach them as evidence: the organisation's security lead."""
    return actor.is_system or actor.role == Role.SECURITY_LEAD


def can_read_policies(actor: Actor) -> bool:
    return actor.membership is not None or actor.is_system


def can_raise_tickets(actor: Actor) -> bool:
    """Staff and security leads ask for help; auditors read."""
    return actor.role in {Role.STAFF, Role.SECURITY_LEAD}


def is_support_desk(actor: Actor) -> bool:
    """Partners and the national team answer tickets."""
    return actor.role in {Role.SUPPORT_PARTNER, Role.NATIONAL}


def can_see_all_organisation_tickets(actor: Actor) -> bool:
    """A lead and an auditor see every ticket of their organisation; staff see the ones they raised."""
    return actor.role in {Role.SECURITY_LEAD, Role.AUDITOR} or is_support_desk(actor) or actor.is_system


def can_use_partner_dashboard(actor: Actor) -> bool:
    return actor.role in {Role.SUPPORT_PARTNER, Role.NATIONAL}


def can_manage_coverage(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.NATIONAL


def can_publish_events(actor: Actor) -> bool:
    return actor.role in {Role.SUPPORT_PARTNER, Role.NATIONAL}


def can_register_for_events(actor: Actor) -> bool:
    return actor.role in {Role.STAFF, Role.SECURITY_LEAD}
