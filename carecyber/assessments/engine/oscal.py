"""Read an OSCAL catalog (JSON) as a framework: groups → standards, controls → items, enhancements → sub-items.

Nested groups become assertions under their top group (deeper groups are
folded into that assertion); controls outside any group form a standard of
their own. Withdrawn controls are left out. The result is framework data in
our own file format, checked by `load_framework` like any other file.
Pure Python, no Django.
"""

from __future__ import annotations

import json
import re
from typing import Any

from carecyber.assessments.engine.frameworks import FORMAT, FrameworkFileError

_INSERT_RE = re.compile(r"\{\{\s*insert:\s*param,\s*([A-Za-z0-9_.-]+)\s*\}\}")
_NOT_REFERENCE = re.compile(r"[^A-Za-z0-9.()_-]")
TEXT_MAX = 1000
GUIDANCE_MAX = 5000


def parse_oscal_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FrameworkFileError([f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from None


def oscal_to_framework(
    data: Any, *, slug: str, version: str | None = None, answer_type: str = "yes_no", mandatory: bool = True
) -> dict[str, Any]:
    """Convert a parsed OSCAL catalog into framework data; FrameworkFileError lists structural mistakes."""
    errors: list[str] = []
    catalog = data.get("catalog") if isinstance(data, dict) else None
    if not isinstance(catalog, dict):
        raise FrameworkFileError(["catalog: missing (an OSCAL catalog file has a top-level 'catalog' object)"])
    metadata = catalog.get("metadata")
    if not isinstance(metadata, dict):
        errors.append("catalog.metadata: missing")
        metadata = {}
    title = metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append("catalog.metadata.title: missing")
        title = ""
    catalog_version = str(metadata.get("version") or "")
    groups = catalog.get("groups", [])
    loose = catalog.get("controls", [])
    if not isinstance(groups, list):
        errors.append("catalog.groups: expected a list")
        groups = []
    if not isinstance(loose, list):
        errors.append("catalog.controls: expected a list")
        loose = []
    if not groups and not loose:
        errors.append("catalog: has neither groups nor controls")

    converter = _Converter(answer_type=answer_type, mandatory=mandatory, errors=errors)
    standards: list[dict[str, Any]] = []
    for gi, group in enumerate(groups):
        standard = converter.group(group, f"catalog.groups[{gi}]")
        if standard is not None:
            standards.append(standard)
    if loose:
        items = converter.controls(loose, "catalog.controls", depth=1)
        if items:
            standards.append({"reference": "GEN", "title": "Controls outside any group", "items": items})
    if errors:
        raise FrameworkFileError(errors)
    chosen_version = version or _version_from(catalog_version)
    return {
        "format": FORMAT,
        "slug": slug,
        "version": chosen_version,
        "title": title.strip()[:200],
        "kind": "standards",
        "description": f"Imported from the OSCAL catalog {title.strip()[:150]!r}"
        + (f", version {catalog_version}" if catalog_version else "")
        + ".",
        "terms": {"standard": "Group", "assertion": "Subgroup", "item": "Control"},
        "source": {
            "kind": "oscal-catalog",
            "title": title.strip()[:200],
            "version": catalog_version,
            "uuid": str(catalog.get("uuid", "")),
        },
        "standards": standards,
    }


def _version_from(catalog_version: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9.-]", "-", catalog_version).strip("-.")[:20]
    return cleaned or "1"


class _Converter:
    def __init__(self, *, answer_type: str, mandatory: bool, errors: list[str]) -> None:
        self.answer_type = answer_type
        self.mandatory = mandatory
        self.errors = errors

    def group(self, group: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(group, dict):
            self.errors.append(f"{path}: expected an object")
            return None
        ref = self._reference(group, path)
        title = group.get("title")
        if not isinstance(title, str) or not title.strip():
            self.errors.append(f"{path}.title: missing")
            title = ""
        standard: dict[str, Any] = {"reference": ref, "title": title.strip()[:200]}
        items = self.controls(group.get("controls", []), f"{path}.controls", depth=1)
        if items:
            standard["items"] = items
        assertions = []
        subgroups = group.get("groups", [])
        if not isinstance(subgroups, list):
            self.errors.append(f"{path}.groups: expected a list")
            subgroups = []
        for si, sub in enumerate(subgroups):
            spath = f"{path}.groups[{si}]"
            if not isinstance(sub, dict):
                self.errors.append(f"{spath}: expected an object")
                continue
            sub_items = self._folded_controls(sub, spath)
            if sub_items:
                stitle = sub.get("title") if isinstance(sub.get("title"), str) else ""
                assertions.append(
                    {
                        "reference": self._reference(sub, spath),
                        "title": (stitle or "").strip()[:300] or "Untitled",
                        "items": sub_items,
                    }
                )
        if assertions:
            standard["assertions"] = assertions
        if not items and not assertions:
            return None  # an empty group (or one with only withdrawn controls) is left out
        return standard

    def _folded_controls(self, group: dict[str, Any], path: str) -> list[dict[str, Any]]:
        """A nested group's controls, and those of any deeper groups, in document order."""
        items = self.controls(group.get("controls", []), f"{path}.controls", depth=1)
        deeper = group.get("groups", [])
        if isinstance(deeper, list):
            for di, sub in enumerate(deeper):
                if isinstance(sub, dict):
                    items.extend(self._folded_controls(sub, f"{path}.groups[{di}]"))
        return items

    def controls(self, controls: Any, path: str, *, depth: int) -> list[dict[str, Any]]:
        if not isinstance(controls, list):
            self.errors.append(f"{path}: expected a list")
            return []
        out = []
        for ci, control in enumerate(controls):
            item = self.control(control, f"{path}[{ci}]", depth=depth)
            if item is not None:
                out.append(item)
        return out

    def control(self, control: Any, path: str, *, depth: int) -> dict[str, Any] | None:
        if not isinstance(control, dict):
            self.errors.append(f"{path}: expected an object")
            return None
        props = _props(control)
        if props.get("status") == "withdrawn":
            return None
        ref = self._reference(control, path, label=props.get("label"))
        title = control.get("title")
        if not isinstance(title, str) or not title.strip():
            self.errors.append(f"{path}.title: missing")
            title = ""
        params = _params(control)
        statement, guidance = "", ""
        for part in control.get("parts", []) if isinstance(control.get("parts"), list) else []:
            if isinstance(part, dict) and part.get("name") == "statement":
                statement = _prose(part, params)
            elif isinstance(part, dict) and part.get("name") == "guidance":
                guidance = _prose(part, params)
        text = title.strip()
        body = "\n\n".join(p for p in (statement, guidance) if p)
        item: dict[str, Any] = {
            "reference": ref,
            "text": _clip(text, TEXT_MAX),
            "answer_type": self.answer_type,
        }
        if body:
            item["guidance"] = _clip(body, GUIDANCE_MAX)
        if not self.mandatory:
            item["mandatory"] = False
        if depth < 3:
            children = self.controls(control.get("controls", []), f"{path}.controls", depth=depth + 1)
            if children:
                item["items"] = children
        return item

    def _reference(self, obj: dict[str, Any], path: str, *, label: str | None = None) -> str:
        raw = label or obj.get("id")
        if not isinstance(raw, str) or not raw.strip():
            self.errors.append(f"{path}.id: missing")
            return ""
        return _NOT_REFERENCE.sub("-", raw.strip())[:30]


def _props(obj: dict[str, Any]) -> dict[str, str]:
    props = obj.get("props", [])
    out: dict[str, str] = {}
    if isinstance(props, list):
        for prop in props:
            if isinstance(prop, dict) and isinstance(prop.get("name"), str) and "value" in prop:
                out.setdefault(prop["name"], str(prop["value"]))
    return out


def _params(control: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for param in control.get("params", []) if isinstance(control.get("params"), list) else []:
        if not isinstance(param, dict) or not isinstance(param.get("id"), str):
            continue
        if isinstance(param.get("label"), str):
            out[param["id"]] = f"[{param['label']}]"
        elif isinstance(param.get("select"), dict) and isinstance(param["select"].get("choice"), list):
            out[param["id"]] = "[" + " / ".join(str(c) for c in param["select"]["choice"]) + "]"
    return out


def _prose(part: dict[str, Any], params: dict[str, str], depth: int = 0) -> str:
    lines = []
    label = _props(part).get("label", "")
    prose = part.get("prose")
    if isinstance(prose, str) and prose.strip():
        text = _INSERT_RE.sub(lambda m: params.get(m.group(1), "[to be set]"), prose).strip()
        lines.append(("  " * depth) + (f"{label} " if label else "") + text)
    for sub in part.get("parts", []) if isinstance(part.get("parts"), list) else []:
        if isinstance(sub, dict):
            child = _prose(sub, params, depth + 1)
            if child:
                lines.append(child)
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
