"""Completions in bulk, for demo and benchmark data: about nine in ten people current, varying by organisation.

On PostgreSQL one INSERT … SELECT writes every completion and record (1.5
million people take seconds); elsewhere rows are built in Python. Choices are
derived from ids with a hash, so the same seed gives the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from carecyber.core.models import Membership
from carecyber.training.engine.rules import add_months
from carecyber.training.models import Completion, CompletionSource, Course, TrainingRecord

COUNTED_ROLES = ("staff", "security_lead")

_PG_COMPLETIONS = """
INSERT INTO training_completion (user_id, course_id, organisation_id, completed_at, expires_at, course_version,
    score_percent, source, external_ref, certificate_code, created_at)
SELECT p.user_id, %(course)s, p.organisation_id, p.done, p.done + make_interval(months => %(months)s), %(version)s,
    80 + p.user_id %% 21, 'course', 'bulk', 'CC-' || substr(p.code, 1, 4) || '-' || substr(p.code, 5, 4) || '-' ||
    substr(p.code, 9, 4), now()
FROM (
    SELECT m.user_id, m.organisation_id,
        now() - make_interval(days => abs(hashtext(m.user_id::text || %(seed)s || 'd')) %% %(days)s) AS done,
        upper(lpad(to_hex(m.user_id), 12, '0')) AS code,
        abs(hashtext(m.user_id::text || %(seed)s)) %% 1000 AS roll,
        800 + abs(hashtext(m.organisation_id::text || %(seed)s)) %% 201 AS bar
    FROM core_membership m
    WHERE m.organisation_id = ANY(%(orgs)s) AND m.role = ANY(%(roles)s)
) p
WHERE p.roll < p.bar
ON CONFLICT DO NOTHING
"""

_PG_RECORDS = """
INSERT INTO training_trainingrecord (user_id, course_id, valid_until, completed_at, completion_id)
SELECT DISTINCT ON (c.user_id) c.user_id, c.course_id, c.expires_at, c.completed_at, c.id
FROM training_completion c
WHERE c.course_id = %(course)s AND c.external_ref = 'bulk'
ORDER BY c.user_id, c.expires_at DESC
ON CONFLICT (user_id, course_id) DO UPDATE
SET valid_until = EXCLUDED.valid_until, completed_at = EXCLUDED.completed_at, completion_id = EXCLUDED.completion_id
WHERE EXCLUDED.valid_until > training_trainingrecord.valid_until
"""


def load_core_completions(
    *, organisation_ids: list[int] | None = None, share: float = 0.9, seed: int = 2026, days_back: timedelta
) -> int:
    course = Course.objects.filter(is_core=True).first()
    if course is None:
        raise ValueError("Import the core course first (carecyber training import)")
    if organisation_ids is None:
        organisation_ids = list(
            Membership.objects.filter(organisation__isnull=False).values_list("organisation_id", flat=True).distinct()
        )
    before = Completion.objects.filter(course=course).count()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    _PG_COMPLETIONS,
                    {
                        "course": course.pk,
                        "months": course.validity_months,
                        "version": course.version,
                        "seed": str(seed),
                        "days": days_back.days,
                        "orgs": organisation_ids,
                        "roles": list(COUNTED_ROLES),
                    },
                )
                cursor.execute(_PG_RECORDS, {"course": course.pk})
        else:
            _python_load(course, organisation_ids, share=share, seed=seed, days_back=days_back)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE training_completion")
            cursor.execute("ANALYZE training_trainingrecord")
    return Completion.objects.filter(course=course).count() - before


def _python_load(course: Course, organisation_ids: list[int], *, share: float, seed: int, days_back: timedelta) -> None:
    rng = random.Random(seed)  # noqa: S311  # demo data, not secrets
    now = timezone.now()
    people = Membership.objects.filter(organisation_id__in=organisation_ids, role__in=COUNTED_ROLES).values_list(
        "user_id", "organisation_id"
    )
    seen: set[int] = set()
    completions = []
    for user_id, organisation_id in people.order_by("user_id"):
        if user_id in seen or rng.random() >= share:
            continue
        seen.add(user_id)
        done = now - timedelta(days=rng.randrange(max(days_back.days, 1)))
        code = f"{user_id:012X}"
        completions.append(
            Completion(
                user_id=user_id,
                course=course,
                organisation_id=organisation_id,
                completed_at=done,
                expires_at=add_months(done, course.validity_months),
                course_version=course.version,
                score_percent=80 + user_id % 21,
                source=CompletionSource.COURSE,
                external_ref="bulk",
                certificate_code=f"CC-{code[:4]}-{code[4:8]}-{code[8:]}",
            )
        )
    created = Completion.objects.bulk_create(completions, batch_size=2000, ignore_conflicts=True)
    existing = dict(TrainingRecord.objects.filter(course=course).values_list("user_id", "valid_until"))
    records = [
        TrainingRecord(user_id=c.user_id, course=course, valid_until=c.expires_at, completed_at=c.completed_at)
        for c in created
        if c.user_id not in existing
    ]
    TrainingRecord.objects.bulk_create(records, batch_size=2000, ignore_conflicts=True)
