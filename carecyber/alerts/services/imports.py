"""Advisory files into draft advisories: each file is read, checked and saved whole, or refused whole.

Re-importing is safe: an entry already imported (same source and id) is
skipped. A CVE record for a CVE that a KEV draft already carries enriches that
draft with the record's version ranges and score instead of making a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from carecyber.alerts.aliases import live_table
from carecyber.alerts.engine.importers import FORMAT_LABELS, Refused, read_advisory_file
from carecyber.alerts.engine.model import AdvisoryData
from carecyber.alerts.models import Advisory, AdvisoryStatus
from carecyber.alerts.permissions import can_publish, require
from carecyber.alerts.services.advisories import (
    AdvisoryInput,
    advisory_create,
    advisory_update,
    check_input,
    next_references,
)
from carecyber.alerts.services.exports import advisory_data
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record

MAX_FILES = 50


@dataclass
class FileOutcome:
    name: str
    format: str = ""
    created: list[str] = field(default_factory=list)
    enriched: list[str] = field(default_factory=list)
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, "unknown format")

    def line(self) -> str:
        """One summary line, as the command prints it."""
        if not self.ok:
            return f"{self.name}: refused – {'; '.join(self.problems)}"
        parts = [f"{len(self.created)} draft{'s' if len(self.created) != 1 else ''} created"]
        if self.created:
            span = self.created[0] if len(self.created) == 1 else f"{self.created[0]} to {self.created[-1]}"
            parts[0] += f" ({span})"
        if self.enriched:
            parts.append(f"{len(self.enriched)} draft{'s' if len(self.enriched) != 1 else ''} enriched")
        if self.skipped:
            parts.append(f"{self.skipped} already imported")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        return f"{self.name}: {self.format_label} – {', '.join(parts)}"


def _enrich(existing: Advisory, record: AdvisoryData) -> AdvisoryData:
    current = advisory_data(existing)
    by_id = {c.cve_id: c for c in current.cves}
    for cve in record.cves:
        known = by_id.get(cve.cve_id)
        if known is None:
            current.cves.append(cve)
        else:
            known.cvss_vector = known.cvss_vector or cve.cvss_vector
            known.description = known.description or cve.description
    if record.products:
        current.products = record.products
    current.references = list(dict.fromkeys([*current.references, *record.references]))
    current.known_exploited = current.known_exploited or record.known_exploited
    return current


def _import_one(actor: Actor, name: str, data: bytes, progress: Callable[[int], None] | None) -> FileOutcome:
    outcome = FileOutcome(name=name)
    try:
        result = read_advisory_file(data, name)
    except Refused as refused:
        outcome.problems = refused.problems
        return outcome
    outcome.format = result.format
    outcome.warnings = result.warnings
    problems: list[str] = []
    for position, item in enumerate(result.advisories, start=1):
        for field_name, messages in check_input(AdvisoryInput(data=item)).items():
            label = item.source_id or f"entry {position}"
            problems.extend(f"{label}: {field_name}: {m}" for m in messages)
    if problems:
        outcome.problems = problems[:20]
        return outcome
    already = set(
        Advisory.objects.filter(
            source=result.format, source_id__in=[a.source_id for a in result.advisories if a.source_id]
        ).values_list("source_id", flat=True)
    )
    aliases = live_table()
    try:
        with transaction.atomic():
            fresh = [a for a in result.advisories if not a.source_id or a.source_id not in already]
            outcome.skipped = len(result.advisories) - len(fresh)
            to_create: list[AdvisoryData] = []
            for item in fresh:
                draft = None
                if result.format == "cve" and item.cves:
                    draft = (
                        Advisory.objects.filter(status=AdvisoryStatus.DRAFT, cves__cve_id=item.cves[0].cve_id)
                        .order_by("pk")
                        .first()
                    )
                if draft is not None:
                    advisory_update(actor=actor, advisory=draft, data=AdvisoryInput(data=_enrich(draft, item)))
                    outcome.enriched.append(draft.reference)
                else:
                    to_create.append(item)
            references = next_references(len(to_create)) if to_create else []
            for count, (item, reference) in enumerate(zip(to_create, references, strict=True), start=1):
                advisory = advisory_create(
                    actor=actor, data=AdvisoryInput(data=item), aliases=aliases, reference=reference
                )
                outcome.created.append(advisory.reference)
                if progress is not None and count % 50 == 0:
                    progress(50)
            if progress is not None:
                progress(len(to_create) % 50)
            audit_record(
                actor=actor,
                action="advisories.imported",
                object_label=name[:200],
                changes={
                    "format": result.format,
                    "created": len(outcome.created),
                    "enriched": len(outcome.enriched),
                    "skipped": outcome.skipped,
                },
            )
    except ValidationError as exc:
        outcome.created, outcome.enriched = [], []
        outcome.problems = exc.messages[:20]
    return outcome


def advisories_import(
    *, actor: Actor, files: list[tuple[str, bytes]], progress: Callable[[int], None] | None = None
) -> list[FileOutcome]:
    """Import each file into drafts; one outcome per file (a refused file leaves nothing behind)."""
    require(can_publish(actor), "import advisories")
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"Import at most {MAX_FILES} files at a time"})
    return [_import_one(actor, name, data, progress) for name, data in files]
