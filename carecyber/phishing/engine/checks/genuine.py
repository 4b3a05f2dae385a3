"""An email from the brand it names, on that brand's own domain, with no failed authentication.

Shipping notices and receipts from Amazon, Royal Mail or USPS use the same words as the fakes ("your
package", "tracking number", "log in to"), so from the brand's own address those words say little: they
count at half weight. Everything else (links, attachments, look-alikes, failures) still counts in full, and a
recorded SPF, DKIM or DMARC failure means the address cannot be believed, so nothing is softened then.
"""

from __future__ import annotations

import dataclasses

from ..domains import owns
from ..parse import ParsedMessage
from ..types import Reason
from .auth import failure_recorded

# Signals that only read the wording.
WORDING_CODES = frozenset(
    {"urgency_language", "threat_language", "credential_language", "scam_language", "spelling_anomalies"}
)


def own_brand(message: ParsedMessage, claimed: tuple[str, tuple[str, ...]] | None) -> str:
    """The brand's name when `claimed` (the brand the sender's name or subject gives) owns the sender's domain
    and no authentication failure was recorded; else ""."""
    domain = message.from_.domain
    if not claimed or not domain:
        return ""
    name, domains = claimed
    if not domains or not owns(domain, domains) or failure_recorded(message):
        return ""
    return name


def soften_wording(reasons: list[Reason], brand: str) -> list[Reason]:
    """Wording signals at half weight, saying why."""
    return [
        dataclasses.replace(
            reason,
            weight=reason.weight // 2,
            text=f"{reason.text} (Counted at half weight: the email comes from {brand}'s own address.)",
        )
        if reason.code in WORDING_CODES
        else reason
        for reason in reasons
    ]
