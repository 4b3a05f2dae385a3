"""`triage(raw)`: read any bytes as an email, run every check, and give a verdict with reasons.

Never raises. Bytes that cannot be read as an email at all (empty, or mostly binary) give
`message=None`, an `error` starting "Could not read this message", verdict "suspicious" and score 50, so a
person looks at the report; the caller keeps the raw bytes. A failure inside a check is caught, noted, and
the other checks still count (a bug must never hide a report).
"""

from __future__ import annotations

from dataclasses import replace

from .checks import CHECKS
from .checks.combined import combined_signs
from .checks.genuine import brand_of_sender, own_brand, soften_wording
from .checks.language import spam_score
from .checks.sender import brand_claimed
from .config import TriageSettings, first_word_positions, words_of
from .context import Context, matcher_for
from .domains import is_ip, owns, registered_domain
from .fingerprint import normalise_subject, simhash
from .intake import FORWARD_SUBJECT, extract_original
from .links import Link, extract_links, html_to_text
from .parse import ParsedMessage, looks_like_email, parse_message
from .types import Fingerprint, Indicators, MessageSummary, Reason, TriageResult, Verdict

EXERCISE_HEADER = "x-carecyber-exercise"
_VERDICT_RANK = {"safe": 0, "spam": 1, "suspicious": 2, "phishing": 3}
_SUMMARY_TEXT_LIMIT = 100_000
_LANGUAGE_TEXT_LIMIT = 40_000


def triage(raw: bytes, settings: TriageSettings | None = None) -> TriageResult:
    settings = settings or TriageSettings.default()
    try:
        result = _triage(bytes(raw), settings)
    except Exception as exc:  # the engine's promise: any bytes give a result
        return _unreadable(f"Could not read this message: {type(exc).__name__}.", settings)
    try:
        return _with_forwarded(bytes(raw), result, settings)
    except Exception:  # a forward we cannot take apart is still judged as it is
        return result


def _with_forwarded(raw: bytes, outer: TriageResult, settings: TriageSettings) -> TriageResult:
    """A forward ("Fw: ...") is judged by the email it carries, or by itself, whichever is more suspicious.

    Staff forward what worries them, so the forward's own sender is usually a colleague and says nothing:
    the attack is in the quoted email. The forward is still judged too, so that a fake "Fw:" cannot hide its
    own signs behind a harmless quote; on the same verdict, the forwarded email wins, as it is the one reported
    (and its sender, not the colleague's, belongs in a campaign's fingerprint). One level only."""
    if outer.message is None or not FORWARD_SUBJECT.match(outer.message.subject):
        return outer
    intake = extract_original(raw)
    if intake.how == "as_is":
        return outer
    inner = _triage(intake.original, settings)
    if inner.message is None:
        return outer
    sender = inner.message.from_address or inner.message.from_display or "an unknown sender"
    if _VERDICT_RANK[inner.verdict] < _VERDICT_RANK[outer.verdict]:
        note = (
            f"This email forwards another one (from {sender}); both were checked and the forward itself is more "
            "suspicious."
        )
        return replace(outer, notes=(*outer.notes, note))
    note = (
        f"This email forwards another one (from {sender}), so the verdict, reasons and indicators are for the "
        "forwarded email."
    )
    return replace(inner, notes=(note, *inner.notes))


def _unreadable(error: str, settings: TriageSettings) -> TriageResult:
    weight = settings.rules.weight("unreadable")
    reason = Reason(
        code="unreadable",
        text="We could not read this as an email, so a person in the security team will look at it.",
        weight=weight,
    )
    return TriageResult(
        verdict="suspicious",
        score=weight,
        reasons=(reason,),
        indicators=Indicators(),
        message=None,
        fingerprint=None,
        error=error,
    )


def _triage(raw: bytes, settings: TriageSettings) -> TriageResult:
    if not looks_like_email(raw):
        why = "it is empty" if not raw.strip() else "it is not text"
        return _unreadable(f"Could not read this message: {why}.", settings)
    message = parse_message(raw, settings)
    visible = [html_to_text(markup) for markup in message.html_parts]
    links, forms = extract_links(message.html_parts, visible, message.text_parts, settings.max_urls)
    # An invitation's own words and links are read too: they reach the reader's calendar, not only the email.
    invited, _ = (
        extract_links([], [], message.calendar_parts, settings.max_urls) if message.calendar_parts else ([], [])
    )
    seen = {link.url for link in links}
    links.extend(link for link in invited if link.url not in seen)
    body = "\n".join([*message.text_parts, *visible, *message.calendar_parts])[: settings.max_text_chars]
    text = f"{message.subject}\n{message.from_.display}\n{body}"
    body_words = words_of(body[:_LANGUAGE_TEXT_LIMIT])
    words = words_of(f"{message.subject}\n{message.from_.display}") + body_words
    ctx = Context(
        message=message,
        settings=settings,
        matcher=matcher_for(settings),
        links=links,
        forms=forms,
        text=text,
        words=words,
        positions=first_word_positions(words, settings.rules.first_words),
        body_start=" ".join(body[:2000].split())[:300],
        html_lower=message.html_parts[0][:20_000].lower() if message.html_parts else "",
        invitation_links=invited,
    )
    claimed = brand_claimed(ctx, message.from_.display) if message.from_.display else None
    claimed = claimed or brand_claimed(ctx, message.subject)
    # A brand the sender's name or subject names, else the brand whose own domain sent it (checks/genuine.py).
    claimed = claimed or brand_of_sender(message, settings.brands, settings.rules, settings.protected_domains)
    ctx.own_brand = own_brand(message, claimed)
    reasons: list[Reason] = []
    notes = list(message.notes)
    wrappers = sorted({link.wrapper for link in links if link.wrapper})
    if wrappers:
        notes.append(
            f"Links had been rewritten by the recipient's link protection ({', '.join(wrappers[:5])}); "
            "the checks and indicators use the real addresses inside."
        )
    for check in CHECKS:
        try:
            reasons.extend(check(ctx))
        except Exception as exc:  # one broken check must not lose the others
            notes.append(f"The {check.__name__} check could not finish ({type(exc).__name__}).")
    if ctx.own_brand:
        reasons = soften_wording(reasons, ctx.own_brand)
    reasons.extend(combined_signs(ctx, reasons))
    reasons.sort(key=lambda r: -r.weight)
    score = max(0, min(100, sum(r.weight for r in reasons)))
    verdict = _verdict(score, ctx)
    indicators = _indicators(message, links, ctx.trusted_domains)
    return TriageResult(
        verdict=verdict,
        score=score,
        reasons=tuple(reasons),
        indicators=indicators,
        message=_summary(message, body),
        fingerprint=Fingerprint(
            sender_domain=message.from_.domain,
            normalised_subject=normalise_subject(message.subject),
            url_domains=_campaign_link_domains(links, ctx),
            attachment_hashes=tuple(sorted({p.attachment.sha256 for p in message.parts})),
            body_simhash=simhash(body, body_words),
        ),
        notes=tuple(notes),
    )


def _campaign_link_domains(links: list[Link], ctx: Context) -> tuple[str, ...]:
    """Link domains that say where an attack comes from: genuine NHS, organisation and brand domains say nothing,
    as unrelated attacks often show or link to them (so they must not join two attacks into one campaign)."""
    trusted = ctx.trusted_domains | ctx.rules.link_rewriters  # a wrapper left as it is (Mimecast) says nothing either
    domains = {registered_domain(link.host) for link in links if link.host and not owns(link.host, trusted)}
    return tuple(sorted(domains))[:50]


def _verdict(score: int, ctx: Context) -> Verdict:
    rules = ctx.rules
    if score >= rules.phishing_threshold:
        return "phishing"
    if score >= rules.suspicious_threshold:
        return "suspicious"
    spam, _ = spam_score(ctx)
    if spam + score >= rules.spam_threshold and spam > 0:
        return "spam"
    return "safe"


def _indicators(message: ParsedMessage, links: list[Link], trusted: frozenset[str]) -> Indicators:
    """What an analyst may block. Genuine NHS, organisation and brand domains are never domain indicators
    (blocking nhs.uk or microsoft.com would stop real work); an address on one of them counts only where a link
    really goes there (an abused form or file share), not where it is merely written in the text."""
    urls: list[str] = []
    domains: list[str] = []
    ips: list[str] = []
    for link in links:
        if not link.host:
            continue
        genuine = owns(link.host, trusted)
        if link.url not in urls and not (genuine and not link.from_html):
            urls.append(link.url)
        target = ips if is_ip(link.host) else domains
        if link.host not in target and not genuine:
            target.append(link.host)
    senders: list[str] = []
    for address in [message.from_.address, *(a.address for a in message.reply_to), message.return_path, message.sender]:
        if address and address not in senders:
            senders.append(address)
            domain = address.rpartition("@")[2]
            if domain and domain not in domains and not owns(domain, trusted):
                domains.append(domain)
    return Indicators(
        urls=tuple(urls[:100]),
        domains=tuple(domains[:100]),
        ips=tuple(ips[:50]),
        sha256=tuple(dict.fromkeys(p.attachment.sha256 for p in message.parts)),
        sender_addresses=tuple(senders),
    )


def _summary(message: ParsedMessage, body: str) -> MessageSummary:
    return MessageSummary(
        subject=message.subject,
        from_address=message.from_.address,
        from_display=message.from_.display,
        reply_to=", ".join(a.address for a in message.reply_to),
        return_path=message.return_path,
        to=message.to,
        date=message.date,
        message_id=message.message_id,
        headers=tuple(message.headers),
        text_body="\n\n".join(message.text_parts)[:_SUMMARY_TEXT_LIMIT],
        html_body="\n".join(message.html_parts)[:_SUMMARY_TEXT_LIMIT],
        attachments=tuple(p.attachment for p in message.parts),
        exercise_token=message.header(EXERCISE_HEADER)[:200],
    )
