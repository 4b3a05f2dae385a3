"""The analyst queue: every filter narrows it, pages are small, the CSV is whole, and queries do not grow with rows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.phishing.services_analyst import report_override
from carecyber.phishing.tests.analyst_factories import make_report

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _count(client, **params: str) -> int:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/phishing/queue/", params)
    assert response.status_code == 200, response.content
    return int(response.json()["count"])


def test_each_filter_narrows_the_queue(world: World) -> None:
    phish = make_report(
        organisation=world.org_a,
        reporter=world.staff_a,
        received_at=datetime(2026, 9, 1, 9, tzinfo=LONDON),
    )
    make_report(
        organisation=world.org_a,
        fixture="safe_colleague.eml",
        received_at=datetime(2026, 9, 20, 9, tzinfo=LONDON),
        route="mailbox",
    )
    make_report(organisation=world.org_b, received_at=datetime(2026, 9, 2, 9, tzinfo=LONDON))
    lead = Actor(user=world.lead_a, membership=world.lead_a.memberships.get())
    report_override(actor=lead, report=phish, verdict="suspicious", note="Could be the real helpdesk.")
    client = signed_in(world.lead_a)
    assert _count(client) == 2
    assert _count(client, verdict="suspicious") == 1
    assert _count(client, verdict="safe") == 1
    assert _count(client, route="mailbox") == 1
    assert _count(client, overridden="yes") == 1
    assert _count(client, overridden="no") == 1
    assert _count(client, received_from="2026-09-10") == 1
    assert _count(client, received_to="2026-09-01") == 1
    assert _count(client, q="rota") == 1
    assert _count(client, q="nhs-mail-security") == 1
    assert _count(client, status="unreadable") == 0
    # Campaign and organisation filters are the national team's; a lead's are ignored, never widened.
    assert _count(client, organisation=world.org_b.code) == 2
    national = signed_in(world.national)
    assert phish.campaign is not None  # clustered with Birch's copy of the same email
    assert _count(national, campaign=phish.campaign.reference.lower()) == 2
    assert _count(national, organisation=world.org_b.code) == 1
    page = client.get(reverse("phishing:analyst-queue"), {"verdict": "suspicious"}).content.decode()
    assert "1 report," in page and "Changed by an analyst" in page


def test_a_bad_date_range_is_explained(world: World) -> None:
    page = signed_in(world.lead_a).get(
        reverse("phishing:analyst-queue"), {"received_from": "2026-10-01", "received_to": "2026-09-01"}
    )
    assert page.status_code == 200 and b"on or after the start date" in page.content


def test_the_queue_pages_and_its_query_count_does_not_grow_with_rows(world: World) -> None:
    client = signed_in(world.national)
    for i in range(3):
        make_report(
            organisation=world.org_a if i % 2 else world.org_b,
            fixture=("analyst_hostile.eml", "phish_credentials.eml")[i % 2],
        )
    client.get(reverse("phishing:analyst-queue"))  # warm the session and the engine's settings
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("phishing:analyst-queue")).status_code == 200
    for _ in range(52):
        make_report(organisation=world.org_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("phishing:analyst-queue"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 12
    page = response.content.decode()
    assert "55 reports," in page and "Page 2 of 2" in page
    assert "data" not in " ".join(q["sql"] for q in many.captured_queries if "phishing_rawmessage" in q["sql"])
    csv_text = b"".join(client.get(reverse("phishing:analyst-queue"), {"format": "csv"}).streaming_content).decode()
    assert csv_text.count("\n") == 56
