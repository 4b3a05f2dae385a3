"""Improvement plans: an action per unmet mandatory item, due within six months, SIRO sign-off, national agreement."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from carecyber.assessments.models import Assessment, ImprovementPlan, Item, OrganisationStatus, PlanAction
from carecyber.assessments.services.plans import plan_action_set, plan_for, plan_sign_off
from carecyber.assessments.tests.conftest import actor_for, fill
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_met(world: World, care_home_assessment: Assessment) -> Assessment:
    fill(care_home_assessment, unmet=["4.3.2", "8.3.1"])
    publish(world, care_home_assessment)
    return care_home_assessment


def _plan_url(a: Assessment) -> str:
    return f"/toolkit/VBB01/assessments/{a.pk}/plan/"


def _add_actions(client: Any, a: Assessment, refs: list[str]) -> None:
    due = (date.today() + timedelta(days=60)).isoformat()
    for ref in refs:
        response = client.post(
            f"{_plan_url(a)}actions/{ref}",
            {"form": "action", "action": "Turn on two-factor", "owner": "Bea", "due_on": due},
        )
        assert response.status_code == 302, response.content.decode()[:500]


def test_the_plan_lists_every_unmet_mandatory_item(world: World, not_met: Assessment) -> None:
    page = signed_in(world.lead_b).get(_plan_url(not_met)).content.decode()
    assert "4.3.2" in page and "8.3.1" in page and "No action yet" in page
    assert ImprovementPlan.objects.get().state == "draft"


def test_an_action_due_more_than_six_months_ahead_is_refused(world: World, not_met: Assessment) -> None:
    client = signed_in(world.lead_b)
    client.get(_plan_url(not_met))
    far = (date.today() + timedelta(days=200)).isoformat()
    response = client.post(
        f"{_plan_url(not_met)}actions/4.3.2", {"form": "action", "action": "Later", "owner": "Bea", "due_on": far}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Actions must be done within six months" in html
    assert ">Later</textarea>" in html  # what they typed is kept
    assert not PlanAction.objects.exists()


def test_sign_off_needs_an_action_for_every_unmet_item(world: World, not_met: Assessment) -> None:
    client = signed_in(world.lead_b)
    client.get(_plan_url(not_met))
    _add_actions(client, not_met, ["4.3.2"])
    plan = ImprovementPlan.objects.get()
    with pytest.raises(ValidationError, match=r"Still without an action: 8\.3\.1"):
        plan_sign_off(actor=actor_for(world.lead_b), plan=plan, siro_name="Ros Owner", siro_job_title="Director")
    plan.refresh_from_db()
    assert plan.state == "draft" and plan.signed_off_at is None


def test_agreed_plan_makes_the_status_approaching(
    world: World, not_met: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    lead = signed_in(world.lead_b)
    lead.get(_plan_url(not_met))
    _add_actions(lead, not_met, ["4.3.2", "8.3.1"])
    response = lead.post(
        _plan_url(not_met) + "sign-off", {"siro_name": "Ros Owner", "siro_job_title": "Director", "confirm": "on"}
    )
    assert response.status_code == 302
    plan = ImprovementPlan.objects.get()
    assert plan.state == "submitted" and plan.siro_name == "Ros Owner"
    assert OrganisationStatus.objects.get(organisation=world.org_b).status == "standards_not_met"
    assert lead.post(_plan_url(not_met) + "decide", {"decision": "agree"}).status_code == 403
    national = signed_in(world.national)
    assert "Birch Care Home" in national.get("/toolkit/national/plans/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        national.post(_plan_url(not_met) + "decide", {"decision": "agree"})
    plan.refresh_from_db()
    assert plan.state == "agreed"
    status = OrganisationStatus.objects.get(organisation=world.org_b)
    assert (status.status, status.plan) == ("approaching_standards", plan)
    assert "agreed" in mail.outbox[-1].subject
    # Reopening the plan to change it takes the status back until it is agreed again.
    lead.post(_plan_url(not_met) + "reopen")
    assert OrganisationStatus.objects.get(organisation=world.org_b).status == "standards_not_met"


def test_the_national_team_returns_a_plan_with_a_reason(world: World, not_met: Assessment) -> None:
    actor = actor_for(world.lead_b)
    plan = plan_for(actor=actor, assessment=not_met)
    for ref in ("4.3.2", "8.3.1"):
        item = Item.objects.get(framework=not_met.framework, reference=ref)
        plan_action_set(
            actor=actor, plan=plan, item=item, action="Do it", owner="Bea", due_on=date.today() + timedelta(days=30)
        )
    plan_sign_off(actor=actor, plan=plan, siro_name="Ros", siro_job_title="Director")
    national = signed_in(world.national)
    no_reason = national.post(_plan_url(not_met) + "decide", {"decision": "return", "note": ""})
    assert no_reason.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "submitted"
    national.post(_plan_url(not_met) + "decide", {"decision": "return", "note": "Give a date for the updates."})
    plan.refresh_from_db()
    assert plan.state == "returned" and plan.decision_note == "Give a date for the updates."
    assert plan.is_editable


def test_progress_is_tracked_against_due_dates(world: World, not_met: Assessment) -> None:
    actor = actor_for(world.lead_b)
    plan = plan_for(actor=actor, assessment=not_met)
    item = Item.objects.get(framework=not_met.framework, reference="4.3.2")
    action = plan_action_set(actor=actor, plan=plan, item=item, action="Do it", owner="Bea", due_on=date.today())
    PlanAction.objects.filter(pk=action.pk).update(due_on=date.today() - timedelta(days=3))  # time passes
    client = signed_in(world.lead_b)
    page = client.get(_plan_url(not_met)).content.decode()
    assert "1 action is overdue" in page and "Overdue" in page
    home = client.get("/").content.decode()
    assert "1 improvement plan action is overdue" in home
    client.post(f"{_plan_url(not_met)}actions/4.3.2", {"form": "progress", "progress": "done", "progress_note": "On"})
    assert PlanAction.objects.get().progress == "done"
    assert "overdue" not in client.get(_plan_url(not_met)).content.decode()
    csv_text = client.get(_plan_url(not_met) + "?format=csv").content.decode()
    assert "4.3.2" in csv_text and "Done" in csv_text
