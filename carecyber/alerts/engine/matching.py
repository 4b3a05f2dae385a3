"""Does an inventory entry run an affected product, and why (or why not)?

Candidates are found by key (vendor:product, or the package URL without its
version) by the caller, usually the database; this module judges each one:
CPE names are compared attribute by attribute, then the version is checked
against the affected range. Judgements are remembered per distinct
(version, CPE), because inventories repeat the same few versions thousands of
times: that is what makes national-scale targeting fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carecyber.alerts.engine.cpe import LABELS, Cpe, compare
from carecyber.alerts.engine.normalise import read_purl
from carecyber.alerts.engine.versions import Judgement, RangeMatcher, Verdict, VersionRange


@dataclass(frozen=True)
class AffectedProduct:
    """An affected product with its names already canonical (see normalise.canonical)."""

    vendor: str
    product: str
    version_range: VersionRange
    purl_key: str = ""
    cpe: Cpe | None = None
    label: str = ""

    @property
    def product_key(self) -> str:
        return f"{self.vendor}:{self.product}" if self.vendor and self.product else ""


@dataclass(frozen=True)
class AssetFacts:
    """What matching needs to know about an inventory entry."""

    version: str = ""
    cpe: str = ""
    purl: str = ""

    def effective_version(self) -> str:
        if self.version.strip():
            return self.version.strip()
        if self.purl:
            try:
                return read_purl(self.purl).version
            except ValueError:
                return ""
        if self.cpe:
            try:
                return Cpe.parse(self.cpe).version_text
            except ValueError:
                return ""
        return ""


@dataclass
class ProductMatcher:
    product: AffectedProduct
    _ranges: RangeMatcher = field(init=False)
    _seen: dict[tuple[str, str], Judgement] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._ranges = RangeMatcher(self.product.version_range)

    def judge(self, facts: AssetFacts) -> Judgement:
        key = (facts.effective_version(), facts.cpe)
        known = self._seen.get(key)
        if known is None:
            known = self._judge(key[0], facts.cpe)
            if len(self._seen) < 200_000:
                self._seen[key] = known
        return known

    def _judge(self, version: str, cpe_text: str) -> Judgement:
        uncertain: tuple[str, ...] = ()
        if self.product.cpe is not None and cpe_text:
            try:
                asset_cpe = Cpe.parse(cpe_text)
            except ValueError:
                asset_cpe = None
            if asset_cpe is not None:
                # The range decides versions when there is one; the CPE's own version attribute otherwise.
                skip = frozenset() if self.product.version_range.is_every_version else frozenset({"version"})
                result = compare(self.product.cpe, asset_cpe, skip=skip)
                if not result.matches:
                    return Judgement(
                        Verdict.NOT_AFFECTED,
                        f"its CPE name differs from the affected one in {LABELS[result.mismatch]}",
                    )
                uncertain = result.uncertain
        judgement = self._ranges.judge(version)
        if uncertain and judgement.verdict is Verdict.AFFECTED:
            open_parts = ", ".join(LABELS[a] for a in uncertain)
            return Judgement(
                Verdict.UNKNOWN, f"{judgement.reason}, and its CPE name does not say which {open_parts} it is"
            )
        return judgement


def naive_matches(product: AffectedProduct, vendor: str, product_name: str, purl_key: str, facts: AssetFacts) -> bool:
    """The same decision without keys or memory: what comparing every pair costs (used by the benchmark)."""
    same = (product.product_key and f"{vendor}:{product_name}" == product.product_key) or (
        product.purl_key and purl_key == product.purl_key
    )
    if not same:
        return False
    return ProductMatcher(product).judge(facts).targets
