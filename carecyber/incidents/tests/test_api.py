"""The incidents API: report and read, strict about input, scoped like the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from carecyber.accounts.services import api_token_create
from carecyber.conftest import World, signed_in
from carecyber.core.models import User
from carecyber.incidents.models import Incident
from carecyber.incidents.tests.helpers import actor_for, grade, report

pytestmark = pytest.mark.django_db


def _token_client(user: User) -> Client:
    _token, value = api_token_create(actor=actor_for(user), name="service desk", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}")


def _body(**overrides: object) -> dict[str, object]:
    now = timezone.now()
    return {
        "category": "systems_down",
        "summary": "Email is down across the practice",
        "still_happening": "yes",
        "occurred_at": (now - timedelta(hours=1)).isoformat(),
        "aware_at": (now - timedelta(minutes=20)).isoformat(),
        **overrides,
    }


def test_a_service_desk_reports_an_incident_with_a_token(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    client = _token_client(world.lead_a)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post("/api/v1/incidents/", _body(), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["reference"].startswith("INC-") and data["organisation"] == "RAA" and data["status"] == "new"
    assert data["full"] is True and data["reporter"] == world.lead_a.email
    assert Incident.objects.get().source == "api"


def test_unknown_fields_and_impossible_dates_are_refused_clearly(world: World) -> None:
    client = _token_client(world.staff_a)
    unknown = client.post("/api/v1/incidents/", _body(severity=5), content_type="application/json")
    assert unknown.status_code == 400 and unknown.json() == {"severity": ["Unknown field."]}
    backwards = client.post(
        "/api/v1/incidents/",
        _body(occurred_at=timezone.now().isoformat(), aware_at=(timezone.now() - timedelta(days=1)).isoformat()),
        content_type="application/json",
    )
    assert backwards.status_code == 400 and "found out before it happened" in backwards.json()["aware_at"][0]
    wrong = client.post("/api/v1/incidents/", _body(category="bad"), content_type="application/json")
    assert wrong.status_code == 400 and "category" in wrong.json()
    assert not Incident.objects.exists()


def test_staff_see_their_own_reports_but_not_the_case(world: World) -> None:
    mine = report(world.staff_a)
    report(world.lead_a, summary="Reported by the lead")
    grade(world.lead_a, mine)
    data = _token_client(world.staff_a).get("/api/v1/incidents/").json()
    assert [r["reference"] for r in data["results"]] == [mine.reference]
    row = data["results"][0]
    assert row["full"] is False and "grading" not in row and "owner" not in row


def test_an_anonymous_report_through_the_api_names_nobody(world: World) -> None:
    client = _token_client(world.staff_a)
    response = client.post("/api/v1/incidents/", _body(anonymous=True), content_type="application/json")
    assert response.status_code == 201
    incident = Incident.objects.get()
    assert incident.reporter is None
    lead_view = _token_client(world.lead_a).get(f"/api/v1/incidents/{incident.pk}/").json()
    assert lead_view["anonymous"] is True and lead_view["reporter"] is None
    assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 404  # not linked to anyone afterwards


def test_leads_read_their_cases_with_grading_and_clock(world: World) -> None:
    incident = grade(world.lead_b, report(world.staff_b), likelihood=5, severity=5)
    data = _token_client(world.lead_b).get(f"/api/v1/incidents/{incident.pk}/").json()
    assert data["grading"]["level"] == "regulator_individuals" and data["notifiable"] is True
    assert data["clock"]["running"] is True and 0 < data["clock"]["remaining_seconds"] <= 72 * 3600
    assert _token_client(world.lead_b).get("/api/v1/incidents/?notifiable=true").json()["count"] == 1
    assert _token_client(world.lead_b).get("/api/v1/incidents/?status=closed").json()["count"] == 0


def test_other_organisations_and_the_unshared_get_404(world: World) -> None:
    incident = report(world.staff_b)
    for user in (world.lead_a, world.staff_a, world.national):
        client = _token_client(user) if user != world.national else signed_in(user)
        assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 404
        assert incident.reference not in client.get("/api/v1/incidents/").content.decode()
    Incident.objects.filter(pk=incident.pk).update(shared_with_national=True)
    assert signed_in(world.national).get(f"/api/v1/incidents/{incident.pk}/").status_code == 200


def test_without_credentials_there_is_nothing(world: World) -> None:
    report(world.staff_b)
    assert Client().get("/api/v1/incidents/").status_code in {401, 403}
    assert Client().post("/api/v1/incidents/", _body(), content_type="application/json").status_code in {401, 403}
