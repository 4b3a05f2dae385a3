"""The national team changes the notification table through the product; every grading names the version it used."""

from __future__ import annotations

import pytest

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.forms import RulesForm
from carecyber.incidents.models import NotificationRuleSet
from carecyber.incidents.services import rules_active
from carecyber.incidents.tests.helpers import grade, report

pytestmark = pytest.mark.django_db


def _form_data(**changes: str) -> dict[str, str]:
    initial = RulesForm.initial_from(rules_active())
    return {**{k: str(v) for k, v in initial.items()}, "note": "Follows the national guidance of May 2027", **changes}


def test_everyone_who_grades_can_read_the_rules(world: World) -> None:
    html = signed_in(world.lead_a).get("/incidents/rules/").content.decode()
    assert "Version 0" in html and "not yet confirmed" in html and "Save as a new version" not in html


def test_the_national_team_saves_a_new_version_and_grading_follows_it(world: World) -> None:
    before = grade(world.lead_b, report(world.staff_b), likelihood=2, severity=2)
    assert not before.notifiable and before.rules_version == 0
    client = signed_in(world.national)
    assert "Save as a new version" in client.get("/incidents/rules/").content.decode()
    response = client.post("/incidents/rules/", _form_data(cell_2_2="regulator", severity_uplift="2"))
    assert response.status_code == 302
    saved = NotificationRuleSet.objects.get()
    current = rules_active()
    assert current.version == saved.pk and current.level(2, 2).value == "regulator"
    assert current.vulnerable_severity_uplift == 2
    after = grade(world.lead_b, report(world.staff_b), likelihood=2, severity=2)
    assert after.notifiable and after.notify_regulator and after.rules_version == saved.pk
    before.refresh_from_db()
    assert before.rules_version == 0  # old gradings keep the version they used
    event = AuditEvent.objects.get(action="incident_rules.updated")
    assert event.changes["cells"] == {"L2S2": ["none", "regulator"]}


def test_two_editors_cannot_overwrite_each_other(world: World) -> None:
    client = signed_in(world.national)
    started = _form_data(cell_1_1="health_department")
    client.post("/incidents/rules/", _form_data(cell_5_1="regulator"))
    response = client.post("/incidents/rules/", started)
    assert "Someone else saved new notification rules" in response.content.decode()
    assert NotificationRuleSet.objects.count() == 1
    assert rules_active().level(1, 1).value == "none"


def test_a_change_needs_a_reason_and_valid_levels(world: World) -> None:
    client = signed_in(world.national)
    assert "Say what changed and why" in client.post("/incidents/rules/", _form_data(note="")).content.decode()
    assert (
        "Select a valid choice" in client.post("/incidents/rules/", _form_data(cell_3_3="sometimes")).content.decode()
    )
    assert not NotificationRuleSet.objects.exists()


def test_only_the_national_team_changes_the_rules(world: World) -> None:
    for user in (world.lead_a, world.partner_member, world.staff_a):
        assert signed_in(user).post("/incidents/rules/", _form_data(cell_1_1="regulator")).status_code == 403
    assert not NotificationRuleSet.objects.exists()
