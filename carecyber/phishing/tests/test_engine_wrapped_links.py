"""A reported email whose links the recipient's link protection rewrote is judged on where the links really go.

NHSmail's Safe Links rewrites every link before a member of staff sees it, so the email they forward or
upload names outlook.com in every link. The fixtures are written here: each email is triaged as sent and as
delivered through Safe Links (and Proofpoint), and must give the same reasons.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from carecyber.phishing.engine import TriageResult, triage
from carecyber.phishing.safe_render import defang_text, sanitise_html

from .test_engine_unwrap import proofpoint_v2, safe_links

PHISH = """\
From: NHSmail Support <support@nhsmail-helpdesk.top>
To: ward12@leedsth.nhs.uk
Subject: Action required: your NHSmail password expires today
Message-ID: <unwrap-phish@nhsmail-helpdesk.top>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Your NHSmail password expires today. Keep your password at https://portal.nhs.net.verify-account.top/signin
or your mailbox will be suspended.

--b1
Content-Type: text/html; charset=utf-8

<html><body>
<p>Dear user, your NHSmail password expires today. Verify your account now or your mailbox will be suspended.</p>
<p><a href="https://nhsmail-login.top/owa/signin.php?user=ward12">https://portal.nhs.net</a></p>
<p><a href="http://185.199.110.9/secure/login">Keep my password</a></p>
<p><a href="https://bit.ly/3nhsFix">Read the notice</a></p>
<p><a href="https://xn--nhsmil-2ta.net/account">Your account</a></p>
<p><a href="https://portal.nhs.net@mailbox-check.example/verify">portal.nhs.net</a></p>
<p><a href="https://news.example.org/out?url=https://collect.example.top/">Unsubscribe</a></p>
</body></html>
--b1--
"""

GENUINE = """\
From: Priya Shah <priya.shah@leedsth.nhs.uk>
To: ward12@leedsth.nhs.uk
Subject: Ward 12 rota and the new infection control guidance
Message-ID: <unwrap-genuine@leedsth.nhs.uk>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8

Hi all, the rota for December is on the ward page: https://www.leedsth.nhs.uk/wards/ward-12/rota
Thanks, Priya

--b2
Content-Type: text/html; charset=utf-8

<html><body>
<p>Hi all,</p>
<p>The rota for December is on the <a href="https://www.leedsth.nhs.uk/wards/ward-12/rota">ward page</a>.
The updated infection control manual is at
<a href="https://www.england.nhs.uk/national-infection-prevention-and-control-manual/">www.england.nhs.uk</a>
and the handwashing posters at <a href="https://www.gov.uk/government/publications/hand-hygiene">GOV.UK</a>.</p>
<p>Thanks, Priya</p>
</body></html>
--b2--
"""

_HREF = re.compile(r'href="([^"]+)"')
_BARE = re.compile(r"(?<![\"/])https?://[^\s<>\"]+")


def delivered(source: str, wrap: object = safe_links) -> bytes:
    """The email as the recipient's mailbox holds it: every link rewritten (in the HTML `&` written `&amp;`)."""
    assert callable(wrap)
    html_part, _, rest = source.partition("<html>")
    html_part = _BARE.sub(lambda m: str(wrap(m.group(0))), html_part)
    rest = _HREF.sub(lambda m: f'href="{str(wrap(m.group(1))).replace("&", "&amp;")}"', rest)
    return (html_part + "<html>" + rest).encode()


def reasons(result: TriageResult) -> list[dict[str, object]]:
    return [asdict(reason) for reason in result.reasons]


def test_the_fixtures_are_rewritten_the_way_safe_links_does_it() -> None:
    raw = delivered(PHISH).decode()
    assert raw.count("safelinks.protection.outlook.com/?url=") == 7
    assert "nhsmail-login.top/owa" not in raw  # only the encoded form is left


def test_a_phishing_email_wrapped_by_safe_links_gets_the_same_link_reasons_as_unwrapped() -> None:
    sent = triage(PHISH.encode())
    wrapped = triage(delivered(PHISH))
    link_codes = {r["code"] for r in reasons(sent) if str(r["code"]).startswith("link_")}
    assert {
        "link_text_mismatch_brand",
        "link_ip_address",
        "link_shortener",
        "link_punycode",
        "link_at_sign",
        "link_redirect",
        "link_signin_page",
        "link_cheap_tld",
    } <= link_codes
    assert reasons(wrapped) == reasons(sent)  # the same codes, weights and words
    assert (wrapped.verdict, wrapped.score) == (sent.verdict, sent.score) == ("phishing", 100)
    assert wrapped.indicators == sent.indicators
    assert wrapped.fingerprint is not None and sent.fingerprint is not None
    assert wrapped.fingerprint.url_domains == sent.fingerprint.url_domains


def test_wrapped_twice_or_by_proofpoint_gives_the_same_reasons() -> None:
    sent = reasons(triage(PHISH.encode()))
    assert reasons(triage(delivered(PHISH, proofpoint_v2))) == sent
    assert reasons(triage(delivered(PHISH, lambda url: safe_links(proofpoint_v2(url))))) == sent


def test_without_unwrapping_the_wrapped_phish_would_hide_its_links() -> None:
    # What the engine saw before: Safe Links hosts only. Guards the point of the feature.
    wrapped = triage(delivered(PHISH))
    assert not any("safelinks" in url for url in wrapped.indicators.urls)
    assert not any("outlook.com" in domain for domain in wrapped.indicators.domains)
    assert "https://nhsmail-login.top/owa/signin.php?user=ward12" in wrapped.indicators.urls


def test_a_genuine_email_wrapped_by_safe_links_gets_no_new_reasons() -> None:
    sent = triage(GENUINE.encode())
    wrapped = triage(delivered(GENUINE))
    assert reasons(wrapped) == reasons(sent)
    assert wrapped.verdict == sent.verdict == "safe"
    # The real address inside the wrapper, as the link goes there; an NHS domain is never a domain to block.
    assert "https://www.england.nhs.uk/national-infection-prevention-and-control-manual/" in wrapped.indicators.urls
    assert "www.england.nhs.uk" not in wrapped.indicators.domains


def test_the_analyst_is_told_which_link_protection_rewrote_the_links() -> None:
    wrapped = triage(delivered(GENUINE))
    assert any("eur03.safelinks.protection.outlook.com" in note for note in wrapped.notes)
    assert not any("rewritten" in note for note in triage(GENUINE.encode()).notes)
    # The wrapper is context, not an indicator to block: blocking it would break every link in NHSmail.
    assert not any("safelinks" in value for values in wrapped.indicators.as_dict().values() for value in values)


def test_a_mimecast_link_keeps_todays_behaviour() -> None:
    mimecast = "https://protect-eu.mimecast.com/s/AbCdEfGhIjKl?domain=england.nhs.uk"
    raw = GENUINE.replace("https://www.england.nhs.uk/national-infection-prevention-and-control-manual/", mimecast)
    result = triage(raw.encode())
    assert not {"link_text_mismatch", "link_text_mismatch_brand", "link_redirect"} & {r.code for r in result.reasons}
    assert mimecast in result.indicators.urls
    assert result.fingerprint is not None and "mimecast.com" not in result.fingerprint.url_domains


def test_the_analyst_sees_the_real_address_and_the_wrapper_in_the_message() -> None:
    href = safe_links("https://nhsmail-login.top/owa/signin.php").replace("&", "&amp;")
    shown = str(sanitise_html(f'<p><a href="{href}">Sign in</a></p>'))
    assert "hxxps://nhsmail-login[.]top/owa/signin.php" in shown
    assert "rewritten by link protection: eur03[.]safelinks[.]protection[.]outlook[.]com" in shown
    text = defang_text(f"Sign in at {safe_links('https://nhsmail-login.top/owa')} today")
    assert text.startswith("Sign in at hxxps://nhsmail-login[.]top/owa (rewritten by link protection: eur03[.]")
    assert text.endswith(") today")


def anchor_email(href: str, text: str) -> bytes:
    body = f'<p>The handover notes are <a href="{href.replace("&", "&amp;")}">{text.replace("&", "&amp;")}</a>.</p>'
    return GENUINE.split("MIME-Version")[0].encode() + f"Content-Type: text/html\n\n{body}".encode()


def test_link_text_showing_the_same_wrapped_address_is_not_a_mismatch() -> None:
    # A forwarded email's text often shows the rewritten address itself: it names the address inside.
    wrapped = safe_links("https://www.england.nhs.uk/ipc/")
    short = "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.england.nhs.uk%2F&data=1"
    for text in (wrapped, short):
        codes = {r.code for r in triage(anchor_email(wrapped, text)).reasons}
        assert not {"link_text_mismatch", "link_text_mismatch_brand"} & codes


def test_link_text_showing_a_wrapped_trusted_address_over_a_wrapped_fake_is_a_mismatch() -> None:
    fake = safe_links("https://nhsmail-login.top/owa/")
    text = "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fportal.nhs.net%2F&data=1"
    plain = triage(anchor_email("https://nhsmail-login.top/owa/", "https://portal.nhs.net/"))
    wrapped = triage(anchor_email(fake, text))
    assert "link_text_mismatch_brand" in {r.code for r in wrapped.reasons}
    assert reasons(wrapped) == reasons(plain)


def test_link_text_showing_a_mimecast_address_says_nothing() -> None:
    mimecast = "https://protect-eu.mimecast.com/s/AbCdEfGhIjKl?domain=england.nhs.uk"
    result = triage(anchor_email(safe_links("https://www.england.nhs.uk/ipc/"), mimecast))
    assert not {"link_text_mismatch", "link_text_mismatch_brand"} & {r.code for r in result.reasons}
