"""What an evidence file really is, judged by its content and never by its name.

Accepted: PDF, images (PNG, JPEG, GIF, WebP), plain text (logs, CSV, saved
emails), Office documents, Outlook messages and network captures. Refused:
programs, scripts that would run if opened, and archives (their contents
cannot be checked without expanding them; upload the files one by one).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str


PDF = FileKind("pdf", "PDF document", "application/pdf")
PNG = FileKind("png", "PNG image", "image/png")
JPEG = FileKind("jpeg", "JPEG image", "image/jpeg")
GIF = FileKind("gif", "GIF image", "image/gif")
WEBP = FileKind("webp", "WebP image", "image/webp")
TEXT = FileKind("text", "Text file", "text/plain")
EMAIL = FileKind("email", "Saved email (.eml)", "message/rfc822")
OUTLOOK = FileKind("outlook", "Outlook message or Office 97 document", "application/vnd.ms-outlook")
DOCX = FileKind("docx", "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind(
    "pptx", "PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
PCAP = FileKind("pcap", "Network capture", "application/vnd.tcpdump.pcap")

ACCEPTED: tuple[FileKind, ...] = (PDF, PNG, JPEG, GIF, WEBP, TEXT, EMAIL, OUTLOOK, DOCX, XLSX, PPTX, PCAP)


class RefusedFile(ValueError):
    """The file is of a type evidence may not be; the message says why and what to do instead."""


_PROGRAMS = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xcf\xfa\xed\xfe", "a Mac program"),
    (b"\xca\xfe\xba\xbe", "a Mac or Java program"),
    (b"#!", "a script"),
)
_ARCHIVES = (
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
)
_EMAIL_HEADERS = (b"received:", b"from:", b"return-path:", b"delivered-to:", b"message-id:", b"mime-version:")
_ACTIVE_TEXT = (b"<script", b"<html", b"<!doctype html", b"<svg", b"<?php")


def sniff(stream: IO[bytes]) -> FileKind:
    """The kind of file in `stream` (read from its start; the position is restored), or RefusedFile."""
    start = stream.tell()
    try:
        head = stream.read(HEAD_BYTES)
        stream.seek(start)
        return _judge(head, stream, start)
    finally:
        stream.seek(start)


def _judge(head: bytes, stream: IO[bytes], start: int) -> FileKind:
    if not head:
        raise RefusedFile("The file is empty")
    for magic, what in _PROGRAMS:
        if head.startswith(magic):
            raise RefusedFile(
                f"This looks like {what}. Programs cannot be uploaded as evidence: describe it in the timeline "
                "and keep the device or file safe and offline for the investigators"
            )
    for magic, what in _ARCHIVES:
        if head.startswith(magic):
            raise RefusedFile(f"This is {what}. Archives cannot be checked: upload the files inside it one by one")
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OUTLOOK
    if (
        head[:4] in {b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d"}
        or head[:4] == b"\x0a\x0d\x0d\x0a"
    ):
        return PCAP
    if head.startswith(b"PK\x03\x04"):
        return _office(stream, start)
    return _text(head)


def _office(stream: IO[bytes], start: int) -> FileKind:
    """Tell an Office document from any other zip, reading only the zip's table of contents."""
    stream.seek(start)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RefusedFile("This file looks like a damaged archive and cannot be checked") from None
    if len(names) > 5000 or "[Content_Types].xml" not in names:
        raise RefusedFile("This is a zip archive. Archives cannot be checked: upload the files inside it one by one")
    if any(n.lower().endswith(".bin") and "vbaproject" in n.lower() for n in names):
        raise RefusedFile(
            "This Office document contains macros, which can run programs. Save it without macros "
            "(for example as .docx or .xlsx) or as a PDF, and upload that"
        )
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("ppt/") for n in names):
        return PPTX
    raise RefusedFile("This is a zip archive. Archives cannot be checked: upload the files inside it one by one")


def _text(head: bytes) -> FileKind:
    if b"\x00" in head:
        raise RefusedFile(
            "We could not tell what kind of file this is. Upload a PDF, an image, a text or log file, "
            "an Office document, a saved email or a network capture"
        )
    try:
        # A multi-byte character may be cut at the end of the sample; ignore only that.
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                raise RefusedFile("This file is not readable text and not a type we accept") from None
    lowered = head.lstrip().lower()
    if any(marker in lowered[:2048] for marker in _ACTIVE_TEXT) and not lowered.startswith(_EMAIL_HEADERS):
        raise RefusedFile(
            "Web pages and scripts cannot be uploaded as evidence, because they can run when opened. "
            "Save the page as a PDF or take a screenshot instead"
        )
    first_lines = lowered.split(b"\n", 8)[:8]
    if sum(1 for line in first_lines if line.startswith(_EMAIL_HEADERS)) >= 2:
        return EMAIL
    return TEXT
