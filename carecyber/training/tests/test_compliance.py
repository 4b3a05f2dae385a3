"""Compliance per organisation against the target, by role and team; overdue lists; the national roll-up."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Role
from carecyber.testing.factories import MembershipFactory, OrganisationFactory
from carecyber.training import queries
from carecyber.training.models import Course
from carecyber.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def _staff(organisation: object, n: int, team: str = "", joined_days_ago: int = 60) -> list[Membership]:
    people = [MembershipFactory(organisation=organisation, role=Role.STAFF, team=team) for _ in range(n)]
    Membership.objects.filter(pk__in=[m.pk for m in people]).update(
        created_at=timezone.now() - timedelta(days=joined_days_ago)
    )
    return people


def test_the_lead_sees_the_share_up_to_date_by_role_and_team(world: World, core: Course) -> None:
    ward = _staff(world.org_a, 8, team="Ward A")
    pharmacy = _staff(world.org_a, 2, team="Pharmacy")
    for m in ward[:6]:
        complete(m.user, core)
    complete(pharmacy[0].user, core, days_ago=400)  # expired: not current
    complete(world.lead_a, core)
    html = signed_in(world.lead_a).get(f"/training/organisations/{world.org_a.code}/").content.decode()
    # Counted: 10 new staff + Sid Staff + Lena Lead = 12; current: 6 + the lead = 7.
    assert "58.3% up to date" in html and "7 of 12 staff" in html and "not met yet" in html
    assert "Ward A" in html and "Pharmacy" in html and "<svg" in html  # chart beside the table
    figures = queries.organisation_compliance(Actor(world.lead_a, world.lead_a.memberships.first()), world.org_a)
    assert {r.label: (r.staff, r.current) for r in figures.by_team} == {
        "Ward A": (8, 6),
        "Pharmacy": (2, 0),
        "No team": (2, 1),
    }
    assert {r.label: r.current for r in figures.by_role} == {"Security lead": 1, "Staff": 6}
    assert figures.overdue == 4  # 2 ward staff and 2 pharmacy (one expired); Sid joined today, so is not due yet


def test_new_starters_are_not_overdue_until_their_time_is_up(world: World, core: Course) -> None:
    _staff(world.org_b, 3, joined_days_ago=5)
    late = _staff(world.org_b, 2, joined_days_ago=45)
    lead = signed_in(world.lead_b)
    html = lead.get(f"/training/organisations/{world.org_b.code}/overdue").content.decode()
    for m in late:
        assert m.user.full_name in html
    assert "2 people are overdue" in html
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    lead.get(f"/training/organisations/{world.org_b.code}/overdue?format=csv").streaming_content
                ).decode()
            )
        )
    )  # type: ignore[attr-defined]
    assert rows[0][:2] == ["name", "email"] and len(rows) == 3


def test_the_target_is_configurable_by_the_national_team(world: World, core: Course) -> None:
    national = signed_in(world.national)
    response = national.post(
        "/training/settings", {"target_percent": "80", "first_due_days": "14", "reminder_days": "30, 7, 1"}
    )
    assert response.status_code == 302
    assert queries.training_policy().target_percent == 80
    assert queries.training_policy().reminder_days == [30, 7, 1]
    bad = national.post("/training/settings", {"target_percent": "0", "first_due_days": "14", "reminder_days": "x"})
    assert "Enter whole numbers separated by commas" in bad.content.decode()
    assert signed_in(world.lead_a).post("/training/settings", {"target_percent": "1"}).status_code == 403


def test_the_compliance_csv_has_the_same_figures(world: World, core: Course) -> None:
    complete(world.staff_a, core)
    response = signed_in(world.lead_a).get(f"/training/organisations/{world.org_a.code}/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows[0] == ["group", "name", "staff", "current", "percent", "target", "meets target"]
    assert rows[1] == ["all", "Everyone", "2", "1", "50.0", "95", "no"]


@pytest.mark.parametrize("page", ["", "overdue", "assignments", "completions", "completions/import", "scorm/upload"])
def test_another_organisation_gets_404(world: World, core: Course, page: str) -> None:
    response = signed_in(world.lead_b).get(f"/training/organisations/{world.org_a.code}/{page}")
    assert response.status_code == 404


def test_staff_cannot_see_compliance_and_auditors_cannot_change_anything(world: World, core: Course) -> None:
    assert signed_in(world.staff_a).get(f"/training/organisations/{world.org_a.code}/").status_code == 403
    auditor = signed_in(world.auditor_a)
    assert auditor.get(f"/training/organisations/{world.org_a.code}/").status_code == 200
    assert auditor.post(f"/training/organisations/{world.org_a.code}/remind").status_code == 403
    assert auditor.get(f"/training/organisations/{world.org_a.code}/completions/import").status_code == 403


def test_a_lead_acts_for_their_sites_and_a_partner_sees_their_organisations(world: World, core: Course) -> None:
    assert signed_in(world.lead_a).get(f"/training/organisations/{world.site_a.code}/").status_code == 200
    partner = signed_in(world.partner_member)
    assert partner.get(f"/training/organisations/{world.org_b.code}/").status_code == 200
    assert partner.get(f"/training/organisations/{world.org_a.code}/").status_code == 404
    listing = partner.get("/training/partner").content.decode()
    assert "Birch Care Home" in listing and "Alder" not in listing


def test_compliance_for_many_organisations_in_one_query(world: World, core: Course) -> None:
    orgs = [OrganisationFactory() for _ in range(30)]
    for k, org in enumerate(orgs):
        people = _staff(org, 4)
        for m in people[: k % 5]:
            complete(m.user, core)
    with CaptureQueriesContext(connection) as ctx:
        figures = queries.compliance_for([o.pk for o in orgs])
    real = [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))]
    assert len(real) == 2  # the core course, then one grouped query
    assert figures[orgs[0].pk] == 0.0 and figures[orgs[3].pk] == 75.0 and figures[orgs[4].pk] == 100.0
    assert queries.compliance_for([]) == {}


def test_the_national_roll_up_by_type_category_and_region(world: World, core: Course) -> None:
    complete(world.staff_a, core)
    complete(world.lead_a, core)
    complete(world.staff_b, core)
    national = signed_in(world.national)
    html = national.get("/training/national?fresh=1").content.decode()
    assert "Training compliance across England" in html
    assert "NHS trust" in html and "Care home" in html and "North West" in html
    rollup = queries.national_rollup(Actor(world.national, world.national.memberships.first()), fresh=True)
    by_type = {r.label: (r.organisations, r.organisations_meeting, r.staff, r.current) for r in rollup.by_type}
    assert by_type["NHS trust"] == (1, 1, 2, 2)
    assert by_type["Care home"] == (1, 0, 2, 1)
    assert rollup.total.staff == 4 and rollup.total.current == 3
    assert sum(r.staff for r in rollup.by_category) == 4 and sum(r.staff for r in rollup.by_region) == 4
    csv_rows = b"".join(national.get("/training/national?format=csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "type,NHS trust,1,1,2,2,100.0" in csv_rows
    assert signed_in(world.lead_a).get("/training/national").status_code == 403


def test_home_pages_show_training(world: World, core: Course) -> None:
    complete(world.staff_a, core)
    lead_home = signed_in(world.lead_a).get("/").content.decode()
    assert "of staff up to date" in lead_home
    national_home = signed_in(world.national).get("/").content.decode()
    assert "Training compliance" in national_home
    partner_home = signed_in(world.partner_member).get("/").content.decode()
    assert "below the training target" in partner_home


def test_the_compliance_page_query_count_does_not_grow_with_people(world: World, core: Course) -> None:
    lead = signed_in(world.lead_a)
    path = f"/training/organisations/{world.org_a.code}/"
    lead.get(path)
    with CaptureQueriesContext(connection) as small:
        lead.get(path)
    for m in _staff(world.org_a, 40, team="Outpatients"):
        complete(m.user, core)
    with CaptureQueriesContext(connection) as big:
        lead.get(path)
    assert len(big.captured_queries) == len(small.captured_queries)


def test_refreshing_the_snapshots_rewrites_only_organisations_whose_figures_changed(world: World, core: Course) -> None:
    """The ten-minute refresh: one pass over everyone, but only changed rows are written back."""
    from carecyber.training.models import ComplianceSnapshot, TrainingPolicy

    steady, changing, leaving = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for m in _staff(steady, 3)[:2]:
        complete(m.user, core)
    changing_people = _staff(changing, 4)
    leaver = _staff(leaving, 1)[0]
    covered = queries.refresh_compliance_snapshots()
    snapshots = {s.organisation_id: s for s in ComplianceSnapshot.objects.all()}
    assert covered == len(snapshots) == 5  # org_a, org_b, and the three here (the site has nobody counted)
    assert (snapshots[steady.pk].staff, snapshots[steady.pk].current) == (3, 2)
    assert (snapshots[changing.pk].staff, snapshots[changing.pk].current) == (4, 0)
    first_run = TrainingPolicy.objects.get().snapshot_at

    # Someone completes, someone leaves the only counted place they had; nothing else moves.
    complete(changing_people[0].user, core)
    Membership.objects.filter(pk=leaver.pk).delete()
    ComplianceSnapshot.objects.update(computed_at=timezone.now() - timedelta(hours=1))
    untouched_at = ComplianceSnapshot.objects.get(organisation=steady).computed_at
    assert queries.refresh_compliance_snapshots() == 4
    after = {s.organisation_id: s for s in ComplianceSnapshot.objects.all()}
    assert leaving.pk not in after  # nobody counted any more: dropped from the roll-up
    assert (after[changing.pk].staff, after[changing.pk].current) == (4, 1)
    assert after[changing.pk].computed_at > untouched_at  # rewritten
    assert after[steady.pk].computed_at == untouched_at  # unchanged figures are not rewritten
    assert after[world.org_a.pk].computed_at == untouched_at
    policy_at = TrainingPolicy.objects.get().snapshot_at
    assert first_run is not None and policy_at is not None and policy_at >= first_run

    # A new organisation's first counted member appears at the next refresh; the roll-up reads the snapshots.
    newcomer = OrganisationFactory(type="care_home")
    complete(_staff(newcomer, 1)[0].user, core)
    assert queries.refresh_compliance_snapshots() == 5
    assert ComplianceSnapshot.objects.get(organisation=newcomer).current == 1
    rollup = queries.national_rollup(Actor(world.national, world.national.memberships.first()))
    assert rollup.total.staff == sum(s.staff for s in ComplianceSnapshot.objects.all())
