"""Branding: the name, logo, colour and contacts on every item of a pack."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from carecyber.awareness import queries, services
from carecyber.awareness.forms import BrandingForm
from carecyber.awareness.permissions import can_manage, view_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


@view_required
def branding_edit(request: AppRequest) -> HttpResponse:
    actor = request.actor
    organisation = actor.organisation
    assert organisation is not None
    branding = queries.branding_for(actor, organisation)
    initial = (
        {
            "name": branding.name,
            "colour": branding.colour,
            "report_to": branding.report_to,
            "helpdesk": branding.helpdesk,
        }
        if branding
        else {"name": organisation.name, "colour": "#005EB8"}
    )
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not can_manage(actor):
            raise PermissionDenied("Only a security lead can change the branding")
        if form.is_valid():
            data = form.cleaned_data
            try:
                _, notes = services.branding_save(
                    actor=actor,
                    organisation=organisation,
                    data=services.BrandingInput(
                        name=data["name"],
                        colour=data["colour"],
                        report_to=data["report_to"],
                        helpdesk=data["helpdesk"],
                        logo=data["logo"],
                        remove_logo=data["remove_logo"],
                    ),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                for note in notes:
                    messages.warning(request, note)
                messages.success(request, "Your branding is saved. New packs will use it.")
                return redirect("awareness:overview")
    return render(
        request,
        "awareness/branding.jinja",
        {"page_title": "Branding", "form": form, "branding": branding, "can_manage": can_manage(actor)},
    )


@view_required
def branding_logo(request: AppRequest) -> HttpResponse:
    """The stored logo: always a PNG we re-encoded ourselves, never the uploaded file."""
    organisation = request.actor.organisation
    assert organisation is not None
    branding = queries.branding_for(request.actor, organisation)
    if branding is None or not branding.logo_png:
        raise Http404("No logo")
    response = HttpResponse(bytes(branding.logo_png), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
