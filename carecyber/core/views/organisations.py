"""Organisations: list (national team and partners), detail, create and edit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render

from carecyber.core import dashboards, queries, services
from carecyber.core.decorators import requires
from carecyber.core.forms import OrganisationFilterForm, OrganisationForm
from carecyber.core.http import AppRequest
from carecyber.core.models import Organisation
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.roles import Perm
from carecyber.core.views.errors import apply_validation_error


@requires(Perm.ORGANISATION_VIEW)
def organisation_list(request: AppRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    orgs = queries.organisations_for(
        request.actor, search=filters.get("q", ""), org_type=filters.get("type", ""), region=filters.get("region", "")
    )
    page = paginate(orgs, request.GET)
    return render(
        request,
        "core/organisation_list.jinja",
        {
            "page_title": "Organisations",
            "form": form,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "can_create": request.actor.can(Perm.ORGANISATION_CREATE),
        },
    )


@requires(Perm.ORGANISATION_VIEW)
def organisation_detail(request: AppRequest, code: str) -> HttpResponse:
    organisation = queries.organisation_for(request.actor, code)
    return render(
        request,
        "core/organisation_detail.jinja",
        {
            "page_title": organisation.name,
            "organisation": organisation,
            "domains": list(organisation.domains.all()),
            "figures": dashboards.organisation_figures(request.actor, organisation),
            "can_edit": request.actor.can(Perm.ORGANISATION_EDIT),
            "can_view_people": request.actor.can(Perm.PEOPLE_VIEW),
        },
    )


def _input(form: OrganisationForm) -> services.OrganisationInput:
    data = form.cleaned_data
    return services.OrganisationInput(
        name=data["name"],
        code=data["code"],
        type=data["type"],
        region=data["region"],
        parent=data.get("parent"),
        support_partner=data.get("support_partner"),
        domains=data["domains"],
    )


def _parents(request: AppRequest) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(request.actor)


@requires(Perm.ORGANISATION_CREATE)
def organisation_create(request: AppRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, parent_queryset=_parents(request))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(actor=request.actor, data=_input(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("core:organisation-detail", org.code)
    return render(
        request, "core/organisation_form.jinja", {"page_title": "Add an organisation", "form": form, "creating": True}
    )


@requires(Perm.ORGANISATION_EDIT)
def organisation_edit(request: AppRequest, code: str) -> HttpResponse:
    organisation = queries.organisation_for(request.actor, code)
    initial = {
        "name": organisation.name,
        "code": organisation.code,
        "type": organisation.type,
        "region": organisation.region,
        "parent": organisation.parent.code if organisation.parent else "",
        "support_partner": organisation.support_partner_id,
        "domains": "\n".join(organisation.domains.values_list("domain", flat=True)),
    }
    form = OrganisationForm(
        request.POST or None, initial=initial, parent_queryset=_parents(request).exclude(pk=organisation.pk)
    )
    locked = not request.actor.is_national
    if locked:
        for name in ("code", "type", "region", "parent", "support_partner"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.actor, organisation=organisation, data=_input(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("core:organisation-detail", organisation.code)
    return render(
        request,
        "core/organisation_form.jinja",
        {"page_title": f"Change {organisation.name}", "form": form, "organisation": organisation, "locked": locked},
    )
