"""Advisories out: STIX 2.1 objects (for TAXII and downloads) and CSAF 2.0 documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

# Every identifier we mint is a name-based UUID under this namespace, so the same
# advisory always yields the same ids and each revision is a new version of them.
CARECYBER_NAMESPACE: UUID = uuid5(NAMESPACE_URL, "https://carecyber.example/stix")


@dataclass(frozen=True)
class Revision:
    number: int
    at: datetime
    summary: str


@dataclass(frozen=True)
class ExportMeta:
    reference: str
    revision: int
    created: datetime  # first publication (or creation, for drafts)
    modified: datetime  # this revision
    url: str  # the advisory's page
    withdrawn: bool = False
    publisher_name: str = "CareCyber national team"
    publisher_namespace: str = "https://carecyber.example"
    history: tuple[Revision, ...] = field(default_factory=tuple)


def stix_time(moment: datetime) -> str:
    """STIX timestamps: UTC, millisecond precision, Z suffix."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def csaf_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def minted_id(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid5(CARECYBER_NAMESPACE, '/'.join((kind, *parts)))}"
