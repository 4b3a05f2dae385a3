"""Webhooks: a signed POST to the organisation's address on create and on grading change, retried by a task.

A real HTTP server runs in the test; it fails on purpose first, so the retry path is exercised end to end.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from carecyber.conftest import World, signed_in
from carecyber.incidents.engine.signing import verify
from carecyber.incidents.models import WebhookDelivery, WebhookEndpoint
from carecyber.incidents.services import webhook_save
from carecyber.incidents.services.webhooks import MAX_ATTEMPTS, delivery_attempt
from carecyber.incidents.tasks import retry_webhooks
from carecyber.incidents.tests.helpers import actor_for, grade, report

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status codes to give, in turn; then 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the standard library's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append({"headers": self.headers, "body": body})  # case-insensitive
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/carecyber"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_receivers_allowed(settings: object) -> None:
    settings.INCIDENTS_WEBHOOK_ALLOW_PRIVATE = True  # type: ignore[attr-defined]


def _endpoint(world: World, url: str) -> WebhookEndpoint:
    return webhook_save(actor=actor_for(world.lead_b), organisation=world.org_b, url=url, active=True)


def test_a_report_and_its_grading_reach_the_receiver_signed(
    world: World, receiver: Receiver, local_receivers_allowed: None, django_capture_on_commit_callbacks: object
) -> None:
    endpoint = _endpoint(world, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        incident = report(world.staff_b, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        grade(world.lead_b, incident, likelihood=5, severity=5)
    assert [json.loads(r["body"])["event"] for r in receiver.received] == ["incident.created", "incident.graded"]
    for item in receiver.received:
        headers = item["headers"]
        assert verify(endpoint.secret, headers["X-CareCyber-Signature"], item["body"], now=int(time.time()))
        assert headers["Content-Type"] == "application/json" and headers["X-CareCyber-Delivery"].isdigit()
    created = json.loads(receiver.received[0]["body"])["data"]
    assert created["reference"] == incident.reference and created["organisation"] == "VBB01"
    assert "reporter" not in json.dumps(created)  # never who reported (this one was anonymous anyway)
    graded = json.loads(receiver.received[1]["body"])["data"]
    assert graded["grading"]["level"] == "regulator_individuals" and graded["notifiable"] and graded["deadline_at"]
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"delivered"}


def test_a_failed_delivery_is_retried_by_the_scheduled_task(
    world: World, receiver: Receiver, local_receivers_allowed: None, django_capture_on_commit_callbacks: object
) -> None:
    _endpoint(world, receiver.url)
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report(world.staff_b)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1 and delivery.last_status == 503
    assert "answered 503" in delivery.last_error and delivery.next_attempt_at > timezone.now()
    assert retry_webhooks.apply().get() == 0  # not due yet: the pause after a failure is respected
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert retry_webhooks.apply().get() == 1
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.attempts == 2
    assert len(receiver.received) == 2
    first, second = (json.loads(r["body"]) for r in receiver.received)
    assert first["id"] == second["id"]  # the same event: receivers drop repeats by id
    assert delivery_attempt(delivery.pk) == "skipped"  # a late duplicate task sends nothing


def test_a_receiver_that_never_answers_is_given_up_on(world: World, local_receivers_allowed: None) -> None:
    _endpoint(world, "http://127.0.0.1:9/nothing-listens-here")
    report(world.staff_b)
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    for n in range(MAX_ATTEMPTS):
        now += timedelta(days=1)
        delivery_attempt(delivery.pk, now=now)
        delivery.refresh_from_db()
        if n < MAX_ATTEMPTS - 1:
            assert delivery.state == "pending"
    assert delivery.state == "failed" and delivery.attempts == MAX_ATTEMPTS and delivery.last_error


def test_private_and_plain_addresses_are_refused_in_production(world: World, settings: object) -> None:
    settings.INCIDENTS_WEBHOOK_ALLOW_PRIVATE = False  # type: ignore[attr-defined]
    client = signed_in(world.lead_b)
    for url, message in (
        ("http://hooks.example.org/x", "starting with https://"),
        ("https://10.0.0.5/x", "private and local addresses are not allowed"),
        ("https://user:pw@hooks.example.org/x", "Do not put a user name or password"),
    ):
        response = client.post("/incidents/settings/webhook", {"url": url, "active": "on"})
        assert message in response.content.decode().replace("&#39;", "'")
    assert not WebhookEndpoint.objects.exists()
    # A name that leads to a loopback address is refused when sending, too.
    WebhookEndpoint.objects.create(organisation=world.org_b, url="https://localhost/x", secret="s")
    report(world.staff_b)
    delivery = WebhookDelivery.objects.get()
    assert delivery_attempt(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert "non-public address" in delivery.last_error


def test_the_lead_configures_tests_and_rotates_the_secret(
    world: World, receiver: Receiver, local_receivers_allowed: None, django_capture_on_commit_callbacks: object
) -> None:
    client = signed_in(world.lead_b)
    assert client.post("/incidents/settings/webhook", {"url": receiver.url, "active": "on"}).status_code == 302
    endpoint = WebhookEndpoint.objects.get(organisation=world.org_b)
    page = client.get("/incidents/settings/webhook").content.decode()
    assert endpoint.secret in page and "X-CareCyber-Signature" in page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post("/incidents/settings/webhook/action", {"action": "test"})
    assert json.loads(receiver.received[-1]["body"])["event"] == "webhook.test"
    old = endpoint.secret
    client.post("/incidents/settings/webhook/action", {"action": "rotate"})
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    assert "Delivered" in client.get("/incidents/settings/webhook").content.decode()
    # Staff and other organisations' leads cannot see or change it.
    assert signed_in(world.staff_b).get("/incidents/settings/webhook").status_code == 403
    assert old not in signed_in(world.lead_a).get("/incidents/settings/webhook").content.decode()


def test_redirects_are_not_followed(
    world: World, local_receivers_allowed: None, django_capture_on_commit_callbacks: object
) -> None:
    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:1/internal")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _endpoint(world, f"http://127.0.0.1:{server.server_port}/")
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            report(world.staff_b)
    finally:
        server.shutdown()
        server.server_close()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.last_status == 307
