"""Completions as xAPI statements (Experience API 1.0.3), so records can move to another learning system.

Statement ids are derived from the certificate code, so exporting the same
completion twice gives the same statement and a learning record store keeps
one copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

XAPI_VERSION = "1.0.3"
VERBS = {
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "passed"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed"),
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"


@dataclass(frozen=True)
class CompletionFacts:
    certificate_code: str
    name: str
    email: str
    course_slug: str
    course_title: str
    course_version: int
    completed_at: datetime
    expires_at: datetime
    score_percent: int | None
    organisation_code: str
    source: str


def statement(facts: CompletionFacts, *, site_url: str) -> dict[str, Any]:
    verb_key = "passed" if facts.score_percent is not None else "completed"
    verb_id, verb_word = VERBS[verb_key]
    result: dict[str, Any] = {"completion": True}
    if facts.score_percent is not None:
        result["success"] = True
        result["score"] = {
            "scaled": round(facts.score_percent / 100, 4),
            "raw": facts.score_percent,
            "min": 0,
            "max": 100,
        }
    base = site_url.rstrip("/")
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/training/certificates/{facts.certificate_code}")),
        "version": XAPI_VERSION,
        "actor": {"objectType": "Agent", "name": facts.name, "mbox": f"mailto:{facts.email}"},
        "verb": {"id": verb_id, "display": {"en-GB": verb_word}},
        "object": {
            "objectType": "Activity",
            "id": f"{base}/training/courses/{facts.course_slug}",
            "definition": {"type": COURSE_TYPE, "name": {"en-GB": facts.course_title}},
        },
        "result": result,
        "context": {
            "platform": "CareCyber",
            "language": "en-GB",
            "extensions": {
                f"{base}/xapi/extensions/organisation": facts.organisation_code,
                f"{base}/xapi/extensions/course-version": facts.course_version,
                f"{base}/xapi/extensions/valid-until": facts.expires_at.isoformat(),
                f"{base}/xapi/extensions/certificate": facts.certificate_code,
                f"{base}/xapi/extensions/source": facts.source,
            },
        },
        "timestamp": facts.completed_at.isoformat(),
    }
