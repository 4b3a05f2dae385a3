from carecyber.core.models.audit import AuditEvent
from carecyber.core.models.organisations import (
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
    SupportPartner,
)
from carecyber.core.models.people import Membership, Role, User

__all__ = [
    "AuditEvent",
    "Membership",
    "Organisation",
    "OrganisationDomain",
    "OrganisationType",
    "Region",
    "Role",
    "SupportPartner",
    "User",
]
