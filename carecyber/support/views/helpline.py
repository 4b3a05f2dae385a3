"""The helpline: ask for help, follow the thread, reply with files, change status, rate the help."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.support import permissions, presenters
from carecyber.support.forms import RatingForm, ReplyForm, TicketFilterForm, TicketForm
from carecyber.support.helpline_config import helpline_config
from carecyber.support.models import Ticket, TicketStatus
from carecyber.support.queries import helpline as queries
from carecyber.support.services import helpline as services

FILES_AGAIN = "Choose the files again: for your safety, web browsers do not keep them after a problem."


def _uploaded(request: AppRequest) -> list[tuple[str, bytes]]:
    return [(f.name or "file", f.read()) for f in request.FILES.getlist("attachments")]


@member_required
def ticket_list(request: AppRequest) -> HttpResponse:
    config = helpline_config()
    form = TicketFilterForm(request.GET, categories=config.categories)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = request.GET.get("queue", "national" if request.actor.is_national else "")
    tickets = queries.tickets_for(
        request.actor,
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        search=filters.get("q", ""),
        queue=queue,
    )
    page = paginate(tickets, request.GET)
    desk = permissions.is_support_desk(request.actor)
    warn = timedelta(hours=config.warn_when_working_hours_left)
    rows = [
        (
            t,
            presenters.ticket_status_tag(t.status),
            presenters.first_reply_tag(t, services.working_time_left(t), warn) if desk else None,
            config.category_label(t.category),
        )
        for t in page.object_list
    ]
    return render(
        request,
        "support/ticket_list.jinja",
        {
            "page_title": "Ask for help" if not desk else "Helpline",
            "form": form,
            "page": page,
            "rows": rows,
            "pagination": pagination_params(page, request.GET),
            "desk": desk,
            "queue": queue,
            "can_raise": permissions.can_raise_tickets(request.actor),
        },
    )


@member_required
def ticket_new(request: AppRequest) -> HttpResponse:
    actor = request.actor
    if not permissions.can_raise_tickets(actor) or actor.organisation is None:
        raise PermissionDenied("Only staff and security leads of an organisation can ask for help")
    config = helpline_config()
    initial = {"article": request.GET.get("article", "")[:60]}
    form = TicketForm(request.POST or None, request.FILES or None, initial=initial, categories=config.categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_raise(
                actor=actor,
                organisation=actor.organisation,
                data=services.TicketInput(
                    category=data["category"] or "",
                    subject=data["subject"],
                    description=data["description"],
                    article=data.get("article", ""),
                ),
                files=_uploaded(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if request.FILES:
                form.add_error("attachments", FILES_AGAIN)
        else:
            messages.success(request, f"We have your question ({ticket.reference}). We will reply by email.")
            return redirect("support:ticket", ticket.reference)
    partner = actor.organisation.support_partner
    return render(
        request,
        "support/ticket_new.jinja",
        {
            "page_title": "Ask for help",
            "form": form,
            "answered_by": partner.name if partner else "the national support team",
            "working_days": config.first_response_working_days,
        },
    )


@member_required
def ticket_detail(request: AppRequest, reference: str) -> HttpResponse:
    ticket = queries.ticket_for(request.actor, reference)
    return _render_detail(request, ticket, reply_form=ReplyForm(), rating_form=RatingForm())


def _render_detail(
    request: AppRequest, ticket: Ticket, *, reply_form: ReplyForm, rating_form: RatingForm
) -> HttpResponse:
    actor = request.actor
    config = helpline_config()
    desk, org_side = services.is_on_desk(actor, ticket), services.is_org_side(actor, ticket)
    warn = timedelta(hours=config.warn_when_working_hours_left)
    return render(
        request,
        "support/ticket_detail.jinja",
        {
            "page_title": f"{ticket.reference}: {ticket.subject}",
            "ticket": ticket,
            "thread": queries.thread_of(actor, ticket),
            "status_tag": presenters.ticket_status_tag(ticket.status),
            "due_tag": presenters.first_reply_tag(ticket, services.working_time_left(ticket), warn) if desk else None,
            "category": config.category_label(ticket.category),
            "status_items": [
                {"value": value, "text": label, "selected": value == ticket.status}
                for value, label in TicketStatus.choices
            ],
            "desk": desk,
            "org_side": org_side,
            "can_write": desk or org_side,
            "can_rate": org_side and ticket.status == TicketStatus.RESOLVED and ticket.rating is None,
            "reply_form": reply_form,
            "rating_form": rating_form,
        },
    )


@require_POST
@member_required
def ticket_reply(request: AppRequest, reference: str) -> HttpResponse:
    actor = request.actor
    ticket = queries.ticket_for(actor, reference)
    form = ReplyForm(request.POST, request.FILES)
    desk, org_side = services.is_on_desk(actor, ticket), services.is_org_side(actor, ticket)
    if not desk and not org_side:
        raise PermissionDenied("You cannot write on this ticket")
    if form.is_valid():
        try:
            services.ticket_reply(
                actor=actor,
                ticket=ticket,
                body=form.cleaned_data["body"],
                files=_uploaded(request),
                resolve=bool(form.cleaned_data.get("resolve")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if request.FILES:
                form.add_error("attachments", FILES_AGAIN)
        else:
            messages.success(request, "Your reply has been sent.")
            return redirect("support:ticket", ticket.reference)
    return _render_detail(request, ticket, reply_form=form, rating_form=RatingForm())


@require_POST
@member_required
def ticket_status(request: AppRequest, reference: str) -> HttpResponse:
    ticket = queries.ticket_for(request.actor, reference)
    try:
        services.ticket_status_set(actor=request.actor, ticket=ticket, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The status is now: {TicketStatus(request.POST['status']).label.lower()}.")
    return redirect("support:ticket", ticket.reference)


@require_POST
@member_required
def ticket_rate(request: AppRequest, reference: str) -> HttpResponse:
    actor = request.actor
    ticket = queries.ticket_for(actor, reference)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_rate(
                actor=actor, ticket=ticket, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Thank you for rating the help you got.")
            return redirect("support:ticket", ticket.reference)
    return _render_detail(request, ticket, reply_form=ReplyForm(), rating_form=form)


@member_required
def attachment_download(request: AppRequest, reference: str, pk: int) -> HttpResponseBase:
    ticket = queries.ticket_for(request.actor, reference)
    attachment = queries.attachment_for(request.actor, ticket, pk)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
