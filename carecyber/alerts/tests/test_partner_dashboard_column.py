"""Support's partner dashboard shows each organisation's open High alerts, counted in one query per page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecyber.alerts.hooks import open_high_alerts, partner_dashboard_columns
from carecyber.alerts.models import Response
from carecyber.alerts.services import responses_acknowledge
from carecyber.alerts.tests.conftest import actor_for
from carecyber.conftest import signed_in
from carecyber.support.dashboard import dashboard_columns

pytestmark = pytest.mark.django_db


def test_open_high_alerts_are_counted_per_organisation(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    first = publish()
    publish(title="Second Exchange flaw")
    publish(title="A Medium one", severity="medium")  # not High: not counted
    publish(title="A red one", tlp="red")  # partners may not read RED alerts: not counted either
    responses_acknowledge(
        actor=actor_for(world.lead_a), responses=list(Response.objects.filter(organisation=world.org_a))
    )
    with CaptureQueriesContext(connection) as queries:
        cells = open_high_alerts([world.org_a.pk, world.org_b.pk, world.site_a.pk])
    assert len(queries.captured_queries) == 1
    assert cells[world.org_b.pk].text == "2 open (2 not acknowledged)" and cells[world.org_b.pk].tag == "orange"
    assert cells[world.org_a.pk].text == "2 open" and cells[world.org_a.pk].tag is None
    assert cells[world.site_a.pk].text == "None"

    Response.objects.filter(advisory=first, organisation=world.org_b).update(
        ack_due_at=timezone.now() - timedelta(hours=1)
    )
    cell = open_high_alerts([world.org_b.pk])[world.org_b.pk]
    assert cell.text == "2 open (2 not acknowledged, 1 overdue)" and cell.tag == "red"
    assert cell.csv_value == "2 open; 2 not acknowledged; 1 overdue"


def test_the_partner_sees_the_column_and_filters_by_it(world, add_asset, publish) -> None:
    assert "alerts_high" in [c.key for c in dashboard_columns()]
    assert [c.key for c in partner_dashboard_columns()] == ["alerts_high"]
    client = signed_in(world.partner_member)
    html = client.get("/support/partner/").content.decode()
    assert "Open High alerts" in html and "Birch Care Home" in html
    assert "Birch Care Home" not in client.get("/support/partner/", {"alerts": "open"}).content.decode()

    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    publish()
    html = client.get("/support/partner/", {"alerts": "unacknowledged"}).content.decode()
    assert "Birch Care Home" in html and "1 open (1 not acknowledged)" in html
    assert "Birch Care Home" not in client.get("/support/partner/", {"alerts": "overdue"}).content.decode()
    Response.objects.filter(organisation=world.org_b).update(ack_due_at=timezone.now() - timedelta(hours=1))
    assert "Birch Care Home" in client.get("/support/partner/", {"alerts": "overdue"}).content.decode()
