"""Files are judged by what they contain: accepted types pass (pictures re-encoded), the rest are refused by name."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from carecyber.support.uploads import MEGABYTE, Limits, UploadRefused, check_file, check_files, safe_name


def _docx(extra: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        if extra:
            z.writestr(extra, b"x")
    return out.getvalue()


def _png_with_metadata() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret location")
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_a_pdf_is_accepted_whatever_it_is_called() -> None:
    checked = check_file("scan.jpeg", b"%PDF-1.7\n...")
    assert (checked.name, checked.content_type) == ("scan.pdf", "application/pdf")


def test_a_word_document_is_accepted_and_named_for_what_it_is() -> None:
    checked = check_file("plan.zip", _docx())
    assert checked.name == "plan.docx" and checked.content_type.endswith("wordprocessingml.document")


def test_pictures_are_re_encoded_which_drops_hidden_data() -> None:
    original = _png_with_metadata()
    checked = check_file("photo.png", original)
    assert checked.content_type == "image/png"
    assert b"secret location" in original and b"secret location" not in checked.data


def test_plain_text_is_accepted() -> None:
    assert check_file("notes.txt", b"Backups run at night.\n").content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("invoice.pdf.exe", b"MZ\x90\x00" + b"\x00" * 20, "programs"),
        ("tool", b"\x7fELF\x02\x01", "programs"),
        ("report.docm", _docx("word/vbaProject.bin"), "macros"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 30, "damaged"),
        ("page.html", b"<html><script>alert(1)</script></html>", "this type of file is not accepted"),
        ("image.svg", b"<svg onload='alert(1)'/>", "this type of file is not accepted"),
        ("fake.png", b"\x89PNG\r\n\x1a\nnot really", "damaged or too large"),
        ("empty.pdf", b"", "the file is empty"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office files"),
        ("latin.txt", "café".encode("latin-1"), "save this text file as UTF-8"),
    ],
)
def test_refused_files_are_named_with_a_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(UploadRefused) as exc:
        check_file(name, data)
    assert message in str(exc.value)
    assert str(exc.value).startswith(safe_name(name))


def test_a_plain_zip_archive_is_refused_without_being_opened() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("inside.exe", b"MZ")
    with pytest.raises(UploadRefused, match="archives are not accepted"):
        check_file("bundle.zip", out.getvalue())


def test_size_limits_apply_to_each_file_and_to_all_together() -> None:
    limits = Limits(max_files=2, max_bytes_each=MEGABYTE, max_bytes_together=MEGABYTE + 10)
    with pytest.raises(UploadRefused, match=r"big\.pdf: the file is 1\.5 MB; the largest we accept is 1 MB"):
        check_file("big.pdf", b"%PDF-" + b"0" * int(1.5 * MEGABYTE), limits)
    with pytest.raises(UploadRefused, match="Attach up to 2 files"):
        check_files([("a.txt", b"a")] * 3, limits)
    with pytest.raises(UploadRefused, match="add up to"):
        check_files([("a.pdf", b"%PDF-" + b"0" * 600_000), ("b.pdf", b"%PDF-" + b"0" * 600_000)], limits)


def test_every_problem_of_a_message_is_reported_together() -> None:
    with pytest.raises(UploadRefused) as exc:
        check_files([("good.txt", b"fine"), ("bad.exe", b"MZ"), ("empty.txt", b"")])
    assert str(exc.value).split("\n") == [
        "bad.exe: programs and old Office files with macros are not accepted. Send a PDF, a Word, Excel or "
        "PowerPoint file, a photo or screenshot (PNG, JPEG or GIF), or a text file",
        "empty.txt: the file is empty",
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("a\x00b<c>.txt", "a-b-c-.txt"),
        ("   ", "file"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_names_are_made_safe(raw: str, clean: str) -> None:
    assert safe_name(raw) == clean
