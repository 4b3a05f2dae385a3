"""Bulk offers from throwaway domains: every link goes to an unrelated website and the sender names no site of
its own (link_elsewhere_only).

Cases that must fire (an offer from a domain bought for the day sending readers to a shop elsewhere) and
cases that must not: newsletters sent through mailing services' click-tracking, NHS and charity newsletters,
mailing-list posts linking to GitHub and kernel.org, shipping notices, and personal webmail."""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage

from .test_engine_signals import codes, email

CODE = "link_elsewhere_only"


def offer(sender: str, link: str, words: str = "Claim your discount") -> bytes:
    body = (
        "<html><body><p>Smart living, smarter savings! Our best deal of the year ends soon.</p>"
        f'<p><a href="{link}">{words}</a></p>'
        f'<p><a href="{link}/optout"><img src="{link}/banner.png"></a></p></body></html>'
    )
    return email(body, html=True, From=sender, Subject="Smart Living, Smarter Savings!")


@pytest.mark.parametrize(
    ("sender", "link"),
    [
        ("Power Eco <jakye@selawenterprises.example>", "https://dhotharinternational.example/p?id=77"),
        ("Life Hacks <deals@yudvisis.example>", "https://crocolone.example/track/abc"),
        ("Mariana Santos <cotar@e.planos-compare.example>", "https://seguro-auto.example/lp"),
    ],
)
def test_an_offer_whose_every_link_goes_to_an_unrelated_site(sender: str, link: str) -> None:
    result = triage(offer(sender, link))
    assert CODE in codes(result)
    reason = next(r for r in result.reasons if r.code == CODE)
    assert sender.rpartition("@")[2].rstrip(">") in reason.text
    assert "own website" in reason.text


def _newsletter(sender: str, links: list[tuple[str, str]], footer: str = "") -> bytes:
    anchors = "".join(f'<p><a href="{url}">{words}</a></p>' for url, words in links)
    body = f"<html><body><p>Our news this month.</p>{anchors}<p>{footer}</p></body></html>"
    return email(body, html=True, From=sender, Subject="News for March")


GENUINE = {
    "Mailchimp click-tracking": _newsletter(
        "Friends of the Hospice <news@hospicefriends.example>",
        [("https://hospicefriends.us4.list-manage.com/track/click?u=1&id=2", "Read more")],
    ),
    "SendGrid click-tracking": _newsletter(
        "Acme Training <hello@acmetraining.example>",
        [("https://u123.ct.sendgrid.net/ls/click?upn=abc", "Book your place")],
    ),
    "Salesforce click-tracking": _newsletter(
        "Care Supplies <offers@caresupplies.example>",
        [("https://click.exacttarget.com/?qs=abc", "Shop now"), ("https://view.exct.net/?qs=1", "View online")],
    ),
    "NHS newsletter linking to nhs.uk": _newsletter(
        "NHS Leeds <comms@leedsth.nhs.uk>",
        [("https://www.nhs.uk/conditions/flu/", "Get your flu jab"), ("https://www.gov.uk/", "GOV.UK")],
    ),
    "charity newsletter naming its own site in the footer": _newsletter(
        "Carers Together <info@carerstogether.example>",
        [("https://eventbrite.example/e/123", "Book the carers' café")],
        footer="Carers Together, 1 High Street. www.carerstogether.example",
    ),
    "newsletter with a link to its own site": _newsletter(
        "Carers Together <info@carerstogether.example>",
        [("https://eventbrite.example/e/123", "Book"), ("https://carerstogether.example/about", "About us")],
    ),
    "mailing-list post linking to GitHub and kernel.org": _newsletter(
        "Ann Dev <ann@chipmaker.example>",
        [("https://github.com/torvalds/linux/commit/abc", "this commit"), ("https://lore.kernel.org/x", "thread")],
    ),
    "mailing-list post showing its link addresses": _newsletter(
        "Ann Dev <ann@chipmaker.example>",
        [("https://newsdr.example/2024", "https://newsdr.example/2024")],
    ),
    "shipping notice from the carrier's own site": _newsletter(
        "Royal Mail <no-reply@royalmail.com>",
        [("https://www.royalmail.com/track-your-item#/1", "Track your parcel")],
    ),
    "personal webmail linking to a shop": _newsletter(
        "Sam Lee <sam.lee1970@gmail.com>", [("https://knittingshop.example/wool", "this wool")]
    ),
    "social-network footer only": _newsletter(
        "Ward 12 team <ward12@example-trust.org>",
        [("https://twitter.com/ward12", "Twitter"), ("https://www.facebook.com/ward12", "Facebook")],
    ),
}


@pytest.mark.parametrize("case", sorted(GENUINE))
def test_genuine_mail_linking_to_its_own_site_or_mailing_service_is_not_flagged(case: str) -> None:
    assert CODE not in codes(triage(GENUINE[case]))


def test_plain_text_links_are_not_read_as_hidden() -> None:
    post = email("See https://github.com/foo/bar and https://newsdr.example for details.", From="Ann <a@uni.example>")
    assert CODE not in codes(triage(post))


def test_names_are_matched_with_and_without_their_accents() -> None:
    """Jürgen writes from juergen.mueller@ or jurgen.muller@; either is his own name, so asking for replies
    there is not 'write to me elsewhere'."""
    from carecyber.phishing.engine.checks.contact import _name_parts, _names_address

    parts = _name_parts("Jürgen Müller")
    assert {"jurgen", "juergen", "muller", "mueller"} <= parts
    assert _names_address(parts, "juergen.mueller@gmail.com")
    assert _names_address(parts, "jurgen1970@gmail.com")
    assert not _names_address(parts, "prize.office@gmail.com")


def test_other_alphabets_are_kept_when_accents_are_taken_off() -> None:
    from carecyber.phishing.engine.domains import spellings_without_accents

    assert spellings_without_accents("Zoë") == {"zoe"}
    assert "ökoligenta" not in spellings_without_accents("ökoligenta")
    cyrillic = spellings_without_accents("Дмитрий")
    assert cyrillic and all(len(spelling) == 7 and not spelling.isascii() for spelling in cyrillic)


def test_names_anyone_can_take_under_one_domain_belong_to_different_owners() -> None:
    """shop.pages.dev and prize.pages.dev are two people's sites on one hosting company's domain (the public
    suffix list's private section); a link from one to the other goes elsewhere. A link to the sender's own
    name there does not."""
    from carecyber.phishing.engine.domains import owner_domain

    assert owner_domain("www.shop.pages.dev", []) == "shop.pages.dev"
    assert owner_domain("news.lidl.it.com", []) == "lidl.it.com"
    assert owner_domain("mail.google.com", []) == "google.com"
    assert owner_domain("ward7.leeds.nhs.uk", ["nhs.uk"]) == "leeds.nhs.uk"

    elsewhere = triage(offer("Deals <offers@shop.pages.dev>", "https://prize-claim.pages.dev/p?id=77"))
    assert CODE in codes(elsewhere)
    own = triage(offer("Deals <offers@shop.pages.dev>", "https://shop.pages.dev/p?id=77"))
    assert CODE not in codes(own)


def test_a_newsletter_showing_its_own_address_over_its_mailing_services_tracking_hides_nothing() -> None:
    tracked = "https://hospicefriends.us4.list-manage.com/track/click?u=1&id=2"
    own = triage(
        _newsletter("Friends of the Hospice <news@hospicefriends.org.uk>", [(tracked, "www.hospicefriends.org.uk")])
    )
    assert not {"link_text_mismatch", "link_text_mismatch_brand"} & codes(own)
    # The same words over a link to anywhere else, or another site's address over the tracking, still count.
    elsewhere = triage(
        _newsletter(
            "Friends of the Hospice <news@hospicefriends.org.uk>",
            [("https://collect-donation.example.net/p", "www.hospicefriends.org.uk")],
        )
    )
    assert "link_text_mismatch" in codes(elsewhere)
    other = triage(
        _newsletter("Friends of the Hospice <news@hospicefriends.org.uk>", [(tracked, "www.lottery-win.co.uk")])
    )
    assert "link_text_mismatch" in codes(other)
    brand = triage(_newsletter("PayPal <service@paypal-support.co.uk>", [(tracked, "www.paypal.com")]))
    assert "link_text_mismatch_brand" in codes(brand)
