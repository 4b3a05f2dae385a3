"""Policies for an organisation: answers once, each policy issued as Word and PDF with version and review date."""

from __future__ import annotations

import hashlib
import sys
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from carecyber.assessments.models import Answer, Assessment, EvidenceFile, Framework
from carecyber.assessments.services.assessments import assessment_start
from carecyber.assessments.services.frameworks import SHIPPED_DIR, install_shipped_frameworks, read_framework_file
from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Membership
from carecyber.support.content.frontmatter import ContentError
from carecyber.support.models import IssuedPolicy, PolicyAnswers, PolicyTemplate
from carecyber.support.services.policies import (
    POLICY_DIR,
    policies_issue_all,
    policy_attach_as_evidence,
    policy_review_reminders_send,
    policy_templates_load,
)
from carecyber.support.tests.conftest import POLICY_ANSWERS

pytestmark = pytest.mark.django_db


def _answer(world: World, **changes: str) -> Any:
    return signed_in(world.lead_b).post(f"/support/policies/{world.org_b.code}/answers", {**POLICY_ANSWERS, **changes})


def _issue(world: World, slug: str = "acceptable-use", *, answer: bool = True) -> IssuedPolicy:
    if answer:
        _answer(world)
    signed_in(world.lead_b).post(f"/support/policies/{world.org_b.code}/{slug}/issue")
    return IssuedPolicy.objects.filter(organisation=world.org_b, template__slug=slug).order_by("-version").first()  # type: ignore[return-value]


def test_the_ten_templates_are_loaded_with_their_toolkit_references() -> None:
    assert PolicyTemplate.objects.filter(withdrawn=False).count() == 10
    assert PolicyTemplate.objects.get(slug="incident-reporting").evidences == ["6.1.1", "6.1.2", "6.1.3", "6.1.4"]


def test_a_lead_answers_the_questions_once(world: World) -> None:
    response = _answer(world)
    assert response.status_code == 302
    answers = PolicyAnswers.objects.get(organisation=world.org_b)
    assert answers.address == "3 Birch Lane\nOldham\nOL1 1AA"
    event = AuditEvent.objects.get(action="policy_answers.saved")
    assert event.organisation_id == world.org_b.pk
    assert "Bea Lead" not in str(event.changes)  # field names only: no personal details in the audit log


def test_the_form_starts_with_the_organisations_name(world: World) -> None:
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/answers").content.decode()
    assert 'value="Birch Care Home"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siro_name", "<script>alert(1)</script>", "remove the &lt; and &gt; signs"),
        ("it_provider", "x" * 250, "must be 200 characters or fewer (it has 250)"),
        ("dpo_name", "", "Enter the name of your data protection officer"),
    ],
)
def test_bad_answers_are_explained_kept_and_nothing_is_saved(
    world: World, field: str, value: str, message: str
) -> None:
    response = _answer(world, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "Brightpath IT Ltd" in html or field == "it_provider"  # what was typed is kept
    if field == "siro_name":
        assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert not PolicyAnswers.objects.filter(organisation=world.org_b).exists()


def test_staff_and_partners_cannot_change_answers_or_issue(world: World) -> None:
    assert (
        signed_in(world.staff_b).post(f"/support/policies/{world.org_b.code}/answers", POLICY_ANSWERS).status_code
        == 403
    )
    assert signed_in(world.partner_member).post(f"/support/policies/{world.org_b.code}/issue-all").status_code == 403
    assert not PolicyAnswers.objects.exists()


def test_issuing_a_policy_keeps_both_files_with_version_and_review_date(world: World) -> None:
    issued = _issue(world)
    assert (issued.version, issued.template_version, issued.is_current) == (1, 1, True)
    assert issued.review_by == issued.issued_on.replace(year=issued.issued_on.year + 1)
    client = signed_in(world.lead_b)
    docx = client.get(f"/support/policies/{world.org_b.code}/files/{issued.pk}.docx")
    assert docx["Content-Disposition"] == 'attachment; filename="VBB01-acceptable-use-v1.docx"'
    document = Document(BytesIO(b"".join(docx.streaming_content)))  # type: ignore[attr-defined]
    assert "Birch Care Home" in document.sections[0].header.paragraphs[0].text
    assert "Version 1." in document.sections[0].footer.paragraphs[0].text
    pdf = client.get(f"/support/policies/{world.org_b.code}/files/{issued.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("attachment")
    text = PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()  # type: ignore[attr-defined]
    assert "Birch Care Home" in text and "Review by" in text
    assert AuditEvent.objects.filter(action="policy.issued", organisation=world.org_b).count() == 1


def test_issuing_again_makes_a_new_version_and_keeps_the_old_one(world: World) -> None:
    first = _issue(world)
    _answer(world, it_provider="Northern Computers Ltd")
    second = _issue(world, answer=False)
    first.refresh_from_db()
    assert (first.version, first.is_current, second.version, second.is_current) == (1, False, 2, True)
    assert (
        second.answers["it_provider"] == "Northern Computers Ltd"
        and first.answers["it_provider"] == "Brightpath IT Ltd"
    )
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/acceptable-use/").content.decode()
    assert "Version 2, issued" in html and "Earlier versions" in html


def test_a_policy_cannot_be_issued_before_the_questions_are_answered(world: World) -> None:
    response = signed_in(world.lead_b).post(f"/support/policies/{world.org_b.code}/acceptable-use/issue")
    assert response.status_code == 302 and response["Location"].endswith("/answers")
    assert not IssuedPolicy.objects.exists()


def test_issue_all_fills_in_every_policy(world: World) -> None:
    _answer(world)
    response = signed_in(world.lead_b).post(f"/support/policies/{world.org_b.code}/issue-all", follow=True)
    assert "10 policies are filled in and ready to download." in response.content.decode()
    assert IssuedPolicy.objects.filter(organisation=world.org_b, superseded_at__isnull=True).count() == 10


def test_the_list_shows_status_and_downloads(world: World) -> None:
    _issue(world)
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/").content.decode()
    assert "Your policies (1 of 10 issued)" in html
    assert "Current" in html and "Not issued" in html
    assert "/files/" in html and "Word<span" in html


def test_staff_read_and_download_their_organisations_policies(world: World) -> None:
    issued = _issue(world)
    client = signed_in(world.staff_b)
    html = client.get(f"/support/policies/{world.org_b.code}/").content.decode()
    assert "Acceptable use policy" in html and "Answer the policy questions" not in html
    assert client.get(f"/support/policies/{world.org_b.code}/files/{issued.pk}.pdf").status_code == 200


def test_the_preview_shows_the_policy_filled_in_and_escaped(world: World) -> None:
    _answer(world, helpdesk_contact="help & support line")
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/acceptable-use/").content.decode()
    assert "Preview with your answers" in html
    assert "help &amp; support line" in html


def test_another_organisation_gets_404_on_every_policy_page(world: World) -> None:
    issued = _issue(world)
    code = world.org_b.code
    for user in (world.lead_a, world.staff_a, world.auditor_a):
        client = signed_in(user)
        for path in (
            f"/support/policies/{code}/",
            f"/support/policies/{code}/answers",
            f"/support/policies/{code}/acceptable-use/",
            f"/support/policies/{code}/files/{issued.pk}.pdf",
            f"/support/policies/{code}/files/{issued.pk}.docx",
        ):
            assert client.get(path).status_code == 404, (user.email, path)
        for path in (f"/support/policies/{code}/acceptable-use/issue", f"/support/policies/{code}/issue-all"):
            assert client.post(path).status_code in (403, 404), (user.email, path)
    # A file of B reached through A's code is 404 too.
    assert signed_in(world.lead_a).get(f"/support/policies/{world.org_a.code}/files/{issued.pk}.pdf").status_code == 404
    assert IssuedPolicy.objects.count() == 1


def test_the_partner_sees_its_organisations_policies(world: World) -> None:
    _issue(world)
    assert signed_in(world.partner_member).get(f"/support/policies/{world.org_b.code}/").status_code == 200
    assert signed_in(world.partner_member).get(f"/support/policies/{world.org_a.code}/").status_code == 404


def test_policies_are_offered_again_for_review_when_due_once(world: World) -> None:
    issued = _issue(world)
    IssuedPolicy.objects.filter(pk=issued.pk).update(review_by=timezone.localdate() + timedelta(days=10))
    mail.outbox.clear()
    actor = Actor.system("test")
    assert policy_review_reminders_send(actor=actor) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@birch.test"]
    assert "Acceptable use policy" in message.body and f"/support/policies/{world.org_b.code}/" in message.body
    assert policy_review_reminders_send(actor=actor) == 0  # idempotent
    assert len(mail.outbox) == 1
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/acceptable-use/").content.decode()
    assert "Review due soon" in html


def test_a_policy_not_yet_due_is_not_offered_for_review(world: World) -> None:
    _issue(world)
    mail.outbox.clear()
    assert policy_review_reminders_send(actor=Actor.system("test")) == 0
    assert mail.outbox == []


def test_attach_as_evidence_is_hidden_and_refused_without_the_self_assessment(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = _issue(world)
    monkeypatch.setitem(sys.modules, "carecyber.assessments.services.evidence", None)  # as if not installed
    html = signed_in(world.lead_b).get(f"/support/policies/{world.org_b.code}/acceptable-use/").content.decode()
    assert "Attach as evidence" not in html
    response = signed_in(world.lead_b).post(f"/support/policies/{world.org_b.code}/files/{issued.pk}/attach")
    assert response.status_code == 404


@pytest.fixture
def toolkit_started(world: World) -> Assessment:
    """Birch Care Home has started this year's assessment on the shipped ten-standard framework."""
    install_shipped_frameworks(actor=Actor.system("tests"))
    lead = Actor(user=world.lead_b, membership=world.lead_b.memberships.get())
    framework = Framework.objects.get(slug="ndg-10", is_current=True)
    return assessment_start(actor=lead, organisation=world.org_b, framework=framework)


def test_attach_as_evidence_puts_the_pdf_on_each_toolkit_item_in_one_step(
    world: World, toolkit_started: Assessment
) -> None:
    issued = _issue(world)
    client = signed_in(world.lead_b)
    assert "Attach as evidence" in client.get(f"/support/policies/{world.org_b.code}/acceptable-use/").content.decode()
    response = client.post(f"/support/policies/{world.org_b.code}/files/{issued.pk}/attach", follow=True)
    assert "attached as evidence to toolkit items 2.1.3, 2.2.1" in response.content.decode()
    files = EvidenceFile.objects.filter(assessment=toolkit_started).select_related("item").order_by("item__reference")
    assert [f.item.reference for f in files] == ["2.1.3", "2.2.1"]
    with issued.pdf.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    for f in files:
        assert f.file_name == "VBB01-acceptable-use-v1.pdf" and f.content_type == "application/pdf"
        assert f.sha256 == digest and "version 1" in f.note and f.uploaded_by == world.lead_b
    document_item = Answer.objects.get(assessment=toolkit_started, item__reference="2.1.3")
    assert document_item.evidence_count == 1 and document_item.met  # an upload item is met by its file
    issued.refresh_from_db()
    assert issued.evidence_attached_at is not None
    assert AuditEvent.objects.filter(action="assessment.evidence_added").count() == 2
    assert AuditEvent.objects.filter(action="policy.attached_as_evidence").count() == 1


def test_every_policy_attaches_to_a_small_care_providers_assessment(world: World, toolkit_started: Assessment) -> None:
    """Every `evidences` reference of every shipped template is an item a care home answers."""
    _answer(world)
    lead = Actor(user=world.lead_b, membership=world.lead_b.memberships.get())
    for policy in policies_issue_all(actor=lead, organisation=world.org_b):
        assert policy_attach_as_evidence(actor=lead, policy=policy) == list(policy.template.evidences)
    wanted = {str(r) for t in PolicyTemplate.objects.filter(withdrawn=False) for r in t.evidences}
    attached = set(EvidenceFile.objects.filter(assessment=toolkit_started).values_list("item__reference", flat=True))
    assert attached == wanted


def test_policy_references_name_items_that_apply_to_every_organisation() -> None:
    """Checked against the shipped framework file, so a renumbered framework fails here, not in use."""
    spec = read_framework_file((SHIPPED_DIR / "ndg-10-2026-27.yaml").read_text(encoding="utf-8"))
    items = {}
    stack = [i for s in spec.standards for a in s.assertions for i in a.items]
    while stack:
        item = stack.pop()
        items[item.reference] = item
        stack.extend(item.items)
    for template in PolicyTemplate.objects.filter(withdrawn=False):
        for reference in template.evidences:
            assert reference in items, f"{template.slug}: {reference} is not an item of ndg-10"
            item = items[reference]
            assert not item.categories and not item.types, f"{template.slug}: {reference} applies only to some"


def test_attach_before_the_toolkit_is_started_says_so_and_attaches_nothing(world: World) -> None:
    install_shipped_frameworks(actor=Actor.system("tests"))
    issued = _issue(world)
    response = signed_in(world.lead_b).post(
        f"/support/policies/{world.org_b.code}/files/{issued.pk}/attach", follow=True
    )
    assert "has not started an assessment for this year" in response.content.decode()
    issued.refresh_from_db()
    assert issued.evidence_attached_at is None and not EvidenceFile.objects.exists()


def test_an_older_version_cannot_be_attached(world: World, toolkit_started: Assessment) -> None:
    first = _issue(world)
    _issue(world, answer=False)
    response = signed_in(world.lead_b).post(
        f"/support/policies/{world.org_b.code}/files/{first.pk}/attach", follow=True
    )
    assert "Attach the current version" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_staff_cannot_attach_a_policy_as_evidence(world: World, toolkit_started: Assessment) -> None:
    issued = _issue(world)
    response = signed_in(world.staff_b).post(f"/support/policies/{world.org_b.code}/files/{issued.pk}/attach")
    assert response.status_code in {403, 404}
    assert not EvidenceFile.objects.exists()


def test_a_template_with_an_unknown_placeholder_is_refused_at_load_and_nothing_changes(tmp_path: Path) -> None:
    for path in POLICY_DIR.glob("*.md"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "acceptable-use.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace("{{ it_provider }}", "{{ it_suplier }}", 1), encoding="utf-8"
    )
    before = PolicyTemplate.objects.get(slug="acceptable-use").content_hash
    with pytest.raises(ContentError, match=r"acceptable-use\.md line \d+: unknown placeholder \{\{ it_suplier \}\}"):
        policy_templates_load(actor=Actor.system("test"), folder=tmp_path)
    with pytest.raises(CommandError, match="it_suplier"):
        call_command("policies", "load", "--templates", str(tmp_path))
    assert PolicyTemplate.objects.get(slug="acceptable-use").content_hash == before


def test_a_changed_template_needs_a_higher_version(tmp_path: Path) -> None:
    for path in POLICY_DIR.glob("*.md"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "acceptable-use.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    with pytest.raises(ContentError, match="raise it to 2"):
        policy_templates_load(actor=Actor.system("test"), folder=tmp_path)
    target.write_text(target.read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8")
    assert policy_templates_load(actor=Actor.system("test"), folder=tmp_path).updated == ["acceptable-use"]
    assert PolicyTemplate.objects.get(slug="acceptable-use").version == 2


def test_the_command_renders_every_policy_without_the_web_app(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(POLICY_ANSWERS), encoding="utf-8")
    out = StringIO()
    call_command(
        "policies",
        "render",
        "--template",
        "all",
        "--answers",
        str(answers),
        "--out",
        str(tmp_path / "out"),
        "--issued-on",
        "2026-11-23",
        stdout=out,
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 20 and "access-control-v1.docx" in written and "access-control-v1.pdf" in written
    text = PdfReader(tmp_path / "out" / "access-control-v1.pdf").pages[0].extract_text()
    assert "Birch Care Home" in text and "Review by 23 November 2027" in text


def test_the_command_renders_one_template_in_one_format(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(POLICY_ANSWERS), encoding="utf-8")
    call_command(
        "policies",
        "render",
        "--template",
        "incident-reporting",
        "--answers",
        str(answers),
        "--out",
        str(tmp_path / "out"),
        "--format",
        "docx",
        "--version",
        "3",
        stdout=StringIO(),
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["incident-reporting-v3.docx"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"siro_name": "<b>Ann</b>"}', "siro_name: Senior information risk owner: remove the < and > signs"),
        ("not json", "not valid JSON"),
        ("[1, 2]", "must hold one JSON object"),
    ],
)
def test_the_command_refuses_bad_answers_and_writes_nothing(tmp_path: Path, content: str, message: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command(
            "policies", "render", "--template", "all", "--answers", str(answers), "--out", str(tmp_path / "out")
        )
    assert not (tmp_path / "out").exists()


def test_the_command_names_the_templates_when_one_is_unknown(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(POLICY_ANSWERS), encoding="utf-8")
    with pytest.raises(CommandError, match=r"no template named 'holiday'\. Choose one of: data-security-protection"):
        call_command("policies", "render", "--template", "holiday", "--answers", str(answers), "--out", str(tmp_path))


def test_only_a_security_lead_of_the_organisation_gets_the_reminder(world: World) -> None:
    issued = _issue(world)
    Membership.objects.filter(user=world.lead_b).update(role="staff")
    IssuedPolicy.objects.filter(pk=issued.pk).update(review_by=timezone.localdate())
    mail.outbox.clear()
    policy_review_reminders_send(actor=Actor.system("test"))
    assert mail.outbox == []  # no lead to tell, but the reminder is recorded so it is not retried forever
    assert IssuedPolicy.objects.get(pk=issued.pk).review_reminded_at is not None
