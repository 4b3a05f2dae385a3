"""What the triage engine gives back: plain data, so the web app, the CLI and the benchmark share one shape.

Pure Python: nothing here imports Django or touches the network.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Verdict = Literal["phishing", "suspicious", "spam", "safe"]
VERDICTS: tuple[Verdict, ...] = ("phishing", "suspicious", "spam", "safe")


@dataclass(frozen=True)
class Reason:
    """One signal that fired, in words a non-expert understands, with the weight it added to the score."""

    code: str
    text: str
    weight: int


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Indicators:
    """Indicators of compromise found in the message (raw values; `defanged()` gives the safe-to-show form)."""

    urls: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    sha256: tuple[str, ...] = ()
    sender_addresses: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(value) for key, value in asdict(self).items()}

    def defanged(self) -> dict[str, list[str]]:
        """The same lists, safe to show: `hxxps://evil[.]example/`, `1.2.3[.]4`, `user[@]host[.]example`.

        Hashes are not links and are left as they are."""
        from .defang import defang

        return {key: [v if key == "sha256" else defang(v) for v in values] for key, values in self.as_dict().items()}


@dataclass(frozen=True)
class Fingerprint:
    """What clusters the same attack across organisations into one campaign."""

    sender_domain: str
    normalised_subject: str
    url_domains: tuple[str, ...]
    attachment_hashes: tuple[str, ...]
    body_simhash: int  # 64-bit similarity hash of the normalised body text


@dataclass(frozen=True)
class MessageSummary:
    """The parts of a message an analyst is shown (never rendered as raw HTML: the web app sanitises)."""

    subject: str
    from_address: str
    from_display: str
    reply_to: str
    return_path: str
    to: str
    date: str
    message_id: str
    headers: tuple[tuple[str, str], ...]
    text_body: str
    html_body: str
    attachments: tuple[Attachment, ...] = ()
    exercise_token: str = ""  # X-CareCyber-Exercise: marks our own simulated phishing emails


@dataclass(frozen=True)
class TriageResult:
    verdict: Verdict
    score: int  # 0-100
    reasons: tuple[Reason, ...]
    indicators: Indicators
    message: MessageSummary | None  # None when the bytes could not be read as an email at all
    fingerprint: Fingerprint | None
    error: str = ""  # "could not read this message" and why, when message is None
    notes: tuple[str, ...] = field(default=())  # limits applied (size, depth, parts), links unwrapped: for the analyst

    def as_json_line(self, file: str, *, defanged: bool = False) -> dict[str, object]:
        """The `carecyber triage` output for one file (`defanged=True`: indicators in their safe-to-show form)."""
        return {
            "file": file,
            "verdict": self.verdict,
            "score": self.score,
            "reasons": [asdict(reason) for reason in self.reasons],
            "indicators": self.indicators.defanged() if defanged else self.indicators.as_dict(),
            **({"error": self.error} if self.error else {}),
        }
