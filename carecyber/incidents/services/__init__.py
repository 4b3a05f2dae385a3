"""Every change to incidents: one keyword-only function per verb, transactional, audited.

Other capabilities call these (never the models): for example phishing's
"I clicked" button calls `incident_report_from_phishing`.
"""

from carecyber.incidents.services.case import (
    CloseInput,
    DetailsInput,
    communication_add,
    incident_assign_owner,
    incident_close,
    incident_reopen,
    incident_set_status,
    incident_update_details,
    indicator_add,
    indicator_remove,
    link_add,
    link_remove,
    playbook_start,
    system_add,
    system_set_state,
    task_add,
    task_set_state,
    task_update,
    timeline_add,
)
from carecyber.incidents.services.common import StaleEditError
from carecyber.incidents.services.evidence import custody_add, evidence_add, evidence_download
from carecyber.incidents.services.grading import (
    clock_reminder_send,
    incident_decide,
    incident_grade,
    notification_record,
    rules_active,
    rules_update,
)
from carecyber.incidents.services.national import (
    group_create,
    group_link,
    group_unlink,
    help_request,
    help_respond,
    incident_share,
)
from carecyber.incidents.services.reporting import (
    LinkInput,
    ReportInput,
    incident_report,
    incident_report_from_phishing,
)
from carecyber.incidents.services.webhooks import webhook_rotate_secret, webhook_save, webhook_send_test

__all__ = [
    "CloseInput",
    "DetailsInput",
    "LinkInput",
    "ReportInput",
    "StaleEditError",
    "clock_reminder_send",
    "communication_add",
    "custody_add",
    "evidence_add",
    "evidence_download",
    "group_create",
    "group_link",
    "group_unlink",
    "help_request",
    "help_respond",
    "incident_assign_owner",
    "incident_close",
    "incident_decide",
    "incident_grade",
    "incident_reopen",
    "incident_report",
    "incident_report_from_phishing",
    "incident_set_status",
    "incident_share",
    "incident_update_details",
    "indicator_add",
    "indicator_remove",
    "link_add",
    "link_remove",
    "notification_record",
    "playbook_start",
    "rules_active",
    "rules_update",
    "system_add",
    "system_set_state",
    "task_add",
    "task_set_state",
    "task_update",
    "timeline_add",
    "webhook_rotate_secret",
    "webhook_save",
    "webhook_send_test",
]
