"""An advisory as STIX 2.1: report, vulnerabilities, course of action, indicators, software, identity, TLP marking.

Objects are built and checked with the `stix2` library, then returned as plain
JSON-ready dicts (what TAXII stores and serves). Identifiers are stable per
advisory; each revision is a new version of the same objects (same id, later
`modified`), which is what TAXII's versions endpoint lists.
"""

from __future__ import annotations

import json
from typing import Any

import stix2  # type: ignore[import-untyped]  # stix2 ships no type information

from carecyber.alerts.engine.cvss_score import score
from carecyber.alerts.engine.exporters import ExportMeta, minted_id, stix_time
from carecyber.alerts.engine.model import SEVERITIES, AdvisoryData
from carecyber.alerts.engine.stix_markings import TLP_2_MARKING_IDS, tlp_marking_definition

IDENTITY_CREATED = "2026-01-01T00:00:00.000Z"


def identity_object(name: str) -> dict[str, Any]:
    """The national team as the author of everything we publish."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": minted_id("identity", "national-team"),
        "created": IDENTITY_CREATED,
        "modified": IDENTITY_CREATED,
        "name": name,
        "identity_class": "organization",
        "sectors": ["healthcare"],
    }


def _escape_pattern(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _indicator_patterns(advisory: AdvisoryData) -> list[tuple[str, str]]:
    patterns = []
    for url in advisory.indicators.urls:
        patterns.append((f"Malicious web address {url}", f"[url:value = '{_escape_pattern(url)}']"))
    for domain in advisory.indicators.domains:
        patterns.append((f"Malicious domain {domain}", f"[domain-name:value = '{_escape_pattern(domain)}']"))
    for ip in advisory.indicators.ips:
        kind = "ipv6-addr" if ":" in ip else "ipv4-addr"
        patterns.append((f"Malicious IP address {ip}", f"[{kind}:value = '{_escape_pattern(ip)}']"))
    for sha in advisory.indicators.sha256:
        patterns.append((f"Malicious file {sha[:12]}…", f"[file:hashes.'SHA-256' = '{sha}']"))
    return patterns


def stix_objects(advisory: AdvisoryData, meta: ExportMeta) -> list[dict[str, Any]]:
    """Every object of the advisory, the identity and the TLP marking first; validated by stix2."""
    ref = meta.reference
    identity = identity_object(meta.publisher_name)
    marking_id = TLP_2_MARKING_IDS[advisory.tlp]
    common = {
        "spec_version": "2.1",
        "created_by_ref": identity["id"],
        "created": stix_time(meta.created),
        "modified": stix_time(meta.modified),
        "object_marking_refs": [marking_id],
    }
    if meta.withdrawn:
        common["revoked"] = True
    built: list[Any] = []
    vulnerability_ids = []
    for cve in advisory.cves:
        extra: dict[str, Any] = {}
        if cve.cvss_vector:
            try:
                scored = score(cve.cvss_vector)
            except ValueError:
                scored = None
            if scored is not None:
                extra["x_carecyber_cvss"] = {
                    "version": scored.version,
                    "vector": scored.vector,
                    "base_score": scored.base_score,
                    "severity": scored.severity,
                }
        if cve.known_exploited:
            extra["x_carecyber_known_exploited"] = True
        vulnerability = stix2.v21.Vulnerability(
            id=minted_id("vulnerability", ref, cve.cve_id),
            name=cve.cve_id,
            description=cve.description or None,
            external_references=[{"source_name": "cve", "external_id": cve.cve_id}],
            allow_custom=True,
            **common,
            **extra,
        )
        vulnerability_ids.append(vulnerability.id)
        built.append(vulnerability)
    if advisory.remediation.strip():
        action = stix2.v21.CourseOfAction(
            id=minted_id("course-of-action", ref),
            name=f"What to do about {ref}",
            description=advisory.remediation,
            **common,
        )
        built.append(action)
        for vulnerability_id in vulnerability_ids:
            built.append(
                stix2.v21.Relationship(
                    id=minted_id("relationship", ref, "mitigates", vulnerability_id),
                    relationship_type="mitigates",
                    source_ref=action.id,
                    target_ref=vulnerability_id,
                    **common,
                )
            )
    for name, pattern in _indicator_patterns(advisory):
        built.append(
            stix2.v21.Indicator(
                id=minted_id("indicator", ref, pattern),
                name=name,
                pattern=pattern,
                pattern_type="stix",
                valid_from=stix_time(meta.created),
                indicator_types=["malicious-activity"],
                **common,
            )
        )
    for product in advisory.products:
        software_fields: dict[str, Any] = {"name": product.product or product.purl or product.cpe}
        if product.vendor:
            software_fields["vendor"] = product.vendor
        if product.cpe:
            software_fields["cpe"] = product.cpe
        custom: dict[str, Any] = {"x_carecyber_affected_versions": product.version_range.to_vers()}
        if product.purl:
            custom["x_carecyber_purl"] = product.purl
        built.append(
            stix2.v21.Software(
                id=minted_id("software", ref, product.label, product.version_range.to_vers()),
                object_marking_refs=[marking_id],
                allow_custom=True,
                **software_fields,
                **custom,
            )
        )
    report_extra: dict[str, Any] = {
        "x_carecyber_severity": SEVERITIES[advisory.severity],
        "x_carecyber_revision": meta.revision,
    }
    report = stix2.v21.Report(
        id=minted_id("report", ref),
        name=f"{ref}: {advisory.title}",
        description=advisory.summary or None,
        published=stix_time(meta.created),
        report_types=["vulnerability" if advisory.cves else "threat-report"],
        object_refs=[o.id for o in built] or [identity["id"]],
        external_references=[{"source_name": "CareCyber", "external_id": ref, "url": meta.url}],
        labels=[f"severity:{advisory.severity}", *(["known-exploited"] if advisory.known_exploited else [])],
        allow_custom=True,
        **common,
        **report_extra,
    )
    objects = [identity, tlp_marking_definition(advisory.tlp), json.loads(report.serialize())]
    objects.extend(json.loads(o.serialize()) for o in built)
    return objects


def stix_bundle(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """A bundle around the objects (its id is random, as bundles are transient envelopes)."""
    bundle = stix2.v21.Bundle(objects=objects, allow_custom=True)
    result: dict[str, Any] = json.loads(bundle.serialize())
    return result
