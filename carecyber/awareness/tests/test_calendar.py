"""The campaign calendar: themes little and often, reminders to the lead once, materials per week, use recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.models import Branding, CampaignWeek, Pack, PackDownload
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_planning_puts_themes_in_turn_and_keeps_weeks_already_planned(world: World) -> None:
    actor = lead_actor(world)
    services.campaign_week_save(actor=actor, organisation=world.org_a, week_start=date(2026, 3, 18), theme="tailgating")
    created = services.calendar_plan(
        actor=actor,
        organisation=world.org_a,
        start=date(2026, 3, 4),
        weeks=12,
        every=2,
        themes=["phishing", "passwords"],
    )
    weeks = list(CampaignWeek.objects.filter(organisation=world.org_a).order_by("week_start"))
    assert [w.week_start for w in weeks] == [date(2026, 3, 2) + timedelta(weeks=n) for n in range(0, 12, 2)]
    assert weeks[1].theme == "tailgating"  # kept
    assert [(w.theme, w.variant) for w in created] == [
        ("phishing", 0), ("passwords", 0), ("phishing", 1), ("passwords", 1), ("phishing", 2),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="awareness.calendar.planned").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"themes": []}, "themes"),
        ({"themes": ["ransomware"]}, "themes"),
        ({"weeks": 0}, "weeks"),
        ({"every": 9}, "every"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_planned(world: World, kwargs: dict[str, object], field: str) -> None:
    args = {"start": date(2026, 3, 2), "weeks": 4, "every": 1, "themes": ["phishing"], **kwargs}
    with pytest.raises(ValidationError) as caught:
        services.calendar_plan(actor=lead_actor(world), organisation=world.org_a, **args)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not CampaignWeek.objects.exists()


def test_two_themes_in_one_week_are_refused_with_a_message(world: World) -> None:
    client = signed_in(world.lead_a)
    client.post(reverse("awareness:week-add"), {"week_start": "2026-03-04", "theme": "phishing", "variant": "0"})
    response = client.post(
        reverse("awareness:week-add"), {"week_start": "2026-03-06", "theme": "passwords", "variant": "0"}
    )
    assert "already has a theme" in response.content.decode()
    assert CampaignWeek.objects.count() == 1


def test_reminders_go_to_the_leads_once_a_few_days_before(world: World, committed) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    soon = services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=today + timedelta(days=2), theme="phishing"
    )
    later = services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=today + timedelta(days=30), theme="passwords"
    )
    with committed():
        sent = services.campaign_reminders_send()
        again = services.campaign_reminders_send()
    assert (sent, again) == (1, 0)  # the week starting on the Monday on or before "in two days" is due
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.lead_a.email]
    assert "Phishing" in message.subject and reverse("awareness:week-detail", args=[soon.pk]) in message.body
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_a_week_gets_its_materials_and_records_download_and_use(world: World, branding_a: Branding, committed) -> None:  # type: ignore[no-untyped-def]
    week = services.campaign_week_save(
        actor=lead_actor(world),
        organisation=world.org_a,
        week_start=date(2026, 5, 4),
        theme="locked_screens",
        variant=2,
    )
    client = signed_in(world.lead_a)
    with committed():
        response = client.post(reverse("awareness:week-materials", args=[week.pk]))
    pack = Pack.objects.get()
    assert pack.themes == ["locked_screens"] and pack.variant == 2
    assert response["Location"] == f"{reverse('awareness:pack-detail', args=[pack.pk])}?week={week.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'name="week" value="{week.pk}"' in page
    client.post(reverse("awareness:pack-download", args=[pack.pk]), {"week": str(week.pk)})
    assert PackDownload.objects.get().week == week
    client.post(reverse("awareness:week-used", args=[week.pk]), {"channels": ["screensaver", "intranet"]})
    week.refresh_from_db()
    assert week.used_channels == ["screensaver", "intranet"] and week.used_at is not None
    detail = client.get(reverse("awareness:week-detail", args=[week.pk])).content.decode()
    assert "Screensavers, Intranet" in detail
    bad = client.post(reverse("awareness:week-used", args=[week.pk]), {"channels": ["billboard"]})
    assert bad.status_code == 400


def test_the_calendar_page_lists_weeks_and_offers_planning(world: World) -> None:
    services.calendar_plan(
        actor=lead_actor(world),
        organisation=world.org_a,
        start=timezone.localdate(),
        weeks=6,
        every=2,
        themes=["phishing"],
    )
    page = signed_in(world.lead_a).get(reverse("awareness:calendar")).content.decode()
    assert "Plan a campaign" in page and page.count("Phishing (wording") == 3


def test_another_organisation_gets_404_on_every_week_page(world: World) -> None:
    week = services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=date(2026, 5, 4), theme="phishing"
    )
    other = signed_in(world.lead_b)
    for name in ("week-detail", "week-edit"):
        assert other.get(reverse(f"awareness:{name}", args=[week.pk])).status_code == 404
    for name in ("week-remove", "week-materials", "week-used"):
        assert other.post(reverse(f"awareness:{name}", args=[week.pk]), {"channels": ["intranet"]}).status_code == 404
    week.refresh_from_db()
    assert week.used_at is None
    assert CampaignWeek.objects.filter(pk=week.pk).exists()
    assert "Phishing (wording" not in other.get(reverse("awareness:calendar")).content.decode()


def test_removing_a_week(world: World) -> None:
    week = services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=date(2026, 5, 4), theme="phishing"
    )
    signed_in(world.lead_a).post(reverse("awareness:week-remove", args=[week.pk]))
    assert not CampaignWeek.objects.exists()
    assert AuditEvent.objects.filter(action="awareness.week.removed").count() == 1
