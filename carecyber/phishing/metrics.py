"""Figures about reporting: reports per organisation and per 100 staff, time to a verdict, share overridden.

Scoped like the queue: a security lead sees their organisation (and its
sites), the national team every organisation. Percentiles are nearest-rank
(the smallest time that at least that share of reports beat), the same on
PostgreSQL (`percentile_disc`, computed in the database) and SQLite (computed
here from the month's durations).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncMonth
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation
from carecyber.phishing import queries
from carecyber.phishing.models import PhishingReport

NO_ORGANISATION = "Not matched to an organisation"
ORGANISATION_ROWS_ON_PAGE = 50


@dataclass(frozen=True)
class OrganisationRow:
    code: str
    name: str
    reports: int
    staff: int
    per_100_staff: float | None  # None when the organisation has no active members


@dataclass(frozen=True)
class MonthRow:
    month: date
    reports: int
    with_verdict: int
    median_minutes: float | None
    p90_minutes: float | None
    overridden: int

    @property
    def overridden_percent(self) -> float | None:
        return round(100 * self.overridden / self.with_verdict, 1) if self.with_verdict else None

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


@dataclass(frozen=True)
class Metrics:
    start: date
    end: date
    organisations: list[OrganisationRow]  # most reports first
    months: list[MonthRow]  # oldest first
    reports: int
    with_verdict: int
    overridden: int
    median_minutes: float | None
    p90_minutes: float | None

    @property
    def overridden_percent(self) -> float | None:
        return round(100 * self.overridden / self.with_verdict, 1) if self.with_verdict else None


class _PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile over an ordered set."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


def nearest_rank(sorted_values: list[float], fraction: float) -> float | None:
    """The value at rank ceil(fraction × n) of an ascending list (None for an empty one)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def default_window(today: date | None = None) -> tuple[date, date]:
    """The last twelve calendar months, this one included."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - 11
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 60, 1)


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def reports_in_window(actor: Actor, start: date, end: date) -> QuerySet[PhishingReport]:
    return queries.reports_for_analyst(actor).filter(
        received_at__gte=_aware(start), received_at__lt=_aware(end + timedelta(days=1))
    )


def compute(actor: Actor, *, start: date, end: date, all_organisations: bool = False) -> Metrics:
    """Every figure for the window [start, end] (whole days, the site's time zone)."""
    base = reports_in_window(actor, start, end).order_by()
    verdict_given = Q(triaged_at__isnull=False) & ~Q(verdict="")
    wait = ExpressionWrapper(F("triaged_at") - F("received_at"), output_field=DurationField())

    # Per organisation, with its active members as the staff count.
    per_org = list(
        base.values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_id")
        .values_list("organisation_id", "n")
    )
    if not all_organisations:
        per_org = per_org[:ORGANISATION_ROWS_ON_PAGE]
    ids = [pk for pk, _ in per_org if pk is not None]
    names = {o.pk: (o.code, o.name) for o in Organisation.objects.filter(pk__in=ids).only("code", "name")}
    staff = dict(
        Membership.objects.filter(organisation_id__in=ids, user__is_active=True)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    organisations = []
    for pk, count in per_org:
        code, name = names.get(pk, ("", NO_ORGANISATION)) if pk is not None else ("", NO_ORGANISATION)
        people = staff.get(pk, 0) if pk is not None else 0
        organisations.append(
            OrganisationRow(
                code=code,
                name=name,
                reports=count,
                staff=people,
                per_100_staff=round(100 * count / people, 1) if people else None,
            )
        )

    # Per month: counts in the database; the time to a verdict by percentile.
    monthly = (
        base.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            n=Count("id"),
            with_verdict=Count("id", filter=verdict_given),
            overridden=Count("id", filter=verdict_given & Q(overridden=True)),
        )
        .order_by("month")
    )
    counts = {_month_key(row["month"]): row for row in monthly}
    waits = _wait_percentiles(base.filter(verdict_given), wait)
    months = [
        MonthRow(
            month=key,
            reports=row["n"],
            with_verdict=row["with_verdict"],
            median_minutes=waits.get(key, (None, None))[0],
            p90_minutes=waits.get(key, (None, None))[1],
            overridden=row["overridden"],
        )
        for key, row in sorted(counts.items())
    ]
    overall = _overall_wait(base.filter(verdict_given), wait)
    return Metrics(
        start=start,
        end=end,
        organisations=organisations,
        months=months,
        reports=sum(m.reports for m in months),
        with_verdict=sum(m.with_verdict for m in months),
        overridden=sum(m.overridden for m in months),
        median_minutes=overall[0],
        p90_minutes=overall[1],
    )


def _month_key(value: datetime | date) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    return date(value.year, value.month, 1)


def _wait_percentiles(
    qs: QuerySet[PhishingReport], wait: ExpressionWrapper[CombinedExpression]
) -> dict[date, tuple[float | None, float | None]]:
    if connection.vendor == "postgresql":
        rows = (
            qs.annotate(month=TruncMonth("received_at"), wait=wait)
            .values("month")
            .annotate(median=_PercentileDisc(wait, 0.5), p90=_PercentileDisc(wait, 0.9))
            .order_by("month")
        )
        return {_month_key(r["month"]): (_minutes(r["median"]), _minutes(r["p90"])) for r in rows}
    by_month: dict[date, list[float]] = defaultdict(list)
    for received, triaged in qs.values_list("received_at", "triaged_at").iterator(chunk_size=5000):
        if triaged is not None:
            by_month[_month_key(received)].append((triaged - received).total_seconds())
    result = {}
    for key, seconds in by_month.items():
        seconds.sort()
        median, p90 = nearest_rank(seconds, 0.5), nearest_rank(seconds, 0.9)
        result[key] = (
            None if median is None else round(median / 60, 1),
            None if p90 is None else round(p90 / 60, 1),
        )
    return result


def _overall_wait(
    qs: QuerySet[PhishingReport], wait: ExpressionWrapper[CombinedExpression]
) -> tuple[float | None, float | None]:
    if connection.vendor == "postgresql":
        row = qs.aggregate(median=_PercentileDisc(wait, 0.5), p90=_PercentileDisc(wait, 0.9))
        return _minutes(row["median"]), _minutes(row["p90"])
    seconds = sorted(
        (triaged - received).total_seconds()
        for received, triaged in qs.values_list("received_at", "triaged_at").iterator(chunk_size=5000)
        if triaged is not None
    )
    median, p90 = nearest_rank(seconds, 0.5), nearest_rank(seconds, 0.9)
    return (None if median is None else round(median / 60, 1), None if p90 is None else round(p90 / 60, 1))
