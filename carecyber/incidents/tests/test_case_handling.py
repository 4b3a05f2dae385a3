"""Case handling: status and owner, tasks and playbooks, the timeline, indicators, systems, communications, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.incidents.models import Incident, IncidentLink, Task
from carecyber.incidents.tests.helpers import grade, local, report

pytestmark = pytest.mark.django_db


def test_status_moves_through_the_stages_and_each_move_is_on_the_timeline(world: World) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    for status in ("triage", "investigating", "contained", "recovering"):
        incident.refresh_from_db()
        response = client.post(
            f"/incidents/{incident.pk}/status", {"form": "status", "version": incident.version, "status": status}
        )
        assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "recovering"
    moves = list(incident.timeline.filter(text__startswith="Status:").values_list("text", flat=True))
    assert moves[0] == "Status: New → Triage." and len(moves) == 4
    closed = client.post(
        f"/incidents/{incident.pk}/status", {"form": "status", "version": incident.version, "status": "closed"}
    )
    assert "Select a valid choice" in closed.content.decode()  # closing asks for lessons: it has its own page


def test_the_owner_is_someone_of_the_organisation_and_is_told(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    html = client.get(f"/incidents/{incident.pk}/status").content.decode()
    assert "Sid Staff" in html and "Bo Staff" not in html  # only people of this organisation are offered
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(
            f"/incidents/{incident.pk}/status",
            {"form": "owner", "version": incident.version, "owner": str(world.staff_a.pk)},
        )
    incident.refresh_from_db()
    assert incident.owner == world.staff_a
    assert mail.outbox[-1].to == [world.staff_a.email] and "You now own" in mail.outbox[-1].subject
    other = client.post(
        f"/incidents/{incident.pk}/status",
        {"form": "owner", "version": incident.version, "owner": str(world.staff_b.pk)},
    )
    assert "Choose someone from the list" in other.content.decode()
    # A member of staff who owns a case can now open and run it.
    assert signed_in(world.staff_a).get(f"/incidents/{incident.pk}/").status_code == 200


def test_a_playbook_adds_its_tasks_once(world: World) -> None:
    incident = report(world.staff_a, category="ransomware", summary="Ransom note on the pharmacy PC")
    client = signed_in(world.lead_a)
    page = client.get(f"/incidents/{incident.pk}/tasks/").content.decode()
    assert "Suggested for this kind of incident" in page
    client.post(f"/incidents/{incident.pk}/tasks/playbook", {"playbook": "ransomware"})
    tasks = list(Task.objects.filter(incident=incident))
    assert len(tasks) == 10 and all(t.playbook == "ransomware" and t.due_at for t in tasks)
    assert tasks[0].title.startswith("Disconnect affected devices")
    assert tasks[0].due_at is not None and tasks[0].due_at - timezone.now() < timedelta(hours=1, minutes=1)
    again = client.post(f"/incidents/{incident.pk}/tasks/playbook", {"playbook": "ransomware"}, follow=True)
    assert "already been started" in again.content.decode()
    assert Task.objects.filter(incident=incident).count() == 10


def test_tasks_are_assigned_done_by_their_assignee_and_shown_on_their_home(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    incident = report(world.staff_a)
    lead = signed_in(world.lead_a)
    due = local(timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        lead.post(
            f"/incidents/{incident.pk}/tasks/",
            {"title": "Ask the practice to delete the letter", "assignee": str(world.staff_a.pk), "due_at": due},
        )
    task = Task.objects.get(incident=incident)
    assert task.assignee == world.staff_a and mail.outbox[-1].to == [world.staff_a.email]
    staff = signed_in(world.staff_a)
    assert "Ask the practice to delete the letter" in staff.get("/").content.decode()
    staff.post(f"/incidents/{incident.pk}/tasks/{task.pk}/state", {"state": "done"})
    task.refresh_from_db()
    assert task.state == "done" and task.done_by_label == "Sid Staff"
    assert incident.timeline.filter(text="Task done: Ask the practice to delete the letter.").exists()


def test_staff_not_involved_cannot_touch_tasks(world: World) -> None:
    incident = report(world.staff_a)
    signed_in(world.lead_a).post(f"/incidents/{incident.pk}/tasks/", {"title": "Check the logs"})
    task = Task.objects.get()
    assert (
        signed_in(world.staff_a).post(f"/incidents/{incident.pk}/tasks/{task.pk}/state", {"state": "done"}).status_code
        == 404
    )
    assert Task.objects.get().state == "open"


def test_timeline_mixes_entered_and_automatic_events_in_time_order(world: World) -> None:
    incident = report(world.staff_a, ago=timedelta(hours=3))
    client = signed_in(world.lead_a)
    earlier = timezone.now() - timedelta(hours=2)
    client.post(f"/incidents/{incident.pk}/timeline/", {"at": local(earlier), "text": "IT unplugged the server"})
    html = client.get(f"/incidents/{incident.pk}/timeline/").content.decode()
    # Ordered by when things happened, not when they were typed: the unplugging came before the report.
    assert html.index("IT unplugged the server") < html.index("Reported:")
    assert "Entered" in html
    entered = client.get(f"/incidents/{incident.pk}/timeline/?show=entered").content.decode()
    assert "IT unplugged the server" in entered and "Reported:" not in entered
    future = client.post(
        f"/incidents/{incident.pk}/timeline/", {"at": local(timezone.now() + timedelta(days=1)), "text": "x"}
    )
    assert "cannot be in the future" in future.content.decode()


def test_indicators_systems_and_links(world: World) -> None:
    incident = report(world.staff_a, category="phishing_credentials")
    client = signed_in(world.lead_a)
    url = f"/incidents/{incident.pk}/indicators/"
    client.post(
        url, {"form": "indicator", "kind": "url", "value": "hxxps://nhs-login[.]example/verify", "note": "In the email"}
    )
    client.post(url, {"form": "system", "name": "Email", "impact": "One mailbox"})
    client.post(url, {"form": "link", "kind": "advisory", "reference": "CC-2026-0042", "label": "Invoice phishing"})
    html = client.get(url).content.decode()
    assert "hxxps[://]nhs-login[.]example/verify" in html and "https://nhs-login.example" not in html
    assert "Email" in html and "CC-2026-0042" in html
    duplicate = client.post(url, {"form": "indicator", "kind": "url", "value": "https://nhs-login.example/verify"})
    assert "already recorded" in duplicate.content.decode()
    bad = client.post(url, {"form": "indicator", "kind": "ip", "value": "999.1.1.1"})
    assert "IP address like" in bad.content.decode()
    system = incident.systems.get()
    client.post(f"/incidents/{incident.pk}/systems/{system.pk}/state", {"state": "restored"})
    assert incident.systems.get().state == "restored"


def test_communications_are_logged(world: World) -> None:
    incident = report(world.staff_a)
    client = signed_in(world.lead_a)
    client.post(
        f"/incidents/{incident.pk}/communications/",
        {
            "at": local(timezone.now()),
            "direction": "out",
            "channel": "phone",
            "party": "The GP practice",
            "summary": "Asked them to delete it",
        },
    )
    html = client.get(f"/incidents/{incident.pk}/communications/").content.decode()
    assert "The GP practice" in html and "Asked them to delete it" in html and "Lena Lead" in html


def test_closing_asks_for_root_cause_and_lessons_and_links_them(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    incident = grade(world.lead_a, report(world.staff_a), likelihood=1, severity=2)
    client = signed_in(world.lead_a)
    client.post(f"/incidents/{incident.pk}/tasks/", {"title": "Check the address book"})
    url = f"/incidents/{incident.pk}/close"
    data = {
        "version": Incident.objects.get(pk=incident.pk).version,
        "root_cause": "The address book offered a similar name first.",
        "lessons": "Check the full address before sending; turn off autocomplete for external addresses.",
        "assessment_items": "6.2.1, 7.1.3",
        "training_modules": "data-handling",
    }
    blocked = client.post(url, data)
    assert "1 task is still to do" in blocked.content.decode()
    task = Task.objects.get()
    client.post(f"/incidents/{incident.pk}/tasks/{task.pk}/state", {"state": "not_needed"})
    data["version"] = Incident.objects.get(pk=incident.pk).version
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert client.post(url, {**data, "root_cause": ""}).status_code == 200
        assert client.post(url, data).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_by == world.lead_a
    lessons = set(IncidentLink.objects.filter(incident=incident, is_lesson=True).values_list("kind", "reference"))
    assert lessons == {("assessment_item", "6.2.1"), ("assessment_item", "7.1.3"), ("training_module", "data-handling")}
    outcome = [m for m in mail.outbox if m.to == [world.staff_a.email]]
    assert outcome and "turn off autocomplete" in outcome[0].body  # the reporter hears the outcome
    mine = signed_in(world.staff_a).get(f"/incidents/mine/{incident.pk}").content.decode()
    assert "turn off autocomplete" in mine
    # A closed case cannot be changed until it is reopened.
    blocked_task = client.post(f"/incidents/{incident.pk}/tasks/", {"title": "More"}, follow=True)
    assert "closed" in blocked_task.content.decode() and Task.objects.count() == 1
    client.post(
        f"/incidents/{incident.pk}/reopen", {"version": incident.version, "reason": "The letter was forwarded on"}
    )
    assert Incident.objects.get(pk=incident.pk).status == "investigating"
    assert AuditEvent.objects.filter(action__in=["incident.closed", "incident.reopened"]).count() == 2


def test_a_notifiable_case_cannot_close_with_its_clock_running(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=5, severity=5)
    response = signed_in(world.lead_b).post(
        f"/incidents/{incident.pk}/close",
        {"version": incident.version, "root_cause": "A long enough cause.", "lessons": "A long enough lesson."},
    )
    assert "must be notified or have a recorded decision" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status != "closed"


def test_the_case_list_shows_running_clocks_first_and_filters(world: World) -> None:
    quiet = report(world.staff_a, summary="Printer left a letter on the tray")
    loud = grade(world.lead_b, report(world.staff_b, summary="Care plans emailed to a relative"), 5, 5)
    html = signed_in(world.lead_b).get("/incidents/").content.decode()
    assert "Clocks running" in html and loud.summary in html and quiet.summary not in html
    lead_a = signed_in(world.lead_a)
    assert quiet.summary in lead_a.get("/incidents/?status=new").content.decode()
    assert quiet.summary not in lead_a.get("/incidents/?status=closed").content.decode()
    csv_text = b"".join(lead_a.get("/incidents/?format=csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert quiet.reference in csv_text and loud.reference not in csv_text
