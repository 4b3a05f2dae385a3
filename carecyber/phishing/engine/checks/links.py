"""Links: where each one really goes, compared with what the reader is shown and with protected domains."""

from __future__ import annotations

import ipaddress
import re

from ..context import Context
from ..defang import defang
from ..domains import (
    Lookalike,
    has_public_suffix,
    is_ip,
    owner_domain,
    owns,
    registered_domain,
    registrable_label,
    spellings_without_accents,
    to_unicode,
    top_level,
)
from ..intake import without_quoted_sender
from ..links import domain_shown
from ..types import Reason

_WORD = re.compile(r"[a-z0-9]+")
_AFTER_AT = re.compile(r"@[\w.\-]+")
# A hosting company's automatic name for a rented server, made of its address: 178-162-245-30.cloud.example.net.
_SERVER_NAME = re.compile(r"^(?:[a-z]+-?)?(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})\.(?!\d+$)[a-z0-9.-]+$")
# An internet address written as one number (2997024055), in hex (0x40785ee0) or octal (027104311345):
# browsers still open it, and it hides that the link goes to a bare server.
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]{1,8}|\d{8,12})$")
_S3_SITE = re.compile(r"(?:^|\.)s3[.-](?:website[.-])?[a-z0-9.-]*amazonaws\.com$")


def _public_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False


def is_server_name(host: str) -> bool:
    """A hosting company's automatic name for a rented server, made from its public address
    (`178-162-245-30.cloud.leaseweb.net`), rather than a name someone chose."""
    numbered = _SERVER_NAME.match(host)
    return numbered is not None and _public_ip(".".join(numbered.groups()))


def check_links(ctx: Context) -> list[Reason]:
    rules = ctx.rules
    fired: dict[str, Reason] = {}

    def fire(code: str, text: str) -> None:
        if code not in fired:
            fired[code] = ctx.reason(code, text)

    sender_domain = ctx.message.from_.domain
    sender_owner = owner_domain(sender_domain, rules.private_suffixes) if sender_domain else ""
    lookalikes: dict[str, Lookalike | None] = {}  # links often repeat a host
    for link in ctx.links:
        if link.scheme == "javascript":
            fire("link_javascript_uri", "A link in the email runs a script instead of opening a web page.")
            continue
        if link.scheme == "data":
            fire(
                "link_data_uri",
                "A link in the email carries a whole page inside itself (a data: link), a way to hide a fake "
                "sign-in page from filters.",
            )
            continue
        host = link.host
        safe = defang(host)
        if owns(host, rules.free_hosting) or _S3_SITE.search(host):
            fire(
                "link_free_hosting",
                f"A link goes to a free website or file-hosting service ({safe}), where anyone can put a fake page.",
            )
        after_scheme = link.url[len(link.scheme) + 3 :].lower()
        # A brand's own click-tracking on its own domain (amazon.com/gp/r.html?...&U=https://...) hides nothing.
        own_tracking = bool(ctx.own_brand) and owner_domain(host, rules.private_suffixes) == sender_owner
        # A link-protection wrapper (Safe Links, URL Defense) is the reader's own filter, not the sender hiding a link.
        wrapped = owns(host, rules.link_rewriters)
        if not own_tracking and not wrapped and any(marker in after_scheme for marker in rules.redirect_markers):
            fire(
                "link_redirect",
                f"A link passes through {safe} on its way to another website, which hides where it really goes.",
            )
        authority = after_scheme.split("/", 1)[0].split("?", 1)[0]
        before_at = authority.rpartition("@")[0]
        if "." in before_at:
            fire(
                "link_at_sign",
                f"A link's address starts with {defang(before_at[:60])} and then an @ sign: your browser ignores "
                f"everything before the @ and goes to {safe}.",
            )
        if owns(host, ctx.trusted_domains):
            continue
        if _NUMERIC_HOST.match(host):
            fire(
                "link_numeric_address",
                f"A link's address is an internet address written as one number ({safe}), a trick to hide that it "
                "goes to a bare server.",
            )
            continue
        if is_ip(host) and _public_ip(host):
            fire(
                "link_ip_address",
                f"A link goes to a bare internet address ({defang(host)}) instead of a named website.",
            )
            continue
        if is_server_name(host):
            fire(
                "link_server_name",
                f"A link goes to {safe}, a rented server's automatic name made from its internet address, not a "
                "named website.",
            )
        shown = domain_shown(link.text) if link.from_html else ""
        # A wrapper that could not be unwrapped (Mimecast), as the link or as its text, says nothing either way.
        mismatch = shown and shown != host and not host.endswith("." + shown)
        if mismatch and not owns(host, rules.link_rewriters) and not owns(shown, rules.link_rewriters):
            shown_owner = owner_domain(shown, rules.private_suffixes)
            if shown_owner != owner_domain(host, rules.private_suffixes):
                claimed = owns(shown, ctx.trusted_domains)
                fire(
                    "link_text_mismatch_brand" if claimed else "link_text_mismatch",
                    f"A link shows {defang(shown)}{' (a name you would trust)' if claimed else ''} but really goes "
                    f"to {safe}.",
                )
        registered = registered_domain(host)
        if host in rules.shorteners or registered in rules.shorteners:
            fire("link_shortener", f"A link uses a link shortener ({safe}), which hides where it really goes.")
        if ("xn--" in host or not host.isascii()) and not _sender_name_with_accents(to_unicode(host), sender_domain):
            fire(
                "link_punycode",
                f"A link's web address ({defang(to_unicode(host))}) uses letters from other alphabets, "
                "which can make a fake site look real.",
            )
        if host not in lookalikes:
            lookalikes[host] = ctx.matcher.check(host)
        found = lookalikes[host]
        if found and found.kind == "homoglyph":
            fire(
                "link_homoglyph",
                f"A link goes to {defang(to_unicode(host))}, written with look-alike letters to pass as "
                f"{found.target.domain} ({found.target.owner}).",
            )
        elif found:
            fire(
                "link_lookalike",
                f"A link goes to {safe}, which looks like {found.target.domain} ({found.target.owner}) but is not it.",
            )
        else:
            inside = ctx.matcher.brand_in_subdomain(host)
            # The brand's own email linking to its pages on a platform (usps.force.com) is not an imitation.
            if inside and inside.owner != ctx.own_brand:
                fire(
                    "link_brand_in_subdomain",
                    f"A link goes to {safe}: it starts with {inside.owner}'s name but belongs to {registered}.",
                )
        extra_labels = host[: -len(registered)].count(".") if host.endswith(registered) else 0
        if extra_labels >= 4:
            fire("link_deep_subdomain", f"A link's web address has an unusually long chain of names ({safe}).")
        if top_level(host) in rules.cheap_tlds:
            fire(
                "link_cheap_tld",
                f"A link goes to {safe}, on an ending (.{top_level(host)}) used far more by throwaway sites than by "
                "organisations you deal with.",
            )
        # The domain after an @ in a path belongs to an address or a message's ID (an archive's link to a post
        # written at outlook.com), not to the page.
        path = _AFTER_AT.sub(" ", link.path) if "@" in link.path else link.path
        words = set(_WORD.findall(f"{host[: -len(registered)]} {path}".lower()))
        if words & rules.signin_words and owner_domain(host, rules.private_suffixes) != sender_owner:
            fire(
                "link_signin_page",
                f"A link goes to what looks like a sign-in or account page on {safe}, which is not a site the "
                "email claims to come from.",
            )
    if ctx.forms:
        fire(
            "form_in_message",
            "The email contains a form to fill in. Genuine organisations do not ask you to type details into an email.",
        )
    return list(fired.values())


# Link words that are themselves a web address ("https://github.com/...", "www.example.org"): the reader sees
# where the link goes, as in a mailing-list post; only links behind other words or pictures hide it.
_ADDRESS_AS_TEXT = re.compile(r"^\s*(?:[a-z]+://|www\.)?[\w\-]+(?:\.[\w\-]+)+(?:[/?#:]\S*)?\s*$", re.IGNORECASE)


def check_links_elsewhere(ctx: Context) -> list[Reason]:
    """Bulk offers from throwaway domains: sent from one domain, while every link ("Click here", a picture)
    goes to another, unrelated one, and the email never names a website of its own.

    A genuine organisation links to its own site, or to its mailing service's click-tracking (Mailchimp,
    SendGrid), and names its own address in the footer; someone sending from a domain bought for the day sends
    the reader to the real shop elsewhere. A personal webmail account has no site of its own, and well-known
    sites (GitHub, kernel.org, social networks) and genuine brand and NHS domains do not count as elsewhere."""
    rules = ctx.rules
    domain = ctx.message.from_.domain
    if not domain or domain in rules.freemail_domains:
        return []
    owner = owner_domain(domain, rules.private_suffixes)
    own_name = owner.split(".")[0] if has_public_suffix(domain) else ""
    elsewhere: dict[str, None] = {}
    for link in ctx.links:
        if not link.host:
            continue
        link_owner = owner_domain(link.host, rules.private_suffixes)
        # The sender's own name under another ending (order.eventbrite.com linking to eventbrite.co.uk) is its
        # own site in another country: organisations register their name under several endings.
        if link_owner == owner or (own_name and has_public_suffix(link.host) and link_owner.split(".")[0] == own_name):
            return []
        if not link.from_html or _ADDRESS_AS_TEXT.match(link.text) or owns(link.host, ctx.known_sites):
            continue
        elsewhere[link_owner] = None
    if not elsewhere:
        return []
    # A forwarded copy repeats the sender's address in its quoted "From:" line; that names no site of its own.
    text = ctx.text.lower()
    if owner in text and owner in without_quoted_sender(text, ctx.message.from_.address.lower()):
        return []
    targets = ", ".join(defang(d) for d in list(elsewhere)[:3])
    return [
        ctx.reason(
            "link_elsewhere_only",
            f"The email was sent from {domain}, but every link goes to another, unrelated website ({targets}), and "
            f"the email never names a site of its own: a genuine organisation links to its own website.",
        )
    ]


def _sender_name_with_accents(host: str, sender_domain: str) -> bool:
    """True when the address is the sender's own name written with its accents: a newsletter from oekoligenta.de
    linking to www.ökoligenta.de. German, Nordic and French organisations register both spellings. Any other
    accented address still counts, since one accented letter can hide a look-alike (ãnhsmil.net)."""
    if not sender_domain:
        return False
    own = registrable_label(sender_domain)
    label = registrable_label(host).lower()
    if not own or not label:
        return False
    return own in spellings_without_accents(label)
