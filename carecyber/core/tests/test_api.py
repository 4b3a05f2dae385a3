"""The JSON API: token and session authentication, strict validation, size limits, a valid schema."""

from __future__ import annotations

import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from carecyber.accounts.services import api_token_create, api_token_revoke
from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _token_client(user_membership: Membership) -> tuple[Client, str]:
    actor = Actor(user=user_membership.user, membership=user_membership)
    _token, value = api_token_create(actor=actor, name="test", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}"), value


def test_a_token_acts_in_its_membership(world: World) -> None:
    client, _ = _token_client(Membership.objects.get(user=world.lead_b))
    codes = {o["code"] for o in client.get("/api/v1/organisations/").json()["results"]}
    assert codes == {"VBB01"}
    assert client.get(f"/api/v1/organisations/{world.org_a.code}/").status_code == 404


def test_a_wrong_or_revoked_token_is_refused(world: World) -> None:
    membership = Membership.objects.get(user=world.lead_b)
    client, value = _token_client(membership)
    bad = Client(HTTP_AUTHORIZATION=value[:-2].replace("cc_", "Bearer cc_", 1) + "xx")
    assert bad.get("/api/v1/organisations/").status_code == 401
    api_token_revoke(actor=Actor(user=world.lead_b, membership=membership), token=membership.api_tokens.get())
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert "expired or been revoked" in response.json()["detail"]


def test_no_credentials_means_no_data(world: World) -> None:
    response = Client().get("/api/v1/organisations/")
    assert response.status_code in {401, 403}
    assert "results" not in response.json()


def test_malformed_json_is_a_clear_400(world: World) -> None:
    client = signed_in(world.national)
    for url in ("/api/v1/organisations/", "/api/v1/memberships/"):
        response = client.post(url, data="{not json", content_type="application/json")
        assert response.status_code == 400
        assert "JSON parse error" in response.json()["detail"]


def test_unknown_fields_and_wrong_types_are_refused_by_every_endpoint(world: World) -> None:
    client = signed_in(world.national)
    cases = [
        (
            "post",
            "/api/v1/organisations/",
            {"code": "NEW1", "name": "X", "type": "care_home", "region": "london", "colour": "blue"},
            "colour",
        ),
        (
            "post",
            "/api/v1/organisations/",
            {"code": 12, "name": ["X"], "type": "care_home", "region": "london"},
            "name",
        ),
        ("patch", f"/api/v1/organisations/{world.org_a.code}/", {"type": "spaceport"}, "type"),
        ("patch", f"/api/v1/organisations/{world.org_a.code}/", {"category": 9}, "category"),
        ("post", "/api/v1/memberships/", {"organisation": "RAA", "email": "not-an-email", "role": "staff"}, "email"),
        ("post", "/api/v1/memberships/", {"organisation": "RAA", "email": "a@b.test", "role": "king"}, "role"),
        (
            "post",
            "/api/v1/memberships/",
            {"organisation": "RAA", "email": "a@b.test", "role": "staff", "salary": 1},
            "salary",
        ),
        ("patch", f"/api/v1/memberships/{Membership.objects.get(user=world.staff_a).pk}/", {"role": 7}, "role"),
        ("post", "/api/v1/organisations/", ["a", "list"], "non_field_errors"),
    ]
    for method, url, body, field in cases:
        response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (url, body, response.content)
        assert field in response.json(), (url, body, response.json())
    assert not Organisation.objects.filter(code="NEW1").exists()


def test_the_national_team_creates_and_a_lead_updates_through_the_api(world: World) -> None:
    national = signed_in(world.national)
    created = national.post(
        "/api/v1/organisations/",
        data=json.dumps(
            {
                "code": "v0999",
                "name": "Hazel Opticians",
                "type": "optometrist",
                "region": "south_east",
                "domains": ["hazel-optics.test"],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["code"] == "V0999" and created.json()["category"] == 3
    lead = signed_in(world.lead_a)
    changed = lead.patch(
        f"/api/v1/organisations/{world.org_a.code}/",
        data=json.dumps({"name": "Alder NHS Trust"}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Alder NHS Trust"
    refused = lead.patch(
        f"/api/v1/organisations/{world.org_a.code}/",
        data=json.dumps({"region": "london"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert (
        lead.post(
            "/api/v1/organisations/",
            data=json.dumps({"code": "X12", "name": "X", "type": "icb", "region": "london"}),
            content_type="application/json",
        ).status_code
        == 403
    )


def test_memberships_through_the_api(world: World) -> None:
    lead = signed_in(world.lead_a)
    created = lead.post(
        "/api/v1/memberships/",
        data=json.dumps(
            {"organisation": "raa", "email": "api.person@alder.test", "full_name": "Api Person", "role": "staff"}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        lead.patch(
            f"/api/v1/memberships/{pk}/", data=json.dumps({"team": "Theatres"}), content_type="application/json"
        ).json()["team"]
        == "Theatres"
    )
    assert lead.delete(f"/api/v1/memberships/{pk}/").status_code == 204
    staff = signed_in(world.staff_a)
    assert staff.get("/api/v1/memberships/").status_code == 403


def test_oversized_requests_are_refused_before_reading(world: World) -> None:
    client = signed_in(world.national)
    response = client.post(
        "/api/v1/organisations/", data="x", content_type="application/json", CONTENT_LENGTH=str(500 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_the_openapi_schema_is_valid(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert "/api/v1/organisations/" in schema["paths"]
    assert "apiToken" in schema["components"]["securitySchemes"]


def test_schema_and_docs_pages_are_served(world: World) -> None:
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
