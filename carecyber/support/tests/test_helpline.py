"""The helpline: questions reach the right desk, threads and statuses, the 2-working-day clock, ratings."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from PIL import Image

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Membership, Role
from carecyber.support.models import Ticket, TicketAttachment, TicketMessage, TicketStatus
from carecyber.support.services.helpline import TicketInput, ticket_due_warnings_send, ticket_raise
from carecyber.support.tests.conftest import as_user as signed_in
from carecyber.support.tests.conftest import committed
from carecyber.support.workingdays import UK

pytestmark = pytest.mark.django_db

QUESTION = {"category": "toolkit", "subject": "Help with standard 7", "description": "How do we test our plan?"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    return out.getvalue()


def _file(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _ask(user: Any, **extra: Any) -> Any:
    return signed_in(user).post("/support/help/new", {**QUESTION, **extra})


def _ticket() -> Ticket:
    return Ticket.objects.get()


def test_a_question_goes_to_the_organisations_support_partner(world: World) -> None:
    mail.outbox.clear()
    response = _ask(world.staff_b)
    ticket = _ticket()
    assert response.status_code == 302 and response["Location"] == f"/support/help/{ticket.reference}/"
    assert ticket.partner == world.partner and ticket.status == TicketStatus.OPEN
    assert ticket.raised_by == world.staff_b and ticket.organisation == world.org_b
    assert ticket.first_response_due > ticket.created_at
    assert ticket.messages.get().body == "How do we test our plan?"
    recipients = {tuple(m.to) for m in mail.outbox}
    assert recipients == {("staff@birch.test",), ("partner@partner.test",)}
    desk_mail = next(m for m in mail.outbox if m.to == ["partner@partner.test"])
    assert f"[{ticket.reference}] New question from Birch Care Home" == desk_mail.subject
    assert desk_mail.reply_to == [f"help+{ticket.reply_token}@carecyber.localhost"]
    assert "How do we test our plan?" in desk_mail.body
    assert AuditEvent.objects.filter(action="ticket.raised", organisation=world.org_b).count() == 1


def test_an_organisation_without_a_partner_reaches_the_national_team(world: World) -> None:
    mail.outbox.clear()
    _ask(world.lead_a)
    ticket = _ticket()
    assert ticket.partner is None
    assert ["national@national.test"] in [m.to for m in mail.outbox]
    assert ticket.reference in signed_in(world.national).get("/support/help/").content.decode()
    assert signed_in(world.partner_member).get(f"/support/help/{ticket.reference}/").status_code == 404


def test_a_partner_with_a_shared_address_gets_the_email_there(world: World) -> None:
    world.partner.email = "help@nwpartner.test"
    world.partner.save()
    mail.outbox.clear()
    _ask(world.staff_b)
    assert ["help@nwpartner.test"] in [m.to for m in mail.outbox]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "", "Enter a short subject"),
        ("description", "   ", "Enter your question"),
        ("description", "x" * 10_001, "Keep your question to 10,000 characters or fewer (it has 10,001)"),
        ("category", "weather", "Select a valid choice"),
        ("subject", "Help\x07me", "Remove the hidden control characters"),
    ],
)
def test_bad_questions_are_explained_kept_and_nothing_is_saved(
    world: World, field: str, value: str, message: str
) -> None:
    response = _ask(world.staff_b, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert message in html
    if field != "description":
        assert "How do we test our plan?" in html  # what was typed is kept
    assert not Ticket.objects.exists() and not TicketMessage.objects.exists()


def test_markup_in_a_question_is_shown_as_text_never_run(world: World) -> None:
    _ask(world.staff_b, description="<script>alert('x')</script> <b>bold</b>")
    html = signed_in(world.staff_b).get(f"/support/help/{_ticket().reference}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_a_refused_attachment_is_named_the_text_is_kept_and_nothing_is_saved(world: World, media_root: Path) -> None:
    response = _ask(
        world.staff_b,
        attachments=[_file("notes.pdf", b"%PDF-1.4 fine"), _file("invoice.pdf.exe", b"MZ\x90\x00rest")],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "invoice.pdf.exe: programs and old Office files with macros are not accepted" in html
    assert "Choose the files again" in html and "How do we test our plan?" in html
    assert not Ticket.objects.exists() and not TicketAttachment.objects.exists()
    assert not (media_root / "support").exists()


def test_too_many_files_are_refused_clearly(world: World) -> None:
    files = [_file(f"note{n}.txt", b"text") for n in range(6)]
    html = _ask(world.staff_b, attachments=files).content.decode()
    assert "Attach up to 5 files to one message (you chose 6)" in html
    assert not Ticket.objects.exists()


def test_accepted_attachments_are_kept_and_downloaded_as_attachments(world: World) -> None:
    _ask(world.staff_b, attachments=[_file("plan.pdf", b"%PDF-1.4 plan"), _file("screen.png", _png())])
    ticket = _ticket()
    attachments = list(TicketAttachment.objects.order_by("name"))
    assert [(a.name, a.content_type) for a in attachments] == [
        ("plan.pdf", "application/pdf"),
        ("screen.png", "image/png"),
    ]
    assert attachments[0].file.name.startswith("support/attachments/") and "plan" not in attachments[0].file.name
    response = signed_in(world.partner_member).get(f"/support/help/{ticket.reference}/files/{attachments[0].pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"  # type: ignore[attr-defined]


def test_the_thread_status_and_first_reply(world: World) -> None:
    _ask(world.staff_b)
    ticket = _ticket()
    mail.outbox.clear()
    partner = signed_in(world.partner_member)
    partner.post(f"/support/help/{ticket.reference}/reply", {"body": "Walk through a day without the care app."})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_ON_ORGANISATION and ticket.first_responded_at is not None
    assert [m.to for m in mail.outbox] == [["staff@birch.test"]]
    assert mail.outbox[0].extra_headers["X-CareCyber-Ticket"] == ticket.reference
    mail.outbox.clear()
    signed_in(world.staff_b).post(f"/support/help/{ticket.reference}/reply", {"body": "Thanks, we did it."})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_ON_SUPPORT
    assert [m.to for m in mail.outbox] == [["partner@partner.test"]]
    html = signed_in(world.staff_b).get(f"/support/help/{ticket.reference}/").content.decode()
    assert html.index("How do we test our plan?") < html.index("Walk through a day") < html.index("Thanks, we did it.")
    assert "(support)" in html


def test_resolving_asks_for_a_rating_once(world: World) -> None:
    _ask(world.staff_b)
    ticket = _ticket()
    mail.outbox.clear()
    signed_in(world.partner_member).post(f"/support/help/{ticket.reference}/reply", {"body": "Done.", "resolve": "on"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED and ticket.resolved_at is not None
    assert any("how did we do?" in m.subject for m in mail.outbox)
    client = signed_in(world.staff_b)
    assert "How did we do?" in client.get(f"/support/help/{ticket.reference}/").content.decode()
    client.post(f"/support/help/{ticket.reference}/rate", {"rating": "4", "comment": "Quick and clear"})
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Quick and clear")
    html = client.post(f"/support/help/{ticket.reference}/rate", {"rating": "1"}).content.decode()
    assert "You have already rated the help" in html
    ticket.refresh_from_db()
    assert ticket.rating == 4


def test_a_rating_needs_a_resolved_question_and_a_valid_score(world: World) -> None:
    _ask(world.staff_b)
    ticket = _ticket()
    client = signed_in(world.staff_b)
    assert (
        "once your question is resolved"
        in client.post(f"/support/help/{ticket.reference}/rate", {"rating": "5"}).content.decode()
    )
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.RESOLVED)
    assert (
        "Choose one of the options"
        in client.post(f"/support/help/{ticket.reference}/rate", {"rating": "9"}).content.decode()
    )
    assert Ticket.objects.get(pk=ticket.pk).rating is None


def test_the_organisation_can_reopen_a_resolved_question(world: World) -> None:
    _ask(world.staff_b)
    ticket = _ticket()
    signed_in(world.partner_member).post(f"/support/help/{ticket.reference}/status", {"status": "resolved"})
    signed_in(world.staff_b).post(f"/support/help/{ticket.reference}/status", {"status": "waiting_on_support"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING_ON_SUPPORT and ticket.resolved_at is None
    # ...but cannot set the desk's statuses.
    response = signed_in(world.staff_b).post(
        f"/support/help/{ticket.reference}/status", {"status": "waiting_on_organisation"}
    )
    assert response.status_code == 403


def test_staff_see_their_own_questions_and_the_lead_sees_all(world: World) -> None:
    _ask(world.staff_b)
    other = Membership.objects.create(user=world.lead_a, organisation=world.org_b, role=Role.STAFF)
    assert other.pk
    ticket = _ticket()
    assert ticket.reference in signed_in(world.lead_b).get("/support/help/").content.decode()
    staff2 = Membership.objects.get(user=world.lead_a, organisation=world.org_b).user
    client = signed_in(staff2)
    session = client.session
    session["membership_id"] = other.pk
    session.save()
    assert client.get(f"/support/help/{ticket.reference}/").status_code == 404


def test_an_auditor_reads_but_cannot_write(world: World) -> None:
    _ask(world.lead_a)
    ticket = _ticket()
    auditor = signed_in(world.auditor_a)
    assert auditor.get(f"/support/help/{ticket.reference}/").status_code == 200
    assert auditor.post(f"/support/help/{ticket.reference}/reply", {"body": "Me too"}).status_code == 403
    assert auditor.get("/support/help/new").status_code == 403


def test_another_organisation_gets_404_on_every_helpline_page(world: World) -> None:
    _ask(world.staff_b, attachments=[_file("plan.pdf", b"%PDF-1.4 plan")])
    ticket = _ticket()
    attachment = TicketAttachment.objects.get()
    for user in (world.lead_a, world.staff_a, world.auditor_a):
        client = signed_in(user)
        assert client.get(f"/support/help/{ticket.reference}/").status_code == 404
        assert client.get(f"/support/help/{ticket.reference}/files/{attachment.pk}").status_code == 404
        for action, data in (("reply", {"body": "x"}), ("status", {"status": "resolved"}), ("rate", {"rating": "5"})):
            assert client.post(f"/support/help/{ticket.reference}/{action}", data).status_code == 404
        assert ticket.reference not in client.get("/support/help/").content.decode()
    assert TicketMessage.objects.count() == 1


def test_the_desk_sees_when_the_first_reply_is_due(world: World) -> None:
    _ask(world.staff_b)
    html = signed_in(world.partner_member).get("/support/help/").content.decode()
    assert "First reply due in" in html
    assert "First reply due" not in signed_in(world.staff_b).get("/support/help/").content.decode()


def test_the_list_filters_by_status_and_search(world: World) -> None:
    _ask(world.staff_b)
    _ask(world.staff_b, subject="Passwords for the rota app")
    client = signed_in(world.partner_member)
    html = client.get("/support/help/", {"q": "rota"}).content.decode()
    assert "Passwords for the rota app" in html and "Help with standard 7" not in html
    first = Ticket.objects.order_by("pk").first()
    assert first is not None
    html = client.get("/support/help/", {"q": first.reference}).content.decode()
    assert "Help with standard 7" in html and "rota" not in html
    assert "0 questions" in client.get("/support/help/", {"status": "resolved"}).content.decode()


def test_the_list_page_does_not_grow_its_queries_with_tickets(world: World, django_assert_max_num_queries: Any) -> None:
    actor = Actor.system("test")
    for n in range(30):
        ticket_raise(
            actor=Actor(user=world.staff_b, membership=world.staff_b.memberships.get()),
            organisation=world.org_b,
            data=TicketInput("toolkit", f"Question {n}", "Text"),
        )
    assert actor.is_system
    client = signed_in(world.partner_member)
    client.get("/support/help/")
    with django_assert_max_num_queries(15):
        client.get("/support/help/")


def _raise_at(world: World, when: datetime) -> Ticket:
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    with committed():
        return ticket_raise(
            actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"), now=when
        )


def test_the_desk_is_warned_once_as_the_first_reply_nears(world: World) -> None:
    ticket = _raise_at(world, datetime(2026, 11, 23, 10, 0, tzinfo=UK))  # Monday: due Wednesday 10:00
    assert ticket.first_response_due == datetime(2026, 11, 25, 10, 0, tzinfo=UK)
    system = Actor.system("test")
    mail.outbox.clear()
    assert ticket_due_warnings_send(actor=system, now=datetime(2026, 11, 24, 9, 0, tzinfo=UK)) == 0  # 25 h left
    assert ticket_due_warnings_send(actor=system, now=datetime(2026, 11, 24, 11, 0, tzinfo=UK)) == 1  # 23 h left
    assert ticket_due_warnings_send(actor=system, now=datetime(2026, 11, 24, 12, 0, tzinfo=UK)) == 0  # once only
    assert [m.to for m in mail.outbox] == [["partner@partner.test"]]
    assert mail.outbox[0].subject == f"[{ticket.reference}] First reply due soon"


def test_the_weekend_does_not_count_towards_the_warning(world: World) -> None:
    _raise_at(world, datetime(2026, 11, 27, 16, 0, tzinfo=UK))  # Friday: due Tuesday 16:00
    # Sunday evening: 2 calendar days have passed but no working time at all.
    assert ticket_due_warnings_send(actor=Actor.system("test"), now=datetime(2026, 11, 29, 20, 0, tzinfo=UK)) == 0


def test_a_late_first_reply_is_called_overdue(world: World) -> None:
    ticket = _raise_at(world, datetime(2026, 11, 23, 10, 0, tzinfo=UK))
    mail.outbox.clear()
    ticket_due_warnings_send(actor=Actor.system("test"), now=datetime(2026, 11, 26, 10, 0, tzinfo=UK))
    assert mail.outbox[0].subject == f"[{ticket.reference}] First reply overdue"


def test_an_answered_question_is_not_warned_about(world: World) -> None:
    ticket = _raise_at(world, datetime(2026, 11, 23, 10, 0, tzinfo=UK))
    Ticket.objects.filter(pk=ticket.pk).update(first_responded_at=datetime(2026, 11, 23, 11, 0, tzinfo=UK))
    assert ticket_due_warnings_send(actor=Actor.system("test"), now=datetime(2026, 11, 26, 10, 0, tzinfo=UK)) == 0


def test_guidance_articles_offer_ask_for_help_to_organisation_people(world: World) -> None:
    html = signed_in(world.staff_b).get("/support/guidance/nds-7").content.decode()
    assert 'href="/support/help/new?article=nds-7"' in html
    _ask(world.staff_b, article="nds-7")
    assert _ticket().article == "nds-7"
