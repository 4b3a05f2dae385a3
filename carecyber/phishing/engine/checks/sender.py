"""Who the email says it is from, and whether the addresses agree with each other and with that claim."""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import Brand
from ..context import Context
from ..domains import (
    Lookalike,
    digits_scattered,
    has_public_suffix,
    looks_random,
    mailbox_of,
    owner_domain,
    owns,
    random_capitals,
    registered_domain,
    to_unicode,
    top_level,
)
from ..types import Reason
from .links import is_server_name

_VALID_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9\-_]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9\-]{2,59})$")
# A web address in the sender's name ("ethereum.org", "lRS.GOV"), not part of an email address.
_DOMAIN_IN_NAME = re.compile(r"(?<![\w@.\-])((?:[a-z0-9\-]+\.)+[a-z]{2,12})(?![\w@\-])", re.IGNORECASE)
# Punctuation runs and letters split by slashes, used to break up a brand or word filters look for.
_DECORATED_NAME = re.compile(r"__|\.\.|\*\*|--|(?<!\w)\w/\w/\w")
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|res|antw|vs)\s*:", re.IGNORECASE)
# Names mail systems give their automatic delivery-failure notices, which are sent with an empty address.
MAIL_SYSTEM_NAME = re.compile(
    r"mailer[- ]?daemon|postmaster|mail delivery|delivery (?:status|subsystem)", re.IGNORECASE
)
# A capital I standing for a small L after small letters ("Banco do BrasiI", "PaypaI"); it reads the same.
_CAPITAL_I_FOR_L = re.compile(r"(?<=[a-z]{2})I(?=[a-z]|\b)")
_ADDRESS_IN_NAME = re.compile(r"[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)", re.UNICODE)


def brand_claimed(ctx: Context, text: str) -> tuple[str, tuple[str, ...]] | None:
    """The brand (name, domains) named first in `text` (one combined pattern for every brand; the sender's name
    and the subject are asked about more than once, so answers are kept on the context)."""
    if text in ctx.claims:
        return ctx.claims[text]
    pattern, owners = brand_index(ctx.settings.brands)
    match = pattern.search(text)
    claim = None
    if match is not None:
        brand = owners[match.group(0).lower()]
        claim = brand.name, brand.domains
    ctx.claims[text] = claim
    return claim


@lru_cache(maxsize=16)
def brand_index(brands: tuple[Brand, ...]) -> tuple[re.Pattern[str], dict[str, Brand]]:
    owners: dict[str, Brand] = {}
    for brand in brands:
        for keyword in brand.keywords:
            owners.setdefault(keyword.lower(), brand)
    joined = "|".join(re.escape(k) for k in sorted(owners, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])(?:{joined})(?!\w)", re.IGNORECASE) if joined else re.compile(r"(?!x)x")
    return pattern, owners


def _lookalike_reason(ctx: Context, found: Lookalike, where: str, prefix: str) -> Reason:
    shown = to_unicode(found.host)
    if found.kind == "homoglyph":
        return ctx.reason(
            f"{prefix}_homoglyph",
            f"The {where} domain {shown} is written with look-alike letters from another alphabet to pass as "
            f"{found.target.domain} ({found.target.owner}).",
        )
    return ctx.reason(
        f"{prefix}_lookalike",
        f"The {where} domain {shown} looks like {found.target.domain} ({found.target.owner}) but is not it.",
    )


def _as_written(header: str, part: str, after: str = "") -> str:
    """A part of the sender's address (the name part, or with `after="@"` the domain) with its capitals as written
    in the From header (the parsed address is in lower case, as mail systems compare it)."""
    if not part:
        return part
    lowered = header.lower()
    found = lowered.find(part + "@" if not after else after + part)
    if found < 0 and not after:
        found = lowered.find(part + "+")  # the name before a "+tag"
    start = found + len(after)
    return header[start : start + len(part)] if found >= 0 else part


def _organisation_reply(ctx: Context, reply_domain: str) -> bool:
    """True when a reply domain is an organisation's own: not personal webmail, not a cheap throwaway ending, and
    not a look-alike of a protected or brand domain."""
    rules = ctx.rules
    return (
        reply_domain not in rules.freemail_domains
        and top_level(reply_domain) not in rules.cheap_tlds
        and ctx.matcher.check(reply_domain) is None
        and ctx.matcher.brand_in_subdomain(reply_domain) is None
    )


def check_sender(ctx: Context) -> list[Reason]:
    message = ctx.message
    rules = ctx.rules
    reasons: list[Reason] = []
    sender = message.from_
    domain = sender.domain
    owner = owner_domain(domain, rules.private_suffixes) if domain else ""
    recipients = f"{message.to} {message.header('cc')}".lower()

    named = sender.display.strip(" <>\"'")
    # A delivery-failure notice comes from the mail system itself with an empty address, by design.
    bounce = not sender.address and bool(named) and MAIL_SYSTEM_NAME.search(named) is not None
    if not domain and not bounce:
        reasons.append(
            ctx.reason(
                "sender_missing",
                "The email does not show a real sender address, so you cannot tell who sent it.",
            )
        )
        if named and not sender.address:
            reasons.append(
                ctx.reason(
                    "sender_name_without_address",
                    f"The sender gives a name ({named}) but no address at all: only automatic delivery-failure "
                    "notices from a mail system are sent like that.",
                )
            )
    elif domain:
        found = ctx.matcher.check(domain)
        if found:
            reasons.append(_lookalike_reason(ctx, found, "sender's", "sender"))
        else:
            inside = ctx.matcher.brand_in_subdomain(domain)
            # A brand's own mail from a platform that names it (usps.force.com) is not an imitation.
            if inside and inside.owner != ctx.own_brand:
                reasons.append(
                    ctx.reason(
                        "sender_brand_in_subdomain",
                        f"The sender's domain {domain} starts with {inside.owner}'s name, but it belongs to "
                        f"{registered_domain(domain)}, where anyone can take a name: it is not {inside.owner}'s own.",
                    )
                )
        if top_level(domain) in rules.cheap_tlds:
            reasons.append(
                ctx.reason(
                    "sender_cheap_tld",
                    f"The sender's domain {domain} ends in .{top_level(domain)}, an ending that costs little and is "
                    "used far more by throwaway senders than by organisations you deal with.",
                )
            )
        if not _VALID_DOMAIN.match(domain):
            reasons.append(
                ctx.reason(
                    "sender_malformed",
                    f"The sender's address ({sender.address}) is not a valid email address.",
                )
            )
        # The part after a "+" is a tag the sending system adds to route replies and bounces (VERP, an account
        # number: receipts+acct_1Jx4qLAbCdEf@stripe.com); it is made by a program on purpose, so only the name
        # before it is judged.
        local = sender.address.partition("@")[0].partition("+")[0]
        name_part = registered_domain(domain).split(".")[0]
        labels = [name_part, *domain[: -len(registered_domain(domain))].split(".")]
        # Short names are often initials (lthtr.nhs.uk), so a domain name must be 8 letters or more to count.
        if not owns(domain, ctx.trusted_domains) and (
            looks_random(local) or any(len(label) >= 8 and looks_random(label) for label in labels)
        ):
            reasons.append(
                ctx.reason(
                    "sender_gibberish",
                    f"The sender's address ({sender.address}) is a jumble of letters, typical of throwaway accounts.",
                )
            )
        elif not owns(domain, ctx.trusted_domains) and digits_scattered(local):
            reasons.append(
                ctx.reason(
                    "sender_gibberish",
                    f"The sender's address ({sender.address}) has numbers scattered among its letters, as a program "
                    "does when it makes up a throwaway address for one mailing; people add a number, if any, at the "
                    "end of a name.",
                )
            )
        elif not owns(domain, ctx.trusted_domains) and (
            random_capitals(_as_written(message.header("from"), local))
            or random_capitals(_as_written(message.header("from"), domain, after="@"))
        ):
            reasons.append(
                ctx.reason(
                    "sender_gibberish",
                    f"The sender's address ({sender.address}) mixes capital and small letters at random, as a "
                    "program does when it makes up a throwaway address for one mailing; people and organisations "
                    "use capitals only to start a word.",
                )
            )
        if owns(domain, rules.free_hosting):
            reasons.append(
                ctx.reason(
                    "sender_free_hosting",
                    f"The email was sent from {domain}, a free website and app hosting service, not from the "
                    "organisation it claims to be.",
                )
            )
        if not found and ("xn--" in domain or not domain.isascii()):
            reasons.append(
                ctx.reason(
                    "sender_punycode",
                    f"The sender's domain {to_unicode(domain)} uses letters from other alphabets, "
                    "which can hide a fake address.",
                )
            )

    resent = " via " in sender.display.lower()  # "Ann Smith via Some-List": a mailing list re-sending her post
    protected = (*ctx.settings.protected_domains, *ctx.settings.organisation_domains)
    for reply in message.reply_to[:3]:
        reply_domain = reply.domain
        if not reply_domain or not owner or reply.address in recipients:
            continue
        # Services that send for an NHS body or a council (DocuSign for a commissioner, Accurx for a GP practice)
        # send replies to its own NHS or government mailbox: replies go where no scammer can read them.
        if owns(reply_domain, protected):
            continue
        # A brand's own system sending in a customer's name (a DocuSign envelope, a Xero invoice, a Google Calendar
        # invitation) sends replies to that customer's own organisation, so they reach the person who sent it.
        # Replies to personal webmail, or to a domain imitating another, still count.
        if ctx.own_brand and _organisation_reply(ctx, reply_domain):
            continue
        # A group that re-sends its members' mail is itself among the recipients; a scammer who writes to
        # himself (everyone else in Bcc) and takes replies at a free webmail account is not such a group.
        freemail_reply = reply_domain in rules.freemail_domains and not resent
        if sender.address in recipients and not freemail_reply:
            continue
        # Two accounts at one webmail provider share a domain but not an owner: anyone can open a second one.
        other_mailbox = mailbox_of(reply.address) != mailbox_of(sender.address)
        other_owner = owner_domain(reply_domain, rules.private_suffixes) != owner
        if other_mailbox and (other_owner or domain in rules.freemail_domains):
            reasons.append(
                ctx.reason(
                    "reply_to_differs",
                    f"Replies would go to {reply.address}, not to the address the email says it is from "
                    f"({sender.address}).",
                )
            )
            break

    return_path = message.return_path
    if return_path and domain and "@" in return_path and owns(domain, protected):
        # Bulk senders and mailing lists often send on someone's behalf; it only matters when the email
        # claims a protected or brand domain and was sent by someone else.
        path_domain = return_path.rpartition("@")[2]
        if owner_domain(path_domain, rules.private_suffixes) != owner and not owns(path_domain, protected):
            reasons.append(
                ctx.reason(
                    "return_path_differs",
                    f"The email says it is from {domain}, but it was sent on behalf of {path_domain}.",
                )
            )

    # Mail services and organisations send from names they chose; a phishing kit on a rented server often sends
    # from whatever name the hosting company gave the machine, made from its address.
    for address in dict.fromkeys((sender.address, return_path, message.sender)):
        server = address.rpartition("@")[2].strip().lower()
        if server and is_server_name(server):
            reasons.append(
                ctx.reason(
                    "sender_server_name",
                    f"It was sent from {address}, on a rented server's automatic name made from its internet "
                    "address, not from the mail service of a named organisation.",
                )
            )
            break

    # A personal webmail account sends its own mail, so the envelope names the same account; another personal
    # account there means the email was sent by someone else under this name (a mailing list or forwarding
    # service puts its own, non-webmail address there instead).
    if (
        domain in rules.freemail_domains
        and "@" in return_path
        and return_path.rpartition("@")[2].lower() in rules.freemail_domains
        and mailbox_of(return_path) != mailbox_of(sender.address)
    ):
        reasons.append(
            ctx.reason(
                "return_path_other_account",
                f"The email says it is from the personal account {sender.address}, but it was really sent from "
                f"another personal account ({return_path}).",
            )
        )

    display = sender.display
    if display:
        listed = resent
        in_name = _ADDRESS_IN_NAME.search(display)
        if in_name and not listed:
            named = in_name.group(1).lower()
            if domain and owner_domain(named, rules.private_suffixes) != owner:
                reasons.append(
                    ctx.reason(
                        "display_name_address",
                        f"The sender's name shows the address {in_name.group(0)}, but the email really came from "
                        f"{sender.address or 'another address'}.",
                    )
                )
        shown = _DOMAIN_IN_NAME.search(display)
        if shown and not in_name and not listed and domain:
            named = shown.group(1).lower()
            if has_public_suffix(named) and owner_domain(named, rules.private_suffixes) != owner:
                reasons.append(
                    ctx.reason(
                        "display_name_domain",
                        f"The sender's name shows the web address {shown.group(1)}, but the email came from {domain}.",
                    )
                )
        if not listed and _DECORATED_NAME.search(display):
            reasons.append(
                ctx.reason(
                    "display_name_decorated",
                    f"The sender's name ({display}) is broken up with dots, dashes or slashes, a trick to get a "
                    "brand or word past spam filters.",
                )
            )
        claimed = brand_claimed(ctx, display)
        spelt = ""
        if claimed is None and _CAPITAL_I_FOR_L.search(display):
            claimed = brand_claimed(ctx, _CAPITAL_I_FOR_L.sub("l", display))
            spelt = " (spelt with a capital I in place of an l, to slip past filters)"
        if claimed and domain:
            name, brand_domains = claimed
            # Another brand's own domain can speak for a sister brand (YouTube from google.com); a free personal
            # account on it (gmail.com, outlook.com) cannot.
            vouched = owns(domain, ctx.trusted_domains) and domain not in rules.freemail_domains
            if brand_domains and not owns(domain, brand_domains) and not vouched:
                reasons.append(
                    ctx.reason(
                        "display_name_brand",
                        f"The sender's name says {name}{spelt}, but the email came from {domain}, which does not "
                        f"belong to {name}.",
                    )
                )
            elif not brand_domains and domain in rules.freemail_domains:
                reasons.append(
                    ctx.reason(
                        "official_name_freemail",
                        f"The sender's name sounds official ({display}), but the email came from a free personal "
                        f"email account ({domain}).",
                    )
                )
    if _REPLY_PREFIX.match(message.subject) and not message.header("in-reply-to") and not message.header("references"):
        reasons.append(
            ctx.reason(
                "fake_reply",
                "The subject starts with “Re:”, as if answering something you sent, but the email does not answer "
                "any earlier message.",
            )
        )
    if domain in rules.freemail_domains and _recipients_hidden(ctx, sender.address):
        reasons.append(
            ctx.reason(
                "webmail_hidden_recipients",
                f"It was sent from a personal webmail account ({sender.address}) with everyone it went to hidden "
                "(addressed to “undisclosed recipients” or to the sender's own address): one person writing to many "
                "strangers at once. People you know write to you by name.",
            )
        )
    elif domain in rules.freemail_domains and _many_webmail_recipients(ctx, sender.address):
        reasons.append(
            ctx.reason(
                "webmail_many_recipients",
                f"It was sent from a personal webmail account ({sender.address}) to a long list of other people's "
                "personal webmail accounts, all shown in the email: one person writing to many strangers at once, "
                "from a list of addresses gathered somewhere.",
            )
        )
    return reasons


_MANY_RECIPIENTS = 5  # shown recipients, besides the sender, that make "a long list"
_WEBMAIL_SHARE = 0.75  # how many of them must be personal webmail accounts


def _many_webmail_recipients(ctx: Context, sender: str) -> bool:
    """True when the email shows five or more recipients and three in four or more are personal webmail accounts.

    Mailing-list posts and work threads copy lists and colleagues at their organisations' own domains; a bulk
    message from a personal account goes to whatever personal addresses its sender collected."""
    others = {address for address in ctx.recipient_addresses if mailbox_of(address) != mailbox_of(sender)}
    if len(others) < _MANY_RECIPIENTS:
        return False
    webmail = sum(1 for address in others if address.rpartition("@")[2] in ctx.rules.freemail_domains)
    return webmail >= _WEBMAIL_SHARE * len(others)


def _recipients_hidden(ctx: Context, sender: str) -> bool:
    """True when no recipient shows: an empty To, "undisclosed-recipients:;", or only the sender's own address
    (the sender writes to himself and puts everyone else in Bcc)."""
    shown = ctx.recipient_addresses
    to = ctx.message.to
    if not shown:
        return not to.strip() or "undisclosed" in to.lower() or to.strip().endswith(":;")
    return {mailbox_of(address) for address in shown} == {mailbox_of(sender)}
