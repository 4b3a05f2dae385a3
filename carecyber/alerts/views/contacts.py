"""Alert contacts of an organisation: members, or alert-only people with no other access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.alerts import forms, queries, services
from carecyber.alerts.permissions import can_manage_contacts, can_view_responses
from carecyber.alerts.views.common import need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


@member_required
def contacts(request: AppRequest, code: str) -> HttpResponse:
    need(can_view_responses(request.actor), "see alert contacts")
    organisation = queries.organisation_for(request.actor, code)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST":
        need(can_manage_contacts(request.actor), "change alert contacts")
        if form.is_valid():
            try:
                contact = services.alert_contact_add(
                    actor=request.actor,
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                kind = "alert-only contact" if contact.is_alert_only else "member"
                messages.success(request, f"{contact.email} will get {organisation.name}'s alerts ({kind}).")
                return redirect("alerts:contacts", organisation.code)
    return render(
        request,
        "alerts/contacts.jinja",
        {
            "page_title": f"Alert contacts of {organisation.name}",
            "organisation": organisation,
            "contacts": list(queries.contacts_of(request.actor, organisation)),
            "form": form,
            "can_manage": can_manage_contacts(request.actor),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def contact_remove(request: AppRequest, code: str, pk: int) -> HttpResponse:
    need(can_manage_contacts(request.actor), "change alert contacts")
    organisation = queries.organisation_for(request.actor, code)
    contact = queries.contact_for(request.actor, organisation, pk)
    services.alert_contact_remove(actor=request.actor, contact=contact)
    messages.success(request, f"{contact.email} will no longer get alerts.")
    return redirect("alerts:contacts", organisation.code)
