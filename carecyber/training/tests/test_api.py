"""The training API: scoped like the pages, strict about what it accepts."""

from __future__ import annotations

import pytest
from django.test import Client

from carecyber.conftest import World, signed_in
from carecyber.training.models import Course
from carecyber.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def test_courses_and_my_training(world: World, core: Course) -> None:
    staff = signed_in(world.staff_a)
    courses = staff.get("/api/v1/training/courses").json()
    core_entry = next(c for c in courses if c["core"])
    assert core_entry["slug"] == "core-cyber-security" and len(core_entry["modules"]) == 7
    mine = staff.get("/api/v1/training/my").json()
    assert mine[0]["course"] == "core-cyber-security" and mine[0]["status"] == "not_started" and mine[0]["due"]
    assert Client().get("/api/v1/training/my").status_code in {401, 403}


def test_organisation_compliance_and_completions(world: World, core: Course) -> None:
    complete(world.staff_a, core)
    lead = signed_in(world.lead_a)
    figures = lead.get(f"/api/v1/training/organisations/{world.org_a.code}/compliance").json()
    assert figures["staff"] == 2 and figures["current"] == 1 and figures["percent"] == 50.0
    assert figures["target_percent"] == 95 and figures["meets_target"] is False
    page = lead.get(f"/api/v1/training/organisations/{world.org_a.code}/completions?limit=10").json()
    assert page["count"] == 1 and page["results"][0]["email"] == "staff@alder.test"
    xapi = lead.get(f"/api/v1/training/organisations/{world.org_a.code}/xapi").json()
    assert xapi["results"][0]["verb"]["display"]["en-GB"] == "passed"


@pytest.mark.parametrize("endpoint", ["compliance", "completions", "xapi"])
def test_another_organisation_gets_404(world: World, core: Course, endpoint: str) -> None:
    response = signed_in(world.lead_b).get(f"/api/v1/training/organisations/{world.org_a.code}/{endpoint}")
    assert response.status_code == 404


def test_reminders_are_strict_and_for_leads_only(world: World, core: Course) -> None:
    url = f"/api/v1/training/organisations/{world.org_a.code}/reminders"
    lead = signed_in(world.lead_a)
    assert lead.post(url, {"surprise": 1}, content_type="application/json").status_code == 400
    accepted = lead.post(url, {}, content_type="application/json")
    assert accepted.status_code == 202 and "overdue" in accepted.json()
    assert signed_in(world.staff_a).post(url, {}, content_type="application/json").status_code == 403
    assert signed_in(world.lead_b).post(url, {}, content_type="application/json").status_code == 404


def test_bulk_compliance_sees_only_visible_organisations(world: World, core: Course) -> None:
    complete(world.staff_b, core)
    partner = signed_in(world.partner_member)
    codes = f"{world.org_a.code},{world.org_b.code}"
    assert partner.get(f"/api/v1/training/compliance?organisation={codes}").json() == {world.org_b.code: 50.0}
    assert partner.get("/api/v1/training/compliance").status_code == 400
    national = signed_in(world.national).get("/api/v1/training/national").json()
    assert national["total"]["staff"] == 4 and {r["name"] for r in national["by_region"]} == {"North West"}
    assert signed_in(world.lead_a).get("/api/v1/training/national").status_code == 403
