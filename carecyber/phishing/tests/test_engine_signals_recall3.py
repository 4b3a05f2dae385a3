"""Throwaway addresses with capitals mixed at random, random codes in the subject, and personal webmail sent to
hidden recipients. Each signal has cases that must fire and cases that must not (genuine NHS, colleague and
mailing-list mail)."""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage
from carecyber.phishing.engine.domains import random_capitals

from .test_engine_signals import codes, email

SPF_FAILED = "mx.example; spf=fail smtp.mailfrom=example-offers.com"


@pytest.mark.parametrize("local", ["srWUViqS", "bdQAkfl", "VYvePWoL", "zmAZizPIr", "vsMNAMqX", "KmigQSymPHYPBfT"])
def test_capitals_mixed_at_random_are_a_made_up_address(local: str) -> None:
    assert random_capitals(local)


@pytest.mark.parametrize(
    "local",
    [
        "James.Bottomley",
        "Jean-Baptiste.deLaRochefoucauld",
        "DoNotReply",
        "USPSInformeddelivery",
        "LWabeke",
        "McDonald",
        "NHSmail",
        "ITServiceDesk",
        "salesUK",
        "eHealthNHS",
        "Mailer-Daemon",
        "sam.lee",
        "ENGLAND.PCSE",
    ],
)
def test_capitals_that_start_words_or_acronyms_are_how_people_write(local: str) -> None:
    assert not random_capitals(local)


def test_an_offer_from_a_made_up_address_that_fails_spf_is_flagged() -> None:
    offer = email(
        "Compare rates in minutes and see how much you could save. If you no longer wish to receive messages "
        "from us, click here to unsubscribe.",
        From='"Home Savings by RateKick" <eon4ukmWUViqS@love.example-offers.com>',
        Subject="Own a home? Save on your bills",
        Authentication_Results=SPF_FAILED,
    )
    result = triage(offer)
    assert "sender_gibberish" in codes(result)
    assert "capital and small letters at random" in next(r.text for r in result.reasons if r.code == "sender_gibberish")
    assert result.verdict in {"suspicious", "phishing"}


def test_genuine_senders_with_capitals_in_their_addresses_are_not_called_jumbled() -> None:
    for sender in (
        "James Bottomley <James.Bottomley@example-trust.org>",
        "Service Desk <ITServiceDesk@leedsth.nhs.uk>",
        "Jobs board <DoNotReply@example-jobs.co.uk>",
        "Rota team <WardRotas@example-trust.org>",
    ):
        result = triage(email("The rota for next week is attached to the shared drive.", From=sender))
        assert "sender_gibberish" not in codes(result)
        assert result.verdict == "safe"


def test_a_subject_code_with_scrambled_capitals_counts_as_random() -> None:
    lure = email("Your document is ready.", Subject="Notificação Emitida - hSCXPVFj7yxfmvG")
    assert "subject_random_code" in codes(triage(lure))
    for subject in (
        "Re: [PATCH] re-think of richACLs in the AI/LLM era",
        "Ward 12 rota v2 (SHA256sum fixed)",
        "iPhone 15 update for NHSmail",
        "Incident INC0012345 resolved",
    ):
        assert "subject_random_code" not in codes(triage(email("Notes attached.", Subject=subject)))


def test_personal_webmail_to_hidden_recipients_counts() -> None:
    for to in ("undisclosed-recipients:;", "Khalid Madu <khadmau70@gmail.com>", ""):
        result = triage(email("Desejo falar com você.", From="Khalid Madu <khadmau70@gmail.com>", To=to))
        assert "webmail_hidden_recipients" in codes(result), to


def test_hidden_recipients_with_a_reply_elsewhere_is_flagged() -> None:
    scam = email(
        "How are you today? I am Amran.",
        From="Amran Sheikh <amransheikh361@gmail.com>",
        To="undisclosed-recipients:;",
        Reply_To="falloumboup070@gmail.com",
        Subject="Hello dear",
    )
    assert triage(scam).verdict in {"suspicious", "phishing"}


def test_genuine_mail_to_hidden_or_group_recipients_is_not_flagged() -> None:
    # A colleague writes to the ward from an NHS address, Bcc'ing everyone: an organisation's mailbox, not webmail.
    bcc_from_work = email(
        "Reminder: flu jabs for staff in the outpatients hall from Monday.",
        From="Sam Lee <sam.lee@nhs.net>",
        To="undisclosed-recipients:;",
        Subject="Staff flu jabs",
    )
    assert "webmail_hidden_recipients" not in codes(triage(bcc_from_work))
    # A volunteer writes from Gmail to named people: the recipients show.
    named = email(
        "Thanks for helping at the coffee morning; the rota for next month is below.",
        From="Ann Lee <annlee1970@gmail.com>",
        To="Sam Lee <sam.lee@nhs.net>, Jo Khan <jo.khan@gmail.com>",
        Subject="Coffee morning rota",
    )
    assert "webmail_hidden_recipients" not in codes(triage(named))
    # A mailing list re-sends a post to its own address.
    list_post = email(
        "Has anyone tried the new screen reader release?",
        From="blinux-list@redhat.com",
        To="blinux-list@redhat.com",
        Subject="screen reader release",
    )
    assert "webmail_hidden_recipients" not in codes(triage(list_post))
    # A volunteer Bcc'ing a group from Gmail, with nothing else wrong, stays well below the line.
    volunteer = triage(
        email(
            "Thanks to everyone who helped at the coffee morning; we raised £240 for the hospice.",
            From="Ann Lee <annlee1970@gmail.com>",
            To="undisclosed-recipients:;",
            Subject="Coffee morning",
        )
    )
    assert volunteer.verdict == "safe"
    assert volunteer.score <= 10
