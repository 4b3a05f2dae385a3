"""Reporting end to end through the services: keep, thank, triage, tell the reporter, cluster, hand off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from carecyber.conftest import World
from carecyber.core.models import AuditEvent, OrganisationDomain
from carecyber.incidents.models import Incident
from carecyber.phishing.models import Campaign, PhishingReport, RawMessage, ReportStatus, Route
from carecyber.phishing.services.reporting import report_mark_clicked, report_submit
from carecyber.phishing.services.triage import report_triage, triage_settings_for
from carecyber.phishing.tests.reporter_helpers import actor_for, committed, fixture

pytestmark = pytest.mark.django_db


def _report(world: World, raw: bytes, *, who: str = "staff_a", route: str = Route.UPLOAD) -> PhishingReport:
    with committed():
        report = report_submit(actor=actor_for(getattr(world, who)), raw=raw, route=route, filename="x.eml")
    report.refresh_from_db()
    return report


def test_a_report_is_kept_thanked_triaged_and_the_verdict_emailed(world: World) -> None:
    raw = fixture("reporter_payroll_phish.eml")
    report = _report(world, raw)
    assert report.organisation == world.org_a and report.reporter == world.staff_a
    assert RawMessage.objects.get(report=report).data == raw
    assert report.status == ReportStatus.TRIAGED and report.verdict == "phishing" and report.engine_score
    assert report.subject == "Urgent: confirm your bank details before the December pay run"
    assert report.sender_domain == "nhs-staff-payroll.com" and report.fp_url_domains
    assert "nhs-staff-payroll.com" in report.indicators["domains"]
    assert report.acknowledged_at is not None and report.verdict_sent_at is not None
    thanks, verdict = mail.outbox
    assert thanks.to == ["staff@alder.test"] and "Thank you for reporting" in thanks.subject
    assert verdict.subject.startswith("This is a phishing email")
    assert "What to do next" in verdict.body and "Nobody is blamed" in verdict.body
    html = verdict.alternatives[0][0]  # type: ignore[index]  # (content, mimetype)
    assert "What we noticed" in html and f"/phishing/mine/{report.pk}" in html
    # The lure's domain is named in the reasons, but no mail program may turn it into a link; nhs.uk stays readable.
    assert "nhs-staff-payroll[.]com" in verdict.body and "nhs-staff-payroll.com" not in verdict.body
    assert "nhs-staff-payroll.com" not in html
    assert "nhs.uk" in verdict.body
    actions = list(AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    assert "phishing.reported" in actions and "phishing.triaged" in actions


def test_a_lure_address_in_the_subject_is_quoted_defanged(world: World) -> None:
    raw = fixture("reporter_payroll_phish.eml").replace(
        b"Subject: Urgent: confirm your bank details before the December pay run",
        b"Subject: Confirm your bank details at nhs-staff-payroll.com for nhs.uk pay",
    )
    _report(world, raw)
    verdict = mail.outbox[-1]
    html = verdict.alternatives[0][0]  # type: ignore[index]  # (content, mimetype)
    assert "at nhs-staff-payroll[.]com for nhs.uk pay" in verdict.body
    assert "nhs-staff-payroll.com" not in verdict.body and "nhs-staff-payroll.com" not in html


def test_a_genuine_email_is_called_safe_and_the_reporter_is_still_thanked(world: World) -> None:
    report = _report(world, fixture("reporter_rota_note.eml"))
    assert report.verdict == "safe" and report.campaign is None
    assert "We found nothing dangerous" in mail.outbox[-1].subject
    assert "asking is always better than guessing" in mail.outbox[-1].body


@pytest.mark.parametrize("raw", [b"", b"\x00\x9f\x92\x96" * 50, bytes(range(256)) * 4])
def test_bytes_that_are_not_an_email_are_kept_and_called_unreadable(world: World, raw: bytes) -> None:
    report = _report(world, raw)
    assert RawMessage.objects.get(report=report).data == raw
    assert report.status == ReportStatus.UNREADABLE and report.error
    assert "We could not read this message" in mail.outbox[-1].subject


def test_an_oversized_message_keeps_its_first_part_and_says_so(world: World, settings: object) -> None:
    settings.PHISHING_MAX_MESSAGE_BYTES = 4096  # type: ignore[attr-defined]
    raw = fixture("reporter_payroll_phish.eml") + b"\r\n" + b"A" * 10_000
    report = _report(world, raw)
    kept = RawMessage.objects.get(report=report)
    assert kept.truncated and kept.size == len(raw) and bytes(kept.data) == raw[:4096]
    assert report.status == ReportStatus.TRIAGED


def test_the_organisations_own_domains_are_protected(world: World) -> None:
    OrganisationDomain.objects.create(organisation=world.org_a, domain="alder-hospitals.nhs.uk")
    report = _report(world, fixture("reporter_rota_note.eml"))
    assert "alder-hospitals.nhs.uk" in triage_settings_for(report).organisation_domains
    site_report = PhishingReport(organisation=world.site_a)
    assert "alder-hospitals.nhs.uk" in triage_settings_for(site_report).organisation_domains  # a site gets its HQ's


def test_the_same_attack_in_two_organisations_is_one_campaign(world: World) -> None:
    raw = fixture("reporter_payroll_phish.eml")
    first = _report(world, raw, who="staff_a")
    second = _report(world, raw.replace(b"Hello,", b"Dear colleague,"), who="staff_b")
    third = _report(world, raw, who="lead_b")
    campaign = Campaign.objects.get()
    assert first.campaign == second.campaign == third.campaign == campaign
    assert campaign.reference == f"CMP-{first.received_at.year}-0001"
    assert (campaign.report_count, campaign.organisation_count, campaign.reporter_count) == (3, 2, 3)
    assert campaign.verdict == "phishing" and campaign.first_seen == first.received_at
    assert campaign.last_seen == third.received_at
    assert "nhs-staff-payroll.com" in campaign.indicators["domains"]
    other = _report(world, fixture("phish_credentials.eml"), who="staff_b")
    assert other.campaign is not None and other.campaign != campaign
    assert other.campaign.reference.endswith("-0002")


def test_an_old_campaign_is_not_joined(world: World) -> None:
    first = _report(world, fixture("reporter_payroll_phish.eml"))
    Campaign.objects.update(last_seen=timezone.now() - timedelta(days=90))
    second = _report(world, fixture("reporter_payroll_phish.eml"))
    assert second.campaign is not None and second.campaign != first.campaign


def test_triage_runs_once_unless_forced(world: World) -> None:
    report = _report(world, fixture("reporter_payroll_phish.eml"))
    mail.outbox.clear()
    with committed():
        again = report_triage(report=report)
    assert again.triaged_at == report.triaged_at and mail.outbox == []
    with committed():
        report_triage(report=report, force=True)
    assert mail.outbox == []  # the reporter hears the verdict once
    assert Campaign.objects.get().report_count == 1


def test_only_people_in_an_organisation_can_report(world: World) -> None:
    with pytest.raises(PermissionDenied):
        report_submit(actor=actor_for(world.national), raw=b"x", route=Route.UPLOAD)
    with pytest.raises(ValidationError):
        report_submit(actor=actor_for(world.staff_a), raw=b"x", route="carrier-pigeon")


def test_i_entered_my_password_opens_an_incident_and_alerts_the_lead_at_once(world: World) -> None:
    report = _report(world, fixture("reporter_payroll_phish.eml"))
    mail.outbox.clear()
    with committed():
        marked, incident = report_mark_clicked(actor=actor_for(world.staff_a), report=report, kind="entered_password")
    assert marked.entered_password_at is not None and marked.clicked_at is None
    assert incident.category == "phishing_credentials" and incident.organisation == world.org_a
    assert incident.links.filter(reference=str(report.pk)).exists()
    ours = [m for m in mail.outbox if "reported phishing email" in m.subject]
    assert len(ours) == 1 and ours[0].to == ["lead@alder.test"] and ours[0].subject.startswith("Urgent:")
    assert "Sid Staff entered their password" in ours[0].body and incident.reference in ours[0].body
    with committed():
        _again, same = report_mark_clicked(actor=actor_for(world.staff_a), report=report, kind="entered_password")
    assert same == incident and Incident.objects.count() == 1
    assert len([m for m in mail.outbox if "reported phishing email" in m.subject]) == 1


def test_i_clicked_a_link_uses_the_incidents_kind(world: World) -> None:
    report = _report(world, fixture("reporter_payroll_phish.eml"))
    with committed():
        marked, incident = report_mark_clicked(actor=actor_for(world.staff_a), report=report, kind="clicked")
    assert marked.clicked_at is not None and incident.category == "phishing_clicked"
    with pytest.raises(ValidationError):
        report_mark_clicked(actor=actor_for(world.staff_a), report=report, kind="clicked_twice")


def test_only_the_reporter_can_say_they_clicked(world: World) -> None:
    report = _report(world, fixture("reporter_payroll_phish.eml"))
    with pytest.raises(PermissionDenied):
        report_mark_clicked(actor=actor_for(world.lead_a), report=report, kind="clicked")
