"""Display logic of the analyst's side: verdict tags, labels, sizes and times in words."""

from __future__ import annotations

from carecyber.phishing.models import CampaignStatus, ReportStatus, Route, VerdictChoice

_VERDICT_COLOURS: dict[str, str] = {
    VerdictChoice.PHISHING: "nhsuk-tag--red",
    VerdictChoice.SUSPICIOUS: "nhsuk-tag--orange",
    VerdictChoice.SPAM: "nhsuk-tag--yellow",
    VerdictChoice.SAFE: "nhsuk-tag--green",
}
_CAMPAIGN_COLOURS: dict[str, str] = {
    CampaignStatus.ACTIVE: "nhsuk-tag--red",
    CampaignStatus.ADVISORY: "nhsuk-tag--blue",
    CampaignStatus.CLOSED: "nhsuk-tag--grey",
}
INDICATOR_LABELS = {
    "urls": "Web addresses",
    "domains": "Domains",
    "ips": "IP addresses",
    "sha256": "Attachment SHA-256 hashes",
    "sender_addresses": "Sender addresses",
}


def verdict_label(verdict: str) -> str:
    return VerdictChoice(verdict).label if verdict in VerdictChoice.values else "No verdict yet"


def verdict_tag(verdict: str) -> dict[str, str]:
    return {"text": verdict_label(verdict), "classes": _VERDICT_COLOURS.get(verdict, "nhsuk-tag--grey")}


def status_label(status: str) -> str:
    return ReportStatus(status).label if status in ReportStatus.values else status


def route_label(route: str) -> str:
    return Route(route).label if route in Route.values else route


def campaign_tag(status: str) -> dict[str, str]:
    label = CampaignStatus(status).label if status in CampaignStatus.values else status
    return {"text": label, "classes": _CAMPAIGN_COLOURS.get(status, "nhsuk-tag--grey")}


def size_words(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def minutes_words(minutes: float | None) -> str:
    if minutes is None:
        return "–"
    if minutes < 1:
        return f"{round(minutes * 60)} seconds"
    if minutes < 120:
        return f"{minutes:g} minutes"
    return f"{minutes / 60:.1f} hours"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%"


def csv_safe(value: str) -> str:
    """Text from a reported email must not become a spreadsheet formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
