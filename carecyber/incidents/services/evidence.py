"""Evidence: files kept byte for byte with their SHA-256, and a chain of custody for each.

Unlike other uploads, evidence is never re-encoded (that would change its
hash and break the chain of custody). Instead it is checked by content, kept
outside the web root under a random name, never shown inline, and always
downloaded as an attachment; each download is written to the custody log
with whether the file still matched its hash.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum

from carecyber.core.actor import Actor
from carecyber.incidents import conf
from carecyber.incidents.engine.filetypes import RefusedFile, sniff
from carecyber.incidents.models import CustodyEntry, Evidence, Incident
from carecyber.incidents.services.common import case_record, person_label, require_rights

CHUNK = 64 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _safe_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip() or "evidence"
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"/\\|?*')
    return cleaned[:200] or "evidence"


def _path(stored_name: str) -> Path:
    root = conf.evidence_root()
    path = (root / stored_name).resolve()
    if root.resolve() not in path.parents:
        raise ValueError("evidence path escapes its folder")
    return path


def evidence_add(*, actor: Actor, incident: Incident, upload: UploadedFile, description: str = "") -> Evidence:
    """Check and keep one file. Refused files leave nothing behind, on disk or in the database."""
    require_rights(actor, incident, "contribute")
    if incident.is_closed:
        raise ValidationError({"__all__": "This case is closed: reopen it to add evidence"})
    limit = conf.evidence_max_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            {
                "file": f"This file is {_mb(size)}; evidence files can be up to {_mb(limit)}. Split it, or keep it "
                "safe offline and describe it in the timeline"
            }
        )
    if len(description) > 500:
        raise ValidationError({"description": "Keep the description to 500 characters"})
    used = incident.evidence.aggregate(total=Sum("size"))["total"] or 0
    if used + size > conf.evidence_case_max_bytes():
        raise ValidationError(
            {
                "file": f"This case already holds {_mb(used)} of evidence; the limit is "
                f"{_mb(conf.evidence_case_max_bytes())} per case. Ask your national team where to keep larger evidence"
            }
        )
    if incident.evidence.count() >= conf.evidence_max_files():
        raise ValidationError({"file": f"A case can hold up to {conf.evidence_max_files()} files"})
    stream: IO[bytes] = upload.file  # type: ignore[assignment]  # Django's upload wraps a binary file
    try:
        kind = sniff(stream)
    except RefusedFile as exc:
        raise ValidationError({"file": str(exc)}) from None
    stored_name = f"{incident.pk}/{secrets.token_hex(16)}"
    path = _path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "xb") as out:
            for chunk in upload.chunks(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise ValidationError({"file": f"Evidence files can be up to {_mb(limit)}"})
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
        with transaction.atomic():
            evidence = Evidence.objects.create(
                incident=incident,
                stored_name=stored_name,
                original_name=_safe_name(upload.name or "evidence"),
                kind=kind.key,
                content_type=kind.content_type,
                size=written,
                sha256=digest.hexdigest(),
                description=description.strip(),
                uploaded_by_label=person_label(actor),
            )
            CustodyEntry.objects.create(
                evidence=evidence,
                action=CustodyEntry.Action.RECEIVED,
                actor_label=person_label(actor),
                note=f"Uploaded; SHA-256 {evidence.sha256}",
                hash_matched=True,
            )
            case_record(
                actor=actor,
                incident=incident,
                action="incident_evidence.added",
                obj=evidence,
                label=evidence.original_name,
                timeline=f"Evidence added: {evidence.original_name} ({kind.label}).",
                changes={"sha256": evidence.sha256, "size": written, "kind": kind.key},
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        raise
    return evidence


@dataclass(frozen=True)
class Download:
    evidence: Evidence
    path: Path
    matched: bool


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_download(*, actor: Actor, evidence: Evidence) -> Download:
    """Check the file against its hash and write the download to the chain of custody, then hand it over."""
    incident = evidence.incident
    require_rights(actor, incident, "view")
    path = _path(evidence.stored_name)
    matched = path.exists() and _hash_file(path) == evidence.sha256
    with transaction.atomic():
        CustodyEntry.objects.create(
            evidence=evidence,
            action=CustodyEntry.Action.DOWNLOADED,
            actor_label=person_label(actor),
            note="" if matched else "The stored file no longer matches its SHA-256 (or is missing)",
            hash_matched=matched,
        )
        case_record(
            actor=actor,
            incident=incident,
            action="incident_evidence.downloaded",
            obj=evidence,
            label=evidence.original_name,
            changes={"hash_matched": matched},
            touch_case=False,
        )
    return Download(evidence=evidence, path=path, matched=matched)


def custody_add(*, actor: Actor, evidence: Evidence, action: str, note: str) -> CustodyEntry:
    """A hand-over, a copy, a check or a note, typed by a person."""
    incident = evidence.incident
    require_rights(actor, incident, "contribute")
    allowed = {
        CustodyEntry.Action.TRANSFERRED,
        CustodyEntry.Action.COPIED,
        CustodyEntry.Action.VERIFIED,
        CustodyEntry.Action.NOTE,
    }
    if action not in allowed:
        raise ValidationError({"action": "Choose what happened to the evidence"})
    note = note.strip()
    if action != CustodyEntry.Action.VERIFIED and not note:
        raise ValidationError({"note": "Say who it went to, or what happened"})
    if len(note) > 500:
        raise ValidationError({"note": "Keep the note to 500 characters"})
    matched: bool | None = None
    if action == CustodyEntry.Action.VERIFIED:
        path = _path(evidence.stored_name)
        matched = path.exists() and _hash_file(path) == evidence.sha256
        note = note or ("The file matches its SHA-256" if matched else "The file does NOT match its SHA-256")
    with transaction.atomic():
        entry = CustodyEntry.objects.create(
            evidence=evidence, action=action, actor_label=person_label(actor), note=note, hash_matched=matched
        )
        case_record(
            actor=actor,
            incident=incident,
            action="incident_evidence.custody",
            obj=evidence,
            label=evidence.original_name,
            changes={"action": action, "note": note},
            touch_case=False,
        )
    return entry


def read_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        yield from iter(lambda: f.read(CHUNK), b"")
