"""Reports for the analyst's tests, made from real message bytes run through the real engine.

Until the reporter's `report_submit` service lands these build the rows the
way it will: the raw bytes kept, the engine's verdict, reasons and indicators
stored, the fingerprint copied for clustering.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from carecyber.core.models import Organisation, User
from carecyber.phishing.engine import triage
from carecyber.phishing.models import Campaign, PhishingReport, RawMessage, ReportStatus, Route

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_report(
    *,
    organisation: Organisation | None,
    reporter: User | None = None,
    raw: bytes | None = None,
    fixture: str = "phish_credentials.eml",
    received_at: datetime | None = None,
    triage_seconds: float | None = 30,
    campaign: Campaign | None = None,
    route: str = Route.UPLOAD,
) -> PhishingReport:
    data = raw if raw is not None else fixture_bytes(fixture)
    result = triage(data)
    received = received_at or timezone.now()
    message = result.message
    report = PhishingReport.objects.create(
        organisation=organisation,
        reporter=reporter,
        reporter_address=reporter.email if reporter else "someone@unknown.example",
        route=route,
        received_at=received,
        status=ReportStatus.TRIAGED if message is not None else ReportStatus.UNREADABLE,
        subject=(message.subject if message else "")[:300],
        from_address=(message.from_address if message else "")[:320],
        from_display=(message.from_display if message else "")[:200],
        sender_domain=(result.fingerprint.sender_domain if result.fingerprint else "")[:253],
        engine_verdict=result.verdict,
        engine_score=result.score,
        verdict=result.verdict,
        reasons=[{"code": r.code, "text": r.text, "weight": r.weight} for r in result.reasons],
        indicators=result.indicators.as_dict(),
        error=result.error,
        triaged_at=received + timedelta(seconds=triage_seconds) if triage_seconds is not None else None,
        campaign=campaign,
    )
    RawMessage.objects.create(
        report=report, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(), filename="message.eml"
    )
    return report


def make_campaign(reference: str = "PC-000001", **fields: object) -> Campaign:
    now = timezone.now()
    defaults: dict[str, object] = {
        "title": "Action required: your NHSmail password expires today",
        "verdict": "phishing",
        "first_seen": now - timedelta(days=2),
        "last_seen": now,
        "report_count": 0,
        "organisation_count": 0,
        "reporter_count": 0,
    }
    defaults.update(fields)
    return Campaign.objects.create(reference=reference, **defaults)  # type: ignore[arg-type]  # test data of mixed types
