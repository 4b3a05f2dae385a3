"""SCORM 1.2 packages: unpack a zip safely, read its manifest, and check what the runtime API may store.

Hostile zips are refused with a clear message before anything is kept: names
that climb out of the folder (../, absolute paths, drive letters, links),
archives that expand far beyond their size (zip bombs), too many files, and a
missing or unreadable imsmanifest.xml. Files are written into a fresh folder
beside the destination and moved into place only when everything succeeded.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import uuid
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element  # types only: parsing goes through defusedxml

from defusedxml import ElementTree as SafeET  # type: ignore[import-untyped]  # defusedxml ships no type hints

MAX_FILES = 5000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed ÷ compressed, for files over 1 MB
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
LESSON_STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
FINISHED_STATUSES = frozenset({"passed", "completed"})
EXIT_VALUES = ("time-out", "suspend", "logout", "")
_TIMESPAN_RE = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")


class PackageError(ValueError):
    """The package cannot be used; the message says why in words a person can act on."""


@dataclass(frozen=True)
class Manifest:
    identifier: str
    title: str
    launch: str
    mastery_score: int | None


@dataclass(frozen=True)
class Unpacked:
    folder: Path
    manifest: Manifest
    file_count: int
    size_bytes: int


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's path inside the package, or None when it would land outside it."""
    if "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    path = PurePosixPath(name)
    if any(part in {"..", ""} for part in path.parts) or path.is_absolute():
        return None
    return path


def _check_members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise PackageError(f"The package has {len(infos):,} files; the most we accept is {MAX_FILES:,}.")
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    total = 0
    for info in infos:
        path = _safe_name(info.filename)
        if path is None:
            raise PackageError(
                f"The package contains a file named {info.filename[:120]!r} that points outside the package. "
                "It may be harmful, so nothing has been kept."
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"The package contains a link ({info.filename[:120]}); links are not accepted.")
        if info.flag_bits & 0x1:
            raise PackageError("The package is password-protected. Upload it without a password.")
        if info.is_dir():
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise PackageError(f"{info.filename[:120]} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError("The package expands to far more than its size (a 'zip bomb'), so it has been refused.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(f"The package would expand to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB.")
        members.append((info, path))
    if not any(str(p) == "imsmanifest.xml" for _, p in members):
        raise PackageError(
            "This is not a SCORM package: there is no imsmanifest.xml at the top of the zip. "
            "Export the course as SCORM 1.2 and upload the zip file as it comes."
        )
    return members


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Element, name: str) -> list[Element]:
    return [c for c in node if _local(c.tag) == name]


def _attr(node: Element, name: str) -> str:
    for key, value in node.attrib.items():
        if _local(key) == name:
            return value.strip()
    return ""


def parse_manifest(xml: bytes) -> Manifest:
    try:
        root = SafeET.fromstring(xml)
    except SafeET.ParseError as exc:
        raise PackageError(f"imsmanifest.xml is not valid XML ({exc}).") from None
    except Exception as exc:  # defusedxml refuses entities and external references
        raise PackageError(f"imsmanifest.xml uses XML features we do not accept ({type(exc).__name__}).") from None
    if _local(root.tag) != "manifest":
        raise PackageError("imsmanifest.xml does not describe a package (its top element is not <manifest>).")
    for metadata in _children(root, "metadata"):
        for version in _children(metadata, "schemaversion"):
            text = (version.text or "").strip()
            if text and not text.startswith("1.2"):
                raise PackageError(f"This package is SCORM {text}; we play SCORM 1.2 packages.")
    resources = {_attr(r, "identifier"): r for res in _children(root, "resources") for r in _children(res, "resource")}
    organizations = _children(root, "organizations")
    orgs = [o for block in organizations for o in _children(block, "organization")]
    default = _attr(organizations[0], "default") if organizations else ""
    chosen = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0] if orgs else None)
    launch = ""
    title = ""
    mastery: int | None = None
    if chosen is not None:
        title = next(((t.text or "").strip() for t in _children(chosen, "title")), "")
        items = list(chosen.iter())
        for item in items:
            if _local(item.tag) != "item":
                continue
            resource = resources.get(_attr(item, "identifierref"))
            if resource is None or not _attr(resource, "href"):
                continue
            launch = _attr(resource, "base") + _attr(resource, "href")
            for score in [c for c in item if _local(c.tag) == "masteryscore"]:
                try:
                    mastery = max(0, min(100, int(Decimal((score.text or "").strip()))))
                except (InvalidOperation, ValueError):
                    mastery = None
            break
    if not launch:
        sco = next((r for r in resources.values() if _attr(r, "scormtype").lower() == "sco" and _attr(r, "href")), None)
        if sco is None:
            raise PackageError("imsmanifest.xml names no lesson to start (no item linked to a resource with an href).")
        launch = _attr(sco, "base") + _attr(sco, "href")
    launch_path = launch.split("?", 1)[0].split("#", 1)[0]
    if _safe_name(launch_path) is None or launch.startswith(("http:", "https:", "//")):
        raise PackageError(f"The starting page {launch[:120]!r} must be a file inside the package.")
    return Manifest(
        identifier=_attr(root, "identifier"), title=title or "Untitled package", launch=launch, mastery_score=mastery
    )


def unpack(zip_path: Path, destination_root: Path) -> Unpacked:
    """Check and extract a package into a new random folder under `destination_root`; nothing else is written."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError):
        raise PackageError("This file is not a zip file. Upload the .zip your authoring tool exported.") from None
    with archive:
        members = _check_members(archive)
        manifest_info = next(info for info, p in members if str(p) == "imsmanifest.xml")
        if manifest_info.file_size > MAX_MANIFEST_BYTES:
            raise PackageError("imsmanifest.xml is too large to be a real manifest.")
        manifest = parse_manifest(archive.read(manifest_info))
        names = {str(p) for _, p in members}
        if manifest.launch.split("?", 1)[0].split("#", 1)[0] not in names:
            raise PackageError(f"The starting page {manifest.launch[:120]} named in imsmanifest.xml is not in the zip.")
        destination_root.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        staging = destination_root / f".{name}.partial"
        final = destination_root / name
        root = staging.resolve()
        written = 0
        try:
            staging.mkdir()
            for info, path in members:
                target = (staging / Path(*path.parts)).resolve()
                if root not in target.parents:
                    raise PackageError(f"{info.filename[:120]} would be written outside the package folder.")
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(target, "xb") as sink:
                    left = info.file_size
                    while chunk := source.read(64 * 1024):
                        left -= len(chunk)
                        written += len(chunk)
                        if left < 0 or written > MAX_TOTAL_BYTES:
                            raise PackageError("The package expands to more than it says, so it has been refused.")
                        sink.write(chunk)
            os.replace(staging, final)
        except zipfile.BadZipFile as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise PackageError(f"The zip file is damaged ({exc}).") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return Unpacked(folder=final, manifest=manifest, file_count=len(members), size_bytes=written)


# --- The runtime data model (cmi.*) -------------------------------------------------------------

WRITABLE = {
    "cmi.core.lesson_status",
    "cmi.core.lesson_location",
    "cmi.core.score.raw",
    "cmi.core.score.min",
    "cmi.core.score.max",
    "cmi.core.session_time",
    "cmi.core.exit",
    "cmi.suspend_data",
}
READ_ONLY = {
    "cmi.core.student_id",
    "cmi.core.student_name",
    "cmi.core.credit",
    "cmi.core.entry",
    "cmi.core.total_time",
    "cmi.core.lesson_mode",
    "cmi.launch_data",
    "cmi.student_data.mastery_score",
}


class CmiError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def parse_timespan(value: str) -> Decimal:
    """CMITimespan HHHH:MM:SS.SS → seconds."""
    match = _TIMESPAN_RE.match(value.strip())
    if not match:
        raise CmiError("405", f"{value!r} is not a time like 0000:12:30.00")
    hours, minutes, seconds, fraction = match.groups()
    return Decimal(int(hours) * 3600 + int(minutes) * 60 + int(seconds)) + Decimal(fraction or "0")


def format_timespan(seconds: Decimal) -> str:
    whole = int(seconds)
    hundredths = int((seconds - whole) * 100)
    return f"{whole // 3600:04d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{hundredths:02d}"


def check_value(element: str, value: str) -> str:
    """The value to store for `element`, or CmiError with the SCORM error code (403 read-only, 405 bad type…)."""
    if element in READ_ONLY:
        raise CmiError("403", f"{element} is read-only")
    if element not in WRITABLE:
        raise CmiError("401", f"{element} is not supported")
    value = str(value)
    if element == "cmi.core.lesson_status":
        if value not in LESSON_STATUSES or value == "not attempted":
            raise CmiError("405", f"{value!r} is not a lesson status")
        return value
    if element.startswith("cmi.core.score."):
        if value == "":
            return value
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CmiError("405", f"{value!r} is not a number") from None
        if not Decimal(0) <= number <= Decimal(100):
            raise CmiError("405", f"{value} is outside 0 to 100")
        return str(number)
    if element == "cmi.core.session_time":
        parse_timespan(value)
        return value
    if element == "cmi.core.exit":
        if value not in EXIT_VALUES:
            raise CmiError("405", f"{value!r} is not an exit value")
        return value
    if element == "cmi.core.lesson_location":
        if len(value) > 255:
            raise CmiError("405", "lesson_location holds at most 255 characters")
        return value
    if len(value) > 4096:  # cmi.suspend_data
        raise CmiError("405", "suspend_data holds at most 4,096 characters")
    return value
