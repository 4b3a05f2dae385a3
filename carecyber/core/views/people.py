"""People of an organisation: list, add (which invites them by email), change role, remove."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.accounts.services import invitation_send
from carecyber.core import queries, services
from carecyber.core.decorators import requires
from carecyber.core.forms import MembershipEditForm, PeopleFilterForm, PersonAddForm
from carecyber.core.http import AppRequest
from carecyber.core.models import Membership
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.roles import Perm
from carecyber.core.views.errors import apply_validation_error


@requires(Perm.PEOPLE_VIEW)
def people_list(request: AppRequest, code: str) -> HttpResponse:
    organisation = queries.organisation_for(request.actor, code)
    form = PeopleFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    people = queries.people_of(request.actor, organisation, search=filters.get("q", ""), role=filters.get("role", ""))
    page = paginate(people, request.GET)
    return render(
        request,
        "core/people_list.jinja",
        {
            "page_title": f"People at {organisation.name}",
            "organisation": organisation,
            "form": form,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "can_manage": request.actor.can(Perm.PEOPLE_MANAGE),
        },
    )


@requires(Perm.PEOPLE_MANAGE)
def person_add(request: AppRequest, code: str) -> HttpResponse:
    organisation = queries.organisation_for(request.actor, code)
    form = PersonAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, created = services.membership_add(
                actor=request.actor,
                organisation=organisation,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team=data["team"],
                job_title=data["job_title"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            invitation_send(actor=request.actor, membership=membership, new_person=created)
            messages.success(request, f"{membership.user.full_name} has been added and sent an email.")
            return redirect("core:people-list", organisation.code)
    return render(
        request, "core/person_add.jinja", {"page_title": "Add a person", "organisation": organisation, "form": form}
    )


def _membership(request: AppRequest, code: str, pk: int) -> Membership:
    organisation = queries.organisation_for(request.actor, code)
    return get_object_or_404(
        Membership.objects.visible_to(request.actor).select_related("user", "organisation"),
        pk=pk,
        organisation=organisation,
    )


@requires(Perm.PEOPLE_MANAGE)
def membership_edit(request: AppRequest, code: str, pk: int) -> HttpResponse:
    membership = _membership(request, code, pk)
    form = MembershipEditForm(
        request.POST or None,
        initial={"role": membership.role, "team": membership.team, "job_title": membership.job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(actor=request.actor, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{membership.user.full_name}'s details have been changed.")
            return redirect("core:people-list", code.upper())
    return render(
        request,
        "core/membership_edit.jinja",
        {
            "page_title": f"Change {membership.user.full_name}",
            "membership": membership,
            "form": form,
            "organisation": membership.organisation,
        },
    )


@require_POST
@requires(Perm.PEOPLE_MANAGE)
def membership_remove(request: AppRequest, code: str, pk: int) -> HttpResponse:
    membership = _membership(request, code, pk)
    try:
        services.membership_remove(actor=request.actor, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:membership-edit", code.upper(), pk)
    messages.success(request, f"{membership.user.full_name} has been removed from {membership.place_name}.")
    return redirect("core:people-list", code.upper())
