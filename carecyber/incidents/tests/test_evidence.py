"""Evidence: kept byte for byte with its SHA-256; refused files explained and leave nothing behind; custody logged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents import conf
from carecyber.incidents.models import CustodyEntry, Evidence
from carecyber.incidents.tests.helpers import report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_folder(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_an_upload_is_kept_with_its_hash_and_a_custody_entry(world: World, evidence_folder: Path) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    upload = SimpleUploadedFile("ransom note.pdf", PDF, content_type="application/x-anything")
    response = client.post(f"/incidents/{incident.pk}/evidence/", {"file": upload, "description": "Photo of the note"})
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.sha256 == hashlib.sha256(PDF).hexdigest() and item.size == len(PDF)
    assert item.kind == "pdf" and item.content_type == "application/pdf"  # by content, not by what the browser said
    assert item.original_name == "ransom note.pdf" and item.uploaded_by_label == "Lena Lead"
    stored = _stored_files(evidence_folder)
    assert len(stored) == 1 and stored[0].read_bytes() == PDF and "ransom" not in stored[0].name
    assert list(item.custody.values_list("action", "hash_matched")) == [("received", True)]
    page = client.get(f"/incidents/{incident.pk}/evidence/{item.pk}/").content.decode()
    assert item.sha256 in page and "Chain of custody" in page


def test_a_download_is_an_attachment_and_is_written_into_the_chain(world: World) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    client.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("log.txt", b"09:14 admin login\n")})
    item = Evidence.objects.get()
    response = client.get(f"/incidents/{incident.pk}/evidence/{item.pk}/download")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "log.txt" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"09:14 admin login\n"  # type: ignore[attr-defined]
    assert list(item.custody.values_list("action", "actor_label", "hash_matched")) == [
        ("received", "Lena Lead", True),
        ("downloaded", "Lena Lead", True),
    ]
    assert AuditEvent.objects.filter(action="incident_evidence.downloaded").count() == 1


def test_a_changed_file_is_caught_when_checked(world: World, evidence_folder: Path) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    client.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("log.txt", b"original\n")})
    item = Evidence.objects.get()
    _stored_files(evidence_folder)[0].write_bytes(b"tampered\n")
    client.post(f"/incidents/{incident.pk}/evidence/{item.pk}/", {"action": "verified", "note": ""})
    entry = item.custody.order_by("-id").first()
    assert entry is not None and entry.hash_matched is False and "does NOT match" in entry.note
    html = client.get(f"/incidents/{incident.pk}/evidence/{item.pk}/").content.decode()
    assert "Did not match" in html


def test_hand_overs_are_recorded_and_the_chain_cannot_be_rewritten(world: World) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    client.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("a.txt", b"x\n")})
    item = Evidence.objects.get()
    missing = client.post(f"/incidents/{incident.pk}/evidence/{item.pk}/", {"action": "transferred", "note": ""})
    assert "Say who it went to" in missing.content.decode()
    client.post(
        f"/incidents/{incident.pk}/evidence/{item.pk}/", {"action": "transferred", "note": "Copy to DC Shah, ref 4100"}
    )
    assert item.custody.filter(action="transferred", note__contains="DC Shah").exists()
    entry = CustodyEntry.objects.first()
    assert entry is not None
    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()
    with pytest.raises(RuntimeError, match="append-only"):
        CustodyEntry.objects.all().delete()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\0" * 200, "Programs cannot be uploaded"),
        ("page.html", b"<html><script>x()</script></html>", "Web pages and scripts"),
        ("empty.txt", b"", "The file is empty"),
    ],
)
def test_refused_files_are_explained_and_nothing_is_kept(
    world: World, evidence_folder: Path, name: str, content: bytes, message: str
) -> None:
    incident = report(world.staff_a)
    response = signed_in(world.lead_a).post(
        f"/incidents/{incident.pk}/evidence/",
        {"file": SimpleUploadedFile(name, content), "description": "From the desktop"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "From the desktop" in html  # the description typed is kept
    assert not Evidence.objects.exists() and _stored_files(evidence_folder) == []


def test_files_over_the_limits_are_refused(world: World, settings: object, evidence_folder: Path) -> None:
    settings.INCIDENTS_EVIDENCE_MAX_MB = 1  # type: ignore[attr-defined]
    settings.INCIDENTS_EVIDENCE_CASE_MAX_MB = 2  # type: ignore[attr-defined]
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    big = b"a" * (conf.MB + 1)
    response = client.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("big.txt", big)})
    assert response.status_code == 400 and "evidence files can be up to 1 MB" in response.content.decode()
    near = b"b" * (conf.MB - 10)
    for n in range(2):
        assert (
            client.post(
                f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile(f"{n}.txt", near)}
            ).status_code
            == 302
        )
    third = client.post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("3.txt", near)})
    assert "the limit is 2 MB per case" in third.content.decode()
    assert Evidence.objects.count() == 2 and len(_stored_files(evidence_folder)) == 2


def test_people_outside_the_case_cannot_upload_or_download(world: World) -> None:
    incident = report(world.staff_a)
    signed_in(world.lead_a).post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("a.txt", b"x\n")})
    item = Evidence.objects.get()
    for user in (world.staff_a, world.lead_b, world.national):
        client = signed_in(user)
        assert client.get(f"/incidents/{incident.pk}/evidence/{item.pk}/download").status_code == 404
        assert (
            client.post(
                f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("b.txt", b"y\n")}
            ).status_code
            == 404
        )
    assert (
        signed_in(world.auditor_a)
        .post(f"/incidents/{incident.pk}/evidence/", {"file": SimpleUploadedFile("b.txt", b"y\n")})
        .status_code
        == 403
    )
    assert Evidence.objects.count() == 1
    assert item.custody.filter(action="downloaded").count() == 0
