"""Reads of tickets: an organisation sees its own (staff, the ones they raised), the desk sees its queue."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from carecyber.core.actor import Actor
from carecyber.core.roles import Role
from carecyber.support.models import OPEN_STATUSES, Ticket, TicketAttachment, TicketMessage
from carecyber.support.models.helpline import REFERENCE_PREFIX


def tickets_for(
    actor: Actor, *, status: str = "", category: str = "", search: str = "", queue: str = ""
) -> QuerySet[Ticket]:
    qs = Ticket.objects.visible_to(actor).select_related("organisation", "partner", "raised_by")
    if actor.role == Role.STAFF:
        qs = qs.filter(raised_by=actor.user)
    if actor.is_national and queue == "national":
        qs = qs.filter(partner__isnull=True)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if search:
        term = search.strip()
        pk = reference_to_pk(term)
        qs = qs.filter(Q(pk=pk) if pk else Q(subject__icontains=term) | Q(organisation__name__icontains=term))
    return qs.order_by("-last_activity_at", "-id")


def reference_to_pk(reference: str) -> int | None:
    value = reference.strip().upper().removeprefix(REFERENCE_PREFIX)
    return int(value) if value.isdigit() and len(value) <= 12 else None


def ticket_for(actor: Actor, reference: str) -> Ticket:
    pk = reference_to_pk(reference)
    if pk is None:
        raise Http404("No such ticket")
    ticket = get_object_or_404(tickets_for(actor), pk=pk)
    return ticket


def thread_of(actor: Actor, ticket: Ticket) -> list[TicketMessage]:
    return list(
        TicketMessage.objects.visible_to(actor)
        .filter(ticket=ticket)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def attachment_for(actor: Actor, ticket: Ticket, pk: int) -> TicketAttachment:
    return get_object_or_404(TicketAttachment.objects.visible_to(actor), pk=pk, message__ticket=ticket)
