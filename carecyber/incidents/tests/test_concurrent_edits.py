"""Concurrent edits never silently overwrite: the second save is stopped, told who, and keeps its typing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.incidents.models import Incident, Task
from carecyber.incidents.services import StaleEditError, incident_set_status, task_update
from carecyber.incidents.tests.helpers import actor_for, local, report


def _details(incident: Incident, **overrides: object) -> dict[str, object]:
    return {
        "version": incident.version,
        "category": incident.category,
        "summary": incident.summary,
        "description": "",
        "data_or_systems": "",
        "still_happening": "no",
        "occurred_at": local(incident.occurred_at),
        "aware_at": local(incident.aware_at),
        "data_subjects_count": "",
        **overrides,
    }


@pytest.mark.django_db
def test_the_second_of_two_editors_is_stopped_and_loses_nothing(world: World) -> None:
    incident = report(world.staff_a)
    started = _details(incident)  # both opened the form at the same version
    first, second = signed_in(world.lead_a), signed_in(world.lead_a)
    assert (
        first.post(
            f"/incidents/{incident.pk}/edit", {**started, "summary": "Letter sent to the wrong practice"}
        ).status_code
        == 302
    )
    response = second.post(
        f"/incidents/{incident.pk}/edit", {**started, "description": "Found by the practice manager at 10:05"}
    )
    html = response.content.decode().replace("&#39;", "'")
    assert response.status_code == 200
    assert "Lena Lead changed this incident" in html and "Nothing you typed has been saved or lost" in html
    assert "Found by the practice manager at 10:05" in html  # their typing is still in the form
    saved = Incident.objects.get(pk=incident.pk)
    assert saved.summary == "Letter sent to the wrong practice" and saved.description == ""
    # The form now carries the current version: having seen the change, saving again goes through.
    current_version = str(saved.version)
    assert f'name="version" value="{current_version}"' in html
    again = second.post(
        f"/incidents/{incident.pk}/edit",
        {
            **started,
            "version": current_version,
            "summary": saved.summary,
            "description": "Found by the practice manager at 10:05",
        },
    )
    assert again.status_code == 302
    assert Incident.objects.get(pk=incident.pk).description == "Found by the practice manager at 10:05"


@pytest.mark.django_db
def test_an_added_task_makes_an_open_grading_form_stale(world: World) -> None:
    incident = report(world.staff_b)
    version = incident.version
    signed_in(world.lead_b).post(f"/incidents/{incident.pk}/tasks/", {"title": "Call the family"})
    response = signed_in(world.lead_b).post(
        f"/incidents/{incident.pk}/grade", {"version": version, "likelihood": "3", "severity": "3"}
    )
    assert "while you were editing" in response.content.decode()
    assert not Incident.objects.get(pk=incident.pk).is_graded


@pytest.mark.django_db
def test_a_task_edited_by_two_people_keeps_the_first_and_warns_the_second(world: World) -> None:
    incident = report(world.staff_a)
    signed_in(world.lead_a).post(f"/incidents/{incident.pk}/tasks/", {"title": "Check the logs"})
    task = Task.objects.get()
    task_update(
        actor=actor_for(world.lead_a),
        task=task,
        version=1,
        title="Check the VPN logs",
        detail="",
        assignee=None,
        due_at=None,
    )
    with pytest.raises(StaleEditError, match="changed this task"):
        task_update(
            actor=actor_for(world.lead_a),
            task=task,
            version=1,
            title="Check the door logs",
            detail="",
            assignee=None,
            due_at=None,
        )
    assert Task.objects.get().title == "Check the VPN logs"
    page = signed_in(world.lead_a).post(
        f"/incidents/{incident.pk}/tasks/{task.pk}/edit",
        {"version": "1", "title": "Check the door logs", "detail": "", "assignee": ""},
    )
    html = page.content.decode()
    assert "changed this task" in html and "Check the door logs" in html
    # The form now carries the task's current version: having seen the change, saving again goes through.
    assert f'name="version" value="{Task.objects.get().version}"' in html


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_on_postgresql_let_exactly_one_through(world: World) -> None:
    """Two transactions racing on the same version: the row lock makes the second see the first's change."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (SQLite serialises writers)")
    incident = report(world.staff_a, ago=timedelta(hours=2))
    version = incident.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(status: str) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            incident_set_status(actor=actor_for(world.lead_a), incident=incident, version=version, status=status)
            outcomes.append("saved")
        except StaleEditError:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("investigating", "contained")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["saved", "stale"]
    final = Incident.objects.get(pk=incident.pk)
    assert final.version == version + 1 and final.status in {"investigating", "contained"}
    assert final.timeline.filter(text__startswith="Status:").count() == 1
    assert timezone.now() - final.updated_at < timedelta(minutes=1)
