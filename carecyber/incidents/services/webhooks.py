"""Webhooks: tell an organisation's own systems when an incident is reported and when its grading changes.

Each event becomes a delivery row in the same transaction as the change, so
no event is lost if the process dies; a task sends it after the commit, and a
scheduled task retries failures with growing pauses. Receivers get each event
at least once and can drop repeats by the `X-CareCyber-Delivery` id.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.models import Organisation
from carecyber.incidents import access, conf
from carecyber.incidents.engine.signing import SIGNATURE_HEADER, new_secret, signature
from carecyber.incidents.models import Incident, WebhookDelivery, WebhookEndpoint
from carecyber.incidents.services.common import case_url

EVENT_CREATED = "incident.created"
EVENT_GRADED = "incident.graded"
EVENT_TEST = "webhook.test"

# Pause after each failed attempt; after the last, the delivery is given up.
BACKOFF_SECONDS: tuple[int, ...] = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
CLAIM_SECONDS = 120  # a claimed delivery is left alone this long (a worker that died frees it after)


def incident_payload(incident: Incident) -> dict[str, Any]:
    """What the organisation's systems get: the case, never who reported it."""
    return {
        "reference": incident.reference,
        "url": case_url(incident),
        "organisation": incident.organisation.code,
        "category": incident.category,
        "summary": incident.summary,
        "status": incident.status,
        "still_happening": incident.still_happening,
        "occurred_at": incident.occurred_at.isoformat(),
        "aware_at": incident.aware_at.isoformat(),
        "reported_at": incident.reported_at.isoformat() if incident.reported_at else None,
        "grading": {
            "likelihood": incident.graded_likelihood,
            "severity": incident.graded_severity,
            "score": incident.score,
            "band": incident.band or None,
            "level": incident.level or None,
            "vulnerable_groups": incident.vulnerable_groups,
            "notify_health_department": incident.notify_health_department,
            "notify_regulator": incident.notify_regulator,
            "tell_individuals": incident.tell_individuals,
            "essential_service_report": incident.nis_report,
            "rules_version": incident.rules_version,
        }
        if incident.is_graded
        else None,
        "notifiable": incident.notifiable,
        "deadline_at": incident.deadline_at.isoformat() if incident.deadline_at else None,
    }


def _endpoint_for(organisation: Organisation) -> WebhookEndpoint | None:
    """The organisation's own endpoint, or else its headquarters' (which acts for its sites)."""
    own = WebhookEndpoint.objects.filter(organisation=organisation, active=True).first()
    if own is None and organisation.parent_id:
        own = WebhookEndpoint.objects.filter(organisation_id=organisation.parent_id, active=True).first()
    return own


def webhook_enqueue(*, incident: Incident, event: str) -> WebhookDelivery | None:
    """Record the event for delivery (inside the caller's transaction) and send it once committed."""
    endpoint = _endpoint_for(incident.organisation)
    if endpoint is None:
        return None
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        incident=incident,
        event=event,
        payload=incident_payload(incident),
        next_attempt_at=timezone.now(),
    )
    _send_after_commit(delivery.pk)
    return delivery


def _send_after_commit(delivery_id: int) -> None:
    from carecyber.incidents.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.delay(delivery_id))


def check_url(url: str) -> str:
    """A webhook address we are willing to call, or ValidationError saying why not."""
    value = url.strip()
    parts = urlsplit(value)
    allow_private = conf.webhook_allow_private()
    schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        raise ValidationError({"url": "Enter a full address starting with https://"})
    if parts.username or parts.password:
        raise ValidationError(
            {"url": "Do not put a user name or password in the address: the signature proves who we are"}
        )
    if not allow_private:
        try:
            address = ipaddress.ip_address(parts.hostname)
        except ValueError:
            address = None
        if address is not None and not address.is_global:
            raise ValidationError({"url": "Enter a public address: private and local addresses are not allowed"})
    return value


def _refuse_private_host(host: str) -> None:
    """At send time: the name must not lead to a private, loopback or link-local address."""
    if conf.webhook_allow_private():
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        raise ConnectionError(f"could not look up {host}: {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ConnectionError(f"{host} leads to a non-public address; not sent")


def webhook_save(*, actor: Actor, organisation: Organisation, url: str, active: bool) -> WebhookEndpoint:
    if not access.can_manage_webhook(actor):
        raise PermissionDenied("Only the security lead can change the webhook")
    cleaned = check_url(url)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().filter(organisation=organisation).first()
        created = endpoint is None
        before = {} if endpoint is None else {"url": endpoint.url, "active": endpoint.active}
        if endpoint is None:
            endpoint = WebhookEndpoint(organisation=organisation, secret=new_secret())
        endpoint.url = cleaned
        endpoint.active = active
        endpoint.save()
        audit_record(
            actor=actor,
            action="incident_webhook.created" if created else "incident_webhook.updated",
            obj=endpoint,
            organisation=organisation,
            object_label=cleaned,
            changes={"before": before, "after": {"url": cleaned, "active": active}},
        )
    return endpoint


def webhook_rotate_secret(*, actor: Actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    if not access.can_manage_webhook(actor):
        raise PermissionDenied("Only the security lead can change the webhook")
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret", "updated_at"])
        audit_record(
            actor=actor, action="incident_webhook.secret_rotated", obj=endpoint, organisation=endpoint.organisation_id
        )
    return endpoint


def webhook_send_test(*, actor: Actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A harmless event, so a lead can check their receiver before a real incident arrives."""
    if not access.can_manage_webhook(actor):
        raise PermissionDenied("Only the security lead can test the webhook")
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=EVENT_TEST,
            payload={"message": "A test from CareCyber. No incident has been reported."},
            next_attempt_at=timezone.now(),
        )
        audit_record(actor=actor, action="incident_webhook.tested", obj=endpoint, organisation=endpoint.organisation_id)
        _send_after_commit(delivery.pk)
    return delivery


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode("utf-8")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead anywhere (including inside our network): treat it as a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _post(url: str, body: bytes, headers: dict[str, str], timeout: int) -> int:
    _refuse_private_host(urlsplit(url).hostname or "")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310  # scheme checked in check_url
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read(1024)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """Try one delivery once. Safe to call twice at once: only the caller that claims the row sends it."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=WebhookDelivery.State.FAILED, last_error="The webhook was switched off"
        )
        return WebhookDelivery.State.FAILED
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "CareCyber-Webhook/1",
        "X-CareCyber-Event": delivery.event,
        "X-CareCyber-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: signature(endpoint.secret, int(time.time()), body),
    }
    status: int | None = None
    error = ""
    try:
        status = _post(endpoint.url, body, headers, conf.webhook_timeout_seconds())
    except (OSError, ValueError, urllib.error.URLError) as exc:
        error = str(exc)[:300] or exc.__class__.__name__
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=WebhookDelivery.State.DELIVERED, last_status=status, last_error="", delivered_at=timezone.now()
        )
        return WebhookDelivery.State.DELIVERED
    if status is not None:
        error = f"The receiver answered {status}"
    if delivery.attempts >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=WebhookDelivery.State.FAILED, last_status=status, last_error=error
        )
        return WebhookDelivery.State.FAILED
    pause = BACKOFF_SECONDS[min(delivery.attempts, len(BACKOFF_SECONDS)) - 1]
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        last_status=status, last_error=error, next_attempt_at=now + timedelta(seconds=pause)
    )
    return WebhookDelivery.State.PENDING


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
