"""The public Atom feed, the dashboards, the home page sections and the integration point for phishing."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carecyber.alerts.models import Advisory, Response
from carecyber.alerts.services import Targeting, advisory_draft_from_indicators, responses_acknowledge
from carecyber.alerts.tests.conftest import actor_for
from carecyber.conftest import signed_in

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_has_published_tlp_clear_alerts_only(world, publish, national_actor) -> None:
    clear = publish(tlp="clear", products=[], targeting=Targeting(all=True), title="Public one")
    publish(tlp="green", products=[], targeting=Targeting(all=True), title="Community one")
    from carecyber.alerts.services import advisory_create
    from carecyber.alerts.tests.conftest import advisory_input

    advisory_create(actor=national_actor, data=advisory_input(title="Draft one"))
    response = Client().get("/alerts/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == [f"High: {clear.reference} Public one"]
    # Signed in, the feed is still the public one.
    assert b"Community one" not in signed_in(world.lead_a).get("/alerts/feed.atom").content


def test_the_national_dashboard_counts_each_response_state(world, add_asset, publish) -> None:
    for org in (world.org_a, world.org_b):
        add_asset(org, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    responses_acknowledge(actor=actor_for(world.lead_b), responses=[Response.objects.get(organisation=world.org_b)])
    page = signed_in(world.national).get("/alerts/dashboard/")
    html = page.content.decode()
    assert advisory.reference in html
    assert "1 (50%)" in html  # acknowledged
    assert "Not yet acknowledged" in html and 'class="cc-chart"' in html
    body = b"".join(signed_in(world.national).get("/alerts/dashboard/?format=csv").streaming_content).decode()
    assert body.splitlines()[1].startswith(f"{advisory.reference},") and ",2,1,0,0,0,0," in body.splitlines()[1]
    organisations = signed_in(world.national).get(f"/alerts/{advisory.reference}/organisations/?format=csv")
    lines = b"".join(organisations.streaming_content).decode().splitlines()
    assert len(lines) == 3 and "Birch Care Home,VBB01,acknowledged" in lines[1] + lines[2]


def test_list_pages_do_not_run_a_query_per_row(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    publish()
    client = signed_in(world.national)
    client.get("/alerts/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get("/alerts/dashboard/")
    for _ in range(5):
        publish()
    with CaptureQueriesContext(connection) as many:
        client.get("/alerts/dashboard/")
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as listing:
        client.get("/alerts/")
    assert len(listing.captured_queries) < 20


def test_the_lead_home_page_shows_open_alerts_with_due_dates(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    html = signed_in(world.lead_b).get("/").content.decode()
    assert "Open alerts with their due dates" in html and advisory.reference in html and "due in 47 hours" in html
    national = signed_in(world.national).get("/").content.decode()
    assert "Alert responses" in national and advisory.reference in national
    organisation = signed_in(world.lead_b).get("/alerts/organisations/VBB01/").content.decode()
    assert advisory.reference in organisation and "Acknowledge" in organisation


def test_phishing_campaigns_become_draft_advisories(world, national_actor) -> None:
    advisory = advisory_draft_from_indicators(
        actor=national_actor,
        title="Fake invoice emails aimed at GP practices",
        summary="Staff report invoices that link to a password page.",
        indicators={
            "urls": ["https://invoice-portal.example.net/pay"],
            "domains": ["Invoice-Portal.example.net."],
            "ips": ["203.0.113.7"],
            "sha256": ["A" * 64],
        },
        source_label="Phishing campaign 42",
    )
    assert advisory.status == "draft" and advisory.source == "phishing" and advisory.target_all
    assert advisory.indicators["domains"] == ["invoice-portal.example.net"]
    assert advisory.indicators["sha256"] == ["a" * 64]
    with pytest.raises(Exception, match="Unknown kinds of indicator"):
        advisory_draft_from_indicators(
            actor=national_actor, title="x", summary="", indicators={"emails": ["a@b"]}, source_label=""
        )
    with pytest.raises(Exception, match="not an IP address"):
        advisory_draft_from_indicators(
            actor=national_actor, title="x", summary="", indicators={"ips": ["999.1.1.1"]}, source_label=""
        )
    assert Advisory.objects.count() == 1
    staff = actor_for(world.staff_a)
    with pytest.raises(Exception, match="cannot"):
        advisory_draft_from_indicators(actor=staff, title="x", summary="", indicators={}, source_label="")


def test_notifications_are_listed_and_opening_marks_them_read(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    client = signed_in(world.lead_b)
    html = client.get("/alerts/notifications/").content.decode()
    assert f"New High alert {advisory.reference}" in html and "Unread: " in html
    notification = world.lead_b.alert_notifications.get()
    assert client.post(f"/alerts/notifications/{notification.pk}/open").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    other = signed_in(world.lead_a).post(f"/alerts/notifications/{notification.pk}/open")
    assert other.status_code == 404
