"""What the engine is told: protected domains, brands, word lists, weights and limits, loaded from data files.

The shipped data files live in `data/` beside this module. `TriageSettings.default()` reads them once per
process; the web app adds the reporting organisation's own domains with `dataclasses.replace`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Brand:
    """A name people are tricked with, and the domains that really belong to it (empty: a role, not a brand)."""

    name: str
    keywords: tuple[str, ...]
    domains: tuple[str, ...]
    # Names of the brand's own services that are not the name of one of its domains (NHSmail is nhs.net, HMRC is
    # hmrc.gov.uk, where only "gov.uk" counts): a domain named after one (nhsmail.co, hmrc-refund.co.uk) imitates it.
    names: tuple[str, ...] = ()


WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """Lower-case words (letters and digits), the unit phrases are matched on."""
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class PhraseList:
    """Phrases matched as whole word sequences, case-insensitively ("e-signature" matches "E signature").

    Indexed by first word, so matching costs one dictionary look-up per word of the text."""

    phrases: tuple[str, ...]
    index: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, phrases: tuple[str, ...]) -> PhraseList:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            tokens = tuple(words_of(phrase))
            if tokens:
                index.setdefault(tokens[0], []).append(tokens)
        return cls(
            phrases=phrases,
            index={first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()},
        )

    def distinct_hits(
        self, words: list[str], limit: int = 10, positions: dict[str, list[int]] | None = None
    ) -> tuple[str, ...]:
        """Phrases found in `words`, each once, in the order they first appear. A phrase found inside a longer one
        ("suspended" in "will be suspended") is the same words said once, so it is not counted again.

        `positions` (word -> where it occurs, see `first_word_positions`) saves a pass over the words."""
        if positions is None:
            positions = first_word_positions(words, frozenset(self.index))
        found: list[tuple[int, int, str]] = []
        for first in self.index.keys() & positions.keys():
            for position in positions[first]:
                hit = next(
                    (
                        tokens
                        for tokens in self.index[first]
                        if len(tokens) == 1 or tuple(words[position : position + len(tokens)]) == tokens
                    ),
                    None,
                )
                if hit is not None:
                    found.append((position, -len(hit), " ".join(hit)))
                    break
        found.sort()
        phrases: list[str] = []
        end = 0
        for position, minus_length, phrase in found:
            if position < end:
                continue
            phrases.append(phrase)
            end = position - minus_length
            if len(phrases) == limit:
                break
        return tuple(phrases)


NO_PHRASES = PhraseList(phrases=(), index={})


def first_word_positions(words: list[str], firsts: frozenset[str]) -> dict[str, list[int]]:
    """Where each word that starts a listed phrase occurs (one pass over the text for every list)."""
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        if word in firsts:
            positions.setdefault(word, []).append(position)
    return positions


@dataclass(frozen=True, eq=False)
class Rules:
    """Weights, thresholds and word lists (data, not code). Compared and hashed by identity."""

    weights: dict[str, int]
    caps: dict[str, int]
    phishing_threshold: int
    suspicious_threshold: int
    spam_threshold: int
    spam_weight: int
    spam_cap: int
    urgency: PhraseList
    threat: PhraseList
    credential: PhraseList
    scam: PhraseList
    spam: PhraseList
    misspellings: PhraseList
    signin_words: frozenset[str]
    contact_words: frozenset[str]
    sent_to_words: frozenset[str]
    attachment_groups: dict[str, tuple[str, frozenset[str]]]  # code -> (label, extensions)
    decoy_extensions: frozenset[str]
    shorteners: frozenset[str]
    free_hosting: frozenset[str]
    freemail_domains: frozenset[str]
    private_suffixes: tuple[str, ...]
    ambiguous_labels: frozenset[str]
    cheap_tlds: frozenset[str]
    link_rewriters: frozenset[str]
    redirect_markers: tuple[str, ...]
    # Where genuine bulk mail sends its readers besides the sender's own site: its mailing service's
    # click-tracking, and well-known sites anyone may point to (see checks/links.py, link_elsewhere_only).
    mailing_services: frozenset[str] = frozenset()
    well_known_sites: frozenset[str] = frozenset()
    # A brand's domains under which anyone can take an address of their own (see checks/genuine.py).
    tenant_domains: frozenset[str] = frozenset()
    # Words that describe a file sent or shared ("file size", "shared a document with you", "novo arquivo"), and
    # the file-sharing services where such a file may really be (see checks/lures.py, file_not_attached).
    file_lures: PhraseList = NO_PHRASES
    # The boxes of a web form ("first name", "phone"), as a site's contact form copies them into its reply.
    form_labels: PhraseList = NO_PHRASES
    file_sharing: frozenset[str] = frozenset()
    # Today's lure families (see checks/families.py): what payroll and CEO fraud asks for, what a QR-code lure says,
    # what it is about, and the meeting services a genuine invitation links to.
    webmail_requests: PhraseList = field(default_factory=lambda: PhraseList.of(()))
    qr_scan: PhraseList = field(default_factory=lambda: PhraseList.of(()))
    account_topics: PhraseList = field(default_factory=lambda: PhraseList.of(()))
    meeting_services: frozenset[str] = frozenset()
    password_asks: PhraseList = field(default_factory=lambda: PhraseList.of(()))
    form_services: tuple[str, ...] = ()  # hosts, or host and path ("docs.google.com/forms")

    @cached_property
    def first_words(self) -> frozenset[str]:
        lists = (
            self.urgency,
            self.threat,
            self.credential,
            self.scam,
            self.spam,
            self.misspellings,
            self.file_lures,
            self.form_labels,
            self.qr_scan,  # checked on every email with a picture; the other lure-family lists only rarely
        )
        return frozenset(word for phrases in lists for word in phrases.index)

    def weight(self, code: str) -> int:
        return self.weights.get(code, 0)


def _read_yaml(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return loaded


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v).strip().lower() for v in (values or ()) if str(v).strip())


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    weights_file = _read_yaml("weights.yaml")
    words = _read_yaml("words.yaml")
    attachments = _read_yaml("attachments.yaml")
    domains = _read_yaml("domains.yaml")
    thresholds = weights_file["thresholds"]
    spam = weights_file.get("spam", {})
    groups = {
        str(code): (str(group.get("label", code)), frozenset(_strings(group.get("extensions"))))
        for code, group in attachments["groups"].items()
    }
    return Rules(
        weights={str(k): int(v) for k, v in weights_file["weights"].items()},
        caps={str(k): int(v) for k, v in weights_file.get("caps", {}).items()},
        phishing_threshold=int(thresholds["phishing"]),
        suspicious_threshold=int(thresholds["suspicious"]),
        spam_threshold=int(thresholds["spam"]),
        spam_weight=int(spam.get("spam_language", 3)),
        spam_cap=int(spam.get("spam_language_cap", 5)),
        urgency=PhraseList.of(_strings(words.get("urgency"))),
        threat=PhraseList.of(_strings(words.get("threat"))),
        credential=PhraseList.of(_strings(words.get("credential"))),
        scam=PhraseList.of(_strings(words.get("scam"))),
        spam=PhraseList.of(_strings(words.get("spam"))),
        misspellings=PhraseList.of(_strings(words.get("misspellings"))),
        signin_words=frozenset(_strings(words.get("signin_words"))),
        contact_words=frozenset(_strings(words.get("contact_words"))),
        sent_to_words=frozenset(_strings(words.get("sent_to_words"))),
        attachment_groups=groups,
        decoy_extensions=frozenset(_strings(attachments.get("decoy_extensions"))),
        shorteners=frozenset(_strings(domains.get("shorteners"))),
        free_hosting=frozenset(_strings(domains.get("free_hosting"))),
        freemail_domains=frozenset(_strings(domains.get("freemail_domains"))),
        private_suffixes=_strings(domains.get("private_suffixes")),
        ambiguous_labels=frozenset(_strings(domains.get("ambiguous_labels"))),
        cheap_tlds=frozenset(_strings(domains.get("cheap_tlds"))),
        link_rewriters=frozenset(_strings(domains.get("link_rewriters"))),
        redirect_markers=_strings(domains.get("redirect_markers")),
        mailing_services=frozenset(_strings(domains.get("mailing_services"))),
        well_known_sites=frozenset(_strings(domains.get("well_known_sites"))),
        tenant_domains=frozenset(_strings(domains.get("tenant_domains"))),
        file_lures=PhraseList.of(_strings(words.get("file_lures"))),
        form_labels=PhraseList.of(_strings(words.get("form_labels"))),
        file_sharing=frozenset(_strings(domains.get("file_sharing"))),
        webmail_requests=PhraseList.of(_strings(words.get("webmail_requests"))),
        qr_scan=PhraseList.of(_strings(words.get("qr_scan"))),
        account_topics=PhraseList.of(_strings(words.get("account_topics"))),
        meeting_services=frozenset(_strings(domains.get("meeting_services"))),
        password_asks=PhraseList.of(_strings(words.get("password_asks"))),
        form_services=_strings(domains.get("form_services")),
    )


@lru_cache(maxsize=1)
def load_protected_domains() -> tuple[str, ...]:
    return _strings(_read_yaml("domains.yaml").get("protected_domains"))


@lru_cache(maxsize=1)
def load_brands() -> tuple[Brand, ...]:
    brands = []
    for entry in _read_yaml("brands.yaml").get("brands", []):
        brands.append(
            Brand(
                name=str(entry["name"]),
                keywords=_strings(entry.get("keywords")),
                domains=_strings(entry.get("domains")),
                names=_strings(entry.get("names")),
            )
        )
    return tuple(brands)


@dataclass(frozen=True)
class TriageSettings:
    """Everything `triage()` may be configured with. `TriageSettings()` is the shipped default."""

    protected_domains: tuple[str, ...] = field(default_factory=load_protected_domains)
    organisation_domains: tuple[str, ...] = ()  # the reporting organisation's own domains (the web app adds them)
    brands: tuple[Brand, ...] = field(default_factory=load_brands)
    rules: Rules = field(default_factory=load_rules)
    max_bytes: int = 5 * 1024 * 1024  # larger input is cut to this, with a note
    max_mime_depth: int = 8  # nested multiparts and attached messages
    max_parts: int = 200  # MIME parts looked at
    max_headers: int = 300  # header fields looked at
    max_header_chars: int = 8_000  # each header value is cut to this
    max_text_chars: int = 200_000  # body text scanned for words and links
    max_urls: int = 300  # links looked at

    @classmethod
    def default(cls) -> TriageSettings:
        return _default_settings()


@lru_cache(maxsize=1)
def _default_settings() -> TriageSettings:
    return TriageSettings()
