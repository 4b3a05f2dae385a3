"""SPF, DKIM and DMARC failures recorded by the receiving server.

Only a recorded failure counts. Whether the header is there at all says how the message was collected,
not whether it is genuine, so presence, passes and "none" add nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..context import Context
from ..parse import ParsedMessage
from ..types import Reason

_RESULT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)


def recorded_results(message: ParsedMessage) -> dict[str, set[str]]:
    """What the receiving server recorded for SPF, DKIM and DMARC ("pass", "fail", "softfail" ...)."""
    results: dict[str, set[str]] = {"spf": set(), "dkim": set(), "dmarc": set()}
    for value in message.header_all("authentication-results")[:10]:
        for method, result in _RESULT.findall(value):
            results[method.lower()].add(result.lower())
    for value in message.header_all("received-spf")[:5]:
        first = value.split(None, 1)[0].lower() if value.strip() else ""
        results["spf"].add(first.strip(";:()"))
    return results


_DKIM_PASS_DOMAIN = re.compile(r"\bdkim\s*=\s*pass\b[^;]*?\bheader\.[di]\s*=\s*@?([\w.-]+)", re.IGNORECASE)
_DMARC_PASS = re.compile(r"\bdmarc\s*=\s*pass\b", re.IGNORECASE)


def own_domain_vouched(message: ParsedMessage, owner: Callable[[str], str]) -> bool:
    """True when the receiving server recorded a DMARC pass, or a DKIM signature that passed for the sender's own
    domain (`owner` maps a domain to the one that stands for its owner), and no failure: the sender's domain
    itself vouched for the message. A signature by a sending service's own domain vouches for nothing here."""
    if failure_recorded(message) or not message.from_.domain:
        return False
    # Only the topmost record, the one the recipient's own server added: anyone can write a passing record into
    # the headers of the email they send, and only the receiving server's own is believed.
    values = message.header_all("authentication-results")[:1]
    if any(_DMARC_PASS.search(value) for value in values):
        return True
    sender = owner(message.from_.domain)
    return any(owner(signed) == sender for value in values for signed in _DKIM_PASS_DOMAIN.findall(value))


def failure_recorded(message: ParsedMessage) -> bool:
    failures = {"fail", "hardfail", "softfail"}
    return any(found & failures for found in recorded_results(message).values())


def check_authentication(ctx: Context) -> list[Reason]:
    results = recorded_results(ctx.message)
    domain = ctx.message.from_.domain or "the sender's domain"
    reasons = []
    if "fail" in results["dmarc"]:
        reasons.append(
            ctx.reason(
                "dmarc_fail",
                f"The receiving mail server checked this email against the published rules of {domain} (DMARC) "
                "and it failed: it was probably not sent by who it says.",
            )
        )
    if "fail" in results["spf"] or "hardfail" in results["spf"]:
        reasons.append(
            ctx.reason(
                "spf_fail",
                "The server that sent this email is not allowed to send mail for that address (SPF failed).",
            )
        )
    elif "softfail" in results["spf"]:
        reasons.append(
            ctx.reason(
                "spf_softfail",
                "The server that sent this email is probably not one that usually sends mail for that address "
                "(SPF soft fail).",
            )
        )
    if "fail" in results["dkim"]:
        if reasons:
            reasons.append(
                ctx.reason(
                    "dkim_fail",
                    "The email's digital signature (DKIM) did not check out: it may have been changed or forged.",
                )
            )
        else:
            # Mailing lists and forwarding change genuine email on the way (a footer, a tag in the subject), which
            # breaks its signature; only beside an SPF or DMARC failure does a broken signature point to forgery.
            reasons.append(
                Reason(
                    code="dkim_fail",
                    text="The email's digital signature (DKIM) did not check out: it may have been changed or forged. "
                    "(Counted at less than full weight: no other check failed, and mailing lists and forwarding "
                    "often break the signature of genuine email.)",
                    weight=ctx.rules.weight("dkim_fail_alone"),
                )
            )
    return reasons
