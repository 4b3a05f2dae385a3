"""SCORM packages: hostile zips are refused with clear words and leave nothing behind; the runtime data is checked."""

from __future__ import annotations

import io
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from carecyber.training.engine import scorm

MANIFEST = """<?xml version="1.0"?>
<manifest identifier="demo-course" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1"><title>Hand washing and data</title>
      <item identifier="i1" identifierref="r1"><title>Start</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="{launch}">
      <file href="index.html"/></resource>
  </resources>
</manifest>"""


def make_package(
    path: Path, files: dict[str, bytes] | None = None, *, version: str = "1.2", launch: str = "index.html"
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST.format(version=version, launch=launch))
        for name, data in (
            files
            if files is not None
            else {"index.html": b"<html><head></head><body>Hi</body></html>", "media/a.txt": b"text"}
        ).items():
            archive.writestr(name, data)
    return path


def _refused(tmp_path: Path, package: Path, words: str) -> None:
    root = tmp_path / "scorm"
    with pytest.raises(scorm.PackageError, match=words):
        scorm.unpack(package, root)
    assert not root.exists() or list(root.iterdir()) == []


def test_a_good_package_unpacks_into_its_own_folder(tmp_path: Path) -> None:
    unpacked = scorm.unpack(make_package(tmp_path / "p.zip"), tmp_path / "scorm")
    assert unpacked.folder.parent == tmp_path / "scorm"
    assert (unpacked.folder / "index.html").read_bytes().startswith(b"<html>")
    assert (unpacked.folder / "media" / "a.txt").read_text() == "text"
    assert unpacked.manifest.launch == "index.html" and unpacked.manifest.mastery_score == 80
    assert unpacked.manifest.title == "Hand washing and data"
    assert unpacked.file_count == 3


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/evil", "C:/evil.txt", "a\\..\\evil.txt"])
def test_names_that_climb_out_are_refused(tmp_path: Path, name: str) -> None:
    package = make_package(tmp_path / "p.zip", {"index.html": b"<html></html>", name: b"x"})
    _refused(tmp_path, package, "points outside the package")
    assert not (tmp_path / "evil.txt").exists()


def test_links_inside_the_zip_are_refused(tmp_path: Path) -> None:
    path = make_package(tmp_path / "p.zip")
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    _refused(tmp_path, path, "links are not accepted")


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    package = make_package(tmp_path / "p.zip", {"index.html": b"<html></html>", "bomb.txt": b"0" * (20 * 1024 * 1024)})
    _refused(tmp_path, package, "zip bomb")


def test_a_zip_that_lies_about_its_sizes_is_stopped_while_writing(tmp_path: Path) -> None:
    path = make_package(tmp_path / "p.zip", {"index.html": b"<html></html>", "big.txt": b"A" * 5000})
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("big.txt")
    archive.close()
    # Shrink the declared size in the central directory: the stream holds more than it says.
    central = data.rfind(b"PK\x01\x02", 0)
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == b"big.txt":
            data[central + 24 : central + 28] = (10).to_bytes(4, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    assert info.file_size == 5000
    path.write_bytes(bytes(data))
    root = tmp_path / "scorm"
    with pytest.raises((scorm.PackageError, zipfile.BadZipFile)):
        scorm.unpack(path, root)
    assert not root.exists() or list(root.iterdir()) == []


def test_too_many_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scorm, "MAX_FILES", 3)
    package = make_package(tmp_path / "p.zip", {f"f{n}.txt": b"x" for n in range(5)})
    _refused(tmp_path, package, "has 6 files; the most we accept is 3")


def test_a_missing_manifest_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("index.html", "<html></html>")
    _refused(tmp_path, path, "no imsmanifest.xml at the top of the zip")


def test_not_a_zip_scorm_2004_and_a_missing_start_page_are_refused(tmp_path: Path) -> None:
    (tmp_path / "n.zip").write_bytes(b"hello")
    _refused(tmp_path, tmp_path / "n.zip", "not a zip file")
    _refused(tmp_path, make_package(tmp_path / "v.zip", version="2004 4th Edition"), "SCORM 2004 4th Edition")
    _refused(tmp_path, make_package(tmp_path / "l.zip", launch="start.html"), "start.html named in imsmanifest.xml")
    _refused(tmp_path, make_package(tmp_path / "u.zip", launch="https://evil.test/x"), "must be a file inside")


def test_xml_entity_tricks_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><manifest>&b;</manifest>'
    with pytest.raises(scorm.PackageError, match="XML features we do not accept"):
        scorm.parse_manifest(bomb)


def test_runtime_values_are_checked_with_scorm_error_codes() -> None:
    assert scorm.check_value("cmi.core.lesson_status", "passed") == "passed"
    assert scorm.check_value("cmi.core.score.raw", "85.5") == "85.5"
    assert scorm.check_value("cmi.core.session_time", "0001:02:03.5") == "0001:02:03.5"
    for element, value, code in [
        ("cmi.core.lesson_status", "finished", "405"),
        ("cmi.core.score.raw", "101", "405"),
        ("cmi.core.score.raw", "lots", "405"),
        ("cmi.core.session_time", "1 hour", "405"),
        ("cmi.core.total_time", "0000:00:01", "403"),
        ("cmi.core.student_name", "Eve", "403"),
        ("cmi.interactions.0.id", "x", "401"),
        ("cmi.suspend_data", "x" * 5000, "405"),
    ]:
        with pytest.raises(scorm.CmiError) as caught:
            scorm.check_value(element, value)
        assert caught.value.code == code, element


def test_timespans() -> None:
    assert scorm.parse_timespan("0001:02:03.50") == Decimal("3723.50")
    assert scorm.format_timespan(Decimal("3723.5")) == "0001:02:03.50"
