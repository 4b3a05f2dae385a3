"""The national view: counts by status, type and region, filters, drill-down; the partner's list; summaries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecyber.assessments.engine.calendar import DeadlineRisk
from carecyber.assessments.models import Assessment
from carecyber.assessments.queries import toolkit_summary_for
from carecyber.assessments.tests.conftest import fill
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World, signed_in
from carecyber.core.models import Organisation
from carecyber.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_counts_filters_and_drill_down(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    client = signed_in(world.national)
    html = client.get("/toolkit/national/").content.decode()
    assert "Toolkit status across the country" in html and 'role="img"' in html
    assert "Standards Met" in html and "Birch Care Home" in html
    met = client.get("/toolkit/national/?status=standards_met").content.decode()
    assert "1 organisation." in met and "Birch Care Home" in met and "Alder Hospitals" not in met
    not_published = client.get("/toolkit/national/?status=not_published&type=nhs_trust").content.decode()
    assert "2 organisations." in not_published
    drill = client.get("/toolkit/VBB01/").content.decode()
    assert "Your status:" in drill and "Standards Met" in drill
    csv_rows = client.get("/toolkit/national/?status=standards_met&format=csv").content.decode().splitlines()
    assert csv_rows[1].startswith("VBB01,Birch Care Home,Care home,North West,Standards Met,")


def test_the_national_view_is_for_the_national_team(world: World) -> None:
    for person in (world.lead_a, world.partner_member, world.staff_a):
        assert signed_in(person).get("/toolkit/national/").status_code == 403


def test_the_list_page_does_not_query_per_row(world: World, care_home_assessment: Assessment) -> None:
    for n in range(30):
        OrganisationFactory(code=f"QQ{n:03d}")
    client = signed_in(world.national)
    client.get("/toolkit/national/")
    with CaptureQueriesContext(connection) as few:
        client.get("/toolkit/national/")
    for n in range(30, 60):
        OrganisationFactory(code=f"QQ{n:03d}")
    with CaptureQueriesContext(connection) as more:
        client.get("/toolkit/national/")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_count_and_deep_pages_agree_with_the_organisations_listed(
    world: World, care_home_assessment: Assessment
) -> None:
    """The list's count comes from the status counts (no counting query), and statuses are fetched per page."""
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    for n in range(60):
        OrganisationFactory(code=f"QQ{n:03d}", name=f"Quayside Clinic {n:03d}")
    client = signed_in(world.national)
    everyone = client.get("/toolkit/national/").content.decode()
    total = Organisation.objects.count()
    assert f"{total} organisations, page 1 of 2." in everyone
    second = client.get("/toolkit/national/?page=2").content.decode()
    last_names = list(Organisation.objects.order_by("name", "code").values_list("name", flat=True)[50:])
    assert all(name in second for name in last_names) and "Quayside Clinic 000" not in second
    searched = client.get("/toolkit/national/?q=quayside").content.decode()
    assert "60 organisations, page 1 of 2." in searched
    none_met = client.get("/toolkit/national/?q=quayside&status=standards_met").content.decode()
    assert "0 organisations." in none_met
    birch = client.get("/toolkit/national/?q=birch&status=standards_met").content.decode()
    assert "1 organisation." in birch and "Standards Met" in birch


def test_toolkit_summaries_for_many_organisations_in_one_query(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, skip=["1.1.1"])
    ids = [world.org_a.pk, world.org_b.pk, world.site_a.pk]
    with CaptureQueriesContext(connection) as ctx:
        summaries = toolkit_summary_for(ids)
    assert len(ctx.captured_queries) == 1
    birch = summaries[world.org_b.pk]
    assert birch.status.value == "not_published" and birch.percent_complete == 99
    assert summaries[world.org_a.pk].percent_complete == 0
    assert all(isinstance(s.deadline_risk, DeadlineRisk) for s in summaries.values())


def test_the_partner_sees_progress_and_risk(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment, skip=["1.1.1"])
    client = signed_in(world.partner_member)
    html = client.get("/toolkit/partner/").content.decode()
    assert "Birch Care Home" in html and "99%" in html and "Alder" not in html
    assert "VBB01,Birch Care Home,Not Published,99" in client.get("/toolkit/partner/?format=csv").content.decode()


def test_home_pages_carry_the_toolkit(
    world: World, care_home_assessment: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    fill(care_home_assessment, skip=["1.1.1"])
    lead_home = signed_in(world.lead_b).get("/").content.decode()
    assert "Data security toolkit" in lead_home and "104 of 105 items answered" in lead_home
    assert 'href="/toolkit/VBB01/"' in lead_home  # navigation
    national_home = signed_in(world.national).get("/").content.decode()
    assert "Toolkit status" in national_home and 'href="/toolkit/national/?status=not_published"' in national_home
    partner_home = signed_in(world.partner_member).get("/").content.decode()
    assert "Toolkit progress" in partner_home
    staff_home = signed_in(world.staff_b).get("/").content.decode()
    assert "Questions for you to answer" not in staff_home and "My questions" not in staff_home
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(world.lead_b).post(
            f"/toolkit/VBB01/assessments/{care_home_assessment.pk}/items/1.1.1/assign",
            {"version": "0", "assignee": world.staff_b.email},
        )
    staff_home = signed_in(world.staff_b).get("/").content.decode()
    assert "Questions for you to answer" in staff_home and "answer 1 question" in staff_home
    assert 'href="/toolkit/mine/"' in staff_home
