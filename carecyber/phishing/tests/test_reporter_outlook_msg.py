"""A real Outlook `.msg` file: read as an email for the engine and the analyst, and kept exactly as it came."""

from __future__ import annotations

import email
from email import policy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.phishing.models import PhishingReport, RawMessage, ReportStatus
from carecyber.phishing.msgfile import is_outlook_msg, msg_to_eml
from carecyber.phishing.services.reporting import report_submit
from carecyber.phishing.tests.reporter_helpers import actor_for, committed, fixture

OUTLOOK = fixture("outlook_outer.msg")  # written by Outlook; see fixtures/README.md


def test_the_outlook_file_becomes_the_email_it_holds_with_its_attached_email() -> None:
    assert is_outlook_msg(OUTLOOK)
    converted = msg_to_eml(OUTLOOK)
    assert converted is not None
    message = email.message_from_bytes(converted, policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "outer@foo.bar"
    plain = [part.get_content() for part in message.walk() if part.get_content_type() == "text/plain"]
    assert [text.strip() for text in plain] == ["Outer body", "body"]  # the message, then the one it carries
    assert any(part.get_content_type() == "text/html" for part in message.walk())


@pytest.mark.django_db
def test_an_uploaded_outlook_file_is_triaged_and_kept_exactly_as_it_came(world: World) -> None:
    client = signed_in(world.staff_a)
    with committed():
        response = client.post(
            reverse("phishing:report-form"), {"message_file": SimpleUploadedFile("odd offer.msg", OUTLOOK)}
        )
    report = PhishingReport.objects.get()
    assert response.status_code == 302
    raw = RawMessage.objects.get(report=report)
    assert bytes(raw.original) == OUTLOOK and raw.size == len(OUTLOOK) and raw.filename == "odd offer.msg"
    assert bytes(raw.data).startswith(b"From:") and b"Outer body" in bytes(raw.data)
    report.refresh_from_db()
    assert report.status != ReportStatus.UNREADABLE and report.verdict
    event = AuditEvent.objects.get(action="phishing.reported", object_id=str(report.pk))
    assert event.changes["converted_from"] == "outlook_msg"


@pytest.mark.django_db
def test_the_analyst_downloads_the_outlook_file_or_the_email_and_each_download_is_audited(world: World) -> None:
    report = report_submit(actor=actor_for(world.staff_a), raw=OUTLOOK, route="upload", filename="offer.msg")
    lead = signed_in(world.lead_a)
    page = lead.get(reverse("phishing:analyst-report", args=[report.pk])).content.decode()
    assert "It was reported as an Outlook file (offer.msg)" in page
    assert "Download it as an email (.eml," in page and "Download the original message" not in page
    outlook = lead.get(reverse("phishing:analyst-raw-outlook", args=[report.pk]))
    assert outlook.status_code == 200 and outlook.content == OUTLOOK
    assert outlook["Content-Disposition"] == f'attachment; filename="{report.reference}.msg"'
    as_email = lead.get(reverse("phishing:analyst-raw", args=[report.pk]))
    assert as_email.content.startswith(b"From:") and as_email["Content-Disposition"].endswith('.eml"')
    formats = sorted(e.changes["format"] for e in AuditEvent.objects.filter(action="phishing.report.raw_download"))
    assert formats == ["eml", "msg"]


@pytest.mark.django_db
def test_another_organisation_gets_neither_file_and_an_email_report_has_no_outlook_file(world: World) -> None:
    report = report_submit(actor=actor_for(world.staff_a), raw=OUTLOOK, route="upload", filename="offer.msg")
    other: Client = signed_in(world.lead_b)
    assert other.get(reverse("phishing:analyst-raw-outlook", args=[report.pk])).status_code == 404
    assert other.get(reverse("phishing:analyst-raw", args=[report.pk])).status_code == 404
    plain = report_submit(
        actor=actor_for(world.staff_a), raw=fixture("reporter_payroll_phish.eml"), route="upload", filename="p.eml"
    )
    lead = signed_in(world.lead_a)
    assert (
        "reported as an Outlook file"
        not in lead.get(reverse("phishing:analyst-report", args=[plain.pk])).content.decode()
    )
    refused = lead.get(reverse("phishing:analyst-raw-outlook", args=[plain.pk]), follow=True)
    assert "This report was not an Outlook file." in refused.content.decode()
    assert not AuditEvent.objects.filter(action="phishing.report.raw_download").exists()
