"""Telling people from link scanners: mail security tools open every link in a message,
usually within seconds of delivery, often with HEAD requests or a tell-tale user agent.

A scanner's visit is recorded, with the reason, but never counted as a click.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Substrings (lower case) of user agents sent by link scanners, previewers and scripts.
SCANNER_AGENTS: tuple[str, ...] = (
    "barracuda", "proofpoint", "mimecast", "symantec", "messagelabs", "forcepoint", "zscaler", "fireeye",
    "trendmicro", "sophos", "cisco", "ironport", "checkpoint", "paloalto", "safelinks", "urldefense",
    "bingpreview", "microsoft office", "ms-office", "skypeuripreview", "slackbot", "facebookexternalhit",
    "googlebot", "google-safety", "bot/", "bot;", "crawler", "spider", "scanner", "preview", "python-requests",
    "python-urllib", "curl/", "wget/", "go-http-client", "java/", "okhttp", "libwww-perl", "httpclient",
    "headlesschrome", "phantomjs",
)  # fmt: skip
DEFAULT_MIN_SECONDS = 20


@dataclass(frozen=True)
class Verdict:
    scanner: bool
    reason: str


def classify(
    *,
    method: str,
    user_agent: str,
    seconds_after_delivery: float | None,
    min_seconds: int = DEFAULT_MIN_SECONDS,
    agents: Sequence[str] = SCANNER_AGENTS,
) -> Verdict:
    """Whether a visit to a tracked link came from an automated scanner, and why we think so."""
    if method.upper() == "HEAD":
        return Verdict(True, "HEAD request")
    agent = user_agent.strip().lower()
    if not agent:
        return Verdict(True, "no browser named")
    for token in agents:
        if token in agent:
            return Verdict(True, f"known scanner ({token.strip('/;')})")
    if seconds_after_delivery is not None and seconds_after_delivery < min_seconds:
        return Verdict(True, f"{max(0, round(seconds_after_delivery))} seconds after delivery")
    return Verdict(False, "")
