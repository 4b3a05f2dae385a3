from carecyber.incidents.models.case import (
    AffectedSystem,
    Communication,
    IncidentLink,
    Indicator,
    PlaybookRun,
    SupportRequest,
    Task,
    TimelineEvent,
)
from carecyber.incidents.models.evidence import CustodyEntry, Evidence
from carecyber.incidents.models.incident import (
    OPEN_STATUSES,
    ClockReminder,
    Decision,
    Incident,
    Notification,
    Source,
    Status,
    StillHappening,
    number_from_reference,
    reference_of,
)
from carecyber.incidents.models.national import IncidentGroup, IncidentGroupMember, NotificationRuleSet
from carecyber.incidents.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "OPEN_STATUSES",
    "AffectedSystem",
    "ClockReminder",
    "Communication",
    "CustodyEntry",
    "Decision",
    "Evidence",
    "Incident",
    "IncidentGroup",
    "IncidentGroupMember",
    "IncidentLink",
    "Indicator",
    "Notification",
    "NotificationRuleSet",
    "PlaybookRun",
    "Source",
    "Status",
    "StillHappening",
    "SupportRequest",
    "Task",
    "TimelineEvent",
    "WebhookDelivery",
    "WebhookEndpoint",
    "number_from_reference",
    "reference_of",
]
