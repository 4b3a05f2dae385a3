"""An email from a brand's own domain, with no failed authentication.

Shipping notices and receipts from Amazon, Royal Mail or USPS use the same words as the fakes ("your
package", "tracking number", "log in to"), so from the brand's own address those words say little: they
count at half weight. Everything else (links, attachments, look-alikes, failures) still counts in full, and a
recorded SPF, DKIM or DMARC failure means the address cannot be believed, so nothing is softened then.

The brand need not be named: a SharePoint guest code comes from sharepointonline.com in the sharing
organisation's name, a receipt from Stripe in the shop's name, a calendar invitation from google.com in the
organiser's. Then the domain itself must vouch for the message (a recorded DMARC pass or a DKIM signature of its
own), since a spoofed address with no checks recorded fails nothing. Personal webmail (gmail.com, outlook.com),
domains where any customer or public body gets a name of its own (onmicrosoft.com, gov.br) and the NHS's and
government's staff mailboxes are the brand's only in name, so mail from them is never taken as the brand's own.
"""

from __future__ import annotations

import dataclasses

from ..config import Brand, Rules
from ..domains import owner_domain, owns
from ..parse import ParsedMessage
from ..types import Reason
from .auth import failure_recorded, own_domain_vouched

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


def brand_of_sender(
    message: ParsedMessage, brands: tuple[Brand, ...], rules: Rules, protected: tuple[str, ...]
) -> tuple[str, tuple[str, ...]] | None:
    """The brand whose own domain the sender's is, when the domain vouched for the message (a DMARC or own-domain
    DKIM pass). None for personal webmail, for domains where anyone can take an address (rules.tenant_domains)
    and for the NHS's and government's (`protected`): those are people's own mailboxes, and a colleague's
    mailbox taken over by a criminal passes every check."""
    domain = message.from_.domain
    if not domain or domain in rules.freemail_domains or owns(domain, (*rules.tenant_domains, *protected)):
        return None
    if not own_domain_vouched(message, lambda host: owner_domain(host, rules.private_suffixes)):
        return None
    for brand in brands:
        if brand.domains and owns(domain, brand.domains):
            return brand.name, brand.domains
    return None


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
