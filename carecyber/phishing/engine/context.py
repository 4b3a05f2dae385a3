"""What every check looks at: the parsed message, its links and text, and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .config import Rules, TriageSettings
from .domains import DomainMatcher, Target, owner_domain, registrable_label
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
    def trusted_domains(self) -> tuple[str, ...]:
        """Domains whose mail and links are genuine: protected, the organisation's own and the brands'."""
        return self.matcher.owned


@lru_cache(maxsize=16)
def matcher_for(settings: TriageSettings) -> DomainMatcher:
    targets: list[Target] = []
    rules = settings.rules
    for domain in settings.protected_domains:
        targets.append(Target(domain, _label(domain, rules), "the NHS or UK government"))
    for domain in settings.organisation_domains:
        targets.append(Target(domain.lower(), _label(domain.lower(), rules), "your organisation"))
    for brand in settings.brands:
        for domain in brand.domains:
            targets.append(Target(domain, _label(domain, rules), brand.name))
    return DomainMatcher(targets)


def _label(domain: str, rules: Rules) -> str:
    """The name to compare lookalikes with: `leedsth` for `leedsth.nhs.uk`, `paypal` for `paypal.co.uk`."""
    if any(domain.endswith("." + suffix) for suffix in rules.private_suffixes):
        label = owner_domain(domain, rules.private_suffixes).split(".")[0]
    else:
        label = registrable_label(domain)
    return "" if label in rules.ambiguous_labels else label
