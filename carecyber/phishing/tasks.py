"""Background work of phishing reports: triage each report as it arrives (idempotent: a retry finds it done)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="phishing.triage_report", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def triage_report(report_id: int) -> str:
    from carecyber.phishing.models import PhishingReport
    from carecyber.phishing.services.triage import report_triage

    report = PhishingReport.objects.filter(pk=report_id).first()
    if report is None:
        return "gone"
    return report_triage(report=report).verdict
