"""The small demo's awareness data: branding, a calendar in use, a pack, and exercises with results."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carecyber.awareness import queries
from carecyber.awareness.models import (
    Branding,
    CampaignWeek,
    Exercise,
    ExerciseRecipient,
    ExerciseStatus,
    ExerciseVisit,
    Pack,
    PackDownload,
)
from carecyber.conftest import signed_in
from carecyber.core.demo import small
from carecyber.core.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict[str, Organisation]:
    # Training's loader adds the colleagues (in teams) that exercises go to.
    monkeypatch.setattr(small, "CAPABILITY_APPS", ("training", "awareness"))
    call_command("demo", "--scale", "small")
    capsys.readouterr()
    return {o.code: o for o in Organisation.objects.all()}


def test_branding_a_darkened_colour_and_a_calendar_in_use(demo: dict[str, Organisation]) -> None:
    rosewood = Branding.objects.get(organisation=demo["VRC01"])
    assert rosewood.colour_used != rosewood.colour  # too light for white text: darkened
    assert Branding.objects.get(organisation=demo["RNF"]).colour_used == "#005EB8"
    weeks = list(CampaignWeek.objects.filter(organisation=demo["VRC01"]).order_by("week_start"))
    assert len(weeks) == 8 and weeks[0].used_at is not None and "briefing" in weeks[0].used_channels
    assert PackDownload.objects.filter(week=weeks[0]).exists()
    assert Pack.objects.filter(organisation=demo["VRC01"], themes=[weeks[0].theme]).exists()
    grace = signed_in(User.objects.get(email="grace.adeyemi@rosewoodcare.test"))
    assert "Get this week" in grace.get(f"/awareness/calendar/{weeks[1].pk}/").content.decode()


def test_a_closed_exercise_has_results_by_team_and_a_running_one_is_part_sent(demo: dict[str, Organisation]) -> None:
    closed = Exercise.objects.get(organisation=demo["RNF"])
    assert closed.status == ExerciseStatus.CLOSED
    assert not ExerciseRecipient.objects.filter(exercise=closed).exclude(email="").exists()  # names forgotten
    results = queries.exercise_results(closed)
    assert results.total.recipients == results.total.sent >= 20
    assert results.total.clicked > 0 and results.total.reported > 0
    assert any(t.label == "Ward 7" for t in results.teams)
    scanner = ExerciseVisit.objects.filter(recipient__exercise=closed, counted=False)
    assert scanner.exists() and "scanner" in scanner.first().reason.lower()  # type: ignore[union-attr]
    running = Exercise.objects.get(organisation=demo["VRC01"])
    assert running.status == ExerciseStatus.SCHEDULED
    recipients = ExerciseRecipient.objects.filter(exercise=running)
    assert recipients.filter(sent_at__isnull=False).exists() and recipients.filter(sent_at__isnull=True).exists()
    sam = signed_in(User.objects.get(email="sam.patel@northfield.nhs.test"))
    page = sam.get(f"/awareness/exercises/{closed.pk}/").content.decode()
    assert "Ward 7" in page and "resilience" in page.lower()
