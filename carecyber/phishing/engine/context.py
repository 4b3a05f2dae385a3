"""What every check looks at: the parsed message, its links and text, and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .config import Rules, TriageSettings
from .domains import ADDRESS_PATTERN, DomainMatcher, Target, owner_domain, registrable_label
from .links import Link
from .parse import ParsedMessage
from .types import Reason


@dataclass
class Context:
    message: ParsedMessage
    settings: TriageSettings
    matcher: DomainMatcher
    links: list[Link]
    forms: list[str]
    text: str  # subject and visible body text, for language checks
    words: list[str]  # the same text as lower-case words, for phrase lists
    positions: dict[str, list[int]] | None = None  # where each phrase-starting word occurs in `words`
    body_start: str = ""  # the first visible words of the body (where a greeting is)
    html_lower: str = ""  # the first part of the HTML body, lower case
    claims: dict[str, tuple[str, tuple[str, ...]] | None] = field(default_factory=dict)  # brand_claimed, per text
    invitation_links: list[Link] = field(default_factory=list)  # links in a calendar invitation's own text
    own_brand: str = ""  # the brand the email names, when it comes from that brand's own domain (checks/genuine.py)

    @property
    def recipient_addresses(self) -> list[str]:
        found = ADDRESS_PATTERN.findall(f"{self.message.to} {self.message.header('cc')}".lower())
        return [a for a in found if len(a) > 5][:20]

    @property
    def rules(self) -> Rules:
        return self.settings.rules

    def reason(self, code: str, text: str, times: int = 1) -> Reason:
        weight = self.rules.weight(code)
        cap = self.rules.caps.get(code)
        if cap is not None:
            times = min(times, cap)
        return Reason(code=code, text=text, weight=weight * max(times, 1))

    @property
    def trusted_domains(self) -> frozenset[str]:
        """Domains whose mail and links are genuine: protected, the organisation's own and the brands'."""
        return self.matcher.owned

    @property
    def known_sites(self) -> frozenset[str]:
        """Genuine domains, mailing services' click-tracking and well-known sites: a link to one of them is not
        a link "elsewhere"."""
        return known_sites_for(self.settings, self.matcher)


@lru_cache(maxsize=16)
def known_sites_for(settings: TriageSettings, matcher: DomainMatcher) -> frozenset[str]:
    """Built once per settings rather than for every message."""
    return matcher.owned | settings.rules.mailing_services | settings.rules.well_known_sites


@lru_cache(maxsize=16)
def matcher_for(settings: TriageSettings) -> DomainMatcher:
    targets: list[Target] = []
    rules = settings.rules
    for domain in settings.protected_domains:
        targets.append(Target(domain, _label(domain, rules, own=False), "the NHS or UK government"))
    for domain in settings.organisation_domains:
        targets.append(Target(domain.lower(), _label(domain.lower(), rules, own=True), "your organisation"))
    for brand in settings.brands:
        for domain in brand.domains:
            targets.append(Target(domain, _label(domain, rules, own=False), brand.name))
        if brand.domains:  # listed after every domain, so a domain's own label names it first
            targets.extend(Target(brand.domains[0], name.lower(), brand.name) for name in brand.names)
    return DomainMatcher(targets)


def _label(domain: str, rules: Rules, *, own: bool) -> str:
    """The name to compare lookalikes with: `leedsth` for your own `leedsth.nhs.uk`, `paypal` for `paypal.co.uk`.

    Parts of a shared domain (`england.nhs.uk`, `service.gov.uk`) are everyday words, so only the
    organisation's own ones are compared by name; the others still count as genuine and against look-alike
    letters."""
    if any(domain.endswith("." + suffix) for suffix in rules.private_suffixes):
        label = owner_domain(domain, rules.private_suffixes).split(".")[0] if own else ""
    else:
        label = registrable_label(domain)
    return "" if label in rules.ambiguous_labels else label
