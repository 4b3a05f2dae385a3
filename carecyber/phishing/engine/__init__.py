"""The phishing triage engine: pure Python (no Django, no network).

from carecyber.phishing.engine import triage, TriageSettings, defang, fingerprint_distance, same_campaign, unwrap

result = triage(raw_bytes)  # never raises
result.verdict, result.score, result.reasons, result.indicators, result.fingerprint
"""

from __future__ import annotations

from .config import Brand, TriageSettings
from .defang import defang
from .fingerprint import SIMHASH_THRESHOLD, fingerprint_distance, normalise_subject, same_campaign
from .triage import triage
from .types import (
    VERDICTS,
    Attachment,
    Fingerprint,
    Indicators,
    MessageSummary,
    Reason,
    TriageResult,
    Verdict,
)
from .unwrap import unwrap

__all__ = [
    "SIMHASH_THRESHOLD",
    "VERDICTS",
    "Attachment",
    "Brand",
    "Fingerprint",
    "Indicators",
    "MessageSummary",
    "Reason",
    "TriageResult",
    "TriageSettings",
    "Verdict",
    "defang",
    "fingerprint_distance",
    "normalise_subject",
    "same_campaign",
    "triage",
    "unwrap",
]
