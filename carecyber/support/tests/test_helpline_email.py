"""Email both ways: replies by email join the thread, from the right people only; a real LMTP listener."""

from __future__ import annotations

import io
import smtplib
import sys
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.management import call_command

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import User
from carecyber.support.models import MessageKind, Ticket, TicketAttachment, TicketMessage, TicketStatus
from carecyber.support.services.helpline import TicketInput, reply_address, ticket_email_receive, ticket_raise
from carecyber.support.tests.conftest import committed


def _ticket(world: World) -> Ticket:
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    return ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Backups", "How often?"))


def _email(
    ticket: Ticket,
    *,
    sender: str,
    body: str = "Every night.\n\nOn Mon, 23 Nov 2026, CareCyber wrote:\n> old text\n",
    html: str | None = None,
    files: list[tuple[str, bytes, str]] = (),
) -> bytes:  # type: ignore[assignment]
    message = EmailMessage()
    message["From"] = f"Someone <{sender}>"
    message["To"] = reply_address(ticket)
    message["Subject"] = f"Re: [{ticket.reference}] A reply to your question"
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
    for name, data, mime in files:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


@pytest.mark.django_db
def test_a_reply_by_email_joins_the_thread_without_the_quoted_text(world: World) -> None:
    ticket = _ticket(world)
    with committed():
        result = ticket_email_receive(raw=_email(ticket, sender="staff@birch.test"))
    assert result.accepted and result.ticket == ticket
    message = TicketMessage.objects.filter(ticket=ticket).order_by("-pk").first()
    assert message is not None
    assert (message.body, message.via, message.author) == ("Every night.", "email", world.staff_b)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_ON_SUPPORT


@pytest.mark.django_db
def test_the_partner_can_answer_by_email_and_that_is_the_first_reply(world: World) -> None:
    ticket = _ticket(world)
    result = ticket_email_receive(raw=_email(ticket, sender="PARTNER@partner.test", body="Nightly is right."))
    assert result.accepted
    ticket.refresh_from_db()
    assert ticket.first_responded_at is not None and ticket.status == TicketStatus.WAITING_ON_ORGANISATION


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sender", "reason"),
    [
        ("stranger@example.test", "Only people who can see this question"),
        ("lead@alder.test", "Only people who can see this question"),  # another organisation's lead
    ],
)
def test_email_from_someone_who_cannot_see_the_question_is_refused(world: World, sender: str, reason: str) -> None:
    ticket = _ticket(world)
    result = ticket_email_receive(raw=_email(ticket, sender=sender))
    assert not result.accepted and reason in result.reason
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1


@pytest.mark.django_db
def test_an_unknown_address_is_refused(world: World) -> None:
    ticket = _ticket(world)
    raw = _email(ticket, sender="staff@birch.test").replace(ticket.reply_token.encode(), b"0" * 32)
    assert ticket_email_receive(raw=raw).reason == "This helpline question no longer exists"
    raw = _email(ticket, sender="staff@birch.test").replace(b"help+", b"sales+")
    assert ticket_email_receive(raw=raw).reason == "This address does not belong to a helpline question"


@pytest.mark.django_db
def test_refused_attachments_are_named_in_a_note_and_the_rest_is_kept(world: World) -> None:
    ticket = _ticket(world)
    raw = _email(
        ticket,
        sender="staff@birch.test",
        body="Here is our plan.",
        files=[
            ("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
            ("run.exe", b"MZ\x90\x00", "application/octet-stream"),
        ],
    )
    assert ticket_email_receive(raw=raw).accepted
    assert list(TicketAttachment.objects.values_list("name", flat=True)) == ["plan.pdf"]
    note = TicketMessage.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert "run.exe: programs" in note.body


@pytest.mark.django_db
def test_an_html_only_email_is_read_as_text(world: World) -> None:
    ticket = _ticket(world)
    html = "<p>Every <b>night</b> at 2am.</p><script>alert(1)</script><p>Thanks</p>"
    assert ticket_email_receive(raw=_email(ticket, sender="staff@birch.test", html=html)).accepted
    message = TicketMessage.objects.filter(ticket=ticket).order_by("-pk").first()
    assert message is not None and "<" not in message.body
    assert "Every night at 2am." in message.body and "Thanks" in message.body


@pytest.mark.django_db
def test_a_very_long_email_is_kept_whole_as_a_file(world: World) -> None:
    ticket = _ticket(world)
    long_text = "word " * 3000  # 15,000 characters
    assert ticket_email_receive(raw=_email(ticket, sender="staff@birch.test", body=long_text)).accepted
    message = TicketMessage.objects.filter(ticket=ticket).order_by("-pk").first()
    assert message is not None and "[The full email is attached as full-email.txt.]" in message.body
    attachment = TicketAttachment.objects.get(message=message)
    assert attachment.name == "full-email.txt" and attachment.size == len(long_text.strip())


@pytest.mark.django_db
def test_the_receive_command_reads_standard_input_and_bounces_with_a_reason(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    ticket = _ticket(world)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_email(ticket, sender="staff@birch.test"))))
    call_command("helpline", "receive")
    assert TicketMessage.objects.filter(ticket=ticket, via="email").count() == 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_email(ticket, sender="nobody@example.test"))))
    with pytest.raises(SystemExit) as exc:
        call_command("helpline", "receive")
    assert exc.value.code == 67
    assert "Only people who can see this question" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_a_real_lmtp_listener_adds_replies_and_refuses_other_addresses(world: World) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.lmtp import LMTP

    from carecyber.support.mailin import HelplineHandler

    class LMTPController(Controller):
        def factory(self) -> Any:
            return LMTP(self.handler)

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    ticket = _ticket(world)
    controller = LMTPController(HelplineHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.LMTP("127.0.0.1", port) as client, pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("staff@birch.test", ["sales@carecyber.localhost"], b"Subject: x\r\n\r\nHi")
        assert refused.value.recipients["sales@carecyber.localhost"][0] == 550
        with smtplib.LMTP("127.0.0.1", port) as client:
            result = client.sendmail(
                "staff@birch.test", [reply_address(ticket)], _email(ticket, sender="staff@birch.test")
            )
        assert result == {}
    finally:
        controller.stop()
    message = TicketMessage.objects.filter(ticket=ticket, via="email").get()
    assert message.body == "Every night." and message.author == User.objects.get(email="staff@birch.test")
