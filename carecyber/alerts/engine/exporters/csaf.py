"""An advisory as a CSAF 2.0 security advisory, checked against the CSAF schema before it leaves.

CSAF 2.0 still uses TLP 1.0 labels: TLP:CLEAR is written WHITE and
TLP:AMBER+STRICT is written AMBER (the closest label that is not looser is
not available, so the document says AMBER and its notes say AMBER+STRICT).
"""

from __future__ import annotations

from typing import Any

from carecyber.alerts.engine.csaf_schema import csaf_problems
from carecyber.alerts.engine.cvss_score import score
from carecyber.alerts.engine.exporters import ExportMeta, csaf_time
from carecyber.alerts.engine.model import SEVERITIES, TLP_LEVELS, AdvisoryData, CveData

CSAF_TLP = {"clear": "WHITE", "green": "GREEN", "amber": "AMBER", "amber+strict": "AMBER", "red": "RED"}


class CsafInvalid(ValueError):
    """Raised when a document we built does not follow the schema: a bug on our side, never sent out."""


def csaf_document(advisory: AdvisoryData, meta: ExportMeta) -> dict[str, Any]:
    product_ids: list[str] = []
    vendors: dict[str, dict[str, Any]] = {}
    for position, product in enumerate(advisory.products, start=1):
        pid = f"CCPID-{position:04d}"
        product_ids.append(pid)
        helper: dict[str, str] = {}
        if product.cpe:
            helper["cpe"] = product.cpe
        if product.purl:
            helper["purl"] = product.purl
        leaf: dict[str, Any] = {"product_id": pid, "name": f"{product.label} ({product.version_range.describe()})"}
        if helper:
            leaf["product_identification_helper"] = helper
        vendor_name = product.vendor or "Unknown vendor"
        vendor = vendors.setdefault(vendor_name, {"category": "vendor", "name": vendor_name, "branches": []})
        vendor["branches"].append(
            {
                "category": "product_name",
                "name": product.product or product.label,
                "branches": [
                    {"category": "product_version_range", "name": product.version_range.to_vers(), "product": leaf}
                ],
            }
        )

    notes: list[dict[str, Any]] = [
        {"category": "summary", "title": "Summary", "text": advisory.summary or advisory.title},
        {
            "category": "general",
            "title": "Severity and handling",
            "text": f"Severity: {SEVERITIES[advisory.severity]}. Sharing: {TLP_LEVELS[advisory.tlp]}.",
        },
    ]
    if advisory.threat_details.strip():
        notes.append({"category": "details", "title": "Threat details", "text": advisory.threat_details})
    references = [{"category": "self", "summary": f"{meta.reference} on CareCyber", "url": meta.url}]
    references += [{"category": "external", "summary": "Reference", "url": url} for url in advisory.references]

    history = meta.history or ()
    revision_history = [
        {"number": str(r.number), "date": csaf_time(r.at), "summary": r.summary or "Published."} for r in history
    ] or [{"number": str(meta.revision), "date": csaf_time(meta.modified), "summary": "Published."}]

    vulnerabilities: list[dict[str, Any]] = []
    entries: list[CveData | None] = list(advisory.cves) or [None]
    for cve in entries:
        entry: dict[str, Any] = {}
        if cve is not None:
            entry["cve"] = cve.cve_id
            if cve.description:
                entry["notes"] = [{"category": "description", "title": "Description", "text": cve.description}]
            scores = _scores(cve.cvss_vector, product_ids) if cve.cvss_vector and product_ids else []
            if scores:
                entry["scores"] = scores
        else:
            entry["title"] = advisory.title
        if product_ids:
            entry["product_status"] = {"known_affected": product_ids}
            if advisory.remediation.strip():
                entry["remediations"] = [
                    {"category": "mitigation", "details": advisory.remediation, "product_ids": product_ids}
                ]
        if advisory.known_exploited or (cve is not None and cve.known_exploited):
            entry["threats"] = [{"category": "exploit_status", "details": "Known to be exploited."}]
        vulnerabilities.append(entry)

    document: dict[str, Any] = {
        "document": {
            "category": "csaf_security_advisory",
            "csaf_version": "2.0",
            "title": f"{meta.reference}: {advisory.title}",
            "lang": "en-GB",
            "publisher": {
                "category": "coordinator",
                "name": meta.publisher_name,
                "namespace": meta.publisher_namespace,
            },
            "distribution": {"tlp": {"label": CSAF_TLP[advisory.tlp], "url": "https://www.first.org/tlp/"}},
            "aggregate_severity": {"text": SEVERITIES[advisory.severity]},
            "notes": notes,
            "references": references,
            "tracking": {
                "id": meta.reference,
                "status": "final",
                "version": str(meta.revision),
                "initial_release_date": csaf_time(meta.created),
                "current_release_date": csaf_time(meta.modified),
                "revision_history": revision_history,
                "generator": {"engine": {"name": "CareCyber"}},
            },
        },
        "vulnerabilities": vulnerabilities,
    }
    if vendors:
        document["product_tree"] = {"branches": list(vendors.values())}
    problems = csaf_problems(document)
    if problems:
        raise CsafInvalid("; ".join(problems))
    return document


def _scores(vector: str, product_ids: list[str]) -> list[dict[str, Any]]:
    try:
        scored = score(vector)
    except ValueError:
        return []
    if scored.version.startswith("3"):
        block = {
            "version": scored.version,
            "vectorString": scored.vector,
            "baseScore": scored.base_score,
            "baseSeverity": scored.severity.upper(),
        }
        return [{"cvss_v3": block, "products": product_ids}]
    if scored.version == "2.0":
        return [
            {
                "cvss_v2": {"version": "2.0", "vectorString": scored.vector, "baseScore": scored.base_score},
                "products": product_ids,
            }
        ]
    return []  # CSAF 2.0 has no place for CVSS 4.0 scores
