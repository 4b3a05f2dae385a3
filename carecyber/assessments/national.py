"""The national view: every organisation's status with filters, counts by status, type and region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

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
    return (
        Organisation.objects.visible_to(actor)
        .filter(filters_q(filters))
        .select_related("toolkit_status")
        .order_by("name", "code")
    )


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def status_counts(actor: Actor, filters: dict[str, Any]) -> list[StatusCount]:
    """Organisations at each status under the filters (one grouped query)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    rows = (
        Organisation.objects.visible_to(actor)
        .filter(filters_q({**filters, "status": ""}))
        .values("toolkit_status__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        value = row["toolkit_status__status"]
        counts[Status(value) if value else Status.NOT_PUBLISHED] += row["n"]
    return [StatusCount(s, n) for s, n in counts.items()]
