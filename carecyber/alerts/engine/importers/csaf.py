"""CSAF 2.0 advisories: validated against the CSAF schema first, then read into one draft advisory.

Affected products come from `product_status` (known_affected, first_affected,
last_affected) resolved through the product tree: the vendor, product name and
version (or `product_version_range` in vers form) of each branch path, with the
CPE or package URL of its identification helper. Relationships ("X installed on
Y") resolve to the component they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.csaf_schema import csaf_problems
from carecyber.alerts.engine.cvss_score import score
from carecyber.alerts.engine.importers import Refused, short_title, text_of
from carecyber.alerts.engine.model import TLP_1_TO_2, AdvisoryData, CveData, ProductData, severity_from
from carecyber.alerts.engine.normalise import clean, read_purl
from carecyber.alerts.engine.versions import PURL_TYPE_SCHEMES, Interval, VersionRange, merge_ranges, version_key

_AFFECTED_STATUSES = ("known_affected", "first_affected", "last_affected")
_FIXED_STATUSES = ("fixed", "first_fixed")
# name-[epoch:]version-release.arch, as Red Hat names packages in its product trees.
_NEVRA = re.compile(r"^(?P<name>.+?)-(?:(?P<epoch>\d+):)?(?P<version>[^-:]+)-(?P<release>[^-]+)\.(?P<arch>[a-z0-9_]+)$")
_VERSION_CATEGORIES = ("product_version", "service_pack", "patch_level")
_SEVERITY_WORDS = {
    "critical": "high",
    "important": "high",
    "high": "high",
    "moderate": "medium",
    "medium": "medium",
    "low": "low",
    "none": "info",
}
_REMEDIATION_WORDS = {
    "vendor_fix": "Vendor fix",
    "mitigation": "Mitigation",
    "workaround": "Workaround",
    "none_available": "No fix available",
    "no_fix_planned": "No fix planned",
}


@dataclass
class _Leaf:
    vendor: str = ""
    product: str = ""
    version: str = ""
    version_range: str = ""
    cpe: str = ""
    purl: str = ""


def read(document: dict[str, Any]) -> list[AdvisoryData]:
    problems = csaf_problems(document)
    if problems:
        raise Refused(["The file does not follow the CSAF 2.0 schema", *problems])
    doc = document["document"]
    tracking = doc["tracking"]
    warnings: list[str] = []
    leaves = _leaves(document.get("product_tree") or {})

    cves: list[CveData] = []
    scores: list[float] = []
    affected_ids: list[str] = []
    remediation_lines: list[str] = []
    for vulnerability in document.get("vulnerabilities") or []:
        status = vulnerability.get("product_status") or {}
        for name in _AFFECTED_STATUSES:
            affected_ids.extend(pid for pid in status.get(name, []) if pid not in affected_ids)
        vector = _vector(vulnerability)
        if vector:
            try:
                scores.append(score(vector).base_score)
            except ValueError as exc:
                warnings.append(f"A CVSS vector was not kept ({exc})")
                vector = ""
        if vulnerability.get("cve"):
            description = next(
                (
                    text_of(n.get("text"))
                    for n in vulnerability.get("notes") or []
                    if n.get("category") == "description"
                ),
                text_of(vulnerability.get("title")),
            )
            cves.append(CveData(cve_id=text_of(vulnerability["cve"]), cvss_vector=vector, description=description))
        for remedy in vulnerability.get("remediations") or []:
            kind = _REMEDIATION_WORDS.get(remedy.get("category", ""), "Remediation")
            line = f"- **{kind}**: {text_of(remedy.get('details'))}"
            if remedy.get("url"):
                line += f" ({text_of(remedy['url'])})"
            if line not in remediation_lines:
                remediation_lines.append(line)

    products = _products(affected_ids, leaves, warnings)
    if not products:
        products = _before_fixed(document, leaves, warnings)
    notes = {n.get("category"): text_of(n.get("text")) for n in doc.get("notes") or []}
    summary = notes.get("summary") or notes.get("description") or notes.get("general") or ""
    details = "\n\n".join(v for k, v in notes.items() if k in {"details", "description", "general"} and v != summary)
    tlp_label = text_of((doc.get("distribution") or {}).get("tlp", {}).get("label")).lower()
    severity_word = text_of((doc.get("aggregate_severity") or {}).get("text")).lower()
    severity = _SEVERITY_WORDS.get(severity_word) or severity_from(scores, known_exploited=False)
    return [
        AdvisoryData(
            title=short_title(text_of(doc["title"])),
            summary=summary,
            severity=severity,
            tlp=TLP_1_TO_2.get(tlp_label, "amber" if tlp_label else "clear"),
            threat_details=details,
            remediation="\n".join(remediation_lines),
            references=[text_of(r["url"]) for r in doc.get("references") or [] if r.get("url")][:50],
            cves=cves,
            products=products,
            source="csaf",
            source_id=text_of(tracking["id"]),
            source_label=f"CSAF advisory {text_of(tracking['id'])} from {text_of(doc['publisher']['name'])}",
            warnings=warnings,
        )
    ]


def _vector(vulnerability: dict[str, Any]) -> str:
    for item in vulnerability.get("scores") or []:
        for name in ("cvss_v3", "cvss_v2"):
            block = item.get(name)
            if isinstance(block, dict) and block.get("vectorString"):
                return text_of(block["vectorString"])
    return ""


def _leaves(tree: dict[str, Any]) -> dict[str, _Leaf]:
    found: dict[str, _Leaf] = {}

    def helper(leaf: _Leaf, product: dict[str, Any]) -> _Leaf:
        helpers = product.get("product_identification_helper") or {}
        return _Leaf(
            leaf.vendor,
            leaf.product or text_of(product.get("name")),
            leaf.version,
            leaf.version_range,
            text_of(helpers.get("cpe")),
            text_of(helpers.get("purl")),
        )

    def walk(branches: list[dict[str, Any]], path: _Leaf) -> None:
        for branch in branches:
            category, name = branch.get("category", ""), text_of(branch.get("name"))
            here = _Leaf(path.vendor, path.product, path.version, path.version_range)
            if category == "vendor":
                here.vendor = name
            elif category in {"product_name", "product_family"} and (category == "product_name" or not here.product):
                here.product = name
            elif category in _VERSION_CATEGORIES:
                here.version = name  # the deepest one is the most precise (12.2SE → 12.2(55)SE)
            elif category == "product_version_range":
                here.version_range = name
            if isinstance(branch.get("product"), dict):
                found[text_of(branch["product"]["product_id"])] = helper(here, branch["product"])
            walk(branch.get("branches") or [], here)

    walk(tree.get("branches") or [], _Leaf())
    for product in tree.get("full_product_names") or []:
        found.setdefault(text_of(product["product_id"]), helper(_Leaf(), product))
    for relation in tree.get("relationships") or []:
        full = relation.get("full_product_name") or {}
        component = found.get(text_of(relation.get("product_reference")))
        if full.get("product_id") and component is not None:
            found.setdefault(text_of(full["product_id"]), component)
    return found


def _products(ids: list[str], leaves: dict[str, _Leaf], warnings: list[str]) -> list[ProductData]:
    grouped: dict[tuple[str, str, str, str], list[_Leaf]] = {}
    for pid in ids:
        leaf = leaves.get(pid)
        if leaf is None:
            warnings.append(f"Product {pid} is not in the product tree and was left out")
            continue
        purl_key = ""
        if leaf.purl:
            try:
                parts = read_purl(leaf.purl)
                purl_key = parts.key
                leaf.version = leaf.version or parts.version
            except ValueError:
                warnings.append(f"Product {pid} has an unreadable package URL, which was left out")
        cpe_base = ""
        if leaf.cpe:
            try:
                parsed = Cpe.parse(leaf.cpe)
                cpe_base = Cpe(parsed.part, parsed.vendor, parsed.product).to_string()
                leaf.version = leaf.version or parsed.version_text
            except ValueError:
                warnings.append(f"Product {pid} has an unreadable CPE name, which was left out")
        grouped.setdefault((leaf.vendor, leaf.product, purl_key, cpe_base), []).append(leaf)
    products = []
    for (vendor, product, purl_key, cpe_base), group in grouped.items():
        scheme = PURL_TYPE_SCHEMES.get(purl_key[4:].split("/", 1)[0], "generic") if purl_key else "generic"
        ranges: list[VersionRange] = []
        exact: list[str] = []
        for leaf in group:
            if leaf.version_range.startswith("vers:"):
                try:
                    ranges.append(VersionRange.from_vers(leaf.version_range))
                except ValueError as exc:
                    warnings.append(f"{vendor} {product}: the range {leaf.version_range!r} was not read ({exc})")
            elif leaf.version_range:
                warnings.append(f"{vendor} {product}: the range {leaf.version_range!r} is not in vers form; left out")
            elif leaf.version:
                exact.append(leaf.version)
        if exact:
            ranges.append(VersionRange(scheme=ranges[0].scheme if ranges else scheme, exact=tuple(exact)))
        version_range = merge_ranges(ranges) if ranges else VersionRange.every_version(scheme)
        if not ranges:
            warnings.append(f"{vendor} {product}: no versions given, so every version is treated as affected")
        products.append(
            ProductData(
                vendor=vendor,
                product=product,
                purl=purl_key,
                cpe=cpe_base,
                version_range=version_range,
            )
        )
    return products


def _before_fixed(document: dict[str, Any], leaves: dict[str, _Leaf], warnings: list[str]) -> list[ProductData]:
    """Advisories that only list fixed packages (Red Hat's): affected means older than the fixed build."""
    highest: dict[tuple[str, str], str] = {}
    for vulnerability in document.get("vulnerabilities") or []:
        status = vulnerability.get("product_status") or {}
        for name in _FIXED_STATUSES:
            for pid in status.get(name, []):
                leaf = leaves.get(pid)
                match = _NEVRA.match(leaf.version) if leaf is not None else None
                if leaf is None or match is None:
                    continue
                epoch = match["epoch"] or "0"
                fixed = f"{epoch}:{match['version']}-{match['release']}"
                key = (leaf.vendor, match["name"])
                current = highest.get(key)
                if current is None or (version_key("rpm", fixed) or 0) > (version_key("rpm", current) or 0):
                    highest[key] = fixed
    if highest:
        warnings.append(
            "The advisory lists fixed packages only: each package is treated as affected below its highest "
            "fixed build, which may include older streams that were fixed separately"
        )
    return [
        ProductData(
            vendor=vendor,
            product=name,
            purl=f"pkg:rpm/{clean(vendor) or 'redhat'}/{name}",
            version_range=VersionRange(scheme="rpm", intervals=(Interval(None, True, fixed, False),)),
            note=f"older than the fixed build {fixed}",
        )
        for (vendor, name), fixed in sorted(highest.items())
    ]
