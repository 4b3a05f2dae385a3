"""The helpline: raise, reply, change status, rate; warnings as the first reply nears; email both ways."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, Role, User
from carecyber.core.roles import ORGANISATION_ROLES
from carecyber.support import permissions
from carecyber.support.helpline_config import bank_holidays, helpline_config
from carecyber.support.models import (
    OPEN_STATUSES,
    MessageKind,
    Ticket,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
)
from carecyber.support.uploads import MEGABYTE, CheckedFile, UploadRefused, check_files
from carecyber.support.workingdays import first_response_due, working_time_between

SUBJECT_MAX = 150
BODY_MAX = 10_000
DESK_RECIPIENTS_MAX = 20
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Files = Sequence[tuple[str, bytes]]


# --- checks ------------------------------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationError({field: f"Enter {label}"})
    if len(text) > max_length:
        raise ValidationError({field: f"Keep {label} to {max_length:,} characters or fewer (it has {len(text):,})"})
    if _CONTROL_RE.search(text):
        raise ValidationError({field: f"Remove the hidden control characters from {label} (try typing it again)"})
    return text


def _check_files(files: Files) -> list[CheckedFile]:
    try:
        return check_files(list(files), helpline_config().limits)
    except UploadRefused as exc:
        raise ValidationError({"attachments": str(exc).split("\n")}) from None


def _save_attachments(message: TicketMessage, files: list[CheckedFile]) -> list[TicketAttachment]:
    saved = []
    for checked in files:
        attachment = TicketAttachment(
            message=message,
            name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
        )
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def is_on_desk(actor: Actor, ticket: Ticket) -> bool:
    """Whether the actor answers for support on this ticket (its partner, or the national team)."""
    if actor.is_national or actor.is_system:
        return True
    return (
        actor.is_partner
        and actor.membership is not None
        and (actor.membership.support_partner_id == ticket.organisation.support_partner_id)
    )


def is_org_side(actor: Actor, ticket: Ticket) -> bool:
    """A person of the organisation who may write on this ticket: whoever raised it, or a security lead."""
    if actor.role not in ORGANISATION_ROLES or actor.user is None:
        return False
    return ticket.raised_by_id == actor.user.pk or actor.role == Role.SECURITY_LEAD


def _label(actor: Actor) -> str:
    if actor.user is None:
        return "CareCyber"
    return actor.user.full_name or actor.user.email


# --- email -------------------------------------------------------------------------------------------------


def reply_address(ticket: Ticket) -> str:
    local, _, domain = settings.HELPLINE_REPLY_ADDRESS.partition("@")
    return f"{local}+{ticket.reply_token}@{domain}"


def _headers(ticket: Ticket) -> dict[str, str]:
    thread = f"<ticket-{ticket.reply_token[:12]}@carecyber>"
    return {"X-CareCyber-Ticket": ticket.reference, "References": thread, "In-Reply-To": thread}


def desk_recipients(ticket: Ticket) -> list[str]:
    """The partner's shared address, else its people; with no partner, the national team."""
    partner = ticket.partner
    if partner is not None and partner.email:
        return [partner.email]
    members = Membership.objects.filter(user__is_active=True)
    members = members.filter(support_partner=partner) if partner else members.filter(role=Role.NATIONAL)
    return sorted(set(members.values_list("user__email", flat=True)[:DESK_RECIPIENTS_MAX]))


def _organisation_recipients(ticket: Ticket, *, exclude: User | None = None) -> list[str]:
    """Whoever raised it (if still active) and anyone else of the organisation who wrote on it."""
    writers = set(
        TicketMessage.objects.filter(ticket=ticket, from_support=False, author__is_active=True)
        .exclude(author__isnull=True)
        .values_list("author__email", flat=True)
    )
    if ticket.raised_by is not None and ticket.raised_by.is_active:
        writers.add(ticket.raised_by.email)
    if exclude is not None:
        writers.discard(exclude.email)
    return sorted(writers)


def _send(ticket: Ticket, *, to: list[str], subject: str, template: str, **context: object) -> None:
    if not to:
        return
    link = absolute_url(reverse("support:ticket", args=[ticket.reference]))
    send_templated(
        to=to,
        subject=f"[{ticket.reference}] {subject}",
        template=template,
        context={"ticket": ticket, "link": link, **context},
        headers=_headers(ticket),
        reply_to=[reply_address(ticket)],
    )


# --- raising and replying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketInput:
    category: str
    subject: str
    description: str
    article: str = ""


def ticket_raise(
    *,
    actor: Actor,
    organisation: Organisation,
    data: TicketInput,
    files: Files = (),
    via: str = "web",
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket for the organisation's support partner (or the national team), due in 2 working days."""
    if not permissions.can_raise_tickets(actor):
        raise PermissionDenied("Only staff and security leads of an organisation can ask for help")
    config = helpline_config()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for field, label, limit, value in (
        ("subject", "a short subject", SUBJECT_MAX, data.subject),
        ("description", "your question", BODY_MAX, data.description),
    ):
        try:
            cleaned[field] = _clean_text(value, field=field, label=label, max_length=limit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data.category not in dict(config.categories):
        errors["category"] = ["Choose what your question is about"]
    try:
        checked = _check_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            organisation=organisation,
            raised_by=actor.user,
            partner=organisation.support_partner,
            category=data.category,
            subject=cleaned["subject"],
            article=data.article[:60] if re.fullmatch(r"[a-z0-9-]{1,60}", data.article or "") else "",
            created_at=now,
            last_activity_at=now,
            first_response_due=first_response_due(
                now, bank_holidays(), working_days=config.first_response_working_days
            ),
            reply_token=secrets.token_hex(16),
        )
        message = TicketMessage.objects.create(
            ticket=ticket,
            author=actor.user,
            author_label=_label(actor),
            body=cleaned["description"],
            via=via,
            created_at=now,
        )
        _save_attachments(message, checked)
        audit_record(
            actor=actor,
            action="ticket.raised",
            obj=ticket,
            organisation=organisation,
            object_label=ticket.reference,
            changes={
                "category": data.category,
                "partner": ticket.partner.code if ticket.partner else "national",
                "attachments": len(checked),
            },
        )
        transaction.on_commit(lambda: _after_raise(ticket.pk))
    return ticket


def _after_raise(ticket_id: int) -> None:
    ticket = Ticket.objects.select_related("partner", "organisation", "raised_by").get(pk=ticket_id)
    first = ticket.messages.order_by("created_at").first()
    if ticket.raised_by is not None:
        _send(ticket, to=[ticket.raised_by.email], subject="We have your question", template="support_ticket_received")
    _send(
        ticket,
        to=desk_recipients(ticket),
        subject=f"New question from {ticket.organisation.name}",
        template="support_ticket_new",
        message=first,
        category=helpline_config().category_label(ticket.category),
    )


def ticket_reply(
    *,
    actor: Actor,
    ticket: Ticket,
    body: str,
    files: Files = (),
    via: str = "web",
    resolve: bool = False,
    now: datetime | None = None,
) -> TicketMessage:
    """Add a message to the thread; the status follows who wrote it. An organisation's reply reopens it."""
    desk = is_on_desk(actor, ticket)
    if not desk and not is_org_side(actor, ticket):
        raise PermissionDenied("You cannot write on this ticket")
    errors: dict[str, list[str]] = {}
    try:
        text = _clean_text(body, field="body", label="your message", max_length=BODY_MAX)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        checked = _check_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        was = locked.status
        message = TicketMessage.objects.create(
            ticket=locked,
            author=actor.user,
            author_label=_label(actor),
            from_support=desk,
            body=text,
            via=via,
            created_at=now,
        )
        _save_attachments(message, checked)
        if message.from_support:
            if locked.first_responded_at is None:
                locked.first_responded_at = now
            locked.status = TicketStatus.RESOLVED if resolve else TicketStatus.WAITING_ON_ORGANISATION
        else:
            locked.status = TicketStatus.RESOLVED if resolve else TicketStatus.WAITING_ON_SUPPORT
        if locked.status == TicketStatus.RESOLVED and was != TicketStatus.RESOLVED:
            locked.resolved_at = now
        elif locked.status != TicketStatus.RESOLVED:
            locked.resolved_at = None
        locked.last_activity_at = now
        locked.save()
        audit_record(
            actor=actor,
            action="ticket.replied",
            obj=locked,
            organisation=locked.organisation_id,
            object_label=locked.reference,
            changes={"status": [was, locked.status], "via": via, "attachments": len(checked)},
        )
        transaction.on_commit(lambda: _after_reply(locked.pk, message.pk, was))
    ticket.status, ticket.first_responded_at = locked.status, locked.first_responded_at
    return message


def _after_reply(ticket_id: int, message_id: int, was: str) -> None:
    ticket = Ticket.objects.select_related("partner", "organisation", "raised_by").get(pk=ticket_id)
    message = TicketMessage.objects.select_related("author").get(pk=message_id)
    if message.from_support:
        _send(
            ticket,
            to=_organisation_recipients(ticket),
            subject="A reply to your question",
            template="support_ticket_reply",
            message=message,
        )
    else:
        _send(
            ticket,
            to=desk_recipients(ticket),
            subject=f"{ticket.organisation.name} replied",
            template="support_ticket_reply",
            message=message,
        )
    if ticket.status == TicketStatus.RESOLVED and was != TicketStatus.RESOLVED:
        _send_resolved(ticket)


def _send_resolved(ticket: Ticket) -> None:
    _send(
        ticket,
        to=_organisation_recipients(ticket),
        subject="Your question is resolved: how did we do?",
        template="support_ticket_resolved",
    )


def ticket_status_set(*, actor: Actor, ticket: Ticket, status: str, now: datetime | None = None) -> Ticket:
    """The desk may set any status; the organisation may mark its question resolved or reopen it."""
    if status not in TicketStatus.values:
        raise ValidationError({"status": "Choose a status"})
    desk = is_on_desk(actor, ticket)
    if not desk and not (
        is_org_side(actor, ticket) and status in {TicketStatus.RESOLVED, TicketStatus.WAITING_ON_SUPPORT}
    ):
        raise PermissionDenied("You cannot change the status of this ticket")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        was = locked.status
        if was == status:
            return locked
        locked.status = status
        locked.resolved_at = now if status == TicketStatus.RESOLVED else None
        locked.last_activity_at = now
        locked.save()
        TicketMessage.objects.create(
            ticket=locked,
            author=actor.user,
            author_label=_label(actor),
            from_support=desk,
            kind=MessageKind.NOTE,
            body=f"Status changed from {TicketStatus(was).label.lower()} to {TicketStatus(status).label.lower()}.",
            created_at=now,
        )
        audit_record(
            actor=actor,
            action="ticket.status_changed",
            obj=locked,
            organisation=locked.organisation_id,
            object_label=locked.reference,
            changes={"status": [was, status]},
        )
        if status == TicketStatus.RESOLVED:
            transaction.on_commit(lambda: _send_resolved(Ticket.objects.select_related("raised_by").get(pk=locked.pk)))
    return locked


def ticket_rate(*, actor: Actor, ticket: Ticket, rating: int, comment: str = "") -> Ticket:
    """How satisfied the organisation was, 1 to 5, once, after the question is resolved."""
    if not is_org_side(actor, ticket):
        raise PermissionDenied("Only the organisation that asked can rate the help it got")
    if ticket.status != TicketStatus.RESOLVED:
        raise ValidationError({"rating": "You can rate the help once your question is resolved"})
    if ticket.rating is not None:
        raise ValidationError({"rating": "You have already rated the help for this question. Thank you"})
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": "Choose a rating from 1 (very unhappy) to 5 (very happy)"})
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": f"Keep your comment to 1,000 characters or fewer (it has {len(comment):,})"})
    if _CONTROL_RE.search(comment):
        raise ValidationError({"comment": "Remove the hidden control characters from your comment"})
    with transaction.atomic():
        updated = Ticket.objects.filter(pk=ticket.pk, rating__isnull=True).update(
            rating=rating, rating_comment=comment, rated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"rating": "You have already rated the help for this question. Thank you"})
        audit_record(
            actor=actor,
            action="ticket.rated",
            obj=ticket,
            organisation=ticket.organisation_id,
            object_label=ticket.reference,
            changes={"rating": rating},
        )
    ticket.refresh_from_db()
    return ticket


# --- the first-response clock ------------------------------------------------------------------------------


def working_time_left(ticket: Ticket, now: datetime | None = None) -> timedelta:
    return working_time_between(now or timezone.now(), ticket.first_response_due, bank_holidays())


def ticket_due_warnings_send(*, actor: Actor, now: datetime | None = None, chunk: int = 500) -> int:
    """Warn the desk, once per ticket, when the first reply is due within the warning time (or is late).

    Only tickets whose due time is at most two calendar weeks away are looked at
    (working time left can never exceed calendar time left), then the working
    time left is measured exactly. Marked in the same transaction as queued.
    """
    now = now or timezone.now()
    threshold = timedelta(hours=helpline_config().warn_when_working_hours_left)
    horizon = now + timedelta(days=14)
    warned = 0
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                Ticket.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    first_responded_at__isnull=True,
                    due_warning_sent_at__isnull=True,
                    status__in=OPEN_STATUSES,
                    first_response_due__lte=horizon,
                    pk__gt=last_id,
                )
                .select_related("organisation", "partner")
                .order_by("pk")[:chunk]
            )
            if not batch:
                return warned
            last_id = batch[-1].pk
            due = [t for t in batch if working_time_left(t, now) <= threshold]
            Ticket.objects.filter(pk__in=[t.pk for t in due]).update(due_warning_sent_at=now)
            for ticket in due:
                left = working_time_left(ticket, now)
                _send(
                    ticket,
                    to=desk_recipients(ticket),
                    subject="First reply due soon" if left > timedelta() else "First reply overdue",
                    template="support_ticket_due_warning",
                    left=left,
                )
                audit_record(
                    actor=actor,
                    action="ticket.due_warning",
                    obj=ticket,
                    organisation=ticket.organisation_id,
                    object_label=ticket.reference,
                )
                warned += 1


def tickets_reroute(*, actor: Actor, organisation_ids: Sequence[int]) -> int:
    """Open tickets follow their organisation when it moves to another partner (or to none)."""
    moved = 0
    for org in Organisation.objects.filter(pk__in=organisation_ids).only("pk", "support_partner_id"):
        moved += (
            Ticket.objects.filter(organisation_id=org.pk, status__in=OPEN_STATUSES)
            .exclude(partner_id=org.support_partner_id)
            .update(partner_id=org.support_partner_id)
        )
    if moved:
        audit_record(
            actor=actor,
            action="ticket.rerouted",
            object_label=f"{moved} open tickets moved",
            changes={"organisations": len(organisation_ids)},
        )
    return moved


# --- email in ----------------------------------------------------------------------------------------------

_QUOTE_START = re.compile(
    r"^(On .{5,200} wrote:|-+ ?Original Message ?-+|From: .+|_{10,})\s*$", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class InboundResult:
    accepted: bool
    reason: str
    ticket: Ticket | None = None


def token_from(addresses: list[str]) -> str | None:
    local, _, domain = settings.HELPLINE_REPLY_ADDRESS.lower().partition("@")
    pattern = re.compile(rf"^{re.escape(local)}\+([0-9a-f]{{32}})@{re.escape(domain)}$")
    for address in addresses:
        match = pattern.match(address.strip().lower())
        if match:
            return match.group(1)
    return None


def _reply_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = nh3.clean(re.sub(r"<(br|/p|/div)[^>]*>", "\n", content, flags=re.IGNORECASE), tags=set())
        from html import unescape

        content = unescape(content)
    text = str(content).replace("\r\n", "\n")
    match = _QUOTE_START.search(text)
    if match:
        text = text[: match.start()]
    lines = text.rstrip().split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip()


def _actor_for_sender(email: str, ticket: Ticket) -> Actor | None:
    """The person behind a From address, acting in the membership that lets them write on this ticket."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        return None
    for membership in Membership.objects.filter(user=user).select_related("organisation", "support_partner"):
        actor = Actor(user=user, membership=membership, system_reason="")
        if Ticket.objects.visible_to(actor).filter(pk=ticket.pk).exists() and (
            is_on_desk(actor, ticket) or is_org_side(actor, ticket)
        ):
            return actor
    return None


def ticket_email_receive(
    *, raw: bytes, envelope_recipients: Sequence[str] = (), envelope_sender: str = ""
) -> InboundResult:
    """A reply by email becomes a message on its ticket. Refused unless it comes from someone who may write there.

    Attachments are checked like uploads; any that are refused are named in a
    note on the ticket, and the text is saved all the same (nothing is lost).
    A text longer than a message may be is kept whole as an attached file.
    """
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    addresses = [*envelope_recipients]
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        addresses += [address for _, address in getaddresses(message.get_all(header, []))]
    token = token_from(addresses)
    if token is None:
        return InboundResult(False, "This address does not belong to a helpline question")
    ticket = Ticket.objects.select_related("organisation", "partner", "raised_by").filter(reply_token=token).first()
    if ticket is None:
        return InboundResult(False, "This helpline question no longer exists")
    sender = parseaddr(str(message.get("From", "")))[1] or envelope_sender
    actor = _actor_for_sender(sender, ticket)
    if actor is None:
        return InboundResult(False, "Only people who can see this question in CareCyber can reply to it by email")
    text = _reply_text(message)
    files: list[tuple[str, bytes]] = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            files.append((part.get_filename() or "attachment", payload))
    limits = helpline_config().limits
    kept: list[tuple[str, bytes]] = []
    refused: list[str] = []
    if len(text) > BODY_MAX:
        kept.append(("full-email.txt", text.encode("utf-8")))
        text = text[: BODY_MAX - 200].rstrip() + "\n\n[The full email is attached as full-email.txt.]"
    for name, data in files:
        try:
            check_files([(name, data)], limits)
        except UploadRefused as exc:
            refused.append(str(exc))
            continue
        if len(kept) >= limits.max_files or sum(len(d) for _, d in kept) + len(data) > limits.max_bytes_together:
            refused.append(
                f"{name}: one message carries up to {limits.max_files} files and "
                f"{limits.max_bytes_together // MEGABYTE} MB; send it in another email"
            )
            continue
        kept.append((name, data))
    if not text and (kept or refused):
        text = "(The email had no text.)"
    if not text:
        return InboundResult(False, "The email had no text to add")
    with transaction.atomic():
        try:
            ticket_reply(actor=actor, ticket=ticket, body=text, files=kept, via="email")
        except ValidationError as exc:
            return InboundResult(False, " ".join(exc.messages), ticket)
        if refused:
            TicketMessage.objects.create(
                ticket=ticket,
                author=None,
                author_label="CareCyber",
                kind=MessageKind.NOTE,
                created_at=timezone.now(),
                body="Some files sent by email were not added:\n" + "\n".join(refused),
            )
    return InboundResult(True, "Added to the ticket", ticket)


def open_tickets_filter() -> Q:
    return Q(status__in=OPEN_STATUSES)
