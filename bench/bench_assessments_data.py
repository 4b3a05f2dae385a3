"""National-scale toolkit data for the assessments benchmarks, loaded with COPY into PostgreSQL.

50,000 organisations (from `carecyber demo --scale national`), each with this
year's assessment against the ten-standards framework: one answer row per
applicable item (105–125 by category, about 5.3 million in all), answered and
met with a per-organisation "maturity"; about 55% of organisations published
(immutable snapshots), 8% with a current Cyber Essentials Plus certificate,
and agreed improvement plans for a share of those not met. Document items
count one evidence file (no file bytes are stored for the benchmark).

Run on its own it loads the data (once) and prints how long the load took.
The other assessments benchmarks import `ensure_toolkit_data` from here.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from common import bench_env, ensure_database, ensure_national_data, heading, setup_django

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cc_assessments_bench")
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "50000"))
SEED = 3


def env() -> dict[str, str]:
    return bench_env(BENCH_DB, STATUS_API_RATE="10000000/minute")


def _copy(table: str, columns: list[str], rows: Any, label: str) -> int:
    from carecyber.core.demo.national import _bulk_load

    return _bulk_load(table, columns, rows, total=0, label=label, progress=True)


def ensure_toolkit_data(*, today: date | None = None) -> dict[str, int]:
    """Load the toolkit data unless it is there already; returns the sizes."""
    from django.db import connection, transaction

    from carecyber.assessments.models import Answer, Assessment, OrganisationStatus, Publication

    have = Assessment.objects.count()
    if have >= ORGANISATIONS:
        sizes = _sizes()
        print(f"toolkit data present: {sizes['assessments']:,} assessments, {sizes['answers']:,} answers", flush=True)
        return sizes
    if have:
        raise SystemExit("the bench database has a partial toolkit load: dropdb cc_assessments_bench and run again")
    started = time.perf_counter()
    with transaction.atomic():
        _load(today or date.today())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"toolkit data loaded in {time.perf_counter() - started:.0f} s", flush=True)
    assert Answer.objects.exists() and OrganisationStatus.objects.exists() and Publication.objects.exists()
    return _sizes()


def _sizes() -> dict[str, int]:
    from django.db import connection

    from carecyber.assessments.models import Assessment, Publication
    from carecyber.core.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'assessments_answer'")
        answers = int(cursor.fetchone()[0])
    return {
        "organisations": Organisation.objects.count(),
        "assessments": Assessment.objects.count(),
        "answers": answers,
        "publications": Publication.objects.count(),
    }


def _load(today: date) -> None:
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    from carecyber.assessments.engine.calendar import expiry_of, toolkit_year
    from carecyber.assessments.engine.items import AnswerType, Evaluation, evaluate
    from carecyber.assessments.models import (
        Answer,
        Assessment,
        Certificate,
        Framework,
        ImprovementPlan,
        Item,
        OrganisationStatus,
        PlanAction,
        Publication,
    )
    from carecyber.assessments.services.frameworks import install_shipped_frameworks
    from carecyber.core.actor import Actor
    from carecyber.core.models import Organisation
    from carecyber.core.models.organisations import category_of

    rng = random.Random(SEED)
    now = timezone.now()
    year = toolkit_year(today)
    if not Framework.objects.filter(slug="ndg-10").exists():
        install_shipped_frameworks(actor=Actor.system("benchmark data"))
    framework = Framework.objects.get(slug="ndg-10", is_current=True)
    items = list(Item.objects.filter(framework=framework).order_by("position"))
    rules = {i.pk: i.rule() for i in items}
    by_type: dict[str, list[tuple[Item, bool]]] = {}
    orgs = list(Organisation.objects.filter(code__startswith="Z").order_by("pk").values_list("pk", "type"))[
        :ORGANISATIONS
    ]

    def applicable(org_type: str) -> list[tuple[Item, bool]]:
        if org_type not in by_type:
            category = category_of(org_type)
            by_type[org_type] = [
                (i, rules[i.pk].is_mandatory_for(category)) for i in items if rules[i.pk].applies_to(category, org_type)
            ]
        return by_type[org_type]

    def value_for(item: Item, meets: bool) -> Any:
        rule = rules[item.pk]
        kind = rule.answer_type
        if kind == AnswerType.YES_NO:
            return "yes" if rule.met_when_yes == meets else "no"
        if kind == AnswerType.TEXT:
            return "The registered manager"
        if kind == AnswerType.NUMBER:
            return rng.randint(0, 40)
        if kind == AnswerType.PERCENTAGE:
            return rng.randint(96, 100) if meets else rng.randint(40, 94)
        if kind == AnswerType.DATE:
            return (today - timedelta(days=rng.randint(10, 300))).isoformat()
        if kind == AnswerType.CHOICE:
            options = [c.value for c in rule.choices if c.meets == meets] or [rule.choices[0].value]
            return rng.choice(options)
        return None

    next_assessment = (Assessment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_answer = (Answer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assessment_rows: list[tuple[Any, ...]] = []
    status_rows: list[tuple[Any, ...]] = []
    publication_rows: list[tuple[Any, ...]] = []
    certificate_rows: list[tuple[Any, ...]] = []
    plan_rows: list[tuple[Any, ...]] = []
    action_rows: list[tuple[Any, ...]] = []
    plan_links: list[tuple[int, int]] = []
    published_at = datetime.combine(today - timedelta(days=30), datetime.min.time(), tzinfo=now.tzinfo)
    published_on = published_at.date()

    def answers() -> Any:
        """Answer rows for every organisation, generated as COPY consumes them."""
        nonlocal next_answer
        for n, (org_id, org_type) in enumerate(orgs):
            assessment_id = next_assessment + n
            maturity = rng.betavariate(5, 1.6)  # most organisations are well along; some are far behind
            publishes = rng.random() < 0.55
            unmet: list[str] = []
            snapshot_items = []
            for item, mandatory in applicable(org_type):
                answered = publishes or rng.random() < maturity
                meets = rng.random() < (0.985 if publishes else maturity)
                value, evidence = None, 0
                if answered:
                    if item.answer_type == AnswerType.DOCUMENT:
                        evidence = 1 if meets else 0
                    else:
                        value = value_for(item, meets)
                result = (
                    evaluate(rules[item.pk], value, evidence_count=evidence, today=today)
                    if answered
                    else Evaluation(False, False)
                )
                if mandatory and not result.met:
                    unmet.append(item.reference)
                if publishes:
                    snapshot_items.append(
                        {"reference": item.reference, "value": value, "met": result.met, "mandatory": mandatory}
                    )
                yield (
                    next_answer,
                    assessment_id,
                    item.pk,
                    item.standard_id,
                    mandatory,
                    json.dumps(value) if value is not None else None,
                    result.answered,
                    result.met,
                    result.met_until,
                    evidence,
                    0 if not answered else 1,
                    now if answered else None,
                )
                next_answer += 1
            assessment_rows.append(
                (assessment_id, org_id, framework.pk, year, "", category_of(org_type), org_type, now, 0, 0, 0, 0, 0, 0)
            )
            publication_id = None
            if publishes:
                publication_id = len(publication_rows) + 1
                all_met = not unmet
                snapshot = {"framework": {"slug": "ndg-10", "version": framework.version}, "items": snapshot_items}
                publication_rows.append(
                    (
                        publication_id,
                        org_id,
                        assessment_id,
                        framework.pk,
                        year,
                        False,
                        published_at,
                        published_on,
                        expiry_of(published_on),
                        "benchmark",
                        all_met,
                        "standards_met" if all_met else "standards_not_met",
                        len(snapshot_items),
                        sum(1 for i in snapshot_items if i["value"] is not None or i["met"]),
                        sum(1 for i in snapshot_items if i["mandatory"]),
                        sum(1 for i in snapshot_items if i["mandatory"] and i["met"]),
                        json.dumps(unmet),
                        json.dumps(snapshot),
                        "0" * 64,
                    )
                )
                if unmet and rng.random() < 0.4:
                    plan_id = len(plan_rows) + 1
                    plan_rows.append((plan_id, org_id, assessment_id, "agreed", "A. Owner", "SIRO", now, now, "", now))
                    for ref in unmet:
                        item_id = next(i.pk for i in items if i.reference == ref)
                        action_rows.append(
                            (
                                len(action_rows) + 1,
                                plan_id,
                                item_id,
                                "Fix it",
                                "A. Owner",
                                today + timedelta(days=90),
                                "in_progress",
                                "",
                                now,
                            )
                        )
                    plan_links.append((org_id, plan_id))
            if rng.random() < 0.08:
                certificate_rows.append(
                    (
                        len(certificate_rows) + 1,
                        org_id,
                        "cyber_essentials_plus",
                        f"CEP-{org_id}",
                        today - timedelta(days=100),
                        today + timedelta(days=rng.randint(20, 300)),
                        now,
                    )
                )
            status_rows.append((org_id, "not_published", "", publication_id, assessment_id, 0, 0, 0))

    _copy(
        "assessments_answer",
        [
            "id",
            "assessment_id",
            "item_id",
            "standard_id",
            "mandatory",
            "value",
            "answered",
            "met",
            "met_until",
            "evidence_count",
            "version",
            "updated_at",
        ],
        answers(),
        "answers",
    )
    _copy(
        "assessments_assessment",
        [
            "id",
            "organisation_id",
            "framework_id",
            "year",
            "profile",
            "category",
            "org_type",
            "created_at",
            "applicable_total",
            "answered_total",
            "met_total",
            "mandatory_total",
            "mandatory_answered",
            "mandatory_met",
        ],
        assessment_rows,
        "assessments",
    )
    _copy(
        "assessments_publication",
        [
            "id",
            "organisation_id",
            "assessment_id",
            "framework_id",
            "year",
            "by_headquarters",
            "published_at",
            "published_on",
            "expires_on",
            "published_by_label",
            "all_mandatory_met",
            "status_at_publication",
            "applicable_total",
            "answered_total",
            "mandatory_total",
            "mandatory_met",
            "unmet_mandatory",
            "snapshot",
            "sha256",
        ],
        publication_rows,
        "publications",
    )
    _copy(
        "assessments_certificate",
        ["id", "organisation_id", "kind", "number", "issued_on", "expires_on", "recorded_at"],
        certificate_rows,
        "certificates",
    )
    _copy(
        "assessments_improvementplan",
        [
            "id",
            "organisation_id",
            "assessment_id",
            "state",
            "siro_name",
            "siro_job_title",
            "signed_off_at",
            "decided_at",
            "decision_note",
            "created_at",
        ],
        plan_rows,
        "plans",
    )
    _copy(
        "assessments_planaction",
        ["id", "plan_id", "item_id", "action", "owner", "due_on", "progress", "progress_note", "updated_at"],
        action_rows,
        "plan actions",
    )
    plans = dict(plan_links)
    _copy(
        "assessments_organisationstatus",
        [
            "organisation_id",
            "status",
            "reason",
            "publication_id",
            "assessment_id",
            "percent_complete",
            "mandatory_met",
            "mandatory_total",
            "plan_id",
        ],
        ((*row, plans.get(row[0])) for row in status_rows),
        "statuses",
    )
    models = [Answer, Assessment, Publication, Certificate, ImprovementPlan, PlanAction, OrganisationStatus]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def main() -> None:
    e = env()
    heading("Toolkit data at national scale (PostgreSQL)")
    ensure_database(e)
    setup_django(e)
    ensure_national_data(e, organisations=ORGANISATIONS, memberships=4 * ORGANISATIONS)
    sizes = ensure_toolkit_data()
    print(", ".join(f"{v:,} {k}" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
