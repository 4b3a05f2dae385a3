"""Who is acting: a person, in one of their memberships, for one request or job.

Every service takes an Actor, so the audit log knows who did what, for which
organisation, from where; every query takes one, so it sees only what it may.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import uuid4

from carecyber.core.roles import Perm, Role, role_can

if TYPE_CHECKING:
    from carecyber.core.models import Membership, Organisation, SupportPartner, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    membership: Membership | None
    request_id: str = field(default_factory=lambda: uuid4().hex)
    ip: str | None = None
    system_reason: str = ""

    @classmethod
    def system(cls, reason: str) -> Actor:
        """The platform itself (a command or a scheduled task), named for the audit log."""
        return cls(user=None, membership=None, system_reason=reason)

    @property
    def is_system(self) -> bool:
        return self.user is None and bool(self.system_reason)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def support_partner(self) -> SupportPartner | None:
        return self.membership.support_partner if self.membership else None

    @property
    def is_national(self) -> bool:
        return self.role == Role.NATIONAL

    @property
    def is_partner(self) -> bool:
        return self.role == Role.SUPPORT_PARTNER

    def can(self, perm: Perm) -> bool:
        return self.is_system or role_can(self.role, perm)

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.email
        return f"system: {self.system_reason}" if self.system_reason else "anonymous"
