"""Events: the list, each event with registration, and publishing, changing and cancelling for hosts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.support import permissions
from carecyber.support.forms import EventCancelForm, EventForm
from carecyber.support.models import Event, EventAudience
from carecyber.support.queries import events as queries
from carecyber.support.services import events as services


def _is_host(request: AppRequest, event: Event) -> bool:
    actor = request.actor
    if actor.is_national:
        return True
    return bool(actor.is_partner and actor.membership and actor.membership.support_partner_id == event.host_partner_id)


@member_required
def event_list(request: AppRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    page = paginate(queries.events_for(request.actor, now=timezone.now(), past=past), request.GET)
    return render(
        request,
        "support/event_list.jinja",
        {
            "page_title": "Past events" if past else "Events",
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "past": past,
            "can_publish": permissions.can_publish_events(request.actor),
        },
    )


def _input(form: EventForm) -> services.EventInput:
    data = form.cleaned_data
    return services.EventInput(
        kind=data.get("kind") or "",
        title=data.get("title") or "",
        summary=data.get("summary") or "",
        description=data.get("description") or "",
        day=data.get("day"),
        starts=data.get("starts"),
        ends=data.get("ends"),
        location=data.get("location") or "",
        joining_link=data.get("joining_link") or "",
        capacity=data.get("capacity"),
        audience=data.get("audience") or EventAudience.EVERYONE,
    )


@member_required
def event_new(request: AppRequest) -> HttpResponse:
    if not permissions.can_publish_events(request.actor):
        raise PermissionDenied("Only support partners and the national team publish events")
    form = EventForm(request.POST or None, partner=request.actor.is_partner)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_publish(actor=request.actor, data=_input(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your event is published.")
            return redirect("support:event", event.pk)
    return render(request, "support/event_form.jinja", {"page_title": "Publish an event", "form": form, "event": None})


@member_required
def event_edit(request: AppRequest, pk: int) -> HttpResponse:
    event = queries.event_for(request.actor, pk)
    if not _is_host(request, event):
        raise PermissionDenied("Only the event's host can change it")
    local_start, local_end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    initial = {
        "kind": event.kind,
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "day": local_start.date(),
        "starts": local_start.time(),
        "ends": local_end.time(),
        "location": event.location,
        "joining_link": event.joining_link,
        "capacity": event.capacity,
        "audience": event.audience,
    }
    form = EventForm(request.POST or None, initial=initial, partner=event.host_partner_id is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.actor, event=event, data=_input(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The event is changed. People registered have been told.")
            return redirect("support:event", event.pk)
    return render(
        request, "support/event_form.jinja", {"page_title": f"Change {event.title}", "form": form, "event": event}
    )


@member_required
def event_detail(request: AppRequest, pk: int) -> HttpResponse:
    actor = request.actor
    event = queries.event_for(actor, pk)
    host = _is_host(request, event)
    registration = queries.own_registration(actor, event)
    taken = services.places_taken(event)
    return render(
        request,
        "support/event_detail.jinja",
        {
            "page_title": event.title,
            "event": event,
            "registration": registration,
            "taken": taken,
            "places": f"{max(event.capacity - taken, 0)} of {event.capacity} left" if event.capacity else "No limit",
            "full": event.capacity is not None and taken >= event.capacity,
            "over": event.ends_at <= timezone.now(),
            "can_register": permissions.can_register_for_events(actor),
            "host": host,
            "registrations": list(queries.registrations_seen(actor, event)[:500]) if host or actor.is_partner else [],
            "cancel_form": EventCancelForm(),
        },
    )


@require_POST
@member_required
def event_register(request: AppRequest, pk: int) -> HttpResponse:
    event = queries.event_for(request.actor, pk)
    try:
        services.event_register(actor=request.actor, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "You are booked. We have sent you an email, and will remind you the day before.")
    return redirect("support:event", event.pk)


@require_POST
@member_required
def event_unregister(request: AppRequest, pk: int) -> HttpResponse:
    event = queries.event_for(request.actor, pk)
    services.event_unregister(actor=request.actor, event=event)
    messages.success(request, "Your place is cancelled.")
    return redirect("support:event", event.pk)


@require_POST
@member_required
def event_cancel(request: AppRequest, pk: int) -> HttpResponse:
    event = queries.event_for(request.actor, pk)
    if not _is_host(request, event):
        raise PermissionDenied("Only the event's host can cancel it")
    form = EventCancelForm(request.POST)
    form.is_valid()
    try:
        services.event_cancel(actor=request.actor, event=event, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The event is cancelled. Everyone registered has been told.")
    return redirect("support:event", event.pk)


@member_required
def event_ics(request: AppRequest, pk: int) -> HttpResponse:
    event = queries.event_for(request.actor, pk)
    response = HttpResponse(services.ics_for(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="carecyber-event-{event.pk}.ics"'
    return response
