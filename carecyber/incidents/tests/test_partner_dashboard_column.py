"""Support's partner dashboard shows each organisation's open shared incidents: never the unshared ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.incidents import services
from carecyber.incidents.hooks import open_shared_incidents, partner_dashboard_columns
from carecyber.incidents.models import Incident
from carecyber.incidents.tests.helpers import actor_for, grade, report
from carecyber.support.dashboard import dashboard_columns

pytestmark = pytest.mark.django_db


def test_open_shared_incidents_are_counted_and_unshared_ones_are_not(world: World) -> None:
    report(world.staff_b, summary="Not shared: the partner must not learn of it")
    asked = report(world.staff_b, category="ransomware", summary="Ransom screen")
    services.help_request(actor=actor_for(world.lead_b), incident=asked, message="We need help with this.")
    with CaptureQueriesContext(connection) as queries:
        cells = open_shared_incidents([world.org_b.pk, world.org_a.pk])
    assert len(queries.captured_queries) == 1
    assert cells[world.org_b.pk].text == "1 open (1 asked for help)" and cells[world.org_b.pk].tag == "orange"
    assert cells[world.org_a.pk].text == "None"

    graded = grade(world.lead_b, asked, likelihood=5, severity=5)
    assert graded.notifiable
    Incident.objects.filter(pk=asked.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    cell = open_shared_incidents([world.org_b.pk])[world.org_b.pk]
    assert cell.text == "1 open (1 past the 72-hour deadline, 1 asked for help)" and cell.tag == "red"


def test_the_partner_sees_the_column_and_filters_by_it(world: World) -> None:
    assert "incidents_open" in [c.key for c in dashboard_columns()]
    assert [c.key for c in partner_dashboard_columns()] == ["incidents_open"]
    client = signed_in(world.partner_member)
    html = client.get("/support/partner/").content.decode()
    assert "Open shared incidents" in html
    assert "Birch Care Home" not in client.get("/support/partner/", {"incidents": "open"}).content.decode()
    incident = report(world.staff_b)
    signed_in(world.lead_b).post(f"/incidents/{incident.pk}/share")
    assert "Birch Care Home" in client.get("/support/partner/", {"incidents": "open"}).content.decode()
    assert "Birch Care Home" not in client.get("/support/partner/", {"incidents": "overdue"}).content.decode()
