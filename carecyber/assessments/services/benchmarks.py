"""Assure's peer figures, worked out in bulk: per type and region, per standard and per item.

Run by a scheduled job (and on demand for a peer group that has none yet).
Peers are every assessment of the same framework version and year whose
organisation has the same type and region.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from carecyber.assessments.engine.benchmark import quartiles
from carecyber.assessments.engine.calendar import toolkit_year
from carecyber.assessments.models import Assessment, Framework, PeerItemFigures, PeerStandardFigures
from carecyber.assessments.services.assessments import today_local

# Peer groups: one framework version and year; optionally one type and region (NULL: every group).
_PER_STANDARD = """
SELECT o.type, o.region, ans.standard_id, ans.assessment_id, COUNT(*) AS applicable,
       SUM(CASE WHEN ans.met AND (ans.met_until IS NULL OR ans.met_until >= %s) THEN 1 ELSE 0 END) AS met
FROM assessments_answer AS ans
JOIN assessments_assessment AS a ON a.id = ans.assessment_id
JOIN core_organisation AS o ON o.id = a.organisation_id
WHERE a.framework_id = %s AND a.year = %s
  AND (%s IS NULL OR o.type = %s) AND (%s IS NULL OR o.region = %s)
GROUP BY o.type, o.region, ans.standard_id, ans.assessment_id
"""

_PER_ITEM = """
SELECT o.type, o.region, ans.item_id, COUNT(*) AS applicable,
       SUM(CASE WHEN ans.met AND (ans.met_until IS NULL OR ans.met_until >= %s) THEN 1 ELSE 0 END) AS met
FROM assessments_answer AS ans
JOIN assessments_assessment AS a ON a.id = ans.assessment_id
JOIN core_organisation AS o ON o.id = a.organisation_id
WHERE a.framework_id = %s AND a.year = %s
  AND (%s IS NULL OR o.type = %s) AND (%s IS NULL OR o.region = %s)
GROUP BY o.type, o.region, ans.item_id
"""


@dataclass(frozen=True)
class BenchmarkReport:
    frameworks: int
    groups: int
    standard_rows: int
    item_rows: int


def benchmarks_refresh(
    *, today: date | None = None, only: tuple[Framework, int, str, str] | None = None
) -> BenchmarkReport:
    """Recompute peer figures for this year's assessments (or one peer group: framework, year, type, region)."""
    today = today or today_local()
    now = timezone.now()
    org_type: str | None = None
    region: str | None = None
    if only is not None:
        targets = [(only[0].pk, only[1])]
        org_type, region = only[2], only[3]
    else:
        year = toolkit_year(today)
        targets = sorted(set(Assessment.objects.filter(year__in=[year - 1, year]).values_list("framework_id", "year")))
    scope_params = [org_type, org_type, region, region]
    groups: set[tuple[str, str]] = set()
    standard_rows = item_rows = 0
    for framework_id, year in targets:
        percents: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(_PER_STANDARD, [today, framework_id, year, *scope_params])
            for org_type, region, standard_id, _, applicable, met in cursor.fetchall():
                percents[(org_type, region, standard_id)].append(100.0 * int(met or 0) / applicable)
            cursor.execute(_PER_ITEM, [today, framework_id, year, *scope_params])
            item_data = cursor.fetchall()
        standard_objects = []
        for (org_type, region, standard_id), values in percents.items():
            q = quartiles(values)
            groups.add((org_type, region))
            standard_objects.append(
                PeerStandardFigures(
                    framework_id=framework_id,
                    year=year,
                    org_type=org_type,
                    region=region,
                    standard_id=standard_id,
                    peers=q.n,
                    q1=q.q1,
                    median=q.median,
                    q3=q.q3,
                    computed_at=now,
                )
            )
        item_objects = [
            PeerItemFigures(
                framework_id=framework_id,
                year=year,
                org_type=org_type,
                region=region,
                item_id=item_id,
                applicable=applicable,
                met=int(met or 0),
                computed_at=now,
            )
            for org_type, region, item_id, applicable, met in item_data
        ]
        with transaction.atomic():
            scope: dict[str, object] = {"framework_id": framework_id, "year": year}
            if only is not None:
                scope.update(org_type=only[2], region=only[3])
            PeerStandardFigures.objects.filter(**scope).delete()
            PeerItemFigures.objects.filter(**scope).delete()
            PeerStandardFigures.objects.bulk_create(standard_objects, batch_size=2000)
            PeerItemFigures.objects.bulk_create(item_objects, batch_size=2000)
        standard_rows += len(standard_objects)
        item_rows += len(item_objects)
    return BenchmarkReport(
        frameworks=len(targets), groups=len(groups), standard_rows=standard_rows, item_rows=item_rows
    )
