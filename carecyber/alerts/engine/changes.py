"""What changed between two revisions of an advisory, in words a security lead can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from carecyber.alerts.engine.model import SEVERITIES, TLP_LEVELS, range_from_dict

_TEXT_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "threat_details": "Threat details",
    "remediation": "What to do",
}


@dataclass
class Change:
    topic: str
    summary: str
    added: list[str] = dataclass_field(default_factory=list)
    removed: list[str] = dataclass_field(default_factory=list)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _text_change(label: str, before: str, after: str) -> Change | None:
    if before.strip() == after.strip():
        return None
    old, new = _sentences(before), _sentences(after)
    added = [s for s in new if s not in old]
    removed = [s for s in old if s not in new]
    if not old:
        return Change(label, f"{label} was added", added=added)
    return Change(label, f"{label} changed", added=added, removed=removed)


def _product_label(p: dict[str, Any]) -> str:
    return " ".join(x for x in (p.get("vendor", ""), p.get("product", "")) if x) or p.get("purl") or p.get("cpe", "")


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The changes from one snapshot (see model.advisory_to_dict) to another, most important first."""
    changes: list[Change] = []
    if before.get("severity") != after.get("severity"):
        changes.append(
            Change(
                "Severity",
                f"Severity changed from {SEVERITIES.get(before.get('severity', ''), '?')} "
                f"to {SEVERITIES.get(after.get('severity', ''), '?')}",
            )
        )
    if before.get("known_exploited") != after.get("known_exploited"):
        changes.append(
            Change(
                "Known exploited",
                "It is now known to be exploited"
                if after.get("known_exploited")
                else "It is no longer marked as exploited",
            )
        )
    if before.get("tlp") != after.get("tlp"):
        old_tlp, new_tlp = TLP_LEVELS.get(before.get("tlp", ""), "?"), TLP_LEVELS.get(after.get("tlp", ""), "?")
        changes.append(Change("Sharing", f"Sharing changed from {old_tlp} to {new_tlp}"))
    old_cves = {c["cve_id"]: c for c in before.get("cves", [])}
    new_cves = {c["cve_id"]: c for c in after.get("cves", [])}
    added_cves = sorted(set(new_cves) - set(old_cves))
    removed_cves = sorted(set(old_cves) - set(new_cves))
    rescored = sorted(
        c for c in set(old_cves) & set(new_cves) if old_cves[c].get("cvss_vector") != new_cves[c].get("cvss_vector")
    )
    if added_cves or removed_cves or rescored:
        summary = []
        if added_cves:
            summary.append(f"{len(added_cves)} added")
        if removed_cves:
            summary.append(f"{len(removed_cves)} removed")
        if rescored:
            summary.append(f"{len(rescored)} rescored ({', '.join(rescored)})")
        changes.append(Change("CVEs", "CVEs: " + ", ".join(summary), added=added_cves, removed=removed_cves))
    old_products = {_product_label(p): p for p in before.get("products", [])}
    new_products = {_product_label(p): p for p in after.get("products", [])}
    added_products = [
        f"{label}: {range_from_dict(p.get('version_range', {})).describe()}"
        for label, p in new_products.items()
        if label not in old_products
    ]
    removed_products = [label for label in old_products if label not in new_products]
    reranged = [
        f"{label}: now {range_from_dict(p.get('version_range', {})).describe()}"
        for label, p in new_products.items()
        if label in old_products and old_products[label].get("version_range") != p.get("version_range")
    ]
    if added_products or removed_products or reranged:
        changes.append(
            Change(
                "Affected products",
                "The affected products changed",
                added=added_products + reranged,
                removed=removed_products,
            )
        )
    for name, label in _TEXT_FIELDS.items():
        change = _text_change(label, str(before.get(name, "")), str(after.get(name, "")))
        if change is not None:
            changes.append(change)
    old_refs, new_refs = before.get("references", []), after.get("references", [])
    if old_refs != new_refs:
        changes.append(
            Change(
                "References",
                "References changed",
                added=[r for r in new_refs if r not in old_refs],
                removed=[r for r in old_refs if r not in new_refs],
            )
        )
    old_ind, new_ind = before.get("indicators", {}), after.get("indicators", {})
    if old_ind != new_ind:
        added = [v for kind in new_ind for v in new_ind.get(kind, []) if v not in old_ind.get(kind, [])]
        removed = [v for kind in old_ind for v in old_ind.get(kind, []) if v not in new_ind.get(kind, [])]
        changes.append(Change("Indicators", "Indicators of compromise changed", added=added, removed=removed))
    return changes
