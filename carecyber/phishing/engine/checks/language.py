"""Words: pressure, threats, requests for passwords or money, brand claims from outside the brand, and the
spelling tricks phishing uses to slip past filters (look-alike letters mixed into words, invisible characters)."""

from __future__ import annotations

import re

from ..context import Context
from ..domains import owns
from ..types import Reason
from .sender import brand_claimed

_MIXED_SCRIPT = re.compile(r"[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z]", re.IGNORECASE)
_INVISIBLE = re.compile(r"\w[\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f]+\w")
_LETTERS = re.compile(r"[^\W\d_]")


def _listing(found: tuple[str, ...]) -> str:
    return ", ".join(f"“{phrase}”" for phrase in found[:3])


def spam_score(ctx: Context) -> tuple[int, tuple[str, ...]]:
    found = ctx.rules.spam.distinct_hits(ctx.text, limit=ctx.rules.spam_cap)
    return ctx.rules.spam_weight * len(found), found


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
        found = phrases.distinct_hits(text, limit=5)
        if found:
            reasons.append(ctx.reason(code, f"{what}: {_listing(found)}.", times=len(found)))

    message = ctx.message
    domain = message.from_.domain
    display_claim = brand_claimed(ctx, message.from_.display) if message.from_.display else None
    if domain and not display_claim:
        claimed = brand_claimed(ctx, message.subject)
        if claimed is None and rules.credential.distinct_hits(text, limit=1):
            claimed = brand_claimed(ctx, text[:600])
        if claimed:
            name, brand_domains = claimed
            if brand_domains and not owns(domain, brand_domains) and not owns(domain, ctx.trusted_domains):
                reasons.append(
                    ctx.reason(
                        "brand_claim",
                        f"The email speaks for {name}, but it was sent from {domain}, which does not belong to {name}.",
                    )
                )

    anomalies = list(rules.misspellings.distinct_hits(text, limit=3))
    subject_letters = _LETTERS.findall(message.subject)
    if len(subject_letters) >= 12 and sum(1 for c in subject_letters if c.isupper()) / len(subject_letters) > 0.8:
        anomalies.append("a subject in capital letters")
    if "!!" in message.subject or "$$" in message.subject:
        anomalies.append("repeated punctuation in the subject")
    if anomalies:
        reasons.append(
            ctx.reason(
                "spelling_anomalies",
                f"The wording is unusual for a genuine organisation: {_listing(tuple(anomalies))}.",
                times=len(anomalies),
            )
        )
    if len(_INVISIBLE.findall(text[:50_000])) >= 3:
        reasons.append(
            ctx.reason(
                "hidden_characters",
                "Invisible characters are hidden inside words, a trick to get past spam filters.",
            )
        )
    if len(_MIXED_SCRIPT.findall(text[:50_000])) >= 2:
        reasons.append(
            ctx.reason(
                "mixed_script_words",
                "Some words mix letters from different alphabets so they look normal but slip past filters.",
            )
        )
    return reasons
