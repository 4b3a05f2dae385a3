"""Navigation and home pages show awareness to those who use it; the command makes a pack without the web app."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.awareness.tests.helpers import SVG_LOGO
from carecyber.conftest import World, signed_in


@pytest.mark.django_db
def test_leads_see_the_next_campaign_week_and_running_exercises_on_their_home_page(world: World) -> None:
    client = signed_in(world.lead_a)
    home = client.get("/").content.decode()
    assert (
        'href="/awareness/"' in home and "No campaign week planned" in home and "0 phishing exercises running" in home
    )
    services.campaign_week_save(
        actor=lead_actor(world),
        organisation=world.org_a,
        week_start=timezone.localdate() + timedelta(days=7),
        theme="tailgating",
    )
    now = timezone.now()
    exercise = services.exercise_create(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.ExerciseInput(
            name="Autumn check",
            template_key="prize-draw",
            teams=(),
            window_start=now,
            window_end=now + timedelta(hours=3),
        ),
    )
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    home = client.get("/").content.decode()
    assert "Next campaign week: Tailgating" in home
    assert "1 phishing exercise running" in home and "Autumn check (0 of 3 sent)" in home


@pytest.mark.django_db
def test_staff_and_other_organisations_see_none_of_it(world: World) -> None:
    services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=timezone.localdate(), theme="tailgating"
    )
    staff_home = signed_in(world.staff_a).get("/").content.decode()
    assert 'href="/awareness/"' not in staff_home and "Tailgating" not in staff_home
    other_home = signed_in(world.lead_b).get("/").content.decode()
    assert "Tailgating" not in other_home and "No campaign week planned" in other_home


@pytest.mark.django_db
def test_the_national_team_sees_how_widely_campaigns_are_used(world: World) -> None:
    page = signed_in(world.national).get("/").content.decode()
    assert "Organisations with their own branding" in page


def test_the_command_renders_a_pack_to_a_zip(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG_LOGO)
    out = tmp_path / "pack.zip"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "awareness", "pack", "--name", "Oak Surgery", "--colour", "#FFD700", "--report-to", "spam@oak.test",
        "--themes", "phishing,passwords", "--logo", str(logo), "--out", str(out),
        verbosity=0, stdout=stdout, stderr=stderr,
    )  # fmt: skip
    assert "28 images" in stdout.getvalue()
    assert "#FFD700" in stderr.getvalue()  # the lead is told the colour was darkened
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        names = zf.namelist()
    assert sum(n.endswith(".png") for n in names) == 28 and sum(n.endswith(".pdf") for n in names) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--colour", "gold"], "hex code"),
        (["--themes", "ransomware"], "Unknown theme ransomware"),
        (["--logo", "/nonexistent/logo.png"], "Cannot read the logo"),
        (["--name", "Supercalifragilisticexpialidocious" * 6], "cannot fit"),
    ],
)
def test_the_command_explains_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    base = {
        "--name": "Oak Surgery",
        "--colour": "#005EB8",
        "--report-to": "spam@oak.test",
        "--out": str(tmp_path / "p.zip"),
    }
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    with pytest.raises(CommandError, match=message):
        call_command("awareness", "pack", *[x for kv in base.items() for x in kv], verbosity=0)
    assert not (tmp_path / "p.zip").exists()
