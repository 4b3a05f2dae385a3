"""The neutral shape of an advisory: what importers produce, what exporters read, what revisions compare.

Plain dataclasses, so the formats (KEV, CVE JSON 5, CSAF, STIX) never meet
the database, and the database never meets the formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from carecyber.alerts.engine.versions import Interval, VersionRange

SEVERITIES: dict[str, str] = {"high": "High", "medium": "Medium", "low": "Low", "info": "Information only"}
TLP_LEVELS: dict[str, str] = {
    "clear": "TLP:CLEAR",
    "green": "TLP:GREEN",
    "amber": "TLP:AMBER",
    "amber+strict": "TLP:AMBER+STRICT",
    "red": "TLP:RED",
}
# Older TLP 1.0 names still found in CSAF 2.0 and STIX files, read as their TLP 2.0 equivalent.
TLP_1_TO_2 = {"white": "clear", "green": "green", "amber": "amber", "red": "red"}

CVE_RE = re.compile(r"^CVE-\d{4}-\d{4,}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
INDICATOR_KINDS = ("urls", "domains", "ips", "sha256")


@dataclass
class CveData:
    cve_id: str
    cvss_vector: str = ""
    description: str = ""
    known_exploited: bool = False
    kev_due_date: str = ""  # ISO date the KEV catalogue asks remediation by
    ransomware_use: str = ""  # "Known" or "Unknown" in KEV


@dataclass
class ProductData:
    vendor: str
    product: str
    purl: str = ""  # base package URL (no version) when the product is a package
    cpe: str = ""  # CPE 2.3 name, version usually *
    version_range: VersionRange = field(default_factory=VersionRange.every_version)
    note: str = ""  # anything the source said that the range could not hold

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.vendor, self.product) if p) or self.purl or self.cpe


@dataclass
class Indicators:
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {kind: list(getattr(self, kind)) for kind in INDICATOR_KINDS}

    @property
    def count(self) -> int:
        return sum(len(getattr(self, kind)) for kind in INDICATOR_KINDS)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Indicators:
        data = data or {}
        return cls(**{kind: [str(v) for v in data.get(kind, [])] for kind in INDICATOR_KINDS})


@dataclass
class AdvisoryData:
    title: str
    summary: str = ""
    severity: str = "medium"
    tlp: str = "clear"
    known_exploited: bool = False
    threat_details: str = ""
    remediation: str = ""
    references: list[str] = field(default_factory=list)
    cves: list[CveData] = field(default_factory=list)
    products: list[ProductData] = field(default_factory=list)
    indicators: Indicators = field(default_factory=Indicators)
    source: str = "manual"  # manual, kev, cve, csaf, stix, phishing
    source_id: str = ""  # the source's own identifier (a CVE id, a CSAF tracking id, a STIX bundle id)
    source_label: str = ""
    warnings: list[str] = field(default_factory=list)  # what an importer could not carry over


def severity_from(base_scores: list[float], *, known_exploited: bool) -> str:
    """Our severity from the highest CVSS base score; anything known to be exploited is High."""
    top = max(base_scores, default=None)
    if known_exploited or (top is not None and top >= 7.0):
        return "high"
    if top is None or top >= 4.0:
        return "medium"
    return "low" if top > 0 else "info"


def range_as_dict(version_range: VersionRange) -> dict[str, Any]:
    return {
        "scheme": version_range.scheme,
        "intervals": [
            {
                "lower": i.lower,
                "lower_inclusive": i.lower_inclusive,
                "upper": i.upper,
                "upper_inclusive": i.upper_inclusive,
            }
            for i in version_range.intervals
        ],
        "exact": list(version_range.exact),
    }


def range_from_dict(data: dict[str, Any]) -> VersionRange:
    return VersionRange(
        scheme=str(data.get("scheme", "generic")),
        intervals=tuple(
            Interval(
                lower=i.get("lower"),
                lower_inclusive=bool(i.get("lower_inclusive", True)),
                upper=i.get("upper"),
                upper_inclusive=bool(i.get("upper_inclusive", False)),
            )
            for i in data.get("intervals", [])
        ),
        exact=tuple(str(v) for v in data.get("exact", [])),
    )


def advisory_to_dict(advisory: AdvisoryData) -> dict[str, Any]:
    """A JSON-ready snapshot (what a revision stores)."""
    return {
        "title": advisory.title,
        "summary": advisory.summary,
        "severity": advisory.severity,
        "tlp": advisory.tlp,
        "known_exploited": advisory.known_exploited,
        "threat_details": advisory.threat_details,
        "remediation": advisory.remediation,
        "references": list(advisory.references),
        "cves": [
            {
                "cve_id": c.cve_id,
                "cvss_vector": c.cvss_vector,
                "description": c.description,
                "known_exploited": c.known_exploited,
                "kev_due_date": c.kev_due_date,
                "ransomware_use": c.ransomware_use,
            }
            for c in advisory.cves
        ],
        "products": [
            {
                "vendor": p.vendor,
                "product": p.product,
                "purl": p.purl,
                "cpe": p.cpe,
                "version_range": range_as_dict(p.version_range),
                "note": p.note,
            }
            for p in advisory.products
        ],
        "indicators": advisory.indicators.as_dict(),
        "source": advisory.source,
        "source_id": advisory.source_id,
        "source_label": advisory.source_label,
    }


def advisory_from_dict(data: dict[str, Any]) -> AdvisoryData:
    return AdvisoryData(
        title=str(data.get("title", "")),
        summary=str(data.get("summary", "")),
        severity=str(data.get("severity", "medium")),
        tlp=str(data.get("tlp", "clear")),
        known_exploited=bool(data.get("known_exploited", False)),
        threat_details=str(data.get("threat_details", "")),
        remediation=str(data.get("remediation", "")),
        references=[str(r) for r in data.get("references", [])],
        cves=[CveData(**c) for c in data.get("cves", [])],
        products=[
            ProductData(
                vendor=p.get("vendor", ""),
                product=p.get("product", ""),
                purl=p.get("purl", ""),
                cpe=p.get("cpe", ""),
                version_range=range_from_dict(p.get("version_range", {})),
                note=p.get("note", ""),
            )
            for p in data.get("products", [])
        ],
        indicators=Indicators.from_dict(data.get("indicators")),
        source=str(data.get("source", "manual")),
        source_id=str(data.get("source_id", "")),
        source_label=str(data.get("source_label", "")),
    )
