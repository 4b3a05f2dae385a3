"""The CISA Known Exploited Vulnerabilities catalogue: one draft advisory per entry.

Every entry is known to be exploited, so every draft is High. The catalogue names
vendor and product but no versions: the drafts affect every version until the
national team narrows them (or a CVE record for the same CVE adds ranges).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from carecyber.alerts.engine.importers import Refused, short_title, text_of
from carecyber.alerts.engine.model import CVE_RE, AdvisoryData, CveData, ProductData

REQUIRED = ("cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded", "shortDescription", "requiredAction")
_URL = re.compile(r"https?://[^\s;,]+")


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _problems(entry: Any, position: int) -> list[str]:
    if not isinstance(entry, dict):
        return [f"Entry {position} is not an object"]
    label = f"Entry {position} ({entry.get('cveID', 'no CVE id')})"
    problems = [f"{label}: {name} is missing" for name in REQUIRED if not text_of(entry.get(name))]
    cve = text_of(entry.get("cveID"))
    if cve and not CVE_RE.match(cve):
        problems.append(f"{label}: {cve!r} is not a CVE id like CVE-2024-1709")
    for name in ("dateAdded", "dueDate"):
        if entry.get(name) and not _is_date(entry[name]):
            problems.append(f"{label}: {name} {entry[name]!r} is not a date like 2025-08-25")
    if "cwes" in entry and not isinstance(entry["cwes"], list):
        problems.append(f"{label}: cwes is not a list")
    return problems


def read(document: dict[str, Any]) -> list[AdvisoryData]:
    entries = document.get("vulnerabilities")
    if not isinstance(entries, list):
        raise Refused(["The catalogue has no list of vulnerabilities"])
    problems = [p for i, entry in enumerate(entries, start=1) for p in _problems(entry, i)]
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        cve = text_of(entry.get("cveID")) if isinstance(entry, dict) else ""
        if cve and cve in seen:
            problems.append(f"Entry {i}: {cve} appears twice in the catalogue")
        seen.add(cve)
    if problems:
        raise Refused(problems)
    version = text_of(document.get("catalogVersion"))
    return [_advisory(entry, version) for entry in entries]


def _advisory(entry: dict[str, Any], catalogue_version: str) -> AdvisoryData:
    cve_id = text_of(entry["cveID"])
    due = text_of(entry.get("dueDate"))
    ransomware = text_of(entry.get("knownRansomwareCampaignUse"))
    cwes = [text_of(c) for c in entry.get("cwes") or []]
    details = [
        f"Added to the Known Exploited Vulnerabilities catalogue on {entry['dateAdded']}.",
        f"Known use in ransomware campaigns: {ransomware or 'not stated'}.",
    ]
    if cwes:
        details.append(f"Weakness types: {', '.join(cwes)}.")
    remediation = text_of(entry["requiredAction"])
    if due:
        remediation += f"\n\nThe catalogue asks for this to be done by {due}."
    return AdvisoryData(
        title=short_title(f"{text_of(entry['vulnerabilityName'])} ({cve_id})"),
        summary=text_of(entry["shortDescription"]),
        severity="high",
        tlp="clear",
        known_exploited=True,
        threat_details=" ".join(details),
        remediation=remediation,
        references=sorted(set(_URL.findall(text_of(entry.get("notes"))))),
        cves=[CveData(cve_id=cve_id, known_exploited=True, kev_due_date=due, ransomware_use=ransomware)],
        products=[ProductData(vendor=text_of(entry["vendorProject"]), product=text_of(entry["product"]))],
        source="kev",
        source_id=cve_id,
        source_label=f"CISA KEV catalogue {catalogue_version}".strip(),
    )
