"""Validation against the CSAF 2.0 JSON schema shipped in `alerts/schemas/` (see its README for sources)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs in the pinned set
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
_CVSS_REFS = {
    "https://www.first.org/cvss/cvss-v2.0.json": "cvss-v2.0.json",
    "https://www.first.org/cvss/cvss-v3.0.json": "cvss-v3.0.json",
    "https://www.first.org/cvss/cvss-v3.1.json": "cvss-v3.1.json",
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return data


@cache
def csaf_validator() -> Draft202012Validator:
    """The validator, built once: the schema files never change while the process runs."""
    registry: Registry[Any] = Registry().with_resources(
        (url, Resource.from_contents(_load(name))) for url, name in _CVSS_REFS.items()
    )
    schema = _load("csaf_json_schema.json")
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def csaf_problems(document: Any, limit: int = 20) -> list[str]:
    """Every way the document breaks the schema, as "where: what" lines (empty when it is valid)."""
    errors = sorted(csaf_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    problems = []
    for error in errors[:limit]:
        where = "/".join(str(p) for p in error.absolute_path) or "(the document)"
        problems.append(f"{where}: {error.message[:300]}")
    return problems
