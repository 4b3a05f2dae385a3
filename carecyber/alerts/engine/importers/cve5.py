"""CVE JSON 5 records: one draft advisory per record, with the CNA's affected products as version ranges.

`containers.cna.affected[]` gives vendor, product, package name, CPEs and
`versions[]`: a single version, or a start with `lessThan` / `lessThanOrEqual`,
optionally with `changes` that switch status at given versions. Records in the
wild bend the rules (an upper bound of "publication" or a web address, versions
written as prose, "patch" levels given apart from their branch); each bend is
handled as safely as it can be and noted on the draft for the national team.
"""

from __future__ import annotations

import re
from typing import Any

from carecyber.alerts.engine.cvss_score import score
from carecyber.alerts.engine.importers import Refused, short_title, text_of
from carecyber.alerts.engine.model import CVE_RE, AdvisoryData, CveData, ProductData, severity_from
from carecyber.alerts.engine.versions import CVE_VERSION_TYPES, Interval, VersionRange, version_key

_DOTTED = re.compile(r"^\d+(\.\d+)*$")
_NOT_A_BOUND = {"", "0", "*", "unspecified", "n/a", "all", "-", "unknown"}
_METRIC_ORDER = ("cvssV3_1", "cvssV4_0", "cvssV3_0", "cvssV2_0")
_COLLECTIONS = {
    "pypi.org": "pypi",
    "npmjs": "npm",
    "repo.maven.apache.org": "maven",
    "repo1.maven.org": "maven",
    "rubygems.org": "gem",
    "crates.io": "cargo",
    "nuget.org": "nuget",
    "packagist.org": "composer",
    "pkg.go.dev": "golang",
    "proxy.golang.org": "golang",
}


def read(document: dict[str, Any]) -> list[AdvisoryData]:
    meta = document.get("cveMetadata")
    containers = document.get("containers")
    problems = []
    if not isinstance(meta, dict):
        problems.append("cveMetadata is missing")
    if not isinstance(containers, dict) or not isinstance(containers.get("cna"), dict):
        problems.append("containers.cna is missing")
    if problems:
        raise Refused(problems)
    assert isinstance(meta, dict) and isinstance(containers, dict)
    cve_id = text_of(meta.get("cveId"))
    if not CVE_RE.match(cve_id):
        raise Refused([f"cveMetadata.cveId {cve_id!r} is not a CVE id like CVE-2024-1709"])
    state = text_of(meta.get("state"))
    if state != "PUBLISHED":
        raise Refused([f"{cve_id} is {state or 'in no state'}, not PUBLISHED: there is nothing to alert on"])
    cna = containers["cna"]
    adp = [c for c in containers.get("adp") or [] if isinstance(c, dict)]
    if not isinstance(cna.get("affected", []), list):
        raise Refused(["containers.cna.affected is not a list"])

    warnings: list[str] = []
    products: list[ProductData] = []
    for position, affected in enumerate(cna.get("affected") or [], start=1):
        if not isinstance(affected, dict):
            raise Refused([f"affected entry {position} is not an object"])
        product = _product(affected, warnings)
        if product is not None:
            products.append(product)
    if not products:
        warnings.append(f"{cve_id}: the record names no usable affected product; add them before publishing")

    vector = _vector(cna, adp)
    scores: list[float] = []
    if vector:
        try:
            scores.append(score(vector).base_score)
        except ValueError as exc:
            warnings.append(f"{cve_id}: the CVSS vector was not kept ({exc})")
            vector = ""
    exploited = _known_exploited(adp)
    description = _english(cna.get("descriptions"))
    title = text_of(cna.get("title")) or (
        f"{cve_id} in {products[0].label}" if products else f"{cve_id}: {description[:120]}"
    )
    references = [text_of(r.get("url")) for r in cna.get("references") or [] if isinstance(r, dict) and r.get("url")]
    return [
        AdvisoryData(
            title=short_title(title),
            summary=description,
            severity=severity_from(scores, known_exploited=exploited),
            tlp="clear",
            known_exploited=exploited,
            references=references[:50],
            cves=[CveData(cve_id=cve_id, cvss_vector=vector, description=description, known_exploited=exploited)],
            products=products,
            source="cve",
            source_id=cve_id,
            source_label=f"CVE record {cve_id}",
            warnings=warnings,
        )
    ]


def _english(descriptions: Any) -> str:
    for item in descriptions or []:
        if isinstance(item, dict) and str(item.get("lang", "")).lower().startswith("en"):
            return text_of(item.get("value"))
    return ""


def _vector(cna: dict[str, Any], adp: list[dict[str, Any]]) -> str:
    for container in (cna, *adp):
        metrics = [m for m in container.get("metrics") or [] if isinstance(m, dict)]
        for name in _METRIC_ORDER:
            for metric in metrics:
                block = metric.get(name)
                if isinstance(block, dict) and block.get("vectorString"):
                    return text_of(block["vectorString"])
    return ""


def _known_exploited(adp: list[dict[str, Any]]) -> bool:
    for container in adp:
        for metric in container.get("metrics") or []:
            other = metric.get("other") if isinstance(metric, dict) else None
            if not isinstance(other, dict):
                continue
            if other.get("type") == "kev":
                return True
            content = other.get("content")
            if other.get("type") == "ssvc" and isinstance(content, dict):
                for option in content.get("options") or []:
                    if isinstance(option, dict) and str(option.get("Exploitation", "")).lower() == "active":
                        return True
    return False


def _purl(affected: dict[str, Any]) -> str:
    name = text_of(affected.get("packageName"))
    collection = text_of(affected.get("collectionURL")).lower()
    if not name or not collection:
        return ""
    for host, kind in _COLLECTIONS.items():
        if host in collection:
            if kind == "maven" and ":" in name:
                group, artifact = name.split(":", 1)
                return f"pkg:maven/{group}/{artifact}"
            return f"pkg:{kind}/{name}"
    return ""


def _product(affected: dict[str, Any], warnings: list[str]) -> ProductData | None:
    vendor = text_of(affected.get("vendor"), 200)
    product = text_of(affected.get("product"), 200) or text_of(affected.get("packageName"), 200)
    if product.lower() in {"", "n/a"}:
        warnings.append(f"An affected entry with vendor {vendor!r} names no product and was left out")
        return None
    if vendor.lower() == "n/a":
        vendor = ""
    cpes = [text_of(c) for c in affected.get("cpes") or [] if text_of(c).startswith("cpe:2.3:")]
    label = f"{vendor} {product}".strip()
    version_range, notes = _range(affected, label)
    warnings.extend(notes)
    if version_range is None:
        return None
    return ProductData(
        vendor=vendor,
        product=product,
        purl=_purl(affected),
        cpe=cpes[0] if cpes else "",
        version_range=version_range,
        note=" ".join(notes),
    )


def _scheme_for(versions: list[dict[str, Any]]) -> str:
    for item in versions:
        kind = text_of(item.get("versionType")).lower()
        if kind in CVE_VERSION_TYPES:
            return CVE_VERSION_TYPES[kind]
    return "generic"


def _bound(value: str) -> str | None:
    return None if value.lower() in _NOT_A_BOUND else value


def _range(affected: dict[str, Any], label: str) -> tuple[VersionRange | None, list[str]]:
    versions = [v for v in affected.get("versions") or [] if isinstance(v, dict)]
    default = text_of(affected.get("defaultStatus")).lower()
    notes: list[str] = []
    scheme = _scheme_for(versions)
    intervals: list[Interval] = []
    exact: list[str] = []
    every = False
    for item in versions:
        if text_of(item.get("status")).lower() != "affected":
            continue
        start = text_of(item.get("version"), 200)
        kind = text_of(item.get("versionType")).lower()
        inclusive = "lessThanOrEqual" in item and "lessThan" not in item
        upper_raw = item.get("lessThanOrEqual") if inclusive else item.get("lessThan")
        if upper_raw is None:
            if start.lower() in {"all", "*"}:
                every = True
            elif start and start.lower() not in {"n/a", "unspecified", "unknown"}:
                exact.append(start)
            continue
        lower = _bound(start)
        upper: str | None = text_of(upper_raw, 200)
        if (
            kind == "patch"
            and upper
            and lower
            and _DOTTED.match(upper)
            and _DOTTED.match(lower)
            and not upper.startswith(lower + ".")
            and upper != lower
        ):
            upper = f"{lower}.{upper}"  # "14.1" with patch "43.56" means build 14.1-43.56
        if not upper or upper == "*":
            upper = None
        if upper is not None and lower == upper and not inclusive:
            # Some CNAs write the fixed version in both places; it can only mean "before this version".
            notes.append(f"{label}: the range starts and ends at {upper}; read as every version before it")
            lower = None
        intervals.extend(_with_changes(lower, upper, inclusive, item.get("changes")))
    # Bounds the chosen scheme cannot read fall back to plain dotted comparison.
    bounds = [b for i in intervals for b in (i.lower, i.upper) if b is not None]
    unreadable = [b for b in bounds if version_key(scheme, b) is None]
    if unreadable and scheme != "generic":
        notes.append(f"{label}: versions such as {unreadable[0]!r} are not {scheme} versions; compared as dotted")
        scheme = "generic"
        unreadable = [b for b in bounds if version_key(scheme, b) is None]
    if unreadable:
        notes.append(
            f"{label}: {unreadable[0]!r} is not a version, so that end of the range is left open "
            "(every version on that side is treated as affected)"
        )
        intervals = [
            Interval(
                i.lower if i.lower is None or version_key(scheme, i.lower) is not None else None,
                i.lower_inclusive,
                i.upper if i.upper is None or version_key(scheme, i.upper) is not None else None,
                i.upper_inclusive,
            )
            for i in intervals
        ]
    inverted = [
        i
        for i in intervals
        if i.lower is not None
        and i.upper is not None
        and (low := version_key(scheme, i.lower)) is not None
        and (high := version_key(scheme, i.upper)) is not None
        and high < low
    ]
    if inverted:
        notes.append(
            f"{label}: a range starts at {inverted[0].lower} but ends earlier at {inverted[0].upper}; "
            "read as every version before the end"
        )
        intervals = [Interval(None, True, i.upper, i.upper_inclusive) if i in inverted else i for i in intervals]
    prose = [v for v in exact if version_key(scheme, v) is None]
    if prose:
        notes.append(
            f"{label}: {prose[0][:80]!r} is not a version; only inventory entries with exactly this text will match"
        )
    if every or (not intervals and not exact and (default == "affected" or not versions)):
        if not versions:
            notes.append(f"{label}: the record lists no versions, so every version is treated as affected")
        return VersionRange.every_version(scheme), notes
    if not intervals and not exact:
        return None, notes
    unique: list[Interval] = []
    for interval in intervals:
        if interval not in unique:
            unique.append(interval)
    return VersionRange(scheme=scheme, intervals=tuple(unique), exact=tuple(dict.fromkeys(exact))), notes


def _with_changes(lower: str | None, upper: str | None, inclusive: bool, changes: Any) -> list[Interval]:
    events = [c for c in changes or [] if isinstance(c, dict) and text_of(c.get("at"))]
    if not events:
        return [Interval(lower, True, upper, inclusive)]
    intervals: list[Interval] = []
    start, affected = lower, True
    for change in events:  # CVE 5 lists changes in version order
        at = text_of(change["at"])
        status = text_of(change.get("status")).lower()
        if status == "unaffected" and affected:
            intervals.append(Interval(start, True, at, False))
            affected = False
        elif status == "affected" and not affected:
            start, affected = at, True
    if affected:
        intervals.append(Interval(start, True, upper, inclusive))
    return intervals
