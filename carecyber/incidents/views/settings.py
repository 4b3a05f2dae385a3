"""The organisation's incident webhook: its address, its signing secret, a test, and recent deliveries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.incidents import access, queries, services
from carecyber.incidents.forms import WebhookForm
from carecyber.incidents.models import WebhookDelivery
from carecyber.incidents.views.common import form_submit, page


def _require_lead(request: AppRequest) -> None:
    if not access.can_manage_webhook(request.actor) or request.actor.organisation is None:
        raise PermissionDenied("Only the security lead can change the webhook")


@member_required
def webhook(request: AppRequest) -> HttpResponse:
    _require_lead(request)
    organisation = request.actor.organisation
    assert organisation is not None
    endpoint = queries.webhook_of(request.actor)
    form = WebhookForm(
        request.POST or None, initial={"url": endpoint.url, "active": endpoint.active} if endpoint else {"active": True}
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.webhook_save(
            actor=request.actor, organisation=organisation, url=d["url"], active=d["active"]
        ),
        "The webhook has been saved.",
    )
    if saved is not None:
        return redirect("incidents:webhook")
    deliveries = (
        list(
            WebhookDelivery.objects.visible_to(request.actor)
            .filter(endpoint=endpoint)
            .order_by("-created_at", "-id")[:20]
        )
        if endpoint
        else []
    )
    return page(
        request,
        "incidents/webhook.jinja",
        {
            "page_title": "Incident webhook",
            "form": form,
            "endpoint": endpoint,
            "deliveries": deliveries,
            "organisation": organisation,
        },
    )


@require_POST
@member_required
def webhook_action(request: AppRequest) -> HttpResponse:
    _require_lead(request)
    endpoint = queries.webhook_of(request.actor)
    if endpoint is None:
        messages.error(request, "Save an address first.")
        return redirect("incidents:webhook")
    action = request.POST.get("action")
    if action == "rotate":
        services.webhook_rotate_secret(actor=request.actor, endpoint=endpoint)
        messages.success(request, "A new secret has been made. Update your receiver: the old secret no longer works.")
    elif action == "test":
        services.webhook_send_test(actor=request.actor, endpoint=endpoint)
        messages.success(request, "A test event has been sent. Its result is in the list below.")
    return redirect("incidents:webhook")
