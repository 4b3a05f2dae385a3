"""The alerts JSON API: strict input, the same scope as the pages, services behind every write."""

from __future__ import annotations

import pytest

from carecyber.alerts.models import Advisory, Asset, Response
from carecyber.alerts.tests.conftest import api_client
from carecyber.conftest import signed_in

pytestmark = pytest.mark.django_db


NEW = {
    "title": "Patient portal lets anyone read letters",
    "severity": "high",
    "tlp": "green",
    "cves": [{"cve_id": "CVE-2026-20002", "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
    "products": [{"vendor": "Acme Health Systems", "product": "Patient Portal", "versions": "vers:semver/<3.2.1"}],
}


def test_the_national_team_writes_and_publishes_through_theapi_client(
    world, add_asset, django_capture_on_commit_callbacks
) -> None:
    add_asset(world.org_b, vendor="Acme Health Systems", product="Patient Portal", version="3.1.9")
    api = api_client(world.national)
    created = api.post("/api/v1/alerts/advisories/", NEW, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["cves"][0]["base_score"] == 7.5
    assert body["products"][0]["key"] == "acme_health_systems:patient_portal"
    with django_capture_on_commit_callbacks(execute=True):
        published = api.post(
            f"/api/v1/alerts/advisories/{body['reference']}/publish/", {}, content_type="application/json"
        )
    assert published.status_code == 200 and published.json()["revision"] == 1
    assert Response.objects.get().organisation == world.org_b
    changed = api.patch(
        f"/api/v1/alerts/advisories/{body['reference']}/",
        {"severity": "medium", "change_summary": "Exploitation needs a signed-in user."},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["revision"] == 2 and changed.json()["severity"] == "medium"
    stix = api.get(f"/api/v1/alerts/advisories/{body['reference']}/stix/").json()
    assert stix["type"] == "bundle"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW, "colour": "red"}, "colour"),
        ({**NEW, "tlp": "purple"}, "tlp"),
        ({**NEW, "products": [{"vendor": "X", "product": "Y", "versions": "vers:semver/>=2|>=3"}]}, "products"),
        ({**NEW, "cves": [{"cve_id": "CVE-26-1"}]}, "cves"),
        ({**NEW, "cves": [{"cve_id": "CVE-2026-1111", "cvss_vector": "CVSS:3.1/AV:N"}]}, "cves"),
        ({**NEW, "target_regions": ["atlantis"]}, "target_regions"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(world, payload, field) -> None:
    response = api_client(world.national).post("/api/v1/alerts/advisories/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Advisory.objects.exists()


def test_leads_cannot_write_advisories_and_see_only_what_tlp_allows(world, publish) -> None:
    assert (
        api_client(world.lead_a).post("/api/v1/alerts/advisories/", NEW, content_type="application/json").status_code
        == 403
    )
    advisory = publish(tlp="amber")  # nobody runs Exchange here: targets nobody
    assert api_client(world.lead_a).get(f"/api/v1/alerts/advisories/{advisory.reference}/").status_code == 404
    assert api_client(world.national).get(f"/api/v1/alerts/advisories/{advisory.reference}/").status_code == 200


def test_responding_through_the_api_for_several_organisations(world, add_asset, publish) -> None:
    for org in (world.org_a, world.site_a, world.org_b):
        add_asset(org, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    api = api_client(world.lead_a)
    mine = api.get(f"/api/v1/alerts/responses/?advisory={advisory.reference}").json()["results"]
    assert {r["organisation"] for r in mine} == {"RAA", "RAA02"}
    assert mine[0]["why"][0]["version"] == "15.2.986.5"
    done = api.post(
        "/api/v1/alerts/responses/record/",
        {"action": "acknowledge", "responses": [r["id"] for r in mine]},
        content_type="application/json",
    )
    assert done.json() == {"changed": 2}
    birch = Response.objects.get(organisation=world.org_b)
    refused = api.post(
        "/api/v1/alerts/responses/record/",
        {"action": "acknowledge", "responses": [birch.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert Response.objects.get(pk=birch.pk).state == "open"
    unknown = api.post(
        "/api/v1/alerts/responses/record/",
        {"action": "acknowledge", "responses": [1], "x": 1},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "x" in unknown.json()


def test_assets_through_the_api_are_scoped(world, add_asset) -> None:
    theirs = add_asset(world.org_b, vendor="Acme", product="Portal", version="1")
    api = api_client(world.lead_a)
    created = api.post(
        "/api/v1/alerts/assets/",
        {"organisation": "RAA02", "vendor": "Google", "product": "Chrome", "version": "137.0.1"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["key"] == "google:chrome"
    assert (
        api.post(
            "/api/v1/alerts/assets/", {"organisation": "VBB01", "product": "X"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert api.get(f"/api/v1/alerts/assets/{theirs.pk}/").status_code == 404
    assert api.delete(f"/api/v1/alerts/assets/{theirs.pk}/").status_code == 404
    assert Asset.objects.filter(pk=theirs.pk).exists()
    changed = api.patch(
        f"/api/v1/alerts/assets/{created.json()['id']}/", {"version": "138.0.1"}, content_type="application/json"
    )
    assert changed.json()["version"] == "138.0.1"
    assert api_client(world.staff_a).get("/api/v1/alerts/assets/").status_code == 403


def test_contacts_and_aliases_through_theapi_client(world) -> None:
    lead = api_client(world.lead_b)
    made = lead.post(
        "/api/v1/alerts/contacts/",
        {"organisation": "VBB01", "name": "Desk", "email": "desk@birch.test"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["alert_only"] is True
    assert (
        lead.post(
            "/api/v1/alerts/contacts/",
            {"organisation": "RAA", "name": "X", "email": "x@a.test"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert lead.get("/api/v1/alerts/aliases/").status_code == 403
    national = api_client(world.national)
    added = national.post(
        "/api/v1/alerts/aliases/",
        {"kind": "vendor", "vendor": "northwind", "alias": "Northwind Health"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json() == {"alias": "northwind_health", "vendor": "northwind"}


def test_the_session_works_too_once_two_factor_is_done(world) -> None:
    assert signed_in(world.lead_a).get("/api/v1/alerts/responses/").status_code == 200
