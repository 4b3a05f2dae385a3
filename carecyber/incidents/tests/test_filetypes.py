"""Evidence file types are judged by content: documents and images pass, programs, pages and archives do not."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from PIL import Image

from carecyber.incidents.engine.filetypes import RefusedFile, sniff


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def _docx(with_macros: bool = False) -> bytes:
    out = io.BytesIO()
    Document().save(out)
    if not with_macros:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("word/vbaProject.bin", b"macro")
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (_png(), "png"),
        (b"\xff\xd8\xff\xe0rest", "jpeg"),
        (b"2026-03-02 09:14 login failed for admin\n", "text"),
        ("Café staff rota, ward 3\n".encode("cp1252"), "text"),
        (b"Received: from mx\r\nFrom: a@b.test\r\nSubject: hi\r\n\r\n<html>body</html>", "email"),
        (_docx(), "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "outlook"),
        (b"\xd4\xc3\xb2\xa1" + b"\0" * 20, "pcap"),
    ],
)
def test_accepted_kinds(content: bytes, kind: str) -> None:
    stream = io.BytesIO(content)
    assert sniff(stream).key == kind
    assert stream.tell() == 0  # the caller can still read it from the start


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00" + b"\0" * 100, "Windows program"),
        (b"\x7fELF\x02\x01", "Linux program"),
        (b"#!/bin/sh\nrm -rf /\n", "script"),
        (_zip(), "zip archive"),
        (b"Rar!\x1a\x07\x00", "RAR archive"),
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "Web pages and scripts"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "Web pages and scripts"),
        (_docx(with_macros=True), "macros"),
        (b"\x00\x01\x02\x03binary", "could not tell what kind of file"),
        (b"", "empty"),
    ],
)
def test_refused_kinds_say_why_and_what_to_do(content: bytes, message: str) -> None:
    with pytest.raises(RefusedFile, match=message):
        sniff(io.BytesIO(content))


def test_the_name_does_not_matter() -> None:
    """A program renamed to .pdf is still a program (the sniffer never sees the name)."""
    with pytest.raises(RefusedFile):
        sniff(io.BytesIO(b"MZ" + b"\0" * 64))
