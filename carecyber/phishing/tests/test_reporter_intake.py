"""The mailbox's intake: the original comes back out of a forward-as-attachment, an inline forward, or as is."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

from carecyber.phishing.engine.intake import extract_original
from carecyber.phishing.tests.reporter_helpers import fixture


def _forward_as_attachment(original: bytes, *, sender: str = "Sid Staff <staff@alder.test>") -> bytes:
    outer = EmailMessage()
    outer["From"] = sender
    outer["To"] = "report-phishing@carecyber.localhost"
    outer["Subject"] = "FW: looks dodgy"
    outer.set_content("Please check this one.")
    outer.add_attachment(message_from_bytes(original, policy=policy.default))
    return bytes(outer)


def test_a_forward_as_attachment_gives_back_the_original_whole() -> None:
    original = fixture("reporter_payroll_phish.eml")
    intake = extract_original(_forward_as_attachment(original))
    assert intake.how == "attachment"
    assert intake.forwarder == "staff@alder.test" and intake.forwarder_name == "Sid Staff"
    parsed = message_from_bytes(intake.original, policy=policy.default)
    assert parsed["Subject"] == "Urgent: confirm your bank details before the December pay run"
    assert "spf=fail" in str(parsed["Authentication-Results"])
    assert b"http://nhs-staff-payroll.com/secure/login" in intake.original


def test_an_attached_eml_file_counts_as_the_original() -> None:
    outer = EmailMessage()
    outer["From"] = "staff@alder.test"
    outer.set_content("See attached")
    original = fixture("reporter_payroll_phish.eml")
    outer.add_attachment(original, maintype="application", subtype="octet-stream", filename="suspicious.eml")
    intake = extract_original(bytes(outer))
    assert intake.how == "attachment" and intake.original == original


def test_an_inline_forward_is_rebuilt_into_headers_and_body() -> None:
    intake = extract_original(fixture("reporter_inline_forward.txt"))
    assert intake.how == "inline" and intake.forwarder == "staff@alder.test"
    parsed = message_from_bytes(intake.original, policy=policy.default)
    assert parsed["From"].addresses[0].addr_spec == "payroll@nhs-staff-payroll.com"
    assert parsed["Subject"] == "Urgent: confirm your bank details before the December pay run"
    assert parsed["Date"].datetime.strftime("%d %b %Y %H:%M") == "23 Nov 2026 08:12"
    body = parsed.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("Hello,") and "http://nhs-staff-payroll.com/secure/login" in text
    assert "it looks odd" not in text  # the forwarder's own note is not part of the original


def test_an_outlook_inline_forward_with_sent_and_quoting_is_read() -> None:
    raw = (
        b"From: staff@birch.test\r\nTo: report-phishing@carecyber.localhost\r\nSubject: FW: Invoice\r\n\r\n"
        b"FYI\r\n\r\n-----Original Message-----\r\nFrom: Accounts <accounts@invoices-portal.example>\r\n"
        b"Sent: 23 November 2026 09:01\r\nTo: staff@birch.test\r\nSubject: Invoice 4471 overdue\r\n\r\n"
        b"Please pay today: https://invoices-portal.example/pay\r\n"
    )
    intake = extract_original(raw)
    parsed = message_from_bytes(intake.original, policy=policy.default)
    assert intake.how == "inline"
    assert parsed["Subject"] == "Invoice 4471 overdue"
    assert parsed["Date"].datetime.strftime("%d %b %Y %H:%M") == "23 Nov 2026 09:01"
    assert "invoices-portal.example/pay" in intake.original.decode()


def test_a_message_that_is_not_a_forward_is_the_original_itself() -> None:
    original = fixture("reporter_payroll_phish.eml")
    intake = extract_original(original)
    assert intake.how == "as_is" and intake.original == original
    assert intake.forwarder == "payroll@nhs-staff-payroll.com"


def test_a_signature_line_of_underscores_is_not_taken_for_a_forward() -> None:
    raw = b"From: a@b.test\r\nSubject: hi\r\n\r\nThanks\r\n________________\r\nAmy, ward 7\r\n"
    assert extract_original(raw).how == "as_is"


def test_any_bytes_give_something_back() -> None:
    for raw in (b"", b"\x00\xff" * 100, b"From: \r\n\r\n", b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x"):
        intake = extract_original(raw)
        assert isinstance(intake.original, bytes)


def test_a_portuguese_outlook_forward_is_read() -> None:
    raw = (
        "From: staff@alder.test\r\nSubject: ENC: Extrato\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "\r\n________________________________\r\nDe: Banco <avisos@banco-seguro.example>\r\n"
        "Enviado: quarta-feira, 11 de outubro de 2023 22:29\r\nPara: staff@alder.test\r\n"
        "Assunto: Extrato disponível\r\n\r\nAcesse https://banco-seguro.example/extrato\r\n"
    ).encode()
    intake = extract_original(raw)
    parsed = message_from_bytes(intake.original, policy=policy.default)
    assert intake.how == "inline"
    assert parsed["From"].addresses[0].addr_spec == "avisos@banco-seguro.example"
    assert parsed["Subject"] == "Extrato disponível"
    assert "banco-seguro.example/extrato" in intake.original.decode()


def test_a_german_forward_under_a_rule_of_dashes_is_read() -> None:
    raw = (
        b"From: staff@alder.test\r\nSubject: WG: Rechnung\r\n\r\nBitte pruefen.\r\n\r\n" + b"-" * 40 + b"\r\n"
        b"*Von:* Buchhaltung <rechnung@zahlung-portal.example>\r\n*Gesendet:* Montag, 23. November 2026 09:01\r\n"
        b"*An:* staff@alder.test\r\n*Betreff:* Rechnung 4471\r\n\r\nBitte zahlen Sie heute.\r\n"
    )
    parsed = message_from_bytes(extract_original(raw).original, policy=policy.default)
    assert parsed["From"].addresses[0].addr_spec == "rechnung@zahlung-portal.example"
    assert parsed["Subject"] == "Rechnung 4471"
    body = parsed.get_body(("plain",))
    assert body is not None and "Bitte pruefen" not in body.get_content()


def test_on_behalf_of_keeps_the_address_the_email_claims() -> None:
    raw = (
        b"From: staff@alder.test\r\nSubject: FW: Give away\r\n\r\n________________________________\r\n"
        b"From: relay@mass-mailer.example on behalf of Bed Store <offers@bedstore-prizes.example>\r\n"
        b"Sent: Monday, November 23, 2026 9:01 AM\r\nSubject: Give away\r\n\r\nYou won.\r\n"
    )
    parsed = message_from_bytes(extract_original(raw).original, policy=policy.default)
    assert parsed["From"].addresses[0].addr_spec == "offers@bedstore-prizes.example"
