"""Reporting figures on a small known dataset: per organisation and per 100 staff, time to verdict, overrides."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.phishing import metrics
from carecyber.phishing.services_analyst import report_override
from carecyber.phishing.tests.analyst_factories import make_report

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START, END = date(2026, 9, 1), date(2026, 10, 31)


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=LONDON)


@pytest.fixture
def dataset(world: World) -> World:
    """September: Alder 3 reports (1, 2 and 10 minutes to verdict; one overridden).
    October: Alder 1 (30 s), Birch 2 (5 and 15 minutes) and 1 still waiting, unmatched 1 (1 minute)."""
    sept = [
        make_report(organisation=world.org_a, received_at=_at(9, 10 + i), triage_seconds=s)
        for i, s in enumerate((60, 120, 600))
    ]
    make_report(organisation=world.org_a, received_at=_at(10, 5), triage_seconds=30)
    make_report(organisation=world.org_b, received_at=_at(10, 6), triage_seconds=300)
    make_report(organisation=world.org_b, received_at=_at(10, 7), triage_seconds=900)
    make_report(organisation=world.org_b, received_at=_at(10, 8), triage_seconds=None)
    make_report(organisation=None, received_at=_at(10, 9), triage_seconds=60)
    make_report(organisation=world.org_a, received_at=_at(11, 20), triage_seconds=5)  # outside the window
    lead = Actor(user=world.lead_a, membership=world.lead_a.memberships.get())
    report_override(actor=lead, report=sept[0], verdict="safe", note="A real payroll email.")
    return world


def _national(world: World) -> Actor:
    return Actor(user=world.national, membership=world.national.memberships.get())


def test_national_figures(dataset: World) -> None:
    m = metrics.compute(_national(dataset), start=START, end=END)
    assert (m.reports, m.with_verdict, m.overridden) == (8, 7, 1)
    assert (m.median_minutes, m.p90_minutes) == (2.0, 15.0)  # nearest rank of 30, 60, 60, 120, 300, 600, 900 s
    assert m.overridden_percent == 14.3
    sept, octo = m.months
    assert (sept.month, sept.reports, sept.with_verdict, sept.median_minutes, sept.p90_minutes) == (
        date(2026, 9, 1),
        3,
        3,
        2.0,
        10.0,
    )
    assert (sept.overridden, sept.overridden_percent) == (1, 33.3)
    assert (octo.reports, octo.with_verdict, octo.median_minutes, octo.p90_minutes, octo.overridden) == (
        5,
        4,
        1.0,
        15.0,
        0,
    )
    rows = {(o.code, o.reports, o.staff, o.per_100_staff) for o in m.organisations}
    # Alder has three members (lead, staff, auditor); Birch two (lead, staff).
    assert rows == {("RAA", 4, 3, 133.3), ("VBB01", 3, 2, 150.0), ("", 1, 0, None)}


def test_a_lead_sees_only_their_organisation(dataset: World) -> None:
    lead = Actor(user=dataset.lead_a, membership=dataset.lead_a.memberships.get())
    m = metrics.compute(lead, start=START, end=END)
    assert [(o.code, o.reports) for o in m.organisations] == [("RAA", 4)]
    assert (m.reports, m.median_minutes, m.p90_minutes) == (4, 1.0, 10.0)


def test_the_page_shows_the_chart_with_its_table_and_the_csv_has_the_same_figures(dataset: World) -> None:
    client = signed_in(dataset.national)
    page = client.get(reverse("phishing:metrics"), {"start": "2026-09-01", "end": "2026-10-31"}).content.decode()
    assert '<svg class="cc-chart"' in page
    assert "September 2026" in page and "133.3" in page and "14.3%" in page
    csv_text = b"".join(
        client.get(
            reverse("phishing:metrics"), {"start": "2026-09-01", "end": "2026-10-31", "format": "csv"}
        ).streaming_content
    ).decode()
    assert "month,2026-09,,3,,,3,2,10,1,33.3" in csv_text
    assert "organisation,RAA,Alder Hospitals NHS Trust,4,3,133.3" in csv_text
    api = client.get("/api/v1/phishing/metrics/", {"start": "2026-09-01", "end": "2026-10-31"}).json()
    assert api["median_minutes_to_verdict"] == 2.0 and api["months"][1]["reports"] == 5


def test_the_lead_of_another_organisation_sees_none_of_it(dataset: World) -> None:
    page = signed_in(dataset.lead_b).get(reverse("phishing:metrics"), {"start": "2026-09-01", "end": "2026-10-31"})
    text = page.content.decode()
    assert "Alder Hospitals" not in text and "Birch Care Home" in text


def test_nearest_rank() -> None:
    assert metrics.nearest_rank([], 0.5) is None
    assert metrics.nearest_rank([1.0], 0.9) == 1.0
    assert metrics.nearest_rank([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert metrics.nearest_rank([float(i) for i in range(1, 11)], 0.9) == 9.0
