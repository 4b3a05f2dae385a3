"""Training's column on the support partner's dashboard: the share of staff up to date against the target.

`partner_dashboard_columns()` in hooks.py offers it; the support app calls `training_cells(ids)` once
per page with the organisations on it (one grouped query, `queries.compliance_counts`), and the
"below the target" filter narrows the partner's organisations before the page is cut, using the
compliance snapshots (worked out every ten minutes) so it covers thousands of organisations at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, QuerySet

from carecyber.core.models import Organisation
from carecyber.support.dashboard import Cell, DashboardColumn, DashboardFilter
from carecyber.training import queries
from carecyber.training.engine.rules import meets, percent
from carecyber.training.models import ComplianceSnapshot

NOBODY = "No staff counted"


def training_cells(ids: Sequence[int]) -> dict[int, Cell]:
    """organisation id → a Cell such as "82.6% (19 of 23)", green at or above the target, red below."""
    target = queries.training_policy().target_percent
    counts = queries.compliance_counts(ids)
    cells: dict[int, Cell] = {}
    for pk in ids:
        if pk not in counts or counts[pk][0] == 0:
            cells[pk] = Cell(NOBODY, csv="", sort=-1.0)
            continue
        staff, current = counts[pk]
        share = percent(current, staff)
        cells[pk] = Cell(
            f"{share:g}% ({current} of {staff})",
            csv=f"{share:g}",
            tag="green" if meets(current, staff, target) else "red",
            sort=share,
        )
    return cells


def below_target(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    """'below': organisations whose latest snapshot is under the target (or with nobody counted);
    'meets': at or above it."""
    if value not in {"below", "meets"}:
        return qs
    target = queries.training_policy().target_percent
    meeting = (
        ComplianceSnapshot.objects.filter(staff__gt=0)
        .annotate(current_100=F("current") * 100, staff_target=F("staff") * target)
        .filter(current_100__gte=F("staff_target"))
        .values("organisation_id")
    )
    return qs.filter(pk__in=meeting) if value == "meets" else qs.exclude(pk__in=meeting)


def columns() -> list[DashboardColumn]:
    return [
        DashboardColumn(
            "training",
            "Staff up to date with training",
            training_cells,
            order=40,
            numeric=True,
            filters=(
                DashboardFilter(
                    "training",
                    "Training",
                    (("", "Any"), ("below", "Below the training target"), ("meets", "Meets the training target")),
                    below_target,
                ),
            ),
        )
    ]
