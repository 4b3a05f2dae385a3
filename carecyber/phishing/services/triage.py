"""Triage a report: run the engine with the organisation's own domains protected, keep what it found,
cluster the report into a campaign, hand our own practice emails to the awareness app, tell the reporter."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import send_templated
from carecyber.core.models import OrganisationDomain
from carecyber.phishing import presenters_reporter
from carecyber.phishing.engine import TriageSettings, triage
from carecyber.phishing.models import PhishingReport, RawMessage, ReportStatus
from carecyber.phishing.services.campaigns import campaign_assign
from carecyber.phishing.services.reporting import report_url

_SIGNED_64 = 1 << 63


def signed64(value: int) -> int:
    """The engine's unsigned 64-bit hash as the signed value a BigIntegerField stores."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= _SIGNED_64 else value


def organisation_domains(report: PhishingReport) -> tuple[str, ...]:
    """The reporting organisation's own email domains (and its headquarters'), protected against lookalikes."""
    if report.organisation_id is None:
        return ()
    places = [report.organisation_id]
    if report.organisation is not None and report.organisation.parent_id:
        places.append(report.organisation.parent_id)
    domains = OrganisationDomain.objects.filter(organisation_id__in=places).order_by("domain")
    return tuple(domains.values_list("domain", flat=True))


def triage_settings_for(report: PhishingReport) -> TriageSettings:
    return dataclasses.replace(TriageSettings.default(), organisation_domains=organisation_domains(report))


def report_triage(*, report: PhishingReport, force: bool = False) -> PhishingReport:
    """Triage once (a retried task finds it done), or again with `force` (after the engine is tuned)."""
    raw = RawMessage.objects.filter(report_id=report.pk).values_list("data", flat=True).first()
    data = bytes(raw) if raw is not None else b""
    fresh = PhishingReport.objects.select_related("organisation").get(pk=report.pk)
    if fresh.triaged_at is not None and not force:
        return fresh
    result = triage(data, triage_settings_for(fresh))
    now = timezone.now()
    with transaction.atomic():
        locked = PhishingReport.objects.select_for_update().get(pk=report.pk)
        if locked.triaged_at is not None and not force:
            return locked
        message = result.message
        if message is not None:
            locked.subject = message.subject[:300]
            locked.from_address = message.from_address[:320]
            locked.from_display = message.from_display[:200]
            locked.sender_domain = message.from_address.rpartition("@")[2].lower()[:253]
        locked.status = ReportStatus.TRIAGED if message is not None else ReportStatus.UNREADABLE
        locked.engine_verdict = result.verdict
        locked.engine_score = max(0, min(100, int(result.score)))
        if not locked.overridden:
            locked.verdict = result.verdict
        locked.reasons = [dataclasses.asdict(r) for r in result.reasons]
        locked.indicators = result.indicators.as_dict()  # raw values; pages defang them
        locked.error = (result.error or "")[:300]
        locked.triaged_at = now
        fp = result.fingerprint
        if fp is not None:
            locked.fp_subject = fp.normalised_subject[:300]
            locked.fp_url_domains = list(fp.url_domains)[:50]
            locked.fp_attachment_hashes = list(fp.attachment_hashes)[:50]
            locked.fp_simhash = signed64(fp.body_simhash)
        practice = False
        token = (message.exercise_token if message is not None else "").strip()[:80]
        if token:
            from carecyber.awareness.services import exercise_record_report

            # Only a token the awareness app recognises marks the report as practice: a forged header does not.
            practice = exercise_record_report(
                token=token, reported_at=locked.received_at, source=f"phishing-{locked.route}"
            )
            if practice:
                locked.exercise_token = token
        locked.save()
        audit_record(
            actor=Actor.system("phishing triage"),
            action="phishing.triaged",
            obj=locked,
            organisation=locked.organisation_id,
            object_label=locked.reference,
            changes={"verdict": result.verdict, "score": locked.engine_score, "practice": practice},
        )
        if fp is not None and not practice and locked.verdict != "safe":
            campaign_assign(report=locked)
        if locked.acknowledged_at is not None and locked.reporter_address:
            report_id = locked.pk
            transaction.on_commit(lambda: _send_verdict(report_id))
    return locked


def _send_verdict(report_id: int) -> None:
    with transaction.atomic():
        report = PhishingReport.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=report_id)
        if report.verdict_sent_at is not None:
            return  # a retried triage tells the reporter once
        report.verdict_sent_at = timezone.now()
        report.save(update_fields=["verdict_sent_at"])
    advice = presenters_reporter.advice_for(report)
    send_templated(
        to=[report.reporter_address],
        subject=f"{advice.headline}: the email you reported ({report.reference})",
        template="phishing_verdict",
        context={
            "report": report,
            "advice": advice,
            "reasons": presenters_reporter.reasons_for_reporter(report),
            "subject": presenters_reporter.subject_for_email(report),
            "link": report_url(report),
            "has_account": report.reporter_id is not None,
        },
    )
