"""The TAXII 2.1 server, read with the real taxii2-client package against a live server."""

from __future__ import annotations

import pytest
import requests
from django.test import Client
from taxii2client.v21 import Server, as_pages

from carecyber.accounts.services import api_token_create
from carecyber.alerts.engine.stix_markings import TLP_2_MARKING_IDS
from carecyber.alerts.services import Targeting
from carecyber.alerts.tests.conftest import actor_for
from carecyber.alerts.views.taxii import COLLECTIONS

pytestmark = pytest.mark.django_db(transaction=True)
MEDIA = "application/taxii+json;version=2.1"
PUBLIC, COMMUNITY, FOR_YOU = (c.id for c in COLLECTIONS)


class Bearer(requests.auth.AuthBase):
    def __init__(self, value: str) -> None:
        self.value = value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.value}"
        return request


def _token(user) -> str:  # type: ignore[no-untyped-def]
    _, value = api_token_create(actor=actor_for(user), name="taxii", days=30)
    return value


@pytest.fixture
def alerts(world, add_asset, publish):  # type: ignore[no-untyped-def]
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    clear = publish(tlp="clear", products=[], targeting=Targeting(all=True), title="Clear alert for everyone")
    amber = publish(tlp="amber", title="Amber alert for Birch")
    return clear, amber


def _ids(envelope: dict) -> set[str]:  # type: ignore[type-arg]
    return {o["id"] for o in envelope.get("objects", [])}


def test_discovery_and_collections_with_the_real_client(world, alerts, live_server) -> None:
    server = Server(f"{live_server.url}/taxii2/", auth=Bearer(_token(world.lead_b)))
    assert server.title == "CareCyber threat alerts"
    root = server.api_roots[0]
    assert root.versions == [MEDIA]
    titles = {c.id: c.title for c in root.collections}
    assert set(titles) == {PUBLIC, COMMUNITY, FOR_YOU}
    assert all(c.can_read and not c.can_write for c in root.collections)


def test_a_collection_shows_only_what_its_reader_may_see(world, alerts, live_server) -> None:
    clear, amber = alerts
    birch = Server(f"{live_server.url}/taxii2/", auth=Bearer(_token(world.lead_b))).api_roots[0]
    alder = Server(f"{live_server.url}/taxii2/", auth=Bearer(_token(world.lead_a))).api_roots[0]
    birch_for_you = next(c for c in birch.collections if c.id == FOR_YOU)
    alder_for_you = next(c for c in alder.collections if c.id == FOR_YOU)
    birch_objects = birch_for_you.get_objects()
    alder_objects = alder_for_you.get_objects()
    reports = {o["name"] for o in birch_objects["objects"] if o["type"] == "report"}
    assert reports == {f"{clear.reference}: Clear alert for everyone", f"{amber.reference}: Amber alert for Birch"}
    assert {o["name"] for o in alder_objects["objects"] if o["type"] == "report"} == {
        f"{clear.reference}: Clear alert for everyone"
    }
    amber_report = next(o for o in birch_objects["objects"] if o["type"] == "report" and amber.reference in o["name"])
    assert amber_report["object_marking_refs"] == [TLP_2_MARKING_IDS["amber"]]
    markings = [o for o in birch_objects["objects"] if o["type"] == "marking-definition"]
    assert {m["id"] for m in markings} == {TLP_2_MARKING_IDS["clear"], TLP_2_MARKING_IDS["amber"]}
    community = next(c for c in birch.collections if c.id == COMMUNITY)
    assert not any(amber.reference in o.get("name", "") for o in community.get_objects().get("objects", []))


def test_paging_with_limit_and_next_returns_everything_once(world, alerts, live_server) -> None:
    root = Server(f"{live_server.url}/taxii2/", auth=Bearer(_token(world.lead_b))).api_roots[0]
    collection = next(c for c in root.collections if c.id == FOR_YOU)
    everything = _ids(collection.get_objects())
    paged: list[str] = []
    for envelope in as_pages(collection.get_objects, per_request=2):
        assert len(envelope.get("objects", [])) <= 2
        paged.extend(o["id"] for o in envelope.get("objects", []))
    assert len(paged) == len(set(paged)) and set(paged) == everything


def test_added_after_manifest_and_versions(world, alerts, live_server, django_capture_on_commit_callbacks) -> None:
    from carecyber.alerts.services import advisory_update
    from carecyber.alerts.tests.conftest import advisory_input

    _, amber = alerts
    root = Server(f"{live_server.url}/taxii2/", auth=Bearer(_token(world.lead_b))).api_roots[0]
    collection = next(c for c in root.collections if c.id == FOR_YOU)
    manifest = collection.get_manifest()
    last_added = max(m["date_added"] for m in manifest["objects"])
    with django_capture_on_commit_callbacks(execute=True):
        advisory_update(
            actor=actor_for(world.national),
            advisory=amber,
            data=advisory_input(tlp="amber", title="Amber alert for Birch, revised"),
            change_summary="Clearer title.",
        )
    newer = collection.get_objects(added_after=last_added)
    assert any(o["type"] == "report" and o["name"].endswith("revised") for o in newer["objects"])
    report_id = next(o["id"] for o in newer["objects"] if o["type"] == "report")
    versions = collection.object_versions(report_id)["versions"]
    assert len(versions) == 2 and versions[0] < versions[1]
    latest = collection.get_object(report_id)["objects"]
    assert len(latest) == 1 and latest[0]["name"].endswith("revised")
    every = collection.get_object(report_id, version="all")["objects"]
    assert len(every) == 2


def test_media_type_authentication_and_errors(world, alerts) -> None:
    anonymous = Client()
    assert anonymous.get("/taxii2/", HTTP_ACCEPT="application/json").status_code == 406
    discovery = anonymous.get("/taxii2/", HTTP_ACCEPT=MEDIA)
    assert discovery.status_code == 200 and discovery["Content-Type"] == MEDIA
    listed = anonymous.get("/taxii2/api/collections/", HTTP_ACCEPT=MEDIA).json()
    assert [c["id"] for c in listed["collections"]] == [PUBLIC]
    public = anonymous.get(f"/taxii2/api/collections/{PUBLIC}/objects/", HTTP_ACCEPT=MEDIA)
    assert public.status_code == 200 and public["X-TAXII-Date-Added-First"]
    assert anonymous.get(f"/taxii2/api/collections/{COMMUNITY}/objects/", HTTP_ACCEPT=MEDIA).status_code == 401
    bad_token = Client(HTTP_AUTHORIZATION="Bearer cc_nope_nope")
    assert bad_token.get(f"/taxii2/api/collections/{PUBLIC}/", HTTP_ACCEPT=MEDIA).status_code == 401
    assert anonymous.get("/taxii2/api/collections/nope/", HTTP_ACCEPT=MEDIA).status_code == 404
    bad = anonymous.get(f"/taxii2/api/collections/{PUBLIC}/objects/?limit=zero", HTTP_ACCEPT=MEDIA)
    assert bad.status_code == 400 and "limit" in bad.json()["description"]
    assert anonymous.post(f"/taxii2/api/collections/{PUBLIC}/objects/", HTTP_ACCEPT=MEDIA).status_code == 405
