"""Phishing reports, their raw bytes, analysts' overrides and cross-organisation campaigns."""

from carecyber.phishing.models.campaign import Campaign, CampaignStatus
from carecyber.phishing.models.report import (
    Override,
    PhishingReport,
    RawMessage,
    ReportStatus,
    Route,
    VerdictChoice,
)

__all__ = [
    "Campaign",
    "CampaignStatus",
    "Override",
    "PhishingReport",
    "RawMessage",
    "ReportStatus",
    "Route",
    "VerdictChoice",
]
