"""The "spam" verdict (unwanted bulk marketing, safe to delete) is for marketing, not for a colleague's post to a
discussion group: "unsubscribe" in the footer such a group adds to each post, telling you to leave by sending an
email, is not marketing wording. Cases that must change and cases that must not."""

from __future__ import annotations

from carecyber.phishing.engine import triage

from .test_engine_signals import codes, email

BROKEN_SIGNATURE = 'mx.example; dkim=fail reason="signature verification failed" header.d=example-trust.org'
POST = (
    "Hi all,\n\nThe driver builds again with the second patch; the timing issue is gone on my board.\n\nThanks,\nAnn\n"
)
GOOGLE_GROUP_FOOTER = (
    '\n-- \nYou received this message because you are subscribed to the Google Groups "ward-it" group.\n'
    "To unsubscribe from this group and stop receiving emails from it, send an email to "
    "ward-it+unsubscribe@googlegroups.com.\n"
)
MAILING_LIST_FOOTER = (
    "\n_______________________________________________\n"
    "Radio-users mailing list -- radio-users@lists.example.org\n"
    "To unsubscribe send an email to radio-users-leave@lists.example.org\n"
)


def post(body: str, **headers: str) -> bytes:
    """A list post with a broken DKIM signature (10): before this change, one "unsubscribe" made it spam."""
    return email(body, Authentication_Results=BROKEN_SIGNATURE, **headers)


def test_a_discussion_group_footer_is_not_marketing() -> None:
    for footer in (GOOGLE_GROUP_FOOTER, MAILING_LIST_FOOTER):
        result = triage(post(POST + footer))
        assert result.score == 10
        assert result.verdict == "safe"


def test_a_footer_quoted_in_a_reply_or_wrapped_by_a_mail_program_is_not_marketing() -> None:
    quoted = "".join(f"> {line}\n" for line in MAILING_LIST_FOOTER.splitlines())
    assert triage(post(POST + quoted + MAILING_LIST_FOOTER)).verdict == "safe"
    wrapped = MAILING_LIST_FOOTER.replace("email to radio", "email to\n>>>>>>   radio")
    assert triage(post(POST + wrapped)).verdict == "safe"
    digest = (
        "To subscribe or unsubscribe via email, send a message with subject or body 'help' to\n"
        "  list-request@lists.example.org\n"
    )
    assert triage(post(POST + digest)).verdict == "safe"


def test_marketing_that_has_you_click_to_unsubscribe_is_still_spam() -> None:
    for footer in (
        "\nIf you no longer wish to receive these emails, click here to unsubscribe.\n",
        "\nThis email was sent to a.reader@example.net. To unsubscribe from future mailings please click here.\n",
        "\nUnsubscribe from all email lists by replying to this email.\n",
        # an address after the sentence has ended is a contact, not a way to leave
        "\nUnsubscribe here. Questions? Send an email to support@offers.example.\n",
    ):
        result = triage(post("Our spring range is here." + footer))
        assert result.verdict == "spam", footer


def test_a_click_to_unsubscribe_anywhere_keeps_the_word_counting() -> None:
    both = POST + "\nTo stop these offers, click here to unsubscribe.\n" + MAILING_LIST_FOOTER
    assert triage(post(both)).verdict == "spam"


def test_other_marketing_wording_still_counts_beside_a_group_footer() -> None:
    offer = "Use promo code SPRING for a discount on every order this week.\n" + MAILING_LIST_FOOTER
    assert triage(post(offer)).verdict == "spam"


def test_the_footer_changes_no_score_and_no_flagged_verdict() -> None:
    lure = (
        "Your mailbox is full. Verify your account now or it will be suspended within 24 hours: "
        "http://192.0.2.7/login\n" + GOOGLE_GROUP_FOOTER
    )
    with_footer = triage(post(lure, From="IT Helpdesk <helpdesk.nhs@gmail.com>"))
    without = triage(post(lure.replace(GOOGLE_GROUP_FOOTER, "\n"), From="IT Helpdesk <helpdesk.nhs@gmail.com>"))
    assert with_footer.verdict in {"phishing", "suspicious"}
    assert (with_footer.score, codes(with_footer)) == (without.score, codes(without))
