"""Reports for the analyst's tests, made the way the product makes them: the reporter's services and the real engine.

A report goes in through `report_submit` (a person in an organisation) or
`report_create` (the mailbox: unmatched senders too), then `report_triage`
runs the engine and clusters it into a campaign. Only the clock is moved
afterwards, so figures over past months can be tested.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation, User
from carecyber.phishing.models import Campaign, PhishingReport, Route
from carecyber.phishing.services.reporting import report_create, report_submit
from carecyber.phishing.services.triage import report_triage

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
    route: str = Route.UPLOAD,
) -> PhishingReport:
    """One report; `triage_seconds=None` leaves it waiting for the engine."""
    data = raw if raw is not None else fixture_bytes(fixture)
    if reporter is not None and organisation is not None and route != Route.MAILBOX:
        membership = reporter.memberships.get(organisation=organisation)
        report = report_submit(actor=Actor(user=reporter, membership=membership), raw=data, route=route)
    else:
        report = report_create(
            actor=Actor.system("test mailbox"),
            organisation=organisation,
            reporter=reporter,
            reporter_address=reporter.email if reporter else "someone@unknown.example",
            raw=data,
            route=route,
            filename="message.eml",
            acknowledge=False,
        )
    if triage_seconds is not None:
        report = report_triage(report=report)
    if received_at is not None:
        triaged_at = received_at + timedelta(seconds=triage_seconds) if triage_seconds is not None else None
        PhishingReport.objects.filter(pk=report.pk).update(received_at=received_at, triaged_at=triaged_at)
    return PhishingReport.objects.select_related("organisation", "campaign").get(pk=report.pk)


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
