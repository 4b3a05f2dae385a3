"""Evidence files: checked by content, stored with their SHA-256, versioned, limited in size and type."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from carecyber.assessments.models import Answer, Assessment, EvidenceFile
from carecyber.assessments.services.evidence import evidence_add
from carecyber.assessments.tests.conftest import actor_for
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


def _upload_url(a: Assessment, ref: str) -> str:
    return f"/toolkit/{a.organisation.code}/assessments/{a.pk}/items/{ref}/evidence"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_document_item_is_answered_by_uploading(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    upload = SimpleUploadedFile("Data map.pdf", PDF, content_type="application/pdf")
    response = client.post(_upload_url(care_home_assessment, "1.1.1"), {"file": upload, "note": "Our data map"})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (evidence.file_name, evidence.content_type, evidence.version, evidence.size) == (
        "Data map.pdf",
        "application/pdf",
        1,
        len(PDF),
    )
    assert "Data map" not in evidence.stored_name and evidence.stored_name.startswith("evidence/VBB01/")
    answer = Answer.objects.get(assessment=care_home_assessment, item__reference="1.1.1")
    assert answer.answered and answer.met and answer.evidence_count == 1
    event = AuditEvent.objects.get(action="assessment.evidence_added")
    assert event.changes["sha256"] == evidence.sha256
    page = client.get(f"/toolkit/VBB01/assessments/{care_home_assessment.pk}/items/1.1.1/").content.decode()
    assert "Data map.pdf" in page and evidence.sha256[:16] in page


def test_the_same_name_again_is_a_new_version(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    for body in (PDF, PDF + b"% changed\n"):
        client.post(_upload_url(care_home_assessment, "1.1.1"), {"file": SimpleUploadedFile("map.pdf", body)})
    versions = list(EvidenceFile.objects.order_by("version").values_list("version", "sha256"))
    assert [v for v, _ in versions] == [1, 2] and versions[0][1] != versions[1][1]


def test_a_file_over_the_limit_is_refused(world: World, care_home_assessment: Assessment, monkeypatch: Any) -> None:
    monkeypatch.setenv("EVIDENCE_MAX_MB", "1")
    big = PDF + b"0" * (1024 * 1024)
    response = signed_in(world.lead_b).post(
        _upload_url(care_home_assessment, "1.1.1"), {"file": SimpleUploadedFile("big.pdf", big)}
    )
    assert response.status_code == 400
    assert "the largest allowed is 1 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)), "This type of file cannot be evidence"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "Web pages and scripts cannot be evidence"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Older Office files"),
        ("bundle.zip", b"PK\x03\x04" + b"\x00" * 50, "Zip files and archives cannot be evidence"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refused_types_get_a_clear_message_and_nothing_is_stored(
    world: World, care_home_assessment: Assessment, name: str, body: bytes, message: str, tmp_path: Path
) -> None:
    response = signed_in(world.lead_b).post(
        _upload_url(care_home_assessment, "1.1.1"), {"file": SimpleUploadedFile(name, body)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert not list((tmp_path / "uploads").rglob("*")) or not [
        p for p in (tmp_path / "uploads").rglob("*") if p.is_file()
    ]


def test_images_are_re_encoded_and_office_files_recognised(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    image = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(image, format="PNG")
    client.post(
        _upload_url(care_home_assessment, "7.1.1"), {"file": SimpleUploadedFile("screen.exe", image.getvalue())}
    )
    client.post(_upload_url(care_home_assessment, "7.1.1"), {"file": SimpleUploadedFile("plan", _docx())})
    kinds = dict(EvidenceFile.objects.values_list("file_name", "content_type"))
    assert kinds == {
        "screen.png": "image/png",  # the name follows the content, not the other way round
        "plan.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_downloads_are_attachments_and_scoped(world: World, care_home_assessment: Assessment) -> None:
    signed_in(world.lead_b).post(_upload_url(care_home_assessment, "1.1.1"), {"file": SimpleUploadedFile("m.pdf", PDF)})
    evidence = EvidenceFile.objects.get()
    url = f"/toolkit/VBB01/evidence/{evidence.pk}/download"
    response = signed_in(world.partner_member).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert signed_in(world.lead_a).get(url).status_code == 404
    assert signed_in(world.lead_a).get(f"/toolkit/RAA/evidence/{evidence.pk}/download").status_code == 404


def test_withdrawing_evidence_keeps_the_record(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    client.post(_upload_url(care_home_assessment, "1.1.1"), {"file": SimpleUploadedFile("m.pdf", PDF)})
    evidence = EvidenceFile.objects.get()
    assert client.post(f"/toolkit/VBB01/evidence/{evidence.pk}/withdraw").status_code == 302
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is not None
    answer = Answer.objects.get(assessment=care_home_assessment, item__reference="1.1.1")
    assert answer.evidence_count == 0 and not answer.answered


def test_other_capabilities_attach_raw_bytes_by_item_reference(world: World, care_home_assessment: Assessment) -> None:
    evidence = evidence_add(
        actor=actor_for(world.lead_b),
        organisation=world.org_b,
        item_reference="1.2.2",
        file_name="Privacy notice.pdf",
        content_type="application/pdf",
        data=PDF,
        note="Generated from the policy template",
    )
    assert evidence.assessment == care_home_assessment and evidence.item.reference == "1.2.2"
    assert Answer.objects.get(assessment=care_home_assessment, item__reference="1.2.2").evidence_count == 1
    with pytest.raises(ValidationError, match="does not apply"):
        evidence_add(
            actor=actor_for(world.lead_b),
            organisation=world.org_b,
            item_reference="2.3.3",
            file_name="x.pdf",
            content_type="application/pdf",
            data=PDF,
        )


def test_evidence_needs_a_started_assessment(world: World, frameworks: Any) -> None:
    with pytest.raises(ValidationError, match="has not started an assessment"):
        evidence_add(
            actor=actor_for(world.lead_b),
            organisation=world.org_b,
            item_reference="1.2.2",
            file_name="x.pdf",
            content_type="application/pdf",
            data=PDF,
        )
