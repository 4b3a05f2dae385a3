"""Check an uploaded file by what it contains, not what it is called. Pure Python (Pillow, no Django).

Accepted: PDF, Word, Excel and PowerPoint documents (without macros), images
(re-encoded, which drops anything hidden in them), and plain text. Everything
else is refused with a message that names the file and says what to send
instead. Archives are never opened beyond reading their list of names.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from PIL import Image, UnidentifiedImageError

MEGABYTE = 1024 * 1024
NAME_MAX = 150
_OFFICE = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_TEXT_SUFFIXES = {".txt": "text/plain", ".csv": "text/csv", ".log": "text/plain"}
_UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
ACCEPTED = "a PDF, a Word, Excel or PowerPoint file, a photo or screenshot (PNG, JPEG or GIF), or a text file"
MAX_IMAGE_PIXELS = 40_000_000


class UploadRefused(ValueError):
    """A file that cannot be accepted; the message names it and says why."""


@dataclass(frozen=True)
class Limits:
    max_files: int = 5
    max_bytes_each: int = 10 * MEGABYTE
    max_bytes_together: int = 20 * MEGABYTE


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def safe_name(raw: str) -> str:
    """The file's own name without any folder, control characters or characters file systems dislike."""
    base = PureWindowsPath(PurePosixPath(raw or "").name).name
    base = unicodedata.normalize("NFC", _UNSAFE_NAME_RE.sub("-", base)).strip(" .-") or "file"
    stem, dot, suffix = base.rpartition(".")
    if dot and len(suffix) <= 10:
        return f"{stem[: NAME_MAX - len(suffix) - 1]}.{suffix}"
    return base[:NAME_MAX]


def _office(data: bytes, name: str) -> CheckedFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise UploadRefused(f"{name}: this file is damaged or not what its name says") from None
    if "[Content_Types].xml" not in names:
        raise UploadRefused(f"{name}: zip files and other archives are not accepted. Send {ACCEPTED}")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(f"{name}: files with macros are not accepted. Save it without macros, or as a PDF")
    for marker, (content_type, suffix) in _OFFICE.items():
        if marker in names:
            stem = PurePosixPath(name).stem
            return CheckedFile(name=f"{stem}{suffix}", content_type=content_type, data=data)
    raise UploadRefused(f"{name}: this type of file is not accepted. Send {ACCEPTED}")


def _image(data: bytes, name: str) -> CheckedFile:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            keep_alpha = image.mode in {"RGBA", "LA", "P"}
            out = io.BytesIO()
            stem = PurePosixPath(name).stem
            if keep_alpha or image.format in {"PNG", "GIF"}:
                image.convert("RGBA" if keep_alpha else "RGB").save(out, format="PNG", optimize=True)
                return CheckedFile(name=f"{stem}.png", content_type="image/png", data=out.getvalue())
            image.convert("RGB").save(out, format="JPEG", quality=88)
            return CheckedFile(name=f"{stem}.jpg", content_type="image/jpeg", data=out.getvalue())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise UploadRefused(f"{name}: this picture is damaged or too large to open") from None


def _text(data: bytes, name: str) -> CheckedFile:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in _TEXT_SUFFIXES or b"\x00" in data:
        raise UploadRefused(f"{name}: this type of file is not accepted. Send {ACCEPTED}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadRefused(f"{name}: save this text file as UTF-8 and try again") from None
    return CheckedFile(name=name, content_type=_TEXT_SUFFIXES[suffix], data=data)


def check_file(raw_name: str, data: bytes, limits: Limits = Limits()) -> CheckedFile:
    """The file as it will be stored (images re-encoded), or UploadRefused saying why."""
    name = safe_name(raw_name)
    if not data:
        raise UploadRefused(f"{name}: the file is empty")
    if len(data) > limits.max_bytes_each:
        raise UploadRefused(
            f"{name}: the file is {len(data) / MEGABYTE:.1f} MB; the largest we accept is "
            f"{limits.max_bytes_each // MEGABYTE} MB"
        )
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return CheckedFile(name=f"{PurePosixPath(name).stem}.pdf", content_type="application/pdf", data=data)
    if head.startswith(b"PK\x03\x04"):
        return _office(data, name)
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")):
        return _image(data, name)
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xd0\xcf\x11\xe0")):
        raise UploadRefused(f"{name}: programs and old Office files with macros are not accepted. Send {ACCEPTED}")
    return _text(data, name)


def check_files(files: list[tuple[str, bytes]], limits: Limits = Limits()) -> list[CheckedFile]:
    """All the files of one message, checked together: every problem is reported, and none is kept if any fails."""
    if len(files) > limits.max_files:
        raise UploadRefused(f"Attach up to {limits.max_files} files to one message (you chose {len(files)})")
    total = sum(len(data) for _, data in files)
    if total > limits.max_bytes_together:
        raise UploadRefused(
            f"The files add up to {total / MEGABYTE:.1f} MB; one message can carry up to "
            f"{limits.max_bytes_together // MEGABYTE} MB. Send some in a second message"
        )
    checked: list[CheckedFile] = []
    problems: list[str] = []
    for name, data in files:
        try:
            checked.append(check_file(name, data, limits))
        except UploadRefused as exc:
            problems.append(str(exc))
    if problems:
        raise UploadRefused("\n".join(problems))
    return checked
