"""Every change of state in Broadcast: one keyword-only function per verb (see the modules for each noun).

Other capabilities call these (for example the phishing app turns a campaign
into a draft advisory with `advisory_draft_from_indicators`).
"""

from carecyber.alerts.services.advisories import (
    AdvisoryInput,
    Targeting,
    advisory_create,
    advisory_delete_draft,
    advisory_draft_from_indicators,
    advisory_mark_seen,
    advisory_publish,
    advisory_update,
    advisory_withdraw,
)
from carecyber.alerts.services.aliases import alias_remove, product_alias_add, vendor_alias_add
from carecyber.alerts.services.contacts import advisory_emails_export, alert_contact_add, alert_contact_remove
from carecyber.alerts.services.imports import advisories_import
from carecyber.alerts.services.inventory import asset_create, asset_delete, asset_update, assets_import
from carecyber.alerts.services.responses import (
    responses_acknowledge,
    responses_close,
    responses_declare,
    responses_record_update,
)

__all__ = [
    "AdvisoryInput",
    "Targeting",
    "advisories_import",
    "advisory_create",
    "advisory_delete_draft",
    "advisory_draft_from_indicators",
    "advisory_emails_export",
    "advisory_mark_seen",
    "advisory_publish",
    "advisory_update",
    "advisory_withdraw",
    "alert_contact_add",
    "alert_contact_remove",
    "alias_remove",
    "asset_create",
    "asset_delete",
    "asset_update",
    "assets_import",
    "product_alias_add",
    "responses_acknowledge",
    "responses_close",
    "responses_declare",
    "responses_record_update",
    "vendor_alias_add",
]
