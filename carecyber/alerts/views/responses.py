"""Responding to an advisory, for one organisation or for a headquarters and its sites at once."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.alerts import forms, queries, services
from carecyber.alerts.models import ResponseState
from carecyber.alerts.permissions import can_respond
from carecyber.alerts.views.common import need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error

DONE = {
    "acknowledge": "Acknowledged",
    "applicable": "Recorded that it applies",
    "not_applicable": "Recorded that it does not apply, and closed",
    "update": "Update recorded",
    "close": "Closed",
}


@require_POST
@member_required
def respond(request: AppRequest, reference: str) -> HttpResponse:
    need(can_respond(request.actor), "respond to alerts")
    advisory = queries.advisory_for(request.actor, reference)
    open_ones = [r for r in queries.responses_to(request.actor, advisory) if r.state != ResponseState.CLOSED]
    form = forms.RespondForm(
        request.POST, choices=[(r.pk, f"{r.organisation.name} ({r.organisation.code})") for r in open_ones]
    )
    if form.is_valid():
        d = form.cleaned_data
        chosen = [r for r in open_ones if r.pk in set(d["organisations"])]
        next_due = None
        if d["next_due"]:
            next_due = timezone.make_aware(datetime.combine(d["next_due"], time(17, 0)))
        action = d["action"]
        try:
            if action == "acknowledge":
                count = services.responses_acknowledge(actor=request.actor, responses=chosen, note=d["note"])
            elif action in {"applicable", "not_applicable"}:
                count = services.responses_declare(
                    actor=request.actor, responses=chosen, applicable=action == "applicable", reason=d["note"]
                )
            elif action == "update":
                count = services.responses_record_update(
                    actor=request.actor, responses=chosen, note=d["note"], next_due=next_due
                )
            else:
                count = services.responses_close(
                    actor=request.actor,
                    responses=chosen,
                    outcome=d["outcome"],
                    note=d["note"],
                    risk_owner_name=d["risk_owner_name"],
                    risk_owner_role=d["risk_owner_role"],
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                exc = ValidationError({"note": exc.error_dict["reason"]})
            apply_validation_error(form, exc)
        else:
            places = "organisation" if count == 1 else "organisations"
            messages.success(request, f"{DONE[action]} for {count} {places}.")
            return redirect("alerts:advisory-detail", advisory.reference)
    return render(
        request,
        "alerts/respond.jinja",
        {"page_title": f"Respond to {advisory.reference}", "advisory": advisory, "form": form},
        status=400,
    )
