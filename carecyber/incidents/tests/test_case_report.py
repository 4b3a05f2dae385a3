"""The case report, as PDF and Word: everything on the case, and never an anonymous reporter's name."""

from __future__ import annotations

import io

import pytest
from docx import Document

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.documents import _latin1, case_pdf, gather
from carecyber.incidents.tests.helpers import actor_for, grade, report

pytestmark = pytest.mark.django_db


def _case(world: World) -> int:
    incident = grade(
        world.lead_b, report(world.staff_b, anonymous=True, summary="Résumé of a resident sent – by mistake"), 4, 3
    )
    client = signed_in(world.lead_b)
    client.post(f"/incidents/{incident.pk}/tasks/playbook", {"playbook": "misdirected_email"})
    client.post(
        f"/incidents/{incident.pk}/indicators/", {"form": "indicator", "kind": "email", "value": "someone@example.com"}
    )
    return incident.pk


def test_the_word_report_holds_the_whole_case(world: World) -> None:
    number = _case(world)
    response = signed_in(world.lead_b).get(f"/incidents/{number}/report.docx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Résumé of a resident sent – by mistake" in text
    assert "Contact the recipient and ask them to delete it" in cells  # the playbook's tasks
    assert "someone[@]example[.]com" in cells  # defanged
    assert "4 × 3 = 12 (High)" in cells and "Anonymous" in cells
    assert "Bo Staff" not in text + cells
    assert AuditEvent.objects.filter(action="incident.report_downloaded", changes__format="docx").count() == 1


def test_the_pdf_report_is_a_real_pdf(world: World) -> None:
    number = _case(world)
    response = signed_in(world.lead_b).get(f"/incidents/{number}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    assert len(response.content) > 5_000


def test_the_pdf_still_works_without_a_unicode_font(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from carecyber.incidents import documents

    number = _case(world)
    monkeypatch.setattr(documents, "FONT_CANDIDATES", ())
    from carecyber.incidents.models import Incident

    body = case_pdf(gather(actor_for(world.lead_b), Incident.objects.get(pk=number)))
    assert body.startswith(b"%PDF-")
    assert _latin1("a – b → c “d” ✓") == 'a - b -> c "d" ?'


def test_other_formats_are_not_found(world: World) -> None:
    number = _case(world)
    assert signed_in(world.lead_b).get(f"/incidents/{number}/report.exe").status_code == 404
