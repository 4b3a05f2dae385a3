"""Incidents on each role's home page and navigation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecyber.conftest import World, signed_in
from carecyber.incidents.models import Incident
from carecyber.incidents.tests.helpers import grade, report

pytestmark = pytest.mark.django_db


def test_leads_see_running_clocks_and_reports_waiting_to_be_graded(world: World) -> None:
    waiting = report(world.staff_b, summary="Paper notes found in the car park")
    running = grade(world.lead_b, report(world.staff_b, summary="Care plans emailed to a relative"), 5, 5)
    html = signed_in(world.lead_b).get("/").content.decode()
    assert "Clocks running" in html and running.summary in html and "left" in html
    assert "Waiting to be graded" in html and waiting.summary in html
    assert 'href="/incidents/"' in html  # in the navigation


def test_staff_see_their_reports_and_tasks(world: World) -> None:
    mine = report(world.staff_a, summary="Left my badge in the lift")
    html = signed_in(world.staff_a).get("/").content.decode()
    assert "Your incident reports" in html and mine.summary in html
    assert "Report an incident" in html


def test_the_national_team_sees_shared_incidents(world: World) -> None:
    shared = report(world.staff_b, summary="Ransom note on the office PC")
    Incident.objects.filter(pk=shared.pk).update(shared_with_national=True)
    hidden = report(world.staff_a, summary="Not for the national team")
    html = signed_in(world.national).get("/").content.decode()
    assert "Incidents shared with the national team" in html
    assert shared.summary in html and hidden.summary not in html


def test_the_case_list_does_not_grow_its_queries_with_rows(world: World) -> None:
    client = signed_in(world.lead_b)
    report(world.staff_b)
    client.get("/incidents/")
    with CaptureQueriesContext(connection) as few:
        client.get("/incidents/")
    for _ in range(10):
        grade(world.lead_b, report(world.staff_b), 5, 5)
    with CaptureQueriesContext(connection) as many:
        client.get("/incidents/")
    assert len(many.captured_queries) <= len(few.captured_queries) + 1
