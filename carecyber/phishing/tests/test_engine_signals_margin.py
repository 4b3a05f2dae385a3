"""The margin round: signals narrowed where genuine mail sat close to the line, and signs of different kinds
together counting for more. Each change has cases that must fire and cases that must not."""

from __future__ import annotations

from carecyber.phishing.engine import triage

from .test_engine_signals import codes, email
from .test_engine_signals_round5 import weight_of

BROKEN_SIGNATURE = 'mx.example; dkim=fail reason="signature verification failed" header.d=example-trust.org'


def link_email(url: str, **headers: str) -> bytes:
    return email(f"The notes from Tuesday are at {url} as promised; see you at the next meeting.", **headers)


def test_a_broken_signature_on_its_own_counts_for_less() -> None:
    alone = triage(email("Patch attached.", Authentication_Results=BROKEN_SIGNATURE))
    assert weight_of(alone, "dkim_fail") == 10
    assert "mailing lists and forwarding" in next(r.text for r in alone.reasons if r.code == "dkim_fail")
    with_spf = triage(email("Patch attached.", Authentication_Results=f"{BROKEN_SIGNATURE}; spf=fail"))
    assert weight_of(with_spf, "dkim_fail") == 15
    with_dmarc = triage(email("Patch attached.", Authentication_Results=f"{BROKEN_SIGNATURE}; dmarc=fail"))
    assert weight_of(with_dmarc, "dkim_fail") == 15
    passed = triage(email("Patch attached.", Authentication_Results="mx.example; dkim=pass; spf=pass"))
    assert "dkim_fail" not in codes(passed)


def test_everyday_words_are_not_scam_urgency_or_threat_language() -> None:
    everyday = (
        "The package builds again and the pending patches are queued; I selected the files you named. "
        "Access is restricted to root."
    )
    result = triage(email(everyday))
    assert not {"scam_language", "urgency_language", "threat_language"} & codes(result)
    lure = triage(email("Your package is waiting. Your account has been restricted until you pay the fee."))
    assert {"scam_language", "threat_language"} <= codes(lure)
    assert "you have been selected" in next(
        r.text for r in triage(email("Congratulations, you have been selected!")).reasons if r.code == "scam_language"
    )


def test_an_archive_link_to_a_post_is_not_a_sign_in_page() -> None:
    archive = "https://lore.kernel.org/linux-block/BYAPR04MB4965@BYAPR04MB4965.namprd04.prod.outlook.com/"
    assert "link_signin_page" not in codes(triage(link_email(archive)))
    advisory = "https://lists.debian.org/debian-security/2024/01/msg00005.html"
    assert "link_signin_page" not in codes(triage(link_email(advisory)))
    assert "link_signin_page" in codes(triage(link_email("https://pages.example.net/outlook/login.php")))
    # An address in the path does not hide the sign-in words before it.
    assert "link_signin_page" in codes(triage(link_email("https://pages.example.net/verify/ann@leedsth.nhs.uk")))


def test_a_link_protection_wrapper_is_not_a_redirect() -> None:
    wrapped = "https://urldefense.proofpoint.com/v2/url?u=https-3A__www.ettus.com_&d=DwMF"
    assert "link_redirect" not in codes(triage(link_email(wrapped)))
    safe_links = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.org%2F&data=05"
    assert "link_redirect" not in codes(triage(link_email(safe_links)))
    assert "link_redirect" in codes(triage(link_email("https://tracker.example.net/r?url=https://evil.example/")))


def test_german_names_are_not_a_jumble_of_letters() -> None:
    for sender in ("S. Gottschall <s.gottschall@newmedia-net.de>", "A. M <andreas.messerschmid@linutronix.de>"):
        assert "sender_gibberish" not in codes(triage(email("Hi", From=sender)))
    assert "sender_gibberish" in codes(triage(email("Hi", From="Offers <mvssrjf@example-trust.org>")))
    assert "sender_gibberish" in codes(triage(email("Hi", From="Offers <schmvssrjf@example-trust.org>")))


def test_an_unfilled_to_field() -> None:
    for to in ("[to]", "[To]", " [email] ", "{{recipient}}"):
        result = triage(email("Is today your lucky day?", To=to))
        assert "unfilled_placeholder" in codes(result)
        assert "addressed to" in next(r.text for r in result.reasons if r.code == "unfilled_placeholder")
    for to in ("ward12@leedsth.nhs.uk", "[USRP-users] <usrp-users@lists.example.com>", "undisclosed-recipients:;"):
        assert "unfilled_placeholder" not in codes(triage(email("Minutes attached.", To=to)))


def test_signs_of_two_kinds_together_count_for_more() -> None:
    both = triage(
        link_email("https://bit.ly/3xYz", From="Payroll <payroll@example-trust.org>", Reply_To="pay@other.example")
    )
    assert {"reply_to_differs", "link_shortener", "combined_signs"} <= codes(both)
    assert weight_of(both, "combined_signs") == 10
    assert "the links, the sender" in next(r.text for r in both.reasons if r.code == "combined_signs")
    # Two link hints are one kind; wording is not a kind; a broken signature on its own is not failed authentication.
    for raw in (
        link_email("https://bit.ly/3xYz https://sites.google.com/view/x"),
        link_email("https://bit.ly/3xYz", Subject="Urgent: act now"),
        link_email("https://bit.ly/3xYz", Authentication_Results=BROKEN_SIGNATURE),
        email("Patch attached.", Authentication_Results=BROKEN_SIGNATURE, Subject="Re: notes"),
    ):
        assert "combined_signs" not in codes(triage(raw))
    failed = triage(link_email("https://bit.ly/3xYz", Authentication_Results="mx.example; spf=fail"))
    assert "combined_signs" in codes(failed)
