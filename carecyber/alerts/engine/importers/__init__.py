"""Read advisory files: the format is detected from the content, and a bad file is refused as a whole.

`read_advisory_file(data, name)` returns an `ImportResult` (the format, one
`AdvisoryData` per advisory the file holds, and warnings about what could not
be carried over) or raises `Refused` with every problem found, in words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from carecyber.alerts.engine.model import AdvisoryData

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 20

FORMAT_LABELS = {
    "kev": "CISA Known Exploited Vulnerabilities catalogue",
    "cve": "CVE JSON 5 record",
    "csaf": "CSAF 2.0 advisory",
    "stix": "STIX 2.1 bundle",
}


class Refused(Exception):
    """The whole file is refused; `problems` says why, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        super().__init__("; ".join(shown))
        self.problems = shown


@dataclass
class ImportResult:
    format: str
    advisories: list[AdvisoryData]
    warnings: list[str] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]


def detect(document: Any) -> str:
    """Which format a parsed JSON document is in; Refused when it is none we know."""
    if isinstance(document, dict):
        if "catalogVersion" in document and isinstance(document.get("vulnerabilities"), list):
            return "kev"
        if document.get("dataType") == "CVE_RECORD" or ("cveMetadata" in document and "containers" in document):
            return "cve"
        if isinstance(document.get("document"), dict) and "csaf_version" in document["document"]:
            return "csaf"
        if document.get("type") == "bundle":
            return "stix"
    raise Refused(
        [
            "This is not a file we can import: we read the CISA KEV catalogue (JSON), CVE JSON 5 records, "
            "CSAF 2.0 advisories and STIX 2.1 bundles"
        ]
    )


def parse_json(data: bytes) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise Refused([f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(["The file is not UTF-8 text: these formats are JSON"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused([f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]) from None


def read_advisory_file(data: bytes, name: str = "") -> ImportResult:
    from carecyber.alerts.engine.importers import csaf, cve5, kev, stix

    document = parse_json(data)
    kind = detect(document)
    readers = {"kev": kev.read, "cve": cve5.read, "csaf": csaf.read, "stix": stix.read}
    advisories = readers[kind](document)
    if not advisories:
        raise Refused(["The file holds no advisories"])
    warnings = [w for a in advisories for w in a.warnings]
    return ImportResult(format=kind, advisories=advisories, warnings=warnings)


def text_of(value: Any, limit: int = 20_000) -> str:
    """A string field as text (never None), trimmed to a sane length."""
    if value is None:
        return ""
    return str(value).strip()[:limit]


def short_title(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
