"""Words and tag colours for roles and other enumerations, so templates stay plain."""

from __future__ import annotations

from carecyber.core.models import OrganisationType, Region, Role

ROLE_TAG_COLOURS: dict[str, str] = {
    Role.STAFF: "grey",
    Role.SECURITY_LEAD: "blue",
    Role.AUDITOR: "purple",
    Role.SUPPORT_PARTNER: "green",
    Role.NATIONAL: "orange",
}


def role_tag(role: str) -> dict[str, str]:
    return {"text": Role(role).label, "classes": f"nhsuk-tag--{ROLE_TAG_COLOURS.get(role, 'grey')}"}


def type_label(value: str) -> str:
    return OrganisationType(value).label


def region_label(value: str) -> str:
    return Region(value).label
