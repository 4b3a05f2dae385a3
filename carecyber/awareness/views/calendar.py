"""The campaign calendar: a theme a week or two, planned ahead, with the materials and a record of use."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.awareness import presenters, queries, services
from carecyber.awareness.forms import PlanForm, UseForm, WeekForm
from carecyber.awareness.models import Channel
from carecyber.awareness.permissions import can_manage, manage_required, view_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


@view_required
def calendar(request: AppRequest) -> HttpResponse:
    actor = request.actor
    organisation = actor.organisation
    assert organisation is not None
    today = timezone.localdate()
    show_past = request.GET.get("past") == "1"
    weeks = queries.weeks_for(actor, organisation, since=None if show_past else today - timedelta(days=6))
    plan = PlanForm(initial={"start": services.monday_of(today) + timedelta(weeks=1)})
    return render(
        request,
        "awareness/calendar.jinja",
        {
            "page_title": "Campaign calendar",
            "weeks": list(weeks[:120]),
            "plan": plan,
            "show_past": show_past,
            "today": today,
            "theme_name": presenters.theme_name,
            "channel_labels": dict(Channel.choices),
            "can_manage": can_manage(actor),
        },
    )


@manage_required
def calendar_plan(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    assert organisation is not None
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.calendar_plan(
                actor=request.actor,
                organisation=organisation,
                start=data["start"],
                weeks=data["weeks"],
                every=data["every"],
                themes=data["themes"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, f"{len(created)} campaign weeks planned. Weeks that already had a theme were kept."
            )
            return redirect("awareness:calendar")
    return render(request, "awareness/calendar_plan.jinja", {"page_title": "Plan a campaign", "form": form})


@manage_required
def week_add(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    assert organisation is not None
    form = WeekForm(
        request.POST or None, initial={"week_start": services.monday_of(timezone.localdate()) + timedelta(weeks=1)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            week = services.campaign_week_save(
                actor=request.actor,
                organisation=organisation,
                week_start=data["week_start"],
                theme=data["theme"],
                variant=data["variant"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("awareness:week-detail", week.pk)
    return render(
        request, "awareness/week_form.jinja", {"page_title": "Add a campaign week", "form": form, "week": None}
    )


@view_required
def week_detail(request: AppRequest, pk: int) -> HttpResponse:
    week = queries.week_for(request.actor, pk)
    form = UseForm(initial={"channels": week.used_channels})
    return render(
        request,
        "awareness/week_detail.jinja",
        {
            "page_title": f"Week of {week.week_start.day} {week.week_start:%B %Y}",
            "week": week,
            "theme": presenters.theme_name(week.theme),
            "use_form": form,
            "channel_labels": dict(Channel.choices),
            "downloads": list(week.downloads.select_related("user").order_by("-at")[:20]),
            "can_manage": can_manage(request.actor),
        },
    )


@manage_required
def week_edit(request: AppRequest, pk: int) -> HttpResponse:
    week = queries.week_for(request.actor, pk)
    form = WeekForm(
        request.POST or None,
        initial={"week_start": week.week_start, "theme": week.theme, "variant": str(week.variant), "note": week.note},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_week_save(
                actor=request.actor,
                organisation=week.organisation,
                week_start=data["week_start"],
                theme=data["theme"],
                variant=data["variant"],
                note=data["note"],
                week=week,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("awareness:week-detail", week.pk)
    return render(
        request, "awareness/week_form.jinja", {"page_title": "Change a campaign week", "form": form, "week": week}
    )


@require_POST
@manage_required
def week_remove(request: AppRequest, pk: int) -> HttpResponse:
    week = queries.week_for(request.actor, pk)
    services.campaign_week_remove(actor=request.actor, week=week)
    messages.success(request, "The week was removed from the calendar.")
    return redirect("awareness:calendar")


@require_POST
@manage_required
def week_materials(request: AppRequest, pk: int) -> HttpResponse:
    """The pack for this week's theme and wording (made now, or the one already made)."""
    week = queries.week_for(request.actor, pk)
    try:
        pack = services.pack_request(
            actor=request.actor, organisation=week.organisation, themes=[week.theme], variant=week.variant
        )
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
        return redirect("awareness:branding")
    return redirect(f"{pack_url(pack.pk)}?week={week.pk}")


def pack_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("awareness:pack-detail", args=[pk])


@require_POST
@manage_required
def week_used(request: AppRequest, pk: int) -> HttpResponse:
    week = queries.week_for(request.actor, pk)
    form = UseForm(request.POST)
    if form.is_valid():
        try:
            services.campaign_week_record_use(actor=request.actor, week=week, channels=form.cleaned_data["channels"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Thank you: we have recorded where you used the materials.")
            return redirect("awareness:week-detail", week.pk)
    return render(
        request,
        "awareness/week_detail.jinja",
        {
            "page_title": f"Week of {week.week_start.day} {week.week_start:%B %Y}",
            "week": week,
            "theme": presenters.theme_name(week.theme),
            "use_form": form,
            "channel_labels": dict(Channel.choices),
            "downloads": list(week.downloads.select_related("user").order_by("-at")[:20]),
            "can_manage": True,
        },
        status=400,
    )
