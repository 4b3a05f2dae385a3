"""Asset inventories from files: CSV (our columns) and CycloneDX SBOMs (JSON or XML, any spec version
cyclonedx-python-lib reads). A file with any bad row is refused as a whole, every problem listed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component
from defusedxml import ElementTree as SafeElementTree  # type: ignore[import-untyped]  # no stubs in the pinned set

from carecyber.alerts.engine.cpe import Cpe
from carecyber.alerts.engine.importers import Refused
from carecyber.alerts.engine.normalise import read_purl

MAX_ROWS = 50_000
MAX_FIELD = 200
CSV_COLUMNS = ("vendor", "product", "version", "purl", "cpe", "location", "owner")


@dataclass
class AssetRow:
    vendor: str = ""
    product: str = ""
    version: str = ""
    purl: str = ""
    cpe: str = ""
    location: str = ""
    owner: str = ""
    source_ref: str = ""


def row_problems(row: AssetRow, where: str) -> list[str]:
    """What is wrong with one entry (shared by CSV rows, SBOM components, the form and the API)."""
    problems = []
    if not (row.product or row.purl or row.cpe):
        problems.append(f"{where}: give a product name, a package URL or a CPE name")
    for name in ("vendor", "product", "version", "location", "owner"):
        if len(getattr(row, name)) > MAX_FIELD:
            problems.append(f"{where}: {name} is longer than {MAX_FIELD} characters")
    if row.purl:
        try:
            read_purl(row.purl)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if row.cpe:
        try:
            Cpe.parse(row.cpe)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    return problems


def read_csv(data: bytes) -> list[AssetRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(["The file is not UTF-8 text: save the spreadsheet as CSV UTF-8"]) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise Refused(["The file is empty: the first line names the columns"])
    columns = [h.strip().lower() for h in header]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise Refused([f"Unknown column {unknown[0]!r}: the columns are {', '.join(CSV_COLUMNS)}"])
    if not {"product", "purl", "cpe"} & set(columns):
        raise Refused(["The file needs a product, purl or cpe column"])
    rows: list[AssetRow] = []
    problems: list[str] = []
    for line_number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            problems.append(f"Line {line_number}: {len(values)} values for {len(columns)} columns")
            continue
        row = AssetRow(**{c: v.strip() for c, v in zip(columns, values, strict=True)})
        problems.extend(row_problems(row, f"Line {line_number}"))
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise Refused([f"The file has more than {MAX_ROWS:,} entries: split it"])
    if problems:
        raise Refused(problems)
    if not rows:
        raise Refused(["The file has a header but no entries"])
    return rows


def _components(components: Iterable[Component]) -> Iterable[Component]:
    for component in components:
        yield component
        yield from _components(component.components)


def _row(component: Component) -> AssetRow:
    purl = str(component.purl) if component.purl else ""
    vendor = ""
    if component.supplier is not None and component.supplier.name:
        vendor = component.supplier.name
    elif component.publisher:
        vendor = component.publisher
    elif component.group:
        vendor = component.group
    return AssetRow(
        vendor=vendor[:MAX_FIELD],
        product=(component.name or "")[:MAX_FIELD],
        version=(component.version or "")[:MAX_FIELD],
        purl=purl,
        cpe=component.cpe or "",
        source_ref=str(component.bom_ref.value or "")[:MAX_FIELD] if component.bom_ref else "",
    )


def read_cyclonedx(data: bytes) -> list[AssetRow]:
    stripped = data.lstrip()
    try:
        if stripped.startswith(b"{"):
            document: Any = json.loads(data.decode("utf-8-sig"))
            if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
                raise Refused(["This JSON file is not a CycloneDX SBOM (bomFormat is not CycloneDX)"])
            bom = Bom.from_json(document)  # type: ignore[attr-defined]  # added by the serializable decorator
        else:
            root = SafeElementTree.fromstring(data)
            if not root.tag.endswith("}bom") or "cyclonedx" not in root.tag:
                raise Refused(["This XML file is not a CycloneDX SBOM"])
            bom = Bom.from_xml(root)  # type: ignore[attr-defined]  # added by the serializable decorator
    except Refused:
        raise
    except Exception as exc:  # the library and the parsers raise many kinds for malformed input
        raise Refused([f"Not a CycloneDX SBOM we can read: {str(exc)[:300]}"]) from None
    found: list[Component] = list(_components(bom.components))
    if bom.metadata.component is not None:
        found.insert(0, bom.metadata.component)
    rows: list[AssetRow] = []
    seen: set[tuple[str, str, str]] = set()
    problems: list[str] = []
    for component in found:
        row = _row(component)
        key = (row.purl, row.product, row.version)
        if key in seen:
            continue
        seen.add(key)
        problems.extend(row_problems(row, f"Component {row.source_ref or row.product or '?'}"))
        rows.append(row)
    if problems:
        raise Refused(problems)
    if not rows:
        raise Refused(["The SBOM lists no components"])
    if len(rows) > MAX_ROWS:
        raise Refused([f"The SBOM has more than {MAX_ROWS:,} components"])
    return rows


def read_inventory_file(data: bytes, name: str = "") -> tuple[str, list[AssetRow]]:
    """("csv" or "cyclonedx", rows): the format is told by the content, not the name."""
    head = data[:2048].lstrip().lower()
    if head.startswith((b"{", b"<?xml", b"<bom")):
        return "cyclonedx", read_cyclonedx(data)
    return "csv", read_csv(data)
