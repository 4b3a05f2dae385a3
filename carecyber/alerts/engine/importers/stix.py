"""STIX 2.1 bundles: checked by the `stix2` library, then read into one draft advisory.

A report gives the title and summary (otherwise the first vulnerability,
campaign or malware does); vulnerabilities give CVEs; courses of action give
the remediation; indicators with simple STIX patterns (and URL, domain, IP and
file observables) give indicators; software objects give affected products;
TLP markings (2.0, or the older 1.0 ones) give the TLP, the strictest found.
"""

from __future__ import annotations

import re
from typing import Any

import stix2  # type: ignore[import-untyped]  # stix2 ships no type information
from stix2.exceptions import STIXError  # type: ignore[import-untyped]

from carecyber.alerts.engine.importers import Refused, short_title, text_of
from carecyber.alerts.engine.model import CVE_RE, AdvisoryData, CveData, Indicators, ProductData
from carecyber.alerts.engine.stix_markings import TLP_BY_MARKING_ID, stricter
from carecyber.alerts.engine.versions import VersionRange

_COMPARISON = re.compile(r"([a-z0-9-]+):([A-Za-z0-9_.'\-]+)\s*=\s*'((?:[^'\\]|\\.)*)'")
_THREAT_TYPES = {
    "malware": "Malware",
    "threat-actor": "Threat actor",
    "intrusion-set": "Intrusion set",
    "campaign": "Campaign",
    "attack-pattern": "Technique",
    "tool": "Tool",
}


def read(document: dict[str, Any]) -> list[AdvisoryData]:
    try:
        bundle = stix2.parse(document, allow_custom=True)
    except (STIXError, ValueError, TypeError, KeyError) as exc:
        raise Refused([f"This is not a valid STIX 2.1 bundle: {str(exc)[:400]}"]) from None
    objects = [dict(o) if not isinstance(o, dict) else o for o in bundle.get("objects", [])]
    if not objects:
        raise Refused(["The bundle has no objects"])
    if any(o.get("spec_version", "2.1") != "2.1" for o in objects if o.get("type") != "marking-definition"):
        raise Refused(["The bundle holds objects that are not STIX 2.1 (spec_version)"])

    by_type: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        by_type.setdefault(str(obj.get("type")), []).append(obj)
    warnings: list[str] = []
    indicators = Indicators()
    for indicator in by_type.get("indicator", []):
        _read_pattern(indicator, indicators, warnings)
    _read_observables(objects, indicators)

    cves: list[CveData] = []
    for vulnerability in by_type.get("vulnerability", []):
        for ref in vulnerability.get("external_references") or []:
            cve = text_of(ref.get("external_id"))
            is_cve = str(ref.get("source_name", "")).lower() == "cve" and CVE_RE.match(cve)
            if is_cve and all(c.cve_id != cve for c in cves):
                cves.append(CveData(cve_id=cve, description=text_of(vulnerability.get("description"))))

    products = [
        ProductData(
            vendor=text_of(sw.get("vendor")),
            product=text_of(sw.get("name")),
            cpe=text_of(sw.get("cpe")) if str(sw.get("cpe", "")).startswith("cpe:2.3:") else "",
            version_range=VersionRange(exact=(text_of(sw["version"]),))
            if sw.get("version")
            else VersionRange.every_version(),
        )
        for sw in by_type.get("software", [])
        if sw.get("name")
    ]

    headline: dict[str, Any] | None = next(
        (
            by_type[t][0]
            for t in ("report", "vulnerability", "campaign", "malware", "intrusion-set", "indicator")
            if by_type.get(t)
        ),
        None,
    )
    title = text_of(headline.get("name")) if headline else ""
    summary = text_of(headline.get("description")) if headline else ""
    threats = [
        f"- {label}: {text_of(o.get('name'))}"
        + (f" – {text_of(o.get('description'), 300)}" if o.get("description") else "")
        for kind, label in _THREAT_TYPES.items()
        for o in by_type.get(kind, [])
        if o.get("name")
    ]
    remediation = "\n\n".join(
        f"**{text_of(c.get('name'))}**" + (f"\n\n{text_of(c.get('description'))}" if c.get("description") else "")
        for c in by_type.get("course-of-action", [])
    )
    references = sorted(
        {
            text_of(ref.get("url"))
            for o in objects
            for ref in o.get("external_references") or []
            if str(ref.get("url", "")).startswith(("http://", "https://"))
        }
    )[:50]
    return [
        AdvisoryData(
            title=short_title(title or f"Threat intelligence bundle {text_of(document.get('id'))}"),
            summary=summary,
            severity="medium",
            tlp=_tlp(objects),
            threat_details="\n".join(threats[:100]),
            remediation=remediation,
            references=references,
            cves=cves,
            products=products,
            indicators=indicators,
            source="stix",
            source_id=text_of(document.get("id")),
            source_label=f"STIX bundle {text_of(document.get('id'))}",
            warnings=warnings,
        )
    ]


def _tlp(objects: list[dict[str, Any]]) -> str:
    level = ""
    for obj in objects:
        for ref in obj.get("object_marking_refs") or []:
            found = TLP_BY_MARKING_ID.get(str(ref))
            if found:
                level = stricter(level, found) if level else found
    return level or "clear"


def _add(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


def _read_pattern(indicator: dict[str, Any], indicators: Indicators, warnings: list[str]) -> None:
    if indicator.get("pattern_type", "stix") != "stix":
        warnings.append(f"Indicator {indicator.get('id')}: {indicator.get('pattern_type')} patterns are not read")
        return
    found = False
    for kind, prop, raw in _COMPARISON.findall(str(indicator.get("pattern", ""))):
        value = raw.replace("\\'", "'").replace("\\\\", "\\")
        prop = prop.replace("'", "").lower()
        if kind == "url" and prop == "value":
            _add(indicators.urls, value)
        elif kind == "domain-name" and prop == "value":
            _add(indicators.domains, value.lower())
        elif kind in {"ipv4-addr", "ipv6-addr"} and prop == "value":
            _add(indicators.ips, value)
        elif kind == "file" and prop in {"hashes.sha-256", "hashes.sha256"}:
            _add(indicators.sha256, value.lower())
        else:
            continue
        found = True
    if not found:
        warnings.append(
            f"Indicator {indicator.get('id')}: its pattern holds nothing we carry (URL, domain, IP, SHA-256)"
        )


def _read_observables(objects: list[dict[str, Any]], indicators: Indicators) -> None:
    for obj in objects:
        kind, value = obj.get("type"), text_of(obj.get("value"))
        if kind == "url":
            _add(indicators.urls, value)
        elif kind == "domain-name":
            _add(indicators.domains, value.lower())
        elif kind in {"ipv4-addr", "ipv6-addr"}:
            _add(indicators.ips, value)
        elif kind == "file":
            sha = text_of((obj.get("hashes") or {}).get("SHA-256"))
            _add(indicators.sha256, sha.lower())
