"""Forwarded bulk offers whose every link goes elsewhere, throwaway addresses with numbers scattered through them
or capitals scrambled in the domain, a brand's name in the part of the sender's domain anyone can take, and
subjects whose words are run together. Each signal has cases that must fire and cases that must not (genuine
NHS, colleague and mailing-list mail)."""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage
from carecyber.phishing.engine.domains import digits_scattered

from .test_engine_signals import codes, email

SPF_FAILED = "mx.example; spf=fail smtp.mailfrom=example-offers.com"


def _forward_of_html(quoted_from: str, html_body: str, subject: str = "Weird morning hack") -> bytes:
    """A colleague forwards a message from Outlook: the plain and HTML parts both begin with the quoted headers."""
    quoted = f"De: {quoted_from}\r\nEnviado: 23 November 2026 09:01\r\nPara: staff@alder.test\r\nAssunto: {subject}"
    plain = f"\r\n________________________________\r\n{quoted}\r\n\r\nSee the offer below.\r\n"
    html = (
        "<html><body><hr>"
        + "".join(f"<p>{line}</p>" for line in quoted.replace("<", "&lt;").replace(">", "&gt;").split("\r\n"))
        + html_body
        + "</body></html>"
    )
    boundary = "b1"
    return (
        f"From: Staff Member <staff@alder.test>\r\nTo: it-help@alder.test\r\nSubject: ENC: {subject}\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}\r\n"
        f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--{boundary}--\r\n"
    ).encode()


OFFER_HTML = (
    '<p>Drink this in the morning. <a href="https://mwebworthy.example/6872/4654/2/">This weird morning hack</a> '
    'helps a mother of four.</p><p><a href="https://mwebworthy.example/6872/4654/2/"><img src="x.png"></a></p>'
)


def test_a_forwarded_offer_is_not_excused_by_its_own_quoted_from_line() -> None:
    # The quoted "De:" line repeats the sender's address; that names no website of the sender's own.
    result = triage(_forward_of_html("Dr Steven <return@zukbxeqej.example>", OFFER_HTML))
    assert result.message is not None and result.message.from_address == "return@zukbxeqej.example"
    assert "link_elsewhere_only" in codes(result)


def test_a_forwarded_newsletter_that_names_its_own_website_is_not_flagged() -> None:
    newsletter = OFFER_HTML + "<p>Visit us at www.hospicefriends.example or write to us.</p>"
    result = triage(_forward_of_html("Friends of the Hospice <news@hospicefriends.example>", newsletter))
    assert "link_elsewhere_only" not in codes(result)


def test_a_list_reply_quoting_its_author_still_counts_as_naming_his_site() -> None:
    # "Rob Kossler <rkossler@nd.example> wrote:" is a conversation, not a forwarded copy's quoted header.
    reply = email(
        '<p>See <a href="https://files.ettus.example/manual/log.html">here</a> for the log levels.</p>'
        "<p>On Tue, 3 May 2022, Rob Kossler &lt;rkossler@nd.example&gt; wrote:</p>"
        "<blockquote>Which level?</blockquote>",
        html=True,
        From="Rob Kossler <rkossler@nd.example>",
        Subject="[USRP-users] Re: log levels",
        In_Reply_To="<a1@nd.example>",
    )
    assert "link_elsewhere_only" not in codes(triage(reply))


@pytest.mark.parametrize("local", ["eon4ukm59w5v", "gkmlu1hage9w", "miller8j32pop8j", "actionthales_s4q0r799"])
def test_numbers_scattered_through_an_address_are_a_made_up_address(local: str) -> None:
    assert digits_scattered(local)


@pytest.mark.parametrize(
    "local",
    [
        "jsmith72",
        "sam.lee",
        "ward12.rota",
        "k4rlanauroski",
        "muhammedhira12345",
        "8d41ad9c88279d71f7c9",  # a service's hexadecimal message number (letters a to f only)
        "b2b-team",
        "covid19.vaccine2021",
        "1a2b3c",
        "gp.a81001",
    ],
)
def test_names_with_a_number_or_a_hex_code_are_how_people_and_services_write(local: str) -> None:
    assert not digits_scattered(local)


def test_an_offer_from_an_address_with_numbers_scattered_through_it_that_fails_spf_is_flagged() -> None:
    offer = email(
        "Compare rates in minutes and see how much you could save.",
        From='"Home Savings by RateKick" <eon4ukm59w5v@love.example-offers.com>',
        Subject="Own a home? Save on your bills",
        Authentication_Results=SPF_FAILED,
    )
    result = triage(offer)
    assert "sender_gibberish" in codes(result)
    assert "numbers scattered" in next(r.text for r in result.reasons if r.code == "sender_gibberish")
    assert result.verdict in {"suspicious", "phishing"}


def test_a_domain_written_with_scrambled_capitals_is_a_made_up_address() -> None:
    result = triage(email("This weird morning hack helps.", From="Dr Steven <return@zUkbxEQej.example>"))
    assert "sender_gibberish" in codes(result)


def test_genuine_senders_with_numbers_or_capitals_are_not_called_jumbled() -> None:
    for sender in (
        "Ward 12 <ward12.rota@leedsth.nhs.uk>",
        "GP practice <gp.a81001@nhs.net>",
        "Jobs board <DoNotReply@NHSJobs.example>",
        "Sam Lee <sam.lee@Example-Trust.org>",
        "syzbot <syzbot+8d41ad9c88279d71f7c9@syzkaller.example>",
    ):
        result = triage(email("The rota for next week is attached to the shared drive.", From=sender))
        assert "sender_gibberish" not in codes(result), sender
        assert result.verdict == "safe"


def test_a_brand_name_in_the_part_of_the_sender_domain_anyone_can_take_is_flagged() -> None:
    result = triage(
        email("Your cloud storage is full. Upgrade now.", From="Cloud Access Support <programfwqeb@lidl.it.com>")
    )
    assert "sender_brand_in_subdomain" in codes(result)
    reason = next(r for r in result.reasons if r.code == "sender_brand_in_subdomain")
    assert "Lidl" in reason.text and "it.com" in reason.text


def test_a_protected_domain_with_another_ending_stuck_on_is_flagged() -> None:
    # nhs.uk.com and hmrc.gov.uk.com are names anyone can buy under uk.com.
    for sender, url in (
        ("NHS Payroll <payroll@nhs.uk.com>", "https://login.nhs.uk.com/payslip"),
        ("HMRC <refunds@hmrc.gov.uk.com>", "https://www.hmrc.gov.uk.com/refund"),
    ):
        body = f'<p>Please check your details before Friday.</p><a href="{url}">Check them</a>'
        result = triage(email(body, html=True, From=sender))
        assert {"sender_brand_in_subdomain", "link_brand_in_subdomain"} <= codes(result), sender
        assert result.verdict == "phishing"
    # The genuine domains, and other names bought under uk.com, are not.
    for sender, url in (
        ("NHS England <news@england.nhs.uk>", "https://www.england.nhs.uk/news"),
        ("Acme <hello@acme.uk.com>", "https://www.acme.uk.com/offers"),
    ):
        body = f'<p>Our news this week.</p><a href="{url}">Read it</a>'
        result = triage(email(body, html=True, From=sender))
        assert not {"sender_brand_in_subdomain", "link_brand_in_subdomain"} & codes(result), sender


def test_a_brand_writing_from_its_own_domain_or_a_platform_that_names_it_is_not_flagged() -> None:
    for sender in (
        "Lidl <news@mail.lidl.co.uk>",
        "NHS Jobs <noreply@jobs.nhs.uk>",
        "Sam Lee <sam.lee@example-trust.org>",
    ):
        result = triage(email("Offers for the week.", From=sender))
        assert "sender_brand_in_subdomain" not in codes(result), sender


@pytest.mark.parametrize(
    "subject", ["Geef jouw..mening..en..win!9yxiW", "CLAIM__YOUR__REWARD now", "Free**gift**inside"]
)
def test_subject_words_run_together_with_doubled_dots_or_underscores(subject: str) -> None:
    assert "subject_words_joined" in codes(triage(email("Click to claim.", Subject=subject)))


@pytest.mark.parametrize(
    "subject",
    [
        "Re: [PATCH] git diff main..next shows the change",
        "Rota for 1..14 December",
        "Wait... what about the rota?",
        "Re: file_name__v2 attached",
        "Clinic notes",
    ],
)
def test_subjects_of_genuine_mail_are_not_called_joined(subject: str) -> None:
    assert "subject_words_joined" not in codes(triage(email("Notes attached.", Subject=subject)))


def test_domains_named_after_nhsmail_hmrc_or_the_dvla_imitate_them() -> None:
    for domain, brand in (
        ("nhsmail.co", "nhs.uk"),
        ("nhsbsa-refund.com", "nhs.uk"),
        ("hmrc-tax-refund.co.uk", "gov.uk"),
        ("dvla-fines.com", "gov.uk"),
    ):
        body = f'<p>Please review the note.</p><a href="https://{domain}/x">View it</a>'
        result = triage(email(body, html=True, From=f"Notice <info@{domain}>"))
        reason = next((r for r in result.reasons if r.code == "sender_lookalike"), None)
        assert reason is not None and f"looks like {brand}" in reason.text, domain
    # Their genuine homes are not.
    for domain in ("hmrc.gov.uk", "nhsbsa.nhs.uk", "nhs.net"):
        result = triage(email("Your statement is ready.", From=f"Notice <info@{domain}>"))
        assert not {"sender_lookalike", "sender_brand_in_subdomain"} & codes(result), domain


def test_a_protected_domain_run_into_more_words_by_a_hyphen_is_flagged() -> None:
    for domain in ("nhs.net-login.com", "www.nhs.uk-verify.net", "paypal.com-secure.info"):
        result = triage(email("Sign in to keep your account.", From=f"Support <help@{domain}>"))
        assert "sender_brand_in_subdomain" in codes(result), domain
    for domain in ("ward-7.leeds.nhs.uk", "north-west.example-trust.org"):
        result = triage(email("The rota is on the shared drive.", From=f"Rota <rota@{domain}>"))
        assert "sender_brand_in_subdomain" not in codes(result), domain
