"""A campaign's indicators as a STIX 2.1 bundle, built by the same exporter the advisories use.

The campaign is written as a threat report (TLP:AMBER) with one indicator per
web address, domain, IP address and attachment hash, checked by `stix2`.
"""

from __future__ import annotations

from typing import Any

from carecyber.alerts.engine.exporters import ExportMeta
from carecyber.alerts.engine.exporters.stix import stix_bundle, stix_objects
from carecyber.alerts.engine.model import AdvisoryData, Indicators
from carecyber.phishing.models import Campaign

REMEDIATION = (
    "Block these addresses, domains and files at your web and email filters, look for other copies in your "
    "mailboxes, and ask anyone who clicked or typed a password to change it and tell their security lead."
)


def campaign_bundle(campaign: Campaign, indicators: dict[str, list[str]], *, url: str) -> dict[str, Any]:
    data = AdvisoryData(
        title=f"Phishing campaign: {campaign.title}"[:300],
        summary=(
            f"{campaign.report_count} reports from {campaign.organisation_count} organisations; "
            f"verdict: {campaign.verdict or 'none yet'}."
        ),
        severity="medium",
        tlp="amber",
        remediation=REMEDIATION,
        indicators=Indicators.from_dict({k: indicators.get(k, []) for k in ("urls", "domains", "ips", "sha256")}),
        source="phishing",
        source_label=f"Phishing campaign {campaign.reference}",
    )
    meta = ExportMeta(
        reference=campaign.reference,
        revision=1,
        created=campaign.first_seen,
        modified=max(campaign.last_seen, campaign.first_seen),
        url=url,
    )
    return stix_bundle(stix_objects(data, meta))
