"""Importing advisory files: by the upload page and by `carecyber advisories import`; bad files leave nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from carecyber.alerts.models import Advisory, AdvisoryStatus
from carecyber.conftest import signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def _upload(*names: str) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(n, (FIXTURES / n).read_bytes(), content_type="application/json") for n in names]


def test_the_upload_page_imports_each_format_into_drafts(world) -> None:
    page = signed_in(world.national).post(
        "/alerts/import",
        {"documents": _upload("kev_small.json", "cve_record.json", "csaf_advisory.json", "stix_bundle.json")},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "CISA Known Exploited Vulnerabilities catalogue: 3 drafts created" in html
    assert "CSAF 2.0 advisory: 1 draft created" in html
    assert "STIX 2.1 bundle: 1 draft created" in html
    assert Advisory.objects.filter(status=AdvisoryStatus.DRAFT).count() == 6
    assert AuditEvent.objects.filter(action="advisories.imported").count() == 4
    stix = Advisory.objects.get(source="stix")
    assert stix.tlp == "amber" and stix.indicators["ips"] == ["203.0.113.7"]


def test_a_cve_record_enriches_the_kev_draft_for_the_same_cve(world) -> None:
    client = signed_in(world.national)
    entry = {
        "cveID": "CVE-2026-31337",
        "vendorProject": "Riverbank",
        "product": "Imaging Viewer",
        "vulnerabilityName": "Viewer overflow",
        "dateAdded": "2026-02-11",
        "shortDescription": "Overflow.",
        "requiredAction": "Update.",
    }
    kev = json.dumps({"catalogVersion": "1", "vulnerabilities": [entry]})
    client.post("/alerts/import", {"documents": [SimpleUploadedFile("kev.json", kev.encode())]})
    draft = Advisory.objects.get()
    assert draft.products.get().vers == "vers:generic/*"
    page = client.post("/alerts/import", {"documents": _upload("cve_record.json")})
    assert "1 enriched" in page.content.decode()
    assert Advisory.objects.count() == 1
    draft.refresh_from_db()
    assert "vers:semver/3.9.9|>=4.0.0|<4.2.7|>=5.0.0|<=5.1.3" in set(draft.products.values_list("vers", flat=True))
    assert draft.cves.get().base_score is not None


def test_a_refused_file_is_explained_and_leaves_nothing_behind(world) -> None:
    page = signed_in(world.national).post("/alerts/import", {"documents": _upload("kev_bad.json", "kev_small.json")})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Refused." in html and "Entry 1 (CVE-2026-20001): product is missing" in html
    assert Advisory.objects.filter(source="kev").count() == 3  # the good file still went in, the bad one not at all


def test_importing_again_skips_what_is_already_there(world) -> None:
    client = signed_in(world.national)
    client.post("/alerts/import", {"documents": _upload("kev_small.json")})
    page = client.post("/alerts/import", {"documents": _upload("kev_small.json")})
    assert "0 drafts created, 3 already imported" in page.content.decode()
    assert Advisory.objects.count() == 3


def test_only_the_national_team_imports(world) -> None:
    assert signed_in(world.lead_a).post("/alerts/import", {"documents": _upload("kev_small.json")}).status_code == 403
    assert Advisory.objects.count() == 0


def test_the_command_prints_one_line_per_file_and_fails_on_a_refused_one(world) -> None:
    out = io.StringIO()
    call_command(
        "advisories", "import", str(FIXTURES / "kev_small.json"), str(FIXTURES / "csaf_advisory.json"), stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(
        "kev_small.json: CISA Known Exploited Vulnerabilities catalogue – 3 drafts created "
        f"({Advisory.objects.order_by('pk')[0].reference} to {Advisory.objects.order_by('pk')[2].reference})"
    )
    assert "csaf_advisory.json: CSAF 2.0 advisory – 1 draft created" in lines[1]
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "advisories",
            "import",
            str(FIXTURES / "stix_bad.json"),
            str(FIXTURES / "missing.json"),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert exited.value.code == 1
    assert "stix_bad.json: refused – This is not a valid STIX 2.1 bundle" in out.getvalue()
    assert "missing.json: refused – no such file" in out.getvalue()
    assert Advisory.objects.count() == 4
