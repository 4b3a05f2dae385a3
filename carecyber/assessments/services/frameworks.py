"""Importing, exporting and choosing framework versions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from carecyber.assessments.engine.frameworks import (
    FrameworkSpec,
    dump_framework,
    fingerprint,
    load_framework,
    parse_yaml,
    to_yaml,
)
from carecyber.assessments.engine.oscal import oscal_to_framework, parse_oscal_json
from carecyber.assessments.models import Assertion, Framework, Item, Standard
from carecyber.assessments.permissions import ToolkitPerm, require
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.models import OrganisationType
from carecyber.core.models.organisations import category_of

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "frameworks"


def known_categories_and_types() -> tuple[frozenset[int], frozenset[str]]:
    types = frozenset(str(t) for t in OrganisationType.values)
    return frozenset(category_of(t) for t in types), types


def read_framework_file(text: str, *, oscal: bool = False, slug: str = "", version: str | None = None) -> FrameworkSpec:
    """Parse and check a framework file (ours, or an OSCAL catalog); FrameworkFileError lists every mistake."""
    categories, types = known_categories_and_types()
    if oscal:
        data: Any = oscal_to_framework(parse_oscal_json(text), slug=slug, version=version)
    else:
        data = parse_yaml(text)
    return load_framework(data, categories=categories, types=types)


@dataclass(frozen=True)
class ImportResult:
    framework: Framework
    created: bool  # False when the same content was already there


def framework_import(*, actor: Actor, spec: FrameworkSpec, make_current: bool = True) -> ImportResult:
    """Load a checked framework. The same content again changes nothing; changed content needs a new version
    once any assessment uses the old one."""
    require(actor, ToolkitPerm.FRAMEWORKS)
    data = dump_framework(spec)
    digest = fingerprint(data)
    with transaction.atomic():
        existing = Framework.objects.select_for_update().filter(slug=spec.slug, version=spec.version).first()
        if existing is not None and existing.sha256 == digest:
            if make_current and not existing.is_current:
                _make_current(existing)
            return ImportResult(framework=existing, created=False)
        if existing is not None:
            in_use = existing.assessments.count()
            if in_use:
                raise ValidationError(
                    {
                        "file": f"Version {spec.version} of {spec.slug} is already used by {in_use:,} "
                        "assessment(s) and differs from this file: give the changed file a new version."
                    }
                )
            existing.delete()
        framework = Framework.objects.create(
            slug=spec.slug,
            version=spec.version,
            title=spec.title,
            kind=spec.kind,
            description=spec.description,
            spec=data,
            sha256=digest,
            source=spec.source.get("kind", "yaml") if spec.source else "yaml",
            categories=list(spec.categories),
            types=list(spec.types),
            is_current=False,
            imported_by=actor.user,
        )
        count = _build_rows(framework, spec)
        if make_current:
            _make_current(framework)
        audit_record(
            actor=actor,
            action="framework.imported",
            obj=framework,
            changes={
                "slug": spec.slug,
                "version": spec.version,
                "items": count,
                "sha256": digest,
                "replaced": bool(existing),
            },
        )
    return ImportResult(framework=framework, created=True)


def _make_current(framework: Framework) -> None:
    Framework.objects.filter(slug=framework.slug, is_current=True).exclude(pk=framework.pk).update(is_current=False)
    Framework.objects.filter(pk=framework.pk).update(is_current=True)
    framework.is_current = True


def _build_rows(framework: Framework, spec: FrameworkSpec) -> int:
    standards: dict[str, Standard] = {}
    assertions: dict[str, Assertion] = {}
    for position, s in enumerate(spec.standards):
        standards[s.reference] = Standard.objects.create(
            framework=framework,
            reference=s.reference,
            title=s.title,
            summary=s.summary,
            help_article=s.help_article,
            position=position,
        )
    position = 0
    for s in spec.standards:
        for a in s.assertions:
            assertions[a.reference] = Assertion.objects.create(
                framework=framework,
                standard=standards[s.reference],
                reference=a.reference,
                title=a.title,
                position=position,
            )
            position += 1
    # Items in document order; parents before children (one bulk insert per depth, then their keys).
    rows: list[tuple[int, str | None, Item]] = []
    depth_of: dict[str, int] = {}
    for position, (standard, assertion, parent, item) in enumerate(spec.all_items()):
        depth = depth_of[parent.reference] + 1 if parent is not None else 1
        depth_of[item.reference] = depth
        rule_data: dict[str, Any] = {}
        if item.choices:
            rule_data["choices"] = [{"value": c.value, "label": c.label, "meets": c.meets} for c in item.choices]
        if item.minimum is not None:
            rule_data["minimum"] = item.minimum
        if not item.met_when_yes:
            rule_data["met_when_yes"] = False
        if item.max_age_months is not None:
            rule_data["max_age_months"] = item.max_age_months
        rows.append(
            (
                depth,
                parent.reference if parent else None,
                Item(
                    framework=framework,
                    standard=standards[standard.reference],
                    assertion=assertions[assertion.reference] if assertion else None,
                    reference=item.reference,
                    text=item.text,
                    guidance=item.guidance,
                    answer_type=item.answer_type.value,
                    mandatory=item.mandatory,
                    mandatory_categories=list(item.mandatory_categories),
                    categories=list(item.categories),
                    types=list(item.types),
                    help_article=item.help_article,
                    rule_data=rule_data,
                    position=position,
                    depth=depth,
                ),
            )
        )
    keys: dict[str, int] = {}
    for depth in sorted({d for d, _, _ in rows}):
        level = [(parent_ref, row) for d, parent_ref, row in rows if d == depth]
        for parent_ref, row in level:
            row.parent_id = keys[parent_ref] if parent_ref else None
        Item.objects.bulk_create([row for _, row in level], batch_size=500)
        keys.update(Item.objects.filter(framework=framework, depth=depth).values_list("reference", "pk"))
    return len(rows)


def framework_set_current(*, actor: Actor, framework: Framework) -> Framework:
    require(actor, ToolkitPerm.FRAMEWORKS)
    with transaction.atomic():
        _make_current(framework)
        audit_record(actor=actor, action="framework.made_current", obj=framework)
    return framework


def framework_export(framework: Framework) -> str:
    """The framework as a file in our format (what was imported, in canonical form)."""
    return to_yaml(framework.spec)


def shipped_framework_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def install_shipped_frameworks(*, actor: Actor) -> list[ImportResult]:
    """The frameworks that come with CareCyber (the demo and new installations use these)."""
    return [
        framework_import(actor=actor, spec=read_framework_file(path.read_text(encoding="utf-8")))
        for path in shipped_framework_files()
    ]
