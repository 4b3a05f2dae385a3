"""The reporting mailbox for real: an aiosmtpd listener on a free port, mail sent with smtplib (LMTP and SMTP)."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from django.core import mail

from carecyber.conftest import World
from carecyber.core.models import OrganisationDomain
from carecyber.phishing.mailbox import controller
from carecyber.phishing.models import PhishingReport, RawMessage, ReportStatus, Route
from carecyber.phishing.tests.reporter_helpers import fixture

MAILBOX = "report-phishing@carecyber.localhost"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listener(request: pytest.FixtureRequest, settings: Any) -> Iterator[tuple[int, bool]]:
    settings.PHISHING_MAILBOX_ADDRESSES = [MAILBOX]
    settings.PHISHING_MAX_MESSAGE_BYTES = 64 * 1024
    lmtp = bool(getattr(request, "param", True))
    port = _free_port()
    server = controller(host="127.0.0.1", port=port, lmtp=lmtp)
    server.start()
    try:
        yield port, lmtp
    finally:
        server.stop()


def _send(port: int, lmtp: bool, sender: str, data: bytes, to: str = MAILBOX) -> dict[str, Any]:
    client_class = smtplib.LMTP if lmtp else smtplib.SMTP
    wire = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # mail travels with CRLF line ends
    with client_class("127.0.0.1", port) as client:
        return client.sendmail(sender, [to], wire)


def _forwarded(sender: str, original: bytes) -> bytes:
    outer = EmailMessage()
    outer["From"] = sender
    outer["To"] = MAILBOX
    outer["Subject"] = "FW: is this real?"
    outer.set_content("Found this in my inbox.")
    outer.add_attachment(message_from_bytes(original, policy=policy.default))
    return bytes(outer)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("listener", [True, False], indirect=True, ids=["lmtp", "smtp"])
def test_a_forwarded_report_is_kept_triaged_and_acknowledged(world: World, listener: tuple[int, bool]) -> None:
    port, lmtp = listener
    original = fixture("reporter_payroll_phish.eml")
    assert _send(port, lmtp, "staff@birch.test", _forwarded("Bo Staff <staff@birch.test>", original)) == {}
    report = PhishingReport.objects.get()
    assert report.route == Route.MAILBOX and report.reporter == world.staff_b and report.organisation == world.org_b
    kept = bytes(RawMessage.objects.get(report=report).data)
    assert message_from_bytes(kept, policy=policy.default)["Message-ID"] == "<payroll-7781@nhs-staff-payroll.com>"
    assert report.status == ReportStatus.TRIAGED and report.verdict == "phishing"
    subjects = [(m.to, m.subject) for m in mail.outbox]
    assert (["staff@birch.test"], f"Thank you for reporting a suspicious email ({report.reference})") in subjects
    assert any(to == ["staff@birch.test"] and s.startswith("This is a phishing email") for to, s in subjects)


@pytest.mark.django_db(transaction=True)
def test_other_addresses_are_refused_before_the_data(world: World, listener: tuple[int, bool]) -> None:
    port, lmtp = listener
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(port, lmtp, "staff@birch.test", b"Subject: x\r\n\r\nhi", to="someone@example.test")
    assert refused.value.recipients["someone@example.test"][0] == 550
    assert not PhishingReport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_over_the_size_limit_is_refused(world: World, listener: tuple[int, bool]) -> None:
    port, lmtp = listener
    huge = b"Subject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 120  # 120 KB against a 96 KB limit
    with pytest.raises((smtplib.SMTPDataError, smtplib.SMTPResponseException, smtplib.SMTPSenderRefused)) as error:
        _send(port, lmtp, "staff@birch.test", huge)
    assert getattr(error.value, "smtp_code", None) == 552
    assert not PhishingReport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_person_at_a_known_domain_without_an_account_is_placed_and_acknowledged(
    world: World, listener: tuple[int, bool]
) -> None:
    port, lmtp = listener
    OrganisationDomain.objects.create(organisation=world.org_a, domain="alder-hospitals.nhs.uk")
    _send(
        port,
        lmtp,
        "new.starter@mail.alder-hospitals.nhs.uk",
        fixture("reporter_inline_forward.txt").replace(
            b"Sid Staff <staff@alder.test>", b"new.starter@mail.alder-hospitals.nhs.uk"
        ),
    )
    report = PhishingReport.objects.get()
    assert report.organisation == world.org_a and report.reporter is None
    assert report.reporter_address == "new.starter@mail.alder-hospitals.nhs.uk"
    assert report.subject == "Urgent: confirm your bank details before the December pay run"
    assert {tuple(m.to) for m in mail.outbox} == {("new.starter@mail.alder-hospitals.nhs.uk",)}
    assert "See your report" not in mail.outbox[0].body  # no account, so no link to a page they cannot open


@pytest.mark.django_db(transaction=True)
def test_an_unknown_sender_is_kept_for_the_national_team_and_never_written_to(
    world: World, listener: tuple[int, bool]
) -> None:
    port, lmtp = listener
    _send(port, lmtp, "someone@elsewhere.example", _forwarded("someone@elsewhere.example", b"\x00\x01garbage"))
    report = PhishingReport.objects.get()
    assert report.organisation is None and report.reporter is None and report.reporter_address == ""
    assert report.acknowledged_at is None and mail.outbox == []
    assert report.status in {ReportStatus.TRIAGED, ReportStatus.UNREADABLE}


@pytest.mark.django_db(transaction=True)
def test_a_redirected_message_is_reported_by_the_envelope_sender(world: World, listener: tuple[int, bool]) -> None:
    port, lmtp = listener
    _send(port, lmtp, "staff@alder.test", fixture("reporter_payroll_phish.eml"))
    report = PhishingReport.objects.get()
    assert report.reporter == world.staff_a and report.from_address == "payroll@nhs-staff-payroll.com"
