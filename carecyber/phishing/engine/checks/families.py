"""Today's common lures on health and care staff that no single older signal sees.

- Payroll and boss fraud: a person's name on a personal webmail address, asking for a favour, gift cards or a
  change of the bank account wages are paid into. There is no link or attachment to find; the ask is the attack.
- QR-code phishing: a picture to scan with your phone about your password, MFA, payslip or a document. The
  link is inside the picture, where filters do not look, and it is opened on a phone, away from the
  organisation's protection.
- Calendar invitations that carry a link to a website that is neither a meeting service nor the sender's own.
- Thread hijack: a reply in a real conversation, sent from a domain one or two letters away from the domain of
  the people in that conversation.
- Links that carry the reader's own address, so that a fake sign-in page can greet them by it and fill it in.
- An online form (Microsoft Forms, Google Forms) in an email that asks for a password: anyone can make one.

Words and domains are in data/words.yaml and data/domains.yaml; weights in data/weights.yaml. Most of their phrase
lists are matched only when a check's cheaper conditions hold (personal webmail, a form link, a QR code asked
for), so they are left out of the shared first-word index every message pays for.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from ..config import words_of
from ..context import Context
from ..defang import defang
from ..domains import (
    has_public_suffix,
    osa_distance,
    owner_domain,
    owns,
    registered_domain,
    registrable_label,
)
from ..types import Reason
from .language import quoted_phrases

_PERSON_NAME = re.compile(r"^(?:(?:dr|mr|mrs|ms|miss|prof)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,3}$")
_REPLY = re.compile(r"\s*(?:re|aw|sv|antw)\s*:", re.IGNORECASE)
_AFTER_AT = re.compile(r"@([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)", re.IGNORECASE)  # the domain of an address or message ID
_THREAD_TEXT = 8_000  # a hijacker's note is short; the quoted conversation starts near the top


def _answers(ctx: Context) -> bool:
    message = ctx.message
    return bool(message.header("in-reply-to") or message.header("references"))


def check_webmail_request(ctx: Context) -> list[Reason]:
    """A person's name on a personal webmail account asking for a favour, gift cards or new bank details.

    Criminals take a senior colleague's name (the chief executive, a consultant, a home's manager) and write from
    a free webmail account opened that morning. Two or more of the asks must be there ("are you at your desk"
    and "quick favour"; "bank details" and "before payday"), so that a colleague's note from home about a shift
    or a leaving collection does not count. A reply in an existing conversation is left alone."""
    rules = ctx.rules
    sender = ctx.message.from_
    if sender.domain not in rules.freemail_domains or _answers(ctx):
        return []
    if not _PERSON_NAME.match(sender.display.strip(" \"'")):
        return []
    found = rules.webmail_requests.distinct_hits(ctx.words, limit=3)
    if len(found) < 2:
        return []
    return [
        ctx.reason(
            "webmail_colleague_request",
            f"It comes from a personal webmail address ({sender.address}) in a person's name and asks for "
            f"{quoted_phrases(found)}: the pattern of payroll and boss fraud, where a criminal borrows a senior "
            "colleague's name. Check with the person by phone or Teams before doing anything; do not reply.",
        )
    ]


def check_qr_code(ctx: Context) -> list[Reason]:
    """A picture to scan with your phone about a password, MFA, a payslip or a document, from outside.

    Genuine IT teams show an MFA set-up code on the screen you are signing in at, and payroll sends payslips to
    ESR; an email carrying the code hides its link from filters and has you open it on a phone. Mail from the
    organisation's own, NHS or government domains, or from a brand's own address, is left alone."""
    rules = ctx.rules
    message = ctx.message
    picture = "<img" in ctx.html_lower or any(p.attachment.content_type.startswith("image/") for p in message.parts)
    if not picture:
        return []
    domain = message.from_.domain
    if ctx.own_brand or (domain and owns(domain, ctx.trusted_domains) and domain not in rules.freemail_domains):
        return []
    scan = rules.qr_scan.distinct_hits(ctx.words, limit=1, positions=ctx.positions)
    if scan:
        topics = rules.account_topics.distinct_hits(ctx.words, limit=2)
        if topics:
            return [
                ctx.reason(
                    "qr_code_lure",
                    f"It asks you to scan a QR code with your phone ({quoted_phrases(scan)}) about "
                    f"{quoted_phrases(topics)}. "
                    "A code hides where it leads and is opened on your phone, away from your organisation's "
                    "protection: genuine IT, payroll and HR teams do not ask you to sign in that way.",
                )
            ]
        return []
    if ctx.links or len(ctx.body_start.strip()) >= 40:
        return []
    topics = rules.account_topics.distinct_hits(words_of(message.subject), limit=2)
    if not topics:
        return []
    return [
        ctx.reason(
            "qr_code_lure",
            f"The email is only a picture, with no words and no link, about {quoted_phrases(topics)}: the only thing "
            "to act on is in the picture, most likely a QR code to scan with your phone, which hides where it "
            "leads from filters and from you.",
        )
    ]


def check_invitation_links(ctx: Context) -> list[Reason]:
    """A calendar invitation linking to a site that is neither a meeting service nor the sender's own.

    An invitation is accepted into the calendar, where its link looks like work and stays for days. Genuine
    invitations link to Teams, Zoom, Webex or Google Meet, or to the organiser's own site."""
    if not ctx.invitation_links:
        return []
    rules = ctx.rules
    domain = ctx.message.from_.domain
    sender_owner = owner_domain(domain, rules.private_suffixes) if domain else ""
    for link in ctx.invitation_links:
        host = link.host
        if not host or owns(host, ctx.known_sites) or owns(host, rules.meeting_services):
            continue
        if sender_owner and owner_domain(host, rules.private_suffixes) == sender_owner:
            continue
        return [
            ctx.reason(
                "link_in_invitation",
                f"A calendar invitation carries a link to {defang(host)}, which is neither a meeting service "
                "(Teams, Zoom, Webex) nor the sender's own site: an invitation puts a link in your calendar, where "
                "it looks like work, past the checks email gets.",
            )
        ]
    return []


def check_thread_lookalike(ctx: Context) -> list[Reason]:
    """A reply in a conversation, from a domain one or two letters away from one already in it.

    Criminals who have read a supplier's or colleague's mailbox register a look-alike of their domain
    (medequip-suppiles for medequip-supplies) and join the thread with a new link or new bank details. The
    conversation's domains are those of the earlier messages it answers (In-Reply-To, References) and of the
    addresses in its quoted text. Personal webmail, short names and the same name under another ending (an
    organisation's .com and .co.uk, or with and without a hyphen) do not count."""
    message = ctx.message
    rules = ctx.rules
    domain = message.from_.domain
    if not domain or domain in rules.freemail_domains or (not _answers(ctx) and not _REPLY.match(message.subject)):
        return []
    if not has_public_suffix(domain):
        return []
    label = registrable_label(domain)
    if len(label) < 6:
        return []
    own = registered_domain(domain)
    seen: set[str] = set()
    ids = f"{message.header('in-reply-to')} {message.header('references')}"
    for other in [*_AFTER_AT.findall(ids), *_AFTER_AT.findall(ctx.text, 0, _THREAD_TEXT)][:60]:
        other = other.lower().strip(".-")
        if other in seen or other == domain or other.endswith("." + own) or other in rules.freemail_domains:
            continue
        if not has_public_suffix(other):
            continue
        seen.add(other)
        if registered_domain(other) == own or (owns(other, ctx.trusted_domains) and owns(domain, ctx.trusted_domains)):
            continue
        theirs = registrable_label(other)
        # The same name with or without a hyphen (linux-foundation.org, linuxfoundation.org) is one organisation
        # that registered both spellings.
        if len(theirs) < 6 or theirs.replace("-", "") == label.replace("-", ""):
            continue
        limit = 2 if min(len(theirs), len(label)) >= 10 else 1
        if osa_distance(theirs, label, limit) <= limit:
            return [
                ctx.reason(
                    "sender_lookalike_in_thread",
                    f"It answers a conversation with {registered_domain(other)}, but it comes from {own}, a "
                    "look-alike a letter or two away: criminals who have read a mailbox join its conversations "
                    "from such a domain to send a new link or new bank details.",
                )
            ]
    return []


def check_link_carries_address(ctx: Context) -> list[Reason]:
    """A link, to a site that is not the sender's own, a mailing service's or a trusted one, that carries the
    reader's own email address after a "#" (or written in base64), or anywhere when the site is free hosting.

    Fake sign-in pages read the address from the link to greet the reader by it and fill it in. A newsletter's
    unsubscribe and preference links carry it too, but to the sender's own site or its mailing service."""
    if not ctx.links:
        return []
    recipients = ctx.recipient_addresses
    if not recipients:
        return []
    rules = ctx.rules
    domain = ctx.message.from_.domain
    sender_owner = owner_domain(domain, rules.private_suffixes) if domain else ""
    spellings = {
        address: (address, address.replace("@", "%40"), base64.b64encode(address.encode()).decode().rstrip("="))
        for address in recipients[:5]
    }
    every = [form for forms in spellings.values() for form in forms]
    for link in ctx.links:
        host = link.host
        lowered = link.url.lower()
        if not host or not any(form in lowered or form in link.url for form in every):
            continue  # most links carry no address: the quick test first
        if owns(host, ctx.known_sites):
            continue
        if sender_owner and owner_domain(host, rules.private_suffixes) == sender_owner:
            continue
        free = owns(host, rules.free_hosting)
        url = link.url
        fragment = url.partition("#")[2]
        for address, forms in spellings.items():
            if any(form in fragment or (free and form in url) or (form == forms[2] and form in url) for form in forms):
                return [
                    ctx.reason(
                        "link_your_address",
                        f"A link to {defang(host)} carries your own email address ({defang(address)}), so the page "
                        "it opens can greet you by it and fill it in, as fake sign-in pages do.",
                    )
                ]
    return []


_NEGATIONS = frozenset({"never", "not", "t", "no"})  # "don't" is "don" and "t" as words


def check_form_asks_password(ctx: Context) -> list[Reason]:
    """A link to an online form service, and the email asks for a password or sign-in details.

    Anyone can make a Microsoft or Google form in minutes, on the service's genuine address, which filters trust;
    no genuine form asks for a password. Advice ("we will never ask for your password") does not count."""
    rules = ctx.rules
    form = next(
        (link for link in ctx.links if link.host and _form_service(link.host, link.path, rules.form_services)), None
    )
    if form is None:
        return []
    asks = [
        phrase for phrase in rules.password_asks.distinct_hits(ctx.words, limit=5) if not _negated(ctx.words, phrase)
    ]
    if not asks:
        return []
    return [
        ctx.reason(
            "form_asks_password",
            f"A link goes to an online form ({defang(form.host)}) and the email asks for "
            f"{quoted_phrases(tuple(asks))}. "
            "Anyone can make such a form in minutes on the service's real address; no genuine form asks for a "
            "password.",
        )
    ]


def _form_service(host: str, path: str, services: tuple[str, ...]) -> bool:
    """True when `host` is a form service's host or under it, and its path starts as the entry says."""
    prefixes = _services_by_host(services)
    labels = host.split(".")
    for start in range(len(labels) - 1):
        wanted = prefixes.get(".".join(labels[start:]))
        if wanted is not None and any(path.lstrip("/").startswith(prefix) for prefix in wanted):
            return True
    return False


@lru_cache(maxsize=4)
def _services_by_host(services: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each service host with the path starts it allows ("" for any path)."""
    by_host: dict[str, tuple[str, ...]] = {}
    for service in services:
        where, _, prefix = service.partition("/")
        by_host[where] = (*by_host.get(where, ()), prefix)
    return by_host


def _negated(words: list[str], phrase: str) -> bool:
    """True when every time the phrase occurs, "never", "not" or "don't" stands in the five words before it."""
    tokens = phrase.split()
    found = False
    for position in range(len(words) - len(tokens) + 1):
        if words[position] == tokens[0] and words[position : position + len(tokens)] == tokens:
            found = True
            if not _NEGATIONS & set(words[max(0, position - 5) : position]):
                return False
    return found
