"""Each signal fires on a message that shows it (and the verdicts follow), using hand-written fixtures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from carecyber.phishing.engine import TriageResult, TriageSettings, triage
from carecyber.phishing.engine.config import Brand

FIXTURES = Path(__file__).parent / "fixtures"


def codes(result: TriageResult) -> set[str]:
    return {reason.code for reason in result.reasons}


def email(body: str, *, html: bool = False, **headers: str) -> bytes:
    fields = {"From": "Sam Lee <sam.lee@example-trust.org>", "To": "ward12@leedsth.nhs.uk", "Subject": "Notes"}
    fields.update({name.replace("_", "-"): value for name, value in headers.items()})
    lines = [f"{name}: {value}" for name, value in fields.items()]
    lines.append(f"Content-Type: text/{'html' if html else 'plain'}; charset=utf-8")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


@pytest.mark.parametrize(
    ("fixture", "verdict", "expected"),
    [
        ("safe_colleague.eml", "safe", set()),
        ("spam_newsletter.eml", "spam", set()),
        (
            "phish_credentials.eml",
            "phishing",
            {"dmarc_fail", "spf_fail", "reply_to_differs", "display_name_brand", "sender_lookalike",
             "link_text_mismatch_brand", "link_ip_address", "credential_language", "urgency_language",
             "threat_language"},
        ),
        (
            "phish_attachments.eml",
            "phishing",
            {"attachment_executable", "attachment_double_extension", "attachment_disk_image", "attachment_shortcut",
             "attachment_macro_office", "attachment_html", "attachment_encrypted_archive", "attachment_script"},
        ),
        (
            "phish_homoglyph.eml",
            "phishing",
            {"sender_homoglyph", "link_homoglyph", "link_punycode", "display_name_brand", "mixed_script_words",
             "hidden_characters", "styled_letters"},
        ),
        (
            "phish_links.eml",
            "phishing",
            {"link_shortener", "link_data_uri", "link_javascript_uri", "link_deep_subdomain",
             "link_brand_in_subdomain", "link_cheap_tld", "link_free_hosting", "link_redirect", "link_signin_page",
             "link_text_mismatch", "form_in_message"},
        ),
        (
            "scam_advance_fee.eml",
            "phishing",
            {"official_name_freemail", "recipient_address_greeting", "scam_language", "spelling_anomalies",
             "subject_random_code", "urgency_language"},
        ),
    ],
)  # fmt: skip
def test_fixture_signals_and_verdict(fixture: str, verdict: str, expected: set[str]) -> None:
    result = triage((FIXTURES / fixture).read_bytes())
    assert result.verdict == verdict
    assert expected <= codes(result)
    if not expected:
        assert result.score < 30


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (email("Hi", From='"Your bank" <>'), "sender_missing"),
        (email("Hi", From="Tax office <refunds@%payments.com>"), "sender_malformed"),
        (email("Hi", From="Deals <deals@bargains-now.shop>"), "sender_cheap_tld"),
        (email("Hi", From="Offers <mvssrjf@example-trust.org>"), "sender_gibberish"),
        (email("Hi", From='"ceo@leedsth.nhs.uk" <ceo.office@example-trust.org>'), "display_name_address"),
        (email("Hi", From="Notes <notes@xn--caf-dma.com>"), "sender_punycode"),
        (email("Hi", From="Prize team <no-reply@lucky-7f3a1.firebaseapp.com>"), "sender_free_hosting"),
        (email("Hi", Subject="Your Microsoft 365 licence"), "brand_claim"),
        (
            email("Hi", From="NHS Jobs <jobs@nhs.net>", Return_Path="<bounce@bulk-mailer.example.com>"),
            "return_path_differs",
        ),
        (email("Hi", Authentication_Results="mx.example; dkim=fail header.d=example-trust.org"), "dkim_fail"),
        (email("Hi", Received_SPF="SoftFail (example: domain does not designate 192.0.2.1)"), "spf_softfail"),
        (email("<img src='cid:x'><a href='https://offer.example.com/'> </a>", html=True), "image_only"),
        (email("https://files.example.com/d/8812"), "little_text_with_link"),
    ],
)
def test_single_signals(raw: bytes, code: str) -> None:
    assert code in codes(triage(raw))


def test_a_password_for_an_attachment_is_flagged() -> None:
    raw = (
        b"From: Office <office@example-trust.org>\r\nTo: a@leedsth.nhs.uk\r\nSubject: Statement\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
        b"Your statement is attached. Password: 1234\r\n--b\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: attachment; filename="statement.pdf"\r\n\r\n%PDF-1.4 fixture\r\n--b--\r\n'
    )
    result = triage(raw)
    assert "attachment_with_password" in codes(result)
    assert result.message is not None
    assert [a.filename for a in result.message.attachments] == ["statement.pdf"]
    assert len(result.indicators.sha256[0]) == 64


def test_passing_authentication_and_its_mere_presence_add_nothing() -> None:
    plain = triage(email("See you at the meeting."))
    passed = triage(
        email(
            "See you at the meeting.",
            Authentication_Results="mx.example; spf=pass; dkim=pass; dmarc=pass",
            Received_SPF="Pass (example)",
        )
    )
    assert passed.score == plain.score
    assert not {"spf_fail", "dkim_fail", "dmarc_fail", "spf_softfail"} & codes(passed)


def test_genuine_nhs_and_brand_domains_are_not_lookalikes() -> None:
    for sender in (
        "Payroll <payroll@leedsth.nhs.uk>",
        "Microsoft <account-security-noreply@accountprotection.microsoft.com>",
    ):
        result = triage(email("Your payslip is ready to view in ESR.", From=sender))
        assert not {"sender_lookalike", "sender_homoglyph", "display_name_brand"} & codes(result)


def test_a_brand_added_in_settings_is_protected() -> None:
    raw = email("Hi", From="Fabrikam Health <alerts@fabrikam-health.example>")
    assert "display_name_brand" not in codes(triage(raw))
    brand = Brand(name="Fabrikam", keywords=("fabrikam",), domains=("fabrikam.com",))
    settings = dataclasses.replace(TriageSettings.default(), brands=(*TriageSettings.default().brands, brand))
    assert "display_name_brand" in codes(triage(raw, settings))


def test_the_date_and_mailing_list_headers_change_nothing() -> None:
    base = email("Minutes from the governance meeting are attached to the shared folder.")
    extra = (
        b"Date: Mon, 1 Jan 2001 00:00:00 +0000\r\nList-Id: <governance.lists.example.org>\r\n"
        b"X-Mailer: Fixture Mailer 1.0\r\nReceived: from relay.example by mx.example; Mon, 1 Jan 2001\r\n"
    )
    with_headers = triage(extra + base)
    assert with_headers.score == triage(base).score
    assert codes(with_headers) == codes(triage(base))


def test_exercise_token_is_read_for_the_web_app() -> None:
    result = triage(email("Hi", X_CareCyber_Exercise="ex-2026-03"))
    assert result.message is not None
    assert result.message.exercise_token == "ex-2026-03"


def test_reasons_are_plain_english_and_weights_come_from_the_data_file() -> None:
    result = triage((FIXTURES / "phish_links.eml").read_bytes())
    rules = TriageSettings.default().rules
    for reason in result.reasons:
        assert reason.text.endswith((".", ")")) and reason.text[0].isupper()
        assert reason.weight % rules.weight(reason.code) == 0
    assert result.reasons == tuple(sorted(result.reasons, key=lambda r: -r.weight))


def test_a_web_address_in_the_senders_name_that_is_not_the_senders_domain() -> None:
    fake = triage(email("Confirm your wallet.", From="ethereum.org <miller8j32@icloud.com>"))
    assert "display_name_domain" in codes(fake)
    assert "icloud.com" in next(r.text for r in fake.reasons if r.code == "display_name_domain")
    genuine = triage(email("Your order has shipped.", From="Amazon.com <shipment-tracking@amazon.com>"))
    initials = triage(email("Thanks.", From="Mr.Clayton J.G. White <cjgw@example-trust.org>"))
    listed = triage(email("Re: B210", From="David Taylor (manx.net) via USRP-users <usrp-users@lists.ettus.com>"))
    assert "display_name_domain" not in codes(genuine) | codes(initials) | codes(listed)


def test_a_senders_name_broken_up_to_pass_filters() -> None:
    for name in ("D/H/L-verzending", "Jumbo..Winnen", "__C0NSUMER__REWARDS__", "--Ultimo--Aviso**"):
        assert "display_name_decorated" in codes(triage(email("Claim it.", From=f'"{name}" <a@b-offers.com>')))
    for name in ("Peng Fan (OSS)", "Anne-Marie O'Neill", "'Kyle' via blinux-list@redhat.com", "kevin--- via USRP"):
        assert "display_name_decorated" not in codes(triage(email("Hi", From=f'"{name}" <a@example-trust.org>')))


def test_words_spelt_with_look_alike_characters() -> None:
    found = triage(email("Cheap VlAGRA and ClALlS here", Subject="IMP0RTANT INF0RMATI0N"))
    assert "disguised_words" in codes(found)
    assert "VlAGRA" in next(r.text for r in found.reasons if r.code == "disguised_words")
    # Hex numbers, ham-radio call signs and ordinary capitals are not disguises.
    plain = triage(email("Mask FFFFFFFFFFFE0000, 73 de K0LNY, see the README and the HTTP API.", Subject="NOTES"))
    assert "disguised_words" not in codes(plain)


def test_a_re_subject_that_answers_nothing() -> None:
    assert "fake_reply" in codes(triage(email("You won.", Subject="RE: 2nd attempt for you")))
    real = email("Agreed.", Subject="Re: rota for March", In_Reply_To="<a1@example-trust.org>")
    assert "fake_reply" not in codes(triage(real))
    threaded = email("Agreed.", Subject="AW: Dienstplan", References="<a1@example-trust.org>")
    assert "fake_reply" not in codes(triage(threaded))
    assert "fake_reply" not in codes(triage(email("A new topic.", Subject="Rota for March")))


def test_a_phrase_inside_a_longer_one_is_counted_once() -> None:
    """'will be suspended' says 'suspended' once: the reader is told (and the score counts) one threat, not two."""
    from carecyber.phishing.engine.config import PhraseList

    phrases = PhraseList.of(["suspended", "will be suspended", "account"])
    words = ["your", "account", "will", "be", "suspended", "today", "and", "later", "suspended", "again"]
    assert phrases.distinct_hits(words) == ("account", "will be suspended")
    assert phrases.distinct_hits(["it", "was", "suspended"]) == ("suspended",)
    assert phrases.distinct_hits(words, limit=1) == ("account",)

    result = triage(email("Your mailbox will be suspended. Sign in to keep it."))
    threat = next(r for r in result.reasons if r.code == "threat_language")
    assert "“will be suspended”" in threat.text
    assert "“suspended”" not in threat.text


@pytest.mark.parametrize("provider", ["gmail.com", "outlook.com", "hotmail.co.uk", "live.com", "yahoo.com"])
@pytest.mark.parametrize("role", ["IT Helpdesk", "IT Service Desk", "Mail Administrator"])
def test_an_official_role_on_any_big_personal_webmail_service(provider: str, role: str) -> None:
    result = triage(email("Your mailbox needs checking.", From=f"{role} <support.team@{provider}>"))
    assert "official_name_freemail" in codes(result)
