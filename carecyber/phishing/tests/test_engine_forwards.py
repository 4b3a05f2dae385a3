"""A forwarded email is judged by what it carries: staff forward what worries them, and the forward's own
sender (a colleague) says nothing about the attack inside."""

from __future__ import annotations

from carecyber.phishing.engine import triage

from .test_engine_signals import codes

ATTACK = (
    "De: Microsoft account team <security-noreply@micros0ft-verify.com>\r\n"
    "Enviado: sábado, 14 de janeiro de 2023 02:30\r\n"
    "Para: staff@alder.test\r\n"
    "Assunto: Unusual sign-in activity\r\n\r\n"
    "We detected unusual sign-in activity. Verify your account within 24 hours or it will be suspended: "
    "http://192.0.2.44/login\r\n"
)


def _forward(quoted: str, *, subject: str = "ENC: Unusual sign-in activity", sender: str = "staff@alder.test") -> bytes:
    return (
        f"From: {sender}\r\nTo: it-help@alder.test\r\nSubject: {subject}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"\r\n________________________________\r\n{quoted}"
    ).encode()


def test_a_forwarded_attack_is_judged_by_the_forwarded_email() -> None:
    result = triage(_forward(ATTACK))
    assert result.verdict == "phishing"
    assert {"display_name_brand", "credential_language"} <= codes(result)
    assert result.message is not None and result.message.from_address == "security-noreply@micros0ft-verify.com"
    assert any("forwards another one" in note for note in result.notes)
    # The campaign fingerprint is the attacker's, not the colleague's who forwarded it.
    assert result.fingerprint is not None and result.fingerprint.sender_domain == "micros0ft-verify.com"
    assert "192.0.2.44" in result.indicators.ips


def test_the_same_quote_without_a_forward_subject_is_not_taken_apart() -> None:
    # A reply that quotes an earlier message is a conversation, not a report: it is judged as it is.
    result = triage(_forward(ATTACK, subject="Re: Unusual sign-in activity"))
    assert result.message is not None and result.message.from_address == "staff@alder.test"
    assert not any("forwards another one" in note for note in result.notes)


def test_a_fake_forward_cannot_hide_its_own_signs_behind_a_harmless_quote() -> None:
    harmless = "From: Ann Lee <ann.lee@alder.test>\r\nSent: 23 November 2026 09:01\r\nSubject: Rota\r\n\r\nSee you.\r\n"
    raw = _forward(harmless, subject="FW: Rota", sender="Alder IT Helpdesk <helpdesk@alder-it-support.example>")
    lure = b"Your mailbox is full. Verify your password within 24 hours: http://45.133.1.20/alder\r\n\r\n___"
    fake = triage(raw.replace(b"\r\n\r\n\r\n___", b"\r\n\r\n" + lure, 1))
    assert fake.message is not None and fake.message.from_address == "helpdesk@alder-it-support.example"
    assert "link_ip_address" in codes(fake)
    assert fake.verdict in {"phishing", "suspicious"}
    assert any("the forward itself is more suspicious" in note for note in fake.notes)


def test_a_forwarded_genuine_email_stays_safe() -> None:
    genuine = (
        "From: Ann Lee <ann.lee@alder.test>\r\nSent: Monday, November 23, 2026 9:01 AM\r\nTo: staff@alder.test\r\n"
        "Subject: Rota for December\r\n\r\nHi all, the December rota is on the shared drive. Thanks, Ann\r\n"
    )
    result = triage(_forward(genuine, subject="FW: Rota for December"))
    assert result.verdict == "safe"
