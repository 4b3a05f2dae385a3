"""Assure: completion per standard against peers (same type, same region), what to fix first, national views."""

from __future__ import annotations

from typing import Any

import pytest

from carecyber.assessments.models import Assessment, Framework, PeerStandardFigures
from carecyber.assessments.services.benchmarks import benchmarks_refresh
from carecyber.assessments.tests.conftest import fill, start
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World, signed_in
from carecyber.core.models import Membership, Role
from carecyber.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def peers(world: World, frameworks: dict[str, Framework], care_home_assessment: Assessment) -> list[Assessment]:
    """Three more care homes in the North West: two meet everything, one misses standard 4 entirely."""
    made = []
    for n in range(3):
        org = OrganisationFactory(name=f"Peer Home {n}", code=f"VPH0{n}", type="care_home", region="north_west")
        lead = UserFactory()
        Membership.objects.create(user=lead, organisation=org, role=Role.SECURITY_LEAD)
        a = start(world, org, lead, frameworks["ndg-10"])
        standard_4 = [a.item.reference for a in a.answers.select_related("item").filter(standard__reference="4")]
        fill(a, skip=standard_4 if n == 2 else [])
        made.append(a)
    return made


def test_peer_quartiles_per_standard(world: World, care_home_assessment: Assessment, peers: list[Assessment]) -> None:
    fill(care_home_assessment, skip=["4.1.1", "4.1.2"], unmet=["4.3.2"])
    report = benchmarks_refresh()
    assert report.groups == 1
    row = PeerStandardFigures.objects.get(org_type="care_home", region="north_west", standard__reference="4")
    assert row.peers == 4
    assert row.q3 == 100.0 and row.q1 < row.median


def test_the_organisation_page_has_a_chart_a_table_and_a_fix_first_list(
    world: World, care_home_assessment: Assessment, peers: list[Assessment]
) -> None:
    fill(care_home_assessment, unmet=["4.3.2"], skip=["4.3.4"])
    client = signed_in(world.lead_b)
    html = client.get("/assure/VBB01/").content.decode()  # peer figures are worked out on first use
    assert "against 4 organisations of the same type" in html
    assert 'role="img"' in html and "peers 100%" in html
    assert "Lower quartile" in html and "Upper quartile" in html
    fixes = html.split("Fix these first")[1]
    assert fixes.index("4.3.2") < fixes.index("4.3.4")  # the mandatory gap first
    assert "Mandatory: needed for Standards Met" in fixes
    csv_rows = client.get("/assure/VBB01/?format=csv").content.decode().splitlines()
    assert csv_rows[0].startswith("standard,title,items,met,your share met (%),peers,lower quartile (%),median (%)")
    assert len(csv_rows) == 11
    fix_rows = client.get("/assure/VBB01/?format=csv&table=fixes").content.decode().splitlines()
    assert fix_rows[1].startswith("1,4.3.2,")


def test_no_assessment_yet_says_so(world: World, frameworks: Any) -> None:
    html = signed_in(world.lead_b).get("/assure/VBB01/").content.decode()
    assert "Start this year's assessment to compare yourself" in html


def test_the_national_picture_and_its_csvs(
    world: World, care_home_assessment: Assessment, peers: list[Assessment]
) -> None:
    fill(care_home_assessment, unmet=["4.3.2"])
    publish(world, care_home_assessment)
    for a in peers[:2]:
        from carecyber.assessments.services.status import publication_publish
        from carecyber.assessments.tests.conftest import actor_for

        lead = Membership.objects.get(organisation=a.organisation, role=Role.SECURITY_LEAD).user
        publication_publish(actor=actor_for(lead), assessment=a, two_factor_verified=True)
    benchmarks_refresh()
    client = signed_in(world.national)
    html = client.get("/assure/national/").content.decode()
    assert "Status by region" in html and "Trend across years" in html and "The most common gaps" in html
    region = client.get("/assure/national/?format=csv&table=region").content.decode().splitlines()
    north_west = next(r for r in region if r.startswith("North West"))
    assert north_west.split(",")[1:] == ["0", "2", "0", "1", "3"]  # exceeded, met, approaching, not met, not published
    trend = client.get("/assure/national/?format=csv&table=trend").content.decode().splitlines()
    assert trend[1].endswith(",3,2,1,3")  # 3 published, 2 met, 1 not, 3 of 6 organisations not published
    gaps = client.get("/assure/national/?format=csv&table=gaps").content.decode()
    assert "4.1.1" in gaps  # the peer that skipped standard 4 left it unmet
    by_type = client.get("/assure/national/?format=csv&table=region-type&status=standards_met").content.decode()
    assert by_type.splitlines()[0].startswith("region,NHS trust")
    assert signed_in(world.lead_b).get("/assure/national/").status_code == 403


def test_partners_compare_their_organisations(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.partner_member)
    assert client.get("/assure/VBB01/").status_code == 200
    assert client.get("/assure/RAA/").status_code == 404
    assert signed_in(world.staff_b).get("/assure/VBB01/").status_code == 403
