"""CVSS vectors read and scored with the `cvss` library (versions 2.0, 3.0, 3.1 and 4.0)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The cvss package ships no type information; these three names are all we use.
from cvss import CVSS2, CVSS3, CVSS4  # type: ignore[import-untyped]
from cvss.exceptions import CVSSError  # type: ignore[import-untyped]


@dataclass(frozen=True)
class CvssScore:
    version: str
    vector: str
    base_score: float
    severity: str  # None, Low, Medium, High or Critical (CVSS 2.0 has no Critical)


def _v2_severity(score: float) -> str:
    if score >= 7.0:
        return "High"
    if score >= 4.0:
        return "Medium"
    return "Low" if score > 0 else "None"


def score(vector: str) -> CvssScore:
    """Parse and score a vector; ValueError with the library's reason when it is not a valid one."""
    text = vector.strip()
    if not text:
        raise ValueError("The CVSS vector is empty")
    try:
        if text.startswith("CVSS:4.0/"):
            v4 = CVSS4(text)
            return CvssScore("4.0", v4.clean_vector(), float(v4.base_score), str(v4.severity))
        if text.startswith(("CVSS:3.0/", "CVSS:3.1/")):
            v3 = CVSS3(text)
            base = float(v3.base_score)
            return CvssScore(text[5:8], v3.clean_vector(), base, str(v3.severities()[0]))
        if text.startswith("CVSS:"):
            raise ValueError(f"Unsupported CVSS version in {text[:12]!r}: use 2.0, 3.0, 3.1 or 4.0")
        v2 = CVSS2(text)
        base = float(Decimal(str(v2.base_score)))
        return CvssScore("2.0", v2.clean_vector(), base, _v2_severity(base))
    except CVSSError as exc:
        raise ValueError(f"Not a valid CVSS vector: {exc}") from None
