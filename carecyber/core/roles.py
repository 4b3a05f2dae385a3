"""Roles and what each may do. One table, read by pages and the API alike."""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    SECURITY_LEAD = "security_lead", "Security lead"
    AUDITOR = "auditor", "Auditor"
    SUPPORT_PARTNER = "support_partner", "Support partner"
    NATIONAL = "national", "National team analyst"


ORGANISATION_ROLES = frozenset({Role.STAFF, Role.SECURITY_LEAD, Role.AUDITOR})
# Roles that see other people's data or act for many: two-factor is required.
TWO_FACTOR_ROLES = frozenset({Role.SECURITY_LEAD, Role.AUDITOR, Role.SUPPORT_PARTNER, Role.NATIONAL})


class Perm(StrEnum):
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_EDIT = "organisation.edit"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    AUDIT_VIEW = "audit.view"
    PARTNER_ASSIGN = "partner.assign"


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.STAFF: frozenset({Perm.ORGANISATION_VIEW}),
    Role.AUDITOR: frozenset({Perm.ORGANISATION_VIEW, Perm.PEOPLE_VIEW}),
    Role.SECURITY_LEAD: frozenset(
        {Perm.ORGANISATION_VIEW, Perm.ORGANISATION_EDIT, Perm.PEOPLE_VIEW, Perm.PEOPLE_MANAGE, Perm.AUDIT_VIEW}
    ),
    Role.SUPPORT_PARTNER: frozenset({Perm.ORGANISATION_VIEW, Perm.PEOPLE_VIEW}),
    Role.NATIONAL: frozenset(Perm),
}


def role_can(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in ROLE_PERMISSIONS.get(role, frozenset())
