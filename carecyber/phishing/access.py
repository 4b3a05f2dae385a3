"""Who may do what with phishing reports, on top of the tenancy scope.

- anyone in an organisation reports suspicious emails and follows their own reports;
- the security lead (and an auditor, read-only) works the organisation's queue;
- the national team sees every report, works unattributed mailbox reports, and runs campaigns;
- a support partner sees nothing of the message contents: reports can hold personal data.
"""

from __future__ import annotations

from carecyber.core.actor import Actor
from carecyber.core.roles import Role


def can_report(actor: Actor) -> bool:
    return actor.is_system or (actor.organisation is not None and actor.user is not None)


def can_view_queue(actor: Actor) -> bool:
    return actor.is_system or actor.role in {Role.SECURITY_LEAD, Role.AUDITOR, Role.NATIONAL}


def can_override(actor: Actor) -> bool:
    return actor.is_system or actor.role in {Role.SECURITY_LEAD, Role.NATIONAL}


def can_run_campaigns(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.NATIONAL
