"""The awareness JSON API: strict (unknown fields refused), scoped (another organisation gets 404), role-checked."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.models import Branding, CampaignWeek, Exercise, ExerciseRecipient, ExerciseReport
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.awareness.tests.helpers import SVG_LOGO
from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1/awareness"


def _json(client: Client, method: str, path: str, data: object | None = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(f"{API}/{path}", data=data, content_type="application/json")


def test_branding_round_trip_with_a_logo_and_unknown_fields_refused(world: World) -> None:
    client = signed_in(world.lead_a)
    assert _json(client, "get", "branding/").status_code == 404
    body = {
        "name": "Alder",
        "colour": "#FFEB3B",
        "report_to": "spam@alder.test",
        "logo_base64": base64.b64encode(SVG_LOGO).decode(),
    }
    response = _json(client, "post", "branding/", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["has_logo"] and data["colour_used"] != "#FFEB3B" and "4.5 to 1" in data["notes"][0]
    assert _json(client, "get", "branding/").json()["version"] == 1
    bad = _json(client, "post", "branding/", {**body, "colour_name": "yellow"})
    assert bad.status_code == 400 and bad.json() == {"colour_name": ["Unknown field."]}
    hostile = _json(
        client,
        "post",
        "branding/",
        {
            **body,
            "logo_base64": base64.b64encode(
                b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9' onload='x()'/>"
            ).decode(),
        },
    )
    assert hostile.status_code == 400 and "onload" in hostile.json()["logo"][0]
    assert Branding.objects.get().version == 1


def test_packs_weeks_and_exercises_through_the_api(world: World, branding_a: Branding, committed) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(world.lead_a)
    with committed():
        created = _json(client, "post", "packs/", {"themes": ["passwords"], "variant": 1})
    assert created.status_code == 202
    pack_id = created.json()["id"]
    detail = _json(client, "get", f"packs/{pack_id}/").json()
    assert detail["status"] == "ready" and len([f for f in detail["files"] if f["alt"]]) == 14
    again = _json(client, "post", "packs/", {"themes": ["passwords"], "variant": 1})
    assert again.status_code == 200 and again.json()["id"] == pack_id  # cached
    download = client.get(f"{API}/packs/{pack_id}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert _json(client, "post", "packs/", {"themes": ["ransomware"]}).status_code == 400

    week = _json(client, "post", "weeks/", {"week_start": "2026-06-03", "theme": "tailgating"})
    assert week.status_code == 201 and week.json()["week_start"] == "2026-06-01"
    used = _json(client, "post", f"weeks/{week.json()['id']}/used/", {"channels": ["poster"]})
    assert used.json()["used_channels"] == ["poster"]
    plan = _json(client, "post", "weeks/plan/", {"start": "2026-07-06", "weeks": 4, "every": 2, "themes": ["phishing"]})
    assert plan.status_code == 201 and len(plan.json()) == 2
    assert (
        _json(client, "post", "weeks/", {"week_start": "2026-06-03", "theme": "tailgating", "colour": "x"}).status_code
        == 400
    )

    start = timezone.now()
    exercise = _json(
        client,
        "post",
        "exercises/",
        {
            "name": "API check",
            "template_key": "prize-draw",
            "window_start": start.isoformat(),
            "window_end": (start + timedelta(hours=2)).isoformat(),
        },
    )
    assert exercise.status_code == 201, exercise.content
    exercise_id = exercise.json()["id"]
    launched = _json(client, "post", f"exercises/{exercise_id}/launch/")
    assert launched.json()["status"] == "scheduled" and launched.json()["recipients"] == 3
    templates = _json(client, "get", "templates/").json()
    assert {t["difficulty"] for t in templates} == {"least", "moderate", "very"}
    assert len(_json(client, "get", "themes/").json()) == 7


def test_exercise_reports_through_the_api_only_for_your_own_tokens(world: World, branding_a: Branding) -> None:
    now = timezone.now()
    exercise = services.exercise_create(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.ExerciseInput(
            name="x", template_key="prize-draw", teams=(), window_start=now, window_end=now + timedelta(hours=1)
        ),
    )
    services.exercise_launch(actor=lead_actor(world), exercise=exercise)
    token = ExerciseRecipient.objects.filter(exercise=exercise).values_list("token", flat=True)[0]
    other = _json(
        signed_in(world.lead_b), "post", "exercise-reports/", {"token": token, "reported_at": now.isoformat()}
    )
    assert other.status_code == 400 and not ExerciseReport.objects.exists()
    own = _json(signed_in(world.lead_a), "post", "exercise-reports/", {"token": token, "reported_at": now.isoformat()})
    assert own.status_code == 201 and ExerciseReport.objects.get().token == token


def test_another_organisation_gets_404_on_every_object_endpoint(world: World, branding_a: Branding, committed) -> None:  # type: ignore[no-untyped-def]
    with committed():
        pack = services.pack_request(actor=lead_actor(world), organisation=world.org_a, themes=["phishing"])
    week = services.campaign_week_save(
        actor=lead_actor(world), organisation=world.org_a, week_start=timezone.localdate(), theme="phishing"
    )
    now = timezone.now()
    exercise = services.exercise_create(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.ExerciseInput(
            name="x", template_key="prize-draw", teams=(), window_start=now, window_end=now + timedelta(hours=1)
        ),
    )
    other = signed_in(world.lead_b)
    for path in (f"packs/{pack.pk}/", f"packs/{pack.pk}/download/", f"weeks/{week.pk}/", f"exercises/{exercise.pk}/"):
        assert _json(other, "get", path).status_code == 404, path
    assert _json(other, "patch", f"weeks/{week.pk}/", {"theme": "passwords"}).status_code == 404
    assert _json(other, "delete", f"weeks/{week.pk}/").status_code == 404
    assert _json(other, "post", f"weeks/{week.pk}/used/", {"channels": ["poster"]}).status_code == 404
    for verb in ("launch", "cancel", "close"):
        assert _json(other, "post", f"exercises/{exercise.pk}/{verb}/").status_code == 404
    assert _json(other, "get", "packs/").json()["count"] == 0
    assert CampaignWeek.objects.get().theme == "phishing"
    assert Exercise.objects.get().status == "draft"


def test_staff_cannot_use_the_awareness_api_and_auditors_only_read(world: World, branding_a: Branding) -> None:
    assert _json(signed_in(world.staff_a), "get", "packs/").status_code == 403
    auditor = signed_in(world.auditor_a)
    assert _json(auditor, "get", "branding/").status_code == 200
    assert _json(auditor, "post", "weeks/", {"week_start": "2026-06-03", "theme": "tailgating"}).status_code == 403
