"""Events: partners and the national team publish; organisations register; reminders by email, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.support.models import Event, EventAudience, EventRegistration
from carecyber.support.services.events import event_reminders_send
from carecyber.support.tests.conftest import as_user, committed
from carecyber.support.workingdays import UK
from carecyber.testing.factories import SupportPartnerFactory

pytestmark = pytest.mark.django_db


def _form(**extra: Any) -> dict[str, Any]:
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    return {
        "kind": "webinar",
        "title": "Toolkit in an hour",
        "summary": "Finish standard 1 together.",
        "description": "We walk through standard 1.",
        "day": day,
        "starts": "14:00",
        "ends": "15:00",
        "location": "Online",
        "joining_link": "https://meet.example.test/abc",
        "capacity": "",
        "audience": "everyone",
        **extra,
    }


def _publish(user: Any, **extra: Any) -> Event:
    response = as_user(user).post("/support/events/new", _form(**extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Event.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_a_partner_publishes_a_webinar_for_its_organisations(world: World) -> None:
    event = _publish(world.partner_member, audience="partner_organisations")
    assert event.host_partner == world.partner and event.audience == EventAudience.PARTNER_ORGANISATIONS
    assert event.starts_at == datetime.combine(
        timezone.localdate() + timedelta(days=10), datetime.min.time().replace(hour=14), tzinfo=UK
    )
    assert "Toolkit in an hour" in as_user(world.staff_b).get("/support/events/").content.decode()
    # Organisations of other partners (or none) do not see it.
    assert "Toolkit in an hour" not in as_user(world.staff_a).get("/support/events/").content.decode()
    assert as_user(world.staff_a).get(f"/support/events/{event.pk}/").status_code == 404


def test_national_events_reach_everyone(world: World) -> None:
    event = _publish(world.national)
    assert event.host_partner is None
    for user in (world.staff_a, world.lead_b, world.partner_member):
        assert as_user(user).get(f"/support/events/{event.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title"),
        ("title", "<script>x</script>", "Remove the &lt; and &gt; signs from a title"),
        ("ends", "13:00", "The end time must be after the start time"),
        ("day", "2020-01-01", "Choose a date and time in the future"),
        ("day", "2027-02-30", "Enter a real date"),
        ("joining_link", "javascript:alert(1)", "starting with https://"),
        ("capacity", "0", "Enter a number of places from 1"),
        ("summary", "x" * 301, "Keep a short summary to 300 characters or fewer"),
    ],
)
def test_bad_events_are_explained_kept_and_nothing_is_saved(world: World, field: str, value: str, message: str) -> None:
    response = as_user(world.national).post("/support/events/new", _form(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "We walk through standard 1." in html
    assert not Event.objects.exists()


def test_organisations_cannot_publish(world: World) -> None:
    assert as_user(world.lead_b).post("/support/events/new", _form()).status_code == 403
    assert not Event.objects.exists()


def test_registering_confirms_by_email_and_shows_the_joining_link(world: World) -> None:
    event = _publish(world.national)
    mail.outbox.clear()
    client = as_user(world.staff_b)
    client.post(f"/support/events/{event.pk}/register")
    registration = EventRegistration.objects.get()
    assert (registration.user, registration.organisation) == (world.staff_b, world.org_b)
    assert [m.to for m in mail.outbox] == [["staff@birch.test"]]
    assert "https://meet.example.test/abc" in mail.outbox[0].body
    html = client.get(f"/support/events/{event.pk}/").content.decode()
    assert "You are booked" in html and "https://meet.example.test/abc" in html
    client.post(f"/support/events/{event.pk}/register")  # twice is still one place
    assert EventRegistration.objects.count() == 1


def test_the_joining_link_is_only_for_people_booked(world: World) -> None:
    event = _publish(world.national)
    assert "meet.example.test" not in as_user(world.staff_b).get(f"/support/events/{event.pk}/").content.decode()


def test_a_full_event_refuses_more_places(world: World) -> None:
    event = _publish(world.national, capacity="1")
    as_user(world.staff_b).post(f"/support/events/{event.pk}/register")
    response = as_user(world.lead_b).post(f"/support/events/{event.pk}/register", follow=True)
    assert "Sorry, this event is full" in response.content.decode()
    assert EventRegistration.objects.count() == 1
    as_user(world.staff_b).post(f"/support/events/{event.pk}/unregister")
    as_user(world.lead_b).post(f"/support/events/{event.pk}/register")
    assert EventRegistration.objects.filter(cancelled_at__isnull=True).get().user == world.lead_b


def test_reminders_go_once_the_day_before(world: World) -> None:
    event = _publish(world.national)
    as_user(world.staff_b).post(f"/support/events/{event.pk}/register")
    mail.outbox.clear()
    system = Actor.system("test")
    with committed():
        assert event_reminders_send(actor=system, now=event.starts_at - timedelta(hours=30)) == 0
        assert event_reminders_send(actor=system, now=event.starts_at - timedelta(hours=20)) == 1
        assert event_reminders_send(actor=system, now=event.starts_at - timedelta(hours=2)) == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Reminder"]


def test_cancelling_tells_everyone_booked_and_stops_reminders(world: World) -> None:
    event = _publish(world.national)
    as_user(world.staff_b).post(f"/support/events/{event.pk}/register")
    mail.outbox.clear()
    as_user(world.national).post(f"/support/events/{event.pk}/cancel", {"reason": "The speaker is ill."})
    event.refresh_from_db()
    assert event.cancelled_at is not None
    assert [m.to for m in mail.outbox] == [["staff@birch.test"]] and "The speaker is ill." in mail.outbox[0].body
    assert event_reminders_send(actor=Actor.system("test"), now=event.starts_at - timedelta(hours=2)) == 0
    response = as_user(world.lead_b).post(f"/support/events/{event.pk}/register", follow=True)
    assert "This event is cancelled" in response.content.decode()


def test_changing_the_time_tells_people_and_resets_their_reminder(world: World) -> None:
    event = _publish(world.national)
    as_user(world.staff_b).post(f"/support/events/{event.pk}/register")
    EventRegistration.objects.update(reminder_sent_at=timezone.now())
    mail.outbox.clear()
    as_user(world.national).post(f"/support/events/{event.pk}/edit", _form(starts="16:00", ends="17:00"))
    assert [m.to for m in mail.outbox] == [["staff@birch.test"]] and "has changed" in mail.outbox[0].subject
    assert EventRegistration.objects.get().reminder_sent_at is None


def test_only_the_host_changes_or_cancels(world: World) -> None:
    event = _publish(world.partner_member)
    other = SupportPartnerFactory()
    assert other.pk
    for user in (world.lead_b, world.staff_b):
        assert as_user(user).post(f"/support/events/{event.pk}/cancel", {"reason": "x"}).status_code == 403
        assert as_user(user).get(f"/support/events/{event.pk}/edit").status_code == 403
    assert as_user(world.national).get(f"/support/events/{event.pk}/edit").status_code == 200
    event.refresh_from_db()
    assert event.cancelled_at is None


def test_the_host_sees_bookings_from_its_organisations_only(world: World) -> None:
    event = _publish(world.partner_member)  # audience: everyone
    as_user(world.staff_b).post(f"/support/events/{event.pk}/register")
    as_user(world.staff_a).post(f"/support/events/{event.pk}/register")
    html = as_user(world.partner_member).get(f"/support/events/{event.pk}/").content.decode()
    assert "2 people have booked" in html
    assert "Bo Staff, Birch Care Home" in html and "Sid Staff" not in html


def test_a_calendar_file_can_be_downloaded(world: World) -> None:
    event = _publish(world.national, title="Backups, explained; simply")
    response = as_user(world.staff_b).get(f"/support/events/{event.pk}/calendar.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Backups\\, explained\\; simply" in body
    assert f"DTSTART:{event.starts_at.astimezone(__import__('zoneinfo').ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
