"""The national view: every organisation's status with filters, counts by status, type and region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from carecyber.assessments.engine.status import STATUS_LABELS, STATUS_ORDER, Status
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation


def filters_q(filters: dict[str, Any]) -> Q:
    q = Q()
    term = str(filters.get("q") or "").strip()
    if term:
        q &= Q(name__icontains=term) | Q(code=term.upper())
    status = filters.get("status") or ""
    if status == Status.NOT_PUBLISHED:
        q &= Q(toolkit_status__isnull=True) | Q(toolkit_status__status=status)
    elif status:
        q &= Q(toolkit_status__status=status)
    if filters.get("type"):
        q &= Q(type=filters["type"])
    if filters.get("region"):
        q &= Q(region=filters["region"])
    return q


def organisations(actor: Actor, filters: dict[str, Any]) -> QuerySet[Organisation]:
    """The filtered list by name. Statuses are fetched for the rows shown (prefetch), not joined: a join would be
    made for every row an OFFSET skips, which on deep pages of 50,000 organisations costs tens of ms."""
    return (
        Organisation.objects.visible_to(actor)
        .filter(filters_q(filters))
        .prefetch_related("toolkit_status")
        .order_by("name", "code")
    )


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def status_counts(totals: list[int]) -> list[StatusCount]:
    """Organisations at each status, from a status grid's totals (columns in STATUS_ORDER)."""
    return [StatusCount(status, count) for status, count in zip(STATUS_ORDER, totals, strict=True)]


def listed_count(counts: list[StatusCount], filters: dict[str, Any]) -> int:
    """How many organisations the list shows: the counts cover the same filters bar the status."""
    status = filters.get("status") or ""
    return sum(c.count for c in counts if not status or c.status == status)
