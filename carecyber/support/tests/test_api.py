"""The support API: the same scope and rules as the pages, strict input, clear errors."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from carecyber.accounts.services import api_token_create
from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, User
from carecyber.support.models import Event, IssuedPolicy, PolicyAnswers, Ticket
from carecyber.support.tests.conftest import POLICY_ANSWERS

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    membership = Membership.objects.filter(user=user).first()
    assert membership is not None
    _token, value = api_token_create(actor=Actor(user=user, membership=membership), name="test", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}")


def post(client: Client, path: str, data: Any) -> Any:
    return client.post(path, data=data, content_type="application/json")


QUESTION = {"category": "toolkit", "subject": "Help with standard 7", "description": "How do we test our plan?"}


def test_guidance_is_open_to_anyone_and_searchable() -> None:
    client = Client()
    listed = client.get("/api/v1/support/articles/").json()
    assert {"getting-started", "nds-1", "nds-10", "backups"} <= {a["slug"] for a in listed}
    found = client.get("/api/v1/support/articles/", {"q": "backups"}).json()
    assert found[0]["slug"] == "backups" and found[0]["url"] == "/support/guidance/backups"
    detail = client.get("/api/v1/support/articles/nds-3/").json()
    assert detail["standard"] == 3 and "<h2>" in detail["body_html"] and detail["review_due"] == "2027-11-20"
    assert client.get("/api/v1/support/articles/nope/").status_code == 404


def test_a_question_is_raised_and_followed_through_the_api(world: World) -> None:
    staff = api(world.staff_b)
    response = post(staff, "/api/v1/support/tickets/", QUESTION)
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    assert response.json()["partner"] == world.partner.code and response.json()["messages"][0]["via"] == "api"
    partner = api(world.partner_member)
    assert [t["reference"] for t in partner.get("/api/v1/support/tickets/").json()["results"]] == [reference]
    reply = post(
        partner, f"/api/v1/support/tickets/{reference}/messages/", {"body": "Walk it through.", "resolve": True}
    )
    assert reply.status_code == 201 and reply.json()["status"] == "resolved"
    rated = post(staff, f"/api/v1/support/tickets/{reference}/rating/", {"rating": 5})
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    again = post(staff, f"/api/v1/support/tickets/{reference}/rating/", {"rating": 1})
    assert again.status_code == 400 and "already rated" in str(again.json())


def test_ticket_input_is_strict_and_explained(world: World) -> None:
    staff = api(world.staff_b)
    unknown = post(staff, "/api/v1/support/tickets/", {**QUESTION, "priority": "urgent"})
    assert unknown.status_code == 400 and unknown.json() == {"priority": ["Unknown field."]}
    blank = post(staff, "/api/v1/support/tickets/", {**QUESTION, "subject": ""})
    assert blank.status_code == 400 and blank.json() == {"subject": ["Enter a short subject"]}
    bad_file = post(
        staff,
        "/api/v1/support/tickets/",
        {**QUESTION, "attachments": [{"name": "tool.exe", "content_base64": base64.b64encode(b"MZ\x90\x00").decode()}]},
    )
    assert bad_file.status_code == 400 and "tool.exe: programs" in str(bad_file.json())
    not_base64 = post(
        staff, "/api/v1/support/tickets/", {**QUESTION, "attachments": [{"name": "a.pdf", "content_base64": "%%%"}]}
    )
    assert not_base64.status_code == 400
    assert not Ticket.objects.exists()


def test_attachments_can_be_sent_as_base64(world: World) -> None:
    staff = api(world.staff_b)
    data = {
        **QUESTION,
        "attachments": [{"name": "plan.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 x").decode()}],
    }
    response = post(staff, "/api/v1/support/tickets/", data)
    assert response.status_code == 201
    attachment = response.json()["messages"][0]["attachments"][0]
    assert attachment["name"] == "plan.pdf" and attachment["content_type"] == "application/pdf"


def test_another_organisation_gets_404_on_every_ticket_endpoint(world: World) -> None:
    reference = post(api(world.staff_b), "/api/v1/support/tickets/", QUESTION).json()["reference"]
    other = api(world.lead_a)
    assert other.get(f"/api/v1/support/tickets/{reference}/").status_code == 404
    for suffix, data in (("messages/", {"body": "x"}), ("status/", {"status": "resolved"}), ("rating/", {"rating": 5})):
        assert post(other, f"/api/v1/support/tickets/{reference}/{suffix}", data).status_code == 404
    assert other.get("/api/v1/support/tickets/").json()["results"] == []


def test_policy_answers_and_issuing_through_the_api(world: World) -> None:
    lead = api(world.lead_b)
    code = world.org_b.code
    bad = lead.put(
        f"/api/v1/support/organisations/{code}/policy-answers/",
        data={**POLICY_ANSWERS, "siro_name": "<b>x</b>"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "remove the < and > signs" in bad.json()["siro_name"][0]
    assert not PolicyAnswers.objects.exists()
    ok = lead.put(
        f"/api/v1/support/organisations/{code}/policy-answers/", data=POLICY_ANSWERS, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["it_provider"] == "Brightpath IT Ltd"
    issued = post(lead, f"/api/v1/support/organisations/{code}/policies/incident-reporting/issue", {})
    assert issued.status_code == 201 and issued.json()["version"] == 1
    assert issued.json()["pdf_url"].endswith(".pdf")
    assert issued.json()["evidences"] == ["6.1.1", "6.1.2", "6.1.3", "6.1.4"]
    listed = api(world.staff_b).get(f"/api/v1/support/organisations/{code}/policies/").json()
    assert [p["template"] for p in listed] == ["incident-reporting"]
    assert (
        post(api(world.staff_b), f"/api/v1/support/organisations/{code}/policies/acceptable-use/issue", {}).status_code
        == 403
    )
    unknown = lead.put(
        f"/api/v1/support/organisations/{code}/policy-answers/", data={"ceo": "x"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json() == {"ceo": ["Unknown field."]}


def test_another_organisation_gets_404_on_policy_endpoints(world: World) -> None:
    other = api(world.lead_a)
    code = world.org_b.code
    assert other.get(f"/api/v1/support/organisations/{code}/policy-answers/").status_code == 404
    assert other.get(f"/api/v1/support/organisations/{code}/policies/").status_code == 404
    assert post(other, f"/api/v1/support/organisations/{code}/policies/acceptable-use/issue", {}).status_code == 404
    assert not IssuedPolicy.objects.exists()


def test_events_are_published_and_booked_through_the_api(world: World) -> None:
    starts = (timezone.now() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    partner = api(world.partner_member)
    created = post(
        partner,
        "/api/v1/support/events/",
        {
            "kind": "drop_in",
            "title": "Ask us anything",
            "summary": "Bring your toolkit questions.",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "location": "Online",
            "audience": "partner_organisations",
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    staff = api(world.staff_b)
    assert [e["id"] for e in staff.get("/api/v1/support/events/").json()["results"]] == [pk]
    assert post(staff, f"/api/v1/support/events/{pk}/registration", {}).status_code == 201
    assert staff.delete(f"/api/v1/support/events/{pk}/registration").status_code == 204
    outsider = api(world.staff_a)
    assert outsider.get(f"/api/v1/support/events/{pk}/").status_code == 404
    assert post(outsider, f"/api/v1/support/events/{pk}/registration", {}).status_code == 404
    refused = post(
        api(world.lead_b),
        "/api/v1/support/events/",
        {
            "kind": "webinar",
            "title": "x",
            "summary": "x",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "location": "Online",
        },
    )
    assert refused.status_code == 403
    assert Event.objects.count() == 1


def test_the_dashboard_as_data_is_scoped_and_filtered(world: World) -> None:
    rows = api(world.partner_member).get("/api/v1/support/partner-organisations/").json()["results"]
    assert [r["code"] for r in rows] == [world.org_b.code]
    assert rows[0]["columns"]["open_tickets"] == {"text": "0", "value": "0"}
    assert (
        api(world.partner_member).get("/api/v1/support/partner-organisations/", {"tickets": "yes"}).json()["results"]
        == []
    )
    assert api(world.lead_b).get("/api/v1/support/partner-organisations/").status_code == 403
    national = api(world.national).get("/api/v1/support/partner-organisations/").json()
    assert national["count"] == 3
