"""Words: pressure, threats, requests for passwords or money, brand claims from outside the brand, and the
spelling tricks phishing uses to slip past filters (look-alike letters mixed into words, invisible characters)."""

from __future__ import annotations

import itertools
import re

from ..context import Context
from ..domains import owns, random_capitals
from ..intake import quotes_a_forward
from ..types import Reason
from .sender import MAIL_SYSTEM_NAME, brand_claimed, brand_index

_MIXED_SCRIPT = re.compile(r"[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z]", re.IGNORECASE)
# Quick tests for the characters those two need at all (most email has none), to skip the slower patterns.
_GREEK_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_INVISIBLE_CHARACTER = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u2800\U000e0000-\U000e01ef]")
_INVISIBLE = re.compile(
    r"\w[\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\U000e0000-\U000e01ef]+\w|\u2800{3,}|[\U000e0000-\U000e01ef]"
)
_STYLED = re.compile(
    "[\U0001d400-\U0001d7ff\u1d00-\u1d2b\uff21-\uff3a\uff41-\uff5a\u24b6-\u24e9\U0001f130-\U0001f189"
    "\u0299\u026a\u0280\u0262\u029c\u029f\u0274\u028f\u1d1b]"
)
# An upper-case word of six or more characters with a zero between two letters (INF0RMATI0N) or a lower-case
# L standing for a capital I (VlAGRA): written to look like the word to a person but not to a filter. Hex
# numbers (FFFE0000) have no letter on both sides of a zero; call signs and part numbers are shorter.
_DISGUISED = re.compile(r"(?<![\w.])(?=[A-Z0l]{6,}(?![\w.]))[A-Z0l]*(?:[A-Z]0[A-Z]|[A-Z]l[A-Z])[A-Z0l]*")
_QUOTE_INTRO = re.compile(r"\b(wrote|writes|schrieb|a écrit|escribió|escreveu|ha scritto)\b|\bvia\b")
# A fake invoice ("callback" scam): a payment, renewal or charge you never made, a sum of money, and a
# phone number to ring to cancel it or reach "support", where a scammer takes card details or remote control.
_PHONE = re.compile(r"(?<![\w+])(?:\+?1[\s.\-]?)?\(?[2-9]\d{2}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?!\w)")
# UK numbers (0800 046 1183, 020 3868 1234, +44 (0)161 496 0000, 01632 960123), the ones callback scams aimed at
# staff here give. Genuine UK receipts give one too ("to cancel your order call 0345 ..."), so with a UK number the
# email must also disown the charge for you ("if you did not make this purchase").
_UK_PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)"
    r"(?:\d{2}[\s.\-]?\d{4}[\s.\-]?\d{4}|\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3,4}|\d{4}[\s.\-]?\d{5,6})(?!\w)"
)
_DISOWNED = re.compile(
    r"\b(?:did ?n[o'’]t|do ?n[o'’]t|not) (?:make|authori[sz]e|place|order|recogni[sz]e)|\bunauthori[sz]ed\b"
    r"|\bwas(?:n[o'’]t| not) you\b",
    re.IGNORECASE,
)
_PURCHASE = re.compile(
    r"\b(?:orders?|invoices?|renewal|renewed|subscriptions?|purchases?|receipt|transactions?|charged?)\b", re.IGNORECASE
)
_MONEY = re.compile(r"(?:\$|usd|us\$|€|£|eur|gbp)\s?\d", re.IGNORECASE)
_CALL = re.compile(
    r"\b(?:cancel|cancell?ation|refunds?|dispute|unauthori[sz]ed|did ?n[o'’]t (?:make|authori[sz]e|place|order)"
    r"|call (?:us|our|now|the)|(?:support|help|billing|customer care) ?(?:line|desk|number|team|centre|center))\b",
    re.IGNORECASE,
)
# A mail-merge field left unfilled where your name should be: [username], [your-subject], *|FNAME|*, {first_name}.
_PLACEHOLDER = re.compile(
    r"\[(?:your[-_ ]?[a-z]+|user[-_ ]?name|first[-_ ]?name|full[-_ ]?name|name|e-?mail)\]"
    r"|\*\|[A-Z_]{3,}\|\*|%%?(?:first_?name|user_?name|e-?mail)%%?|\{\{?\s*(?:first_?name|user_?name)\s*\}\}?",
    re.IGNORECASE,
)
# The whole To field left as a mail-merge field ("To: [to]"): the list's addresses were never filled in.
_TO_PLACEHOLDER = re.compile(
    r"^\s*(?:\[\s*(?:to|recipients?|e-?mail)\s*\]|\{\{?\s*(?:to|recipients?|e-?mail)\s*\}\}?)\s*$", re.I
)
_NAMED_ADDRESS = re.compile(r"<[^<>\s]+@[^<>\s]+>")
_CODE_TOKEN = re.compile(r"[A-Za-z0-9]{8,}")
# Words of the subject run together with doubled dots, underscores or stars ("Geef..jouw..mening"): a way to get
# words past spam filters that look for them. Git ranges ("main..next") are single, so two or more are needed.
_JOINED_WORDS = re.compile(r"[^\W\d_](?:\.\.|__|\*\*)(?=[^\W\d_])")
_URLISH = re.compile(r"\S*(?:://|www\.)\S*|<[^>]*>")
_LETTERS = re.compile(r"[^\W\d_]")
# "Unsubscribe" in a discussion group's footer: leave by sending an email to the group's own address.
_UNSUBSCRIBE = "unsubscribe"
_UNSUBSCRIBE_WORD = re.compile(r"unsubscribe", re.IGNORECASE)
_LEAVE_BY_EMAIL = re.compile(
    r"unsubscribe(?:@|[^.!?@]{0,120}?\bsend\b[^.!?@]{0,60}?\bto\W{0,20}[\w.+-]+@[\w-]+\.)", re.IGNORECASE
)
_LANGUAGE_TEXT_CHARS = 40_000  # about as far as the phrase lists read (triage.py reads 40,000 characters of body)


def _is_random_code(token: str) -> bool:
    """`RfUVZut0T7MXNK`: upper and lower case letters and digits mixed, as no word or reference is written."""
    upper = sum(1 for c in token if c.isupper())
    lower = sum(1 for c in token if c.islower())
    digits = sum(1 for c in token if c.isdigit())
    changes = sum(1 for a, b in itertools.pairwise(token) if a.isupper() != b.isupper())
    if not (upper >= 2 and lower >= 2 and digits >= 1):
        return False
    # Either the case changes back and forth all along, or a long stretch of it is scrambled (`hSCXPVFj7yxfmvG`).
    return changes >= 4 or random_capitals(token)


def quoted_phrases(found: tuple[str, ...]) -> str:
    """Up to three phrases found in the email, quoted as the reader saw them: “act now”, “final notice”."""
    return ", ".join(f"“{phrase}”" for phrase in found[:3])


# What may come before a brand that opens the subject: reply/forward prefixes, brackets, punctuation, emoji.
_OPENING = re.compile(r"(?:\s|[^\w\s]|(?:re|fwd?|aw|wg|tr|enc|rv|sv)\s*:)*", re.IGNORECASE)
# "your" in the languages of the mail we see, just before the brand ("Your Microsoft 365", "Seu Itaú").
_YOUR = re.compile(
    r"\b(?:your|you're|ihr|ihre|dein|deine|votre|vos|ton|ta|seu|sua|seus|suas|tu|tus|su|uw|je|jouw|il tuo|la tua)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _subject_claim(ctx: Context, subject: str) -> tuple[str, tuple[str, ...]] | None:
    """The brand the subject speaks for. A brand name in lower case joined to another word by a hyphen is part of
    another name (`meta-ettus`, `x86_64-apple-darwin`), not the brand; `PayPal-Konto` still counts.

    A subject speaks for a brand when it opens with it ("NHS Pensions: action needed", "[PayPal] ...") or
    names it as yours ("Your Microsoft account", "Ihr PayPal-Konto"). One that only mentions it ("This week:
    NHS winter pressures", from a health think tank or a union) is about the brand: in health and care, much
    genuine mail is about the NHS without speaking for it."""
    pattern, owners = brand_index(ctx.settings.brands)
    for match in pattern.finditer(subject):
        start, end = match.span()
        word = match.group(0)
        if word.islower() and (subject[end : end + 1] == "-" or subject[start - 1 : start] == "-"):
            continue
        if not (_OPENING.fullmatch(subject[:start]) or _YOUR.search(subject[:start])):
            continue
        brand = owners[word.lower()]
        return brand.name, brand.domains
    return None


def spam_score(ctx: Context) -> tuple[int, tuple[str, ...]]:
    """Marketing wording. "Unsubscribe" does not count when every time it comes it tells you to leave by sending
    an email to an address: that is the footer a discussion group (a mailing list, a Google Group) adds to each
    member's post, not bulk marketing, which has you click a link."""
    found = ctx.rules.spam.distinct_hits(ctx.words, limit=ctx.rules.spam_cap, positions=ctx.positions)
    if _UNSUBSCRIBE in found and _leave_by_email_only(ctx.text[:_LANGUAGE_TEXT_CHARS]):
        found = tuple(phrase for phrase in found if phrase != _UNSUBSCRIBE)
    return ctx.rules.spam_weight * len(found), found


def _leave_by_email_only(text: str) -> bool:
    """True when each "unsubscribe" in the text is part of an address (`list+unsubscribe@...`) or is followed in the
    same sentence by "send ... to" and an email address ("To unsubscribe send an email to list-leave@...")."""
    seen = False
    for match in _UNSUBSCRIBE_WORD.finditer(text):
        seen = True
        if not _LEAVE_BY_EMAIL.match(text, match.start()):
            return False
    return seen


def check_language(ctx: Context) -> list[Reason]:
    rules = ctx.rules
    text = ctx.text
    reasons: list[Reason] = []
    for code, phrases, what in (
        ("urgency_language", rules.urgency, "It rushes you"),
        ("threat_language", rules.threat, "It threatens a loss or a problem"),
        ("credential_language", rules.credential, "It asks you to sign in, confirm details, pay or open a document"),
        ("scam_language", rules.scam, "It promises a prize, money or a delivery"),
    ):
        found = phrases.distinct_hits(ctx.words, limit=5, positions=ctx.positions)
        if found:
            reasons.append(ctx.reason(code, f"{what}: {quoted_phrases(found)}.", times=len(found)))

    message = ctx.message
    domain = message.from_.domain
    display_claim = brand_claimed(ctx, message.from_.display) if message.from_.display else None
    # A reply in a conversation (it answers an earlier message) talks about brands; it does not speak for them.
    # Nor does a colleague's forward that quotes the brand's email: that email is judged on its own
    # (triage._with_forwarded), from the sender its quoted headers name.
    answers = bool(message.header("in-reply-to") or message.header("references"))
    answers = answers or quotes_a_forward(message.subject, text[:20_000])
    sample = text[:5000]  # a fake invoice is short and says it all at once; rarest tests first
    callback = bool(
        _PURCHASE.search(sample, 0, 3000)
        and _MONEY.search(sample)
        and _CALL.search(sample)
        and (_PHONE.search(sample) or (_UK_PHONE.search(sample) and _DISOWNED.search(sample)))
    )
    if domain and not display_claim and not answers:
        claimed = _subject_claim(ctx, message.subject)
        # The opening speaks for a brand when it asks for credentials or is a fake invoice in the brand's name.
        if claimed is None and (
            callback or rules.credential.distinct_hits(ctx.words, limit=1, positions=ctx.positions)
        ):
            claimed = brand_claimed(ctx, text[:600])
        if claimed:
            name, brand_domains = claimed
            vouched = owns(domain, ctx.trusted_domains) and domain not in rules.freemail_domains  # as in sender.py
            if brand_domains and not owns(domain, brand_domains) and not vouched:
                reasons.append(
                    ctx.reason(
                        "brand_claim",
                        f"The email speaks for {name}, but it was sent from {domain}, which does not belong to {name}.",
                    )
                )

    if callback:
        reasons.append(
            ctx.reason(
                "callback_invoice",
                "It confirms a purchase, renewal or charge and gives a phone number to call to cancel it or get a "
                "refund: a fake invoice made to get you to ring scammers.",
            )
        )

    anomalies = list(rules.misspellings.distinct_hits(ctx.words, limit=3, positions=ctx.positions))
    subject_letters = _LETTERS.findall(message.subject)
    if len(subject_letters) >= 12 and sum(1 for c in subject_letters if c.isupper()) / len(subject_letters) > 0.8:
        anomalies.append("a subject in capital letters")
    if "!!" in message.subject or "$$" in message.subject:
        anomalies.append("repeated punctuation in the subject")
    if anomalies:
        reasons.append(
            ctx.reason(
                "spelling_anomalies",
                f"The wording is unusual for a genuine organisation: {quoted_phrases(tuple(anomalies))}.",
                times=len(anomalies),
            )
        )
    hiding = f"{message.from_.display} {text[:20_000]}"
    if _INVISIBLE_CHARACTER.search(hiding) and len(_INVISIBLE.findall(hiding)) >= 3:
        reasons.append(
            ctx.reason(
                "hidden_characters",
                "Invisible characters are hidden inside words, a trick to get past spam filters.",
            )
        )
    if len(_STYLED.findall(f"{message.subject} {message.from_.display}")) >= 3:
        reasons.append(
            ctx.reason(
                "styled_letters",
                "The subject or sender's name is written in decorative look-alike letters (such as 𝐛𝐨𝐥𝐝 or ꜱᴍᴀʟʟ "
                "ᴄᴀᴘɪᴛᴀʟꜱ), a trick to get past spam filters.",
            )
        )
    disguised = list(dict.fromkeys(_DISGUISED.findall(text[:20_000])))
    if disguised:
        reasons.append(
            ctx.reason(
                "disguised_words",
                f"Words are spelt with look-alike characters ({', '.join(disguised[:3])}: a zero for an O or a small "
                "L for a capital I), so they read normally to you but not to a spam filter.",
            )
        )
    opening = ctx.body_start.lower()
    quoting = _QUOTE_INTRO.search(opening) is not None  # "... <address> wrote:" quotes a reply, not a greeting
    # An address in angle brackets belongs to a name ("From: Ann <ann@example.org>" in a forwarded patch):
    # a greeting by address writes it bare.
    greeting = _NAMED_ADDRESS.sub(" ", f"{message.subject} {'' if quoting else opening[:120]}".lower())
    # A mail system's delivery-failure notice names the addresses it is reporting on; it greets no one. A brand
    # writing from its own address about your account with it (Google's "new sign-in" alert) shows which account
    # it means: it knows you by that address, it is not guessing a name.
    from_mail_system = MAIL_SYSTEM_NAME.search(message.from_.display) is not None
    for recipient in [] if from_mail_system or ctx.own_brand else ctx.recipient_addresses:
        if recipient in greeting:
            reasons.append(
                ctx.reason(
                    "recipient_address_greeting",
                    "The email greets you by your email address instead of your name: the sender does not know "
                    "who you are.",
                )
            )
            break
    if ctx.message.html_parts and len(ctx.body_start.strip()) < 40 and (ctx.links or "<img" in ctx.html_lower):
        reasons.append(
            ctx.reason(
                "image_only",
                "The email is little more than a picture with a link, a way to hide its words from filters.",
            )
        )
    placeholder = _PLACEHOLDER.search(f"{message.subject} {ctx.body_start}")
    if placeholder:
        reasons.append(
            ctx.reason(
                "unfilled_placeholder",
                f"The email shows {placeholder.group(0)} where your name or its subject should be: it was sent in "
                "bulk by someone who does not know you.",
            )
        )
    elif _TO_PLACEHOLDER.match(message.to):
        reasons.append(
            ctx.reason(
                "unfilled_placeholder",
                f"The email is addressed to {message.to.strip()} instead of to you: a mail-merge field left "
                "unfilled by a bulk sender who does not know you.",
            )
        )
    codes = [t for t in _CODE_TOKEN.findall(message.subject) if _is_random_code(t)]
    if codes:
        reasons.append(
            ctx.reason(
                "subject_random_code",
                f"The subject carries a random-looking code ({codes[0]}), used to make each copy of a mass email "
                "look different to filters.",
            )
        )
    if len(_JOINED_WORDS.findall(message.subject)) >= 2:
        reasons.append(
            ctx.reason(
                "subject_words_joined",
                "The subject's words are run together with doubled dots or underscores (“word..word”), a trick to "
                "get words past spam filters; people separate words with spaces.",
            )
        )
    if not ctx.message.html_parts or not (ctx.links or "<img" in ctx.html_lower):
        words_only = _URLISH.sub(" ", ctx.body_start)
        if ctx.links and len(words_only.strip()) < 40:
            reasons.append(
                ctx.reason(
                    "little_text_with_link",
                    "The email has hardly any words, just a link: genuine senders say who they are and why they "
                    "are writing.",
                )
            )
    if _GREEK_CYRILLIC.search(text, 0, 20_000) and len(_MIXED_SCRIPT.findall(text[:20_000])) >= 2:
        reasons.append(
            ctx.reason(
                "mixed_script_words",
                "Some words mix letters from different alphabets so they look normal but slip past filters.",
            )
        )
    return reasons
