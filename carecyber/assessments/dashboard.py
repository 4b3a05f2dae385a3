"""The toolkit's columns on Support's partner dashboard: status, how far along, and deadline risk.

Each column answers for a whole page of organisations in one or two grouped
queries (never one per row), and each filter narrows the organisations in SQL
before the page is cut, so "not yet started" covers all of a partner's
organisations. The deadline-risk filter is the engine's rule
(`engine.calendar.deadline_risk`) written as a query; a test checks the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from carecyber.assessments.engine.calendar import DeadlineRisk, deadline, deadline_risk, toolkit_year, year_start
from carecyber.assessments.engine.status import STATUS_ORDER, Status
from carecyber.assessments.models import Assessment, OrganisationStatus
from carecyber.assessments.presenters import RISK_TAG_COLOURS, STATUS_TAG_COLOURS
from carecyber.assessments.queries import toolkit_summary_for
from carecyber.assessments.services.assessments import today_local
from carecyber.core.models import Organisation

if TYPE_CHECKING:
    from carecyber.support.dashboard import Cell, DashboardColumn

RISK_ORDER = (DeadlineRisk.NONE, DeadlineRisk.LOW, DeadlineRisk.MEDIUM, DeadlineRisk.HIGH, DeadlineRisk.MISSED)
ATTENTION = "attention"  # the filter choice "high risk or missed"


# --- cells ---------------------------------------------------------------------------------------------------


def status_cells(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.dashboard import Cell

    summaries = toolkit_summary_for(ids)
    return {
        pk: Cell(
            s.status_label,
            tag=STATUS_TAG_COLOURS[s.status],
            sort=float(s.status.score) if s.status.score is not None else -9.0,
        )
        for pk, s in summaries.items()
    }


def started_this_year(ids: Sequence[int], *, today: date) -> set[int]:
    return set(
        Assessment.objects.filter(organisation_id__in=list(ids), year=toolkit_year(today))
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def progress_cells(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.dashboard import Cell

    today = today_local()
    summaries = toolkit_summary_for(ids, today=today)
    started = started_this_year(ids, today=today)
    cells = {}
    for pk, s in summaries.items():
        if pk not in started:
            cells[pk] = Cell("Not started", csv="not started", sort=-1)
        else:
            cells[pk] = Cell(f"{s.percent_complete}%", csv=str(s.percent_complete), sort=s.percent_complete)
    return cells


def risk_cells(ids: Sequence[int]) -> dict[int, Cell]:
    from carecyber.support.dashboard import Cell

    cells = {}
    for pk, s in toolkit_summary_for(ids).items():
        risk = s.deadline_risk
        when = f"{s.deadline.day} {s.deadline:%B %Y}"
        text = risk.label if risk == DeadlineRisk.NONE else f"{risk.label} ({when})"
        cells[pk] = Cell(
            text, csv=f"{risk.label}; {s.deadline.isoformat()}", tag=RISK_TAG_COLOURS[risk], sort=RISK_ORDER.index(risk)
        )
    return cells


# --- filters -------------------------------------------------------------------------------------------------


def _by_status(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    if value not in {s.value for s in Status}:
        return qs
    if value == Status.NOT_PUBLISHED:
        return qs.filter(Q(toolkit_status__isnull=True) | Q(toolkit_status__status=Status.NOT_PUBLISHED))
    return qs.filter(toolkit_status__status=value)


def _by_progress(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    started = Exists(Assessment.objects.filter(organisation=OuterRef("pk"), year=toolkit_year(today_local())))
    if value == "not_started":
        return qs.exclude(started)
    if value == "in_progress":
        return qs.filter(started).exclude(toolkit_status__percent_complete__gte=100)
    if value == "complete":
        return qs.filter(started, toolkit_status__percent_complete__gte=100)
    return qs


def risk_q(risk: DeadlineRisk, today: date) -> Q:
    """Status rows at this deadline risk: `engine.calendar.deadline_risk` as a condition on OrganisationStatus."""
    end = deadline(toolkit_year(today))
    this_year = Q(published_on__gte=year_start(toolkit_year(today)), published_on__lte=end)
    on_track = this_year & Q(expires_on__gt=today + timedelta(days=30))
    missed = Q(expires_on__lt=today)
    if risk == DeadlineRisk.NONE:
        return on_track
    if risk == DeadlineRisk.MISSED:
        return missed
    # The date that counts: the expiry when published this year, the nearer of the two when published
    # before, the deadline when never published.
    expiry_counts = this_year & Q(expires_on__isnull=False)

    def target_within(days: int) -> Q:
        by_expiry = Q(expires_on__lte=today + timedelta(days=days))
        return by_expiry | ~expiry_counts if end <= today + timedelta(days=days) else by_expiry

    rest = ~on_track & ~missed
    high = rest & ((target_within(7) & Q(percent_complete__lt=100)) | (target_within(30) & Q(percent_complete__lt=80)))
    if risk == DeadlineRisk.HIGH:
        return high
    medium = rest & ~high & target_within(90) & Q(percent_complete__lt=50)
    if risk == DeadlineRisk.MEDIUM:
        return medium
    return rest & ~high & ~medium


def organisations_at_risk(
    qs: QuerySet[Organisation], risks: Sequence[DeadlineRisk], *, today: date
) -> QuerySet[Organisation]:
    """Organisations whose deadline risk is one of `risks` (those with nothing started count as 0% done)."""
    condition = Q(pk__in=[])
    for risk in risks:
        condition |= risk_q(risk, today)
    with_row = OrganisationStatus.objects.filter(condition).values("organisation_id")
    never = deadline_risk(percent_complete=0, published_this_year=False, expires_on=None, today=today).risk
    if never in risks:
        return qs.filter(Q(pk__in=with_row) | Q(toolkit_status__isnull=True))
    return qs.filter(pk__in=with_row)


RISK_CHOICES: dict[str, tuple[DeadlineRisk, ...]] = {
    ATTENTION: (DeadlineRisk.HIGH, DeadlineRisk.MISSED),
    **{risk.value: (risk,) for risk in RISK_ORDER},
}


def _by_risk(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    risks = RISK_CHOICES.get(value)
    return organisations_at_risk(qs, risks, today=today_local()) if risks else qs


def partner_dashboard_columns() -> list[DashboardColumn]:
    from carecyber.support.dashboard import DashboardColumn, DashboardFilter

    return [
        DashboardColumn(
            "toolkit_status",
            "Toolkit status",
            status_cells,
            order=20,
            filters=(
                DashboardFilter(
                    "toolkit_status",
                    "Toolkit status",
                    (("", "Any status"), *((s.value, s.label) for s in STATUS_ORDER)),
                    _by_status,
                ),
            ),
        ),
        DashboardColumn(
            "toolkit_progress",
            "Toolkit answered",
            progress_cells,
            order=21,
            numeric=True,
            filters=(
                DashboardFilter(
                    "toolkit",
                    "Toolkit this year",
                    (
                        ("", "Any"),
                        ("not_started", "Not yet started"),
                        ("in_progress", "Started, not finished"),
                        ("complete", "Every question answered"),
                    ),
                    _by_progress,
                ),
            ),
        ),
        DashboardColumn(
            "toolkit_deadline",
            "Deadline risk",
            risk_cells,
            order=22,
            filters=(
                DashboardFilter(
                    "deadline",
                    "Deadline risk",
                    (
                        ("", "Any"),
                        (ATTENTION, "High risk or missed"),
                        *((risk.value, risk.label) for risk in reversed(RISK_ORDER)),
                    ),
                    _by_risk,
                ),
            ),
        ),
    ]
