"""In-app notifications: a person's own, newest first; opening one marks it read."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.alerts import queries
from carecyber.alerts.services.notifications import notifications_mark_read
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params


@member_required
def notification_list(request: AppRequest) -> HttpResponse:
    page = paginate(queries.notifications_of(request.actor), request.GET, per_page=50)
    return render(
        request,
        "alerts/notifications.jinja",
        {"page_title": "Notifications", "page": page, "pagination": pagination_params(page, request.GET)},
    )


@require_POST
@member_required
def notification_open(request: AppRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(queries.notifications_of(request.actor), pk=pk)
    notifications_mark_read(actor=request.actor, notification=notification)
    return redirect("alerts:advisory-detail", notification.advisory.reference)


@require_POST
@member_required
def notifications_read(request: AppRequest) -> HttpResponse:
    notifications_mark_read(actor=request.actor)
    return redirect("alerts:notifications")
