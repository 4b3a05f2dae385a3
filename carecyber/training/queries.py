"""Reads for training, scoped to what the actor may see: a learner's courses, compliance, roll-ups, certificates.

Compliance counts the people in an organisation's staff and security lead
roles (auditors are usually from outside) who hold a current completion of the
core course. The figures come from grouped SQL over memberships and the
per-person training record, never from a loop over people, so they stay fast at
1.5 million staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, OrganisationType, Region, Role
from carecyber.core.models.organisations import category_label, category_of
from carecyber.training.engine.rules import Status, TrainingState, meets, percent, state_of
from carecyber.training.models import (
    Assignment,
    Completion,
    ComplianceSnapshot,
    Course,
    CourseModule,
    Lesson,
    LessonProgress,
    Quiz,
    QuizAttempt,
    ScormAttempt,
    ScormPackage,
    TrainingPolicy,
    TrainingRecord,
)

COUNTED_ROLES = (Role.STAFF.value, Role.SECURITY_LEAD.value)
ROLLUP_CACHE_SECONDS = 300
_ROLE_PLURALS = {"staff": "staff", "security_lead": "security leads", "auditor": "auditors"}


def training_policy() -> TrainingPolicy:
    found, _ = TrainingPolicy.objects.get_or_create(pk=1, defaults={"reminder_days": [30, 7]})
    return found


def core_course() -> Course | None:
    return Course.objects.filter(is_core=True, published=True).first()


# --- Catalogue and content -----------------------------------------------------------------------


def courses_for(actor: Actor) -> QuerySet[Course]:
    return Course.objects.visible_to(actor).filter(published=True).order_by("-is_core", "title")


def course_for(actor: Actor, slug: str) -> Course:
    return get_object_or_404(courses_for(actor), slug=slug)


def modules_of(course: Course) -> list[CourseModule]:
    return list(CourseModule.objects.filter(course=course).prefetch_related("lessons").select_related("quiz"))


def module_for(actor: Actor, course: Course, slug: str) -> CourseModule:
    return get_object_or_404(CourseModule.objects.visible_to(actor).select_related("course"), course=course, slug=slug)


def lesson_for(actor: Actor, module: CourseModule, slug: str) -> Lesson:
    return get_object_or_404(Lesson.objects.visible_to(actor), module=module, slug=slug)


def quiz_for(actor: Actor, module: CourseModule) -> Quiz:
    return get_object_or_404(Quiz.objects.visible_to(actor).select_related("module__course"), module=module)


def module_by_slug(slug: str) -> CourseModule | None:
    """For other capabilities (incidents link lessons learned to a module by slug): national modules only."""
    return CourseModule.objects.filter(slug=slug, course__organisation__isnull=True).select_related("course").first()


def module_url(slug: str) -> str | None:
    """The page for a module (its first lesson), or None when no national module has that slug."""
    from django.urls import reverse

    module = module_by_slug(slug)
    return reverse("training:module", args=[module.slug]) if module else None


def module_choices() -> list[tuple[str, str]]:
    """(slug, "Course – Module") for every national module: for a select box in another capability."""
    modules = CourseModule.objects.filter(course__organisation__isnull=True, course__published=True).select_related(
        "course"
    )
    return [(m.slug, f"{m.course.title} – {m.title}") for m in modules.order_by("course__title", "position")]


def scorm_package_for(actor: Actor, course: Course) -> ScormPackage:
    return get_object_or_404(ScormPackage.objects.visible_to(actor).select_related("course"), course=course)


# --- A learner's view ----------------------------------------------------------------------------


@dataclass
class ModuleProgress:
    module: CourseModule
    lessons_done: set[int]
    quiz_passed: bool
    best_score: int | None

    @property
    def lessons_total(self) -> int:
        return len(self.module.lessons.all())

    @property
    def finished(self) -> bool:
        return self.quiz_passed


@dataclass
class LearnerCourse:
    course: Course
    required: bool
    reason: str
    state: TrainingState | None
    last_completion: Completion | None
    modules_total: int = 0
    modules_passed: int = 0

    @property
    def status(self) -> Status | None:
        return self.state.status if self.state else None


def _quizzes_passed_since(user_id: int, course: Course, since: datetime | None) -> dict[int, int]:
    attempts = QuizAttempt.objects.filter(user_id=user_id, quiz__module__course=course, passed=True)
    if since is not None:
        attempts = attempts.filter(submitted_at__gt=since)
    best: dict[int, int] = {}
    for module_id, score in attempts.values_list("quiz__module_id", "score_percent").order_by("-score_percent"):
        best.setdefault(module_id, score)
    return best


def course_progress(actor: Actor, course: Course) -> tuple[list[ModuleProgress], Completion | None]:
    """Each module's lessons read, and whether its quiz is passed since the last completion (renewal starts afresh)."""
    assert actor.user is not None
    last = Completion.objects.filter(user=actor.user, course=course).order_by("-completed_at").first()
    modules = modules_of(course)
    read = set(
        LessonProgress.objects.filter(user=actor.user, lesson__module__course=course).values_list(
            "lesson_id", flat=True
        )
    )
    passed = _quizzes_passed_since(actor.user.pk, course, last.completed_at if last else None)
    progress = [
        ModuleProgress(
            module=m,
            lessons_done={lesson.pk for lesson in m.lessons.all() if lesson.pk in read},
            quiz_passed=m.pk in passed,
            best_score=passed.get(m.pk),
        )
        for m in modules
    ]
    return progress, last


def _assignments_for(membership: Membership) -> list[Assignment]:
    if membership.organisation_id is None:
        return []
    return [
        a
        for a in Assignment.objects.filter(organisation_id=membership.organisation_id).select_related("course")
        if (not a.role or a.role == membership.role) and (not a.team or a.team.lower() == membership.team.lower())
    ]


def my_training(actor: Actor) -> list[LearnerCourse]:
    """The courses a person must take (core, and their organisation's assignments) with due dates, then the rest."""
    user, membership = actor.user, actor.membership
    if user is None or membership is None:
        return []
    now = timezone.now()
    policy = training_policy()
    records = dict(TrainingRecord.objects.filter(user=user).values_list("course_id", "valid_until"))
    last_by_course: dict[int, Completion] = {}
    for completion in Completion.objects.filter(user=user).select_related("course").order_by("completed_at"):
        last_by_course[completion.course_id] = completion
    result: list[LearnerCourse] = []
    seen: set[int] = set()
    core = core_course()
    if core is not None and membership.organisation_id is not None:
        result.append(
            LearnerCourse(
                course=core,
                required=True,
                reason="Everyone in health and care takes this every year",
                state=state_of(
                    valid_until=records.get(core.pk),
                    joined=membership.created_at,
                    now=now,
                    first_due_days=policy.first_due_days,
                ),
                last_completion=last_by_course.get(core.pk),
            )
        )
        seen.add(core.pk)
    for assignment in _assignments_for(membership):
        if assignment.course_id in seen or not assignment.course.published:
            continue
        seen.add(assignment.course_id)
        joined = max(membership.created_at, assignment.created_at)
        who = _ROLE_PLURALS.get(assignment.role, "everyone") + (f" in {assignment.team}" if assignment.team else "")
        result.append(
            LearnerCourse(
                course=assignment.course,
                required=True,
                reason=f"Your organisation asks {who} to take this",
                state=state_of(
                    valid_until=records.get(assignment.course_id),
                    joined=joined,
                    now=now,
                    first_due_days=assignment.due_in_days,
                ),
                last_completion=last_by_course.get(assignment.course_id),
            )
        )
    for course in courses_for(actor).exclude(pk__in=seen):
        valid_until = records.get(course.pk)
        result.append(
            LearnerCourse(
                course=course,
                required=False,
                reason="Optional",
                state=state_of(valid_until=valid_until, joined=now, now=now, first_due_days=3650)
                if valid_until
                else None,
                last_completion=last_by_course.get(course.pk),
            )
        )
    counts = dict(
        CourseModule.objects.filter(course_id__in=[c.course.pk for c in result])
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    for item in result:
        item.modules_total = counts.get(item.course.pk, 0)
        since = item.last_completion.completed_at if item.last_completion else None
        if item.modules_total:
            item.modules_passed = len(_quizzes_passed_since(user.pk, item.course, since))
    return result


def my_completions(actor: Actor) -> QuerySet[Completion]:
    if actor.user is None:
        return Completion.objects.none()
    return Completion.objects.filter(user=actor.user).select_related("course", "organisation")


def my_completion(actor: Actor, code: str) -> Completion:
    return get_object_or_404(my_completions(actor), certificate_code=code)


def certificate_by_code(code: str) -> Completion | None:
    """The public check: anyone with a code sees whose certificate it is, for what, and until when."""
    return Completion.objects.filter(certificate_code=code).select_related("user", "course", "organisation").first()


# --- Compliance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    label: str
    staff: int
    current: int
    target: int

    @property
    def percent(self) -> float:
        return percent(self.current, self.staff)

    @property
    def meets(self) -> bool:
        return meets(self.current, self.staff, self.target)


@dataclass
class Compliance:
    organisation: Organisation
    course: Course | None
    target: int
    total: ComplianceRow
    by_role: list[ComplianceRow]
    by_team: list[ComplianceRow]
    overdue: int
    computed_at: datetime = field(default_factory=timezone.now)


def organisation_compliance(actor: Actor, organisation: Organisation) -> Compliance:
    now = timezone.now()
    policy = training_policy()
    course = core_course()
    people = Membership.objects.visible_to(actor).filter(organisation=organisation, role__in=COUNTED_ROLES)
    target = policy.target_percent
    if course is None:
        empty = ComplianceRow("Everyone", people.count(), 0, target)
        return Compliance(organisation, None, target, empty, [], [], 0)
    first_due = timedelta(days=policy.first_due_days)
    latest = TrainingRecord.objects.filter(user=OuterRef("user"), course=course).values("valid_until")[:1]
    overdue_rule = Q(valid_until__lte=now) | Q(valid_until__isnull=True, created_at__lt=now - first_due)
    # One pass over the organisation's people: each is looked up once in the training records.
    rows = (
        people.annotate(valid_until=Subquery(latest))
        .values("role", "team")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(valid_until__gt=now)),
            late=Count("pk", filter=overdue_rule),
        )
        .order_by()
    )
    by_role: dict[str, list[int]] = {}
    by_team: dict[str, list[int]] = {}
    overdue = 0
    for row in rows:
        overdue += row["late"]
        for bucket, key in ((by_role, Role(row["role"]).label), (by_team, row["team"] or "No team")):
            counts = bucket.setdefault(key, [0, 0])
            counts[0] += row["n"]
            counts[1] += row["done"]
    staff = sum(v[0] for v in by_role.values())
    current = sum(v[1] for v in by_role.values())
    return Compliance(
        organisation=organisation,
        course=course,
        target=target,
        total=ComplianceRow("Everyone", staff, current, target),
        by_role=[ComplianceRow(k, v[0], v[1], target) for k, v in sorted(by_role.items())],
        by_team=sorted(
            (ComplianceRow(k, v[0], v[1], target) for k, v in by_team.items()), key=lambda r: (r.percent, r.label)
        ),
        overdue=overdue,
    )


def overdue_people(actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    """People whose core training expired, or who never did it and are past the time new starters have."""
    course = core_course()
    if course is None:
        return Membership.objects.none()
    now = timezone.now()
    first_due = timedelta(days=training_policy().first_due_days)
    latest = TrainingRecord.objects.filter(user=OuterRef("user"), course=course).values("valid_until")[:1]
    return (
        Membership.objects.visible_to(actor)
        .filter(organisation=organisation, role__in=COUNTED_ROLES)
        .annotate(valid_until=Subquery(latest))
        .filter(Q(valid_until__lte=now) | Q(valid_until__isnull=True, created_at__lt=now - first_due))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def _in_list(values: Sequence[Any]) -> tuple[str, list[Any]]:
    return ", ".join(["%s"] * len(values)), list(values)


_CURRENT = (
    "EXISTS (SELECT 1 FROM training_trainingrecord r"
    " WHERE r.user_id = m.user_id AND r.course_id = %s AND r.valid_until > %s)"
)
_PER_ORG = """
SELECT m.organisation_id, COUNT(*) AS staff, SUM(CASE WHEN {current} THEN 1 ELSE 0 END) AS current
FROM core_membership m
WHERE m.organisation_id IS NOT NULL AND m.role IN ({roles}) AND {orgs}
GROUP BY m.organisation_id
"""
# Every organisation at once: one hash join is cheaper than 1.5 million index probes. Only rows that changed
# are written back (rewriting 50,000 rows each time costs more than working them out).
_FRESH = """
CREATE TEMP TABLE training_fresh AS
SELECT m.organisation_id AS organisation_id, COUNT(*) AS staff, COUNT(r.user_id) AS current
FROM core_membership m
LEFT JOIN training_trainingrecord r ON r.user_id = m.user_id AND r.course_id = %s AND r.valid_until > %s
WHERE m.organisation_id IS NOT NULL AND m.role IN ({roles})
GROUP BY m.organisation_id
"""
_APPLY = [
    """UPDATE training_compliancesnapshot SET staff = f.staff, current = f.current, computed_at = %s
    FROM training_fresh f WHERE training_compliancesnapshot.organisation_id = f.organisation_id
    AND (training_compliancesnapshot.staff <> f.staff OR training_compliancesnapshot.current <> f.current)""",
    """INSERT INTO training_compliancesnapshot (organisation_id, staff, current, computed_at)
    SELECT f.organisation_id, f.staff, f.current, %s FROM training_fresh f WHERE NOT EXISTS
    (SELECT 1 FROM training_compliancesnapshot s WHERE s.organisation_id = f.organisation_id)""",
    """DELETE FROM training_compliancesnapshot WHERE NOT EXISTS
    (SELECT 1 FROM training_fresh f WHERE f.organisation_id = training_compliancesnapshot.organisation_id)""",
    "DROP TABLE training_fresh",
]
_ROLLUP = """
SELECT o.type, o.region, COUNT(*), SUM(s.staff), SUM(s.current),
    SUM(CASE WHEN s.staff > 0 AND s.current * 100 >= %s * s.staff THEN 1 ELSE 0 END)
FROM training_compliancesnapshot s
JOIN core_organisation o ON o.id = s.organisation_id
GROUP BY o.type, o.region
"""


def compliance_counts(organisation_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """organisation id → (counted staff, current) for the core course, worked out live in one grouped query.

    Each counted membership is checked with one index probe into the training records, so the cost follows
    the number of people in these organisations, not the size of the country. Not scoped: callers pass
    only organisations the actor may see (a partner's, or any for the national team).
    """
    course = core_course()
    ids = sorted({int(i) for i in organisation_ids})
    if course is None or not ids:
        return {}
    roles, role_params = _in_list(COUNTED_ROLES)
    params: list[Any] = [course.pk, timezone.now(), *role_params]
    if connection.vendor == "postgresql":
        orgs = "m.organisation_id = ANY(%s)"
        params.append(ids)
    else:
        marks, id_params = _in_list(ids)
        orgs = f"m.organisation_id IN ({marks})"  # placeholders only: the values are parameters
        params.extend(id_params)
    sql = _PER_ORG.format(current=_CURRENT, roles=roles, orgs=orgs)
    with transaction.atomic(), connection.cursor() as cursor:
        _no_jit(cursor)
        cursor.execute(sql, params)
        return {int(org): (int(staff), int(current or 0)) for org, staff, current in cursor.fetchall()}


def _no_jit(cursor: Any) -> None:
    """PostgreSQL's planner over-estimates the EXISTS probes and compiles the query (about 0.6 s of JIT for a
    query that runs in 0.1 s); these queries are short, so compiling never pays."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")


def compliance_for(organisation_ids: Iterable[int]) -> dict[int, float]:
    """organisation id → percentage of counted staff with current core training (one decimal place).

    For other capabilities (a support partner's dashboard): live, one grouped query, fast for thousands of
    organisations. Organisations with nobody counted are left out. The caller scopes the ids.
    """
    return {org: percent(current, staff) for org, (staff, current) in compliance_counts(organisation_ids).items()}


def refresh_compliance_snapshots() -> int:
    """Work out every organisation's figures again in one statement; returns how many organisations it covers."""
    course = core_course()
    if course is None:
        return 0
    now = timezone.now()
    roles, role_params = _in_list(COUNTED_ROLES)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The join's hash table of 1.3 million records fits in memory instead of spilling to disk.
            cursor.execute("SET LOCAL work_mem = '128MB'")
        _no_jit(cursor)
        cursor.execute(_FRESH.format(roles=roles), [course.pk, now, *role_params])
        for statement in _APPLY:
            cursor.execute(statement, [now] if "%s" in statement else [])
        cursor.execute("SELECT COUNT(*) FROM training_compliancesnapshot")
        row = cursor.fetchone()
        TrainingPolicy.objects.filter(pk=training_policy().pk).update(snapshot_at=now)
    cache.delete_many([f"training:rollup:{t}" for t in range(1, 101)])
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class RollupRow:
    label: str
    organisations: int
    organisations_meeting: int
    staff: int
    current: int

    @property
    def percent(self) -> float:
        return percent(self.current, self.staff)

    @property
    def organisations_percent(self) -> float:
        return percent(self.organisations_meeting, self.organisations)


@dataclass
class NationalRollup:
    target: int
    total: RollupRow
    by_type: list[RollupRow]
    by_category: list[RollupRow]
    by_region: list[RollupRow]
    computed_at: datetime = field(default_factory=timezone.now)


def _rollup(target: int) -> NationalRollup:
    with connection.cursor() as cursor:
        cursor.execute(_ROLLUP, [target])
        grid = cursor.fetchall()
    buckets: dict[tuple[str, str], list[int]] = {}
    for org_type, region, organisations, staff, current, meeting in grid:
        values = [int(organisations), int(meeting or 0), int(staff or 0), int(current or 0)]
        for key in (("type", org_type), ("category", str(category_of(org_type))), ("region", region), ("all", "")):
            row = buckets.setdefault(key, [0, 0, 0, 0])
            for k in range(4):
                row[k] += values[k]

    def rows(kind: str, label: Any, order: list[str]) -> list[RollupRow]:
        return [RollupRow(label(k), *buckets[(kind, k)]) for k in order if (kind, k) in buckets]

    categories = sorted({k for kind, k in buckets if kind == "category"}, key=int)
    return NationalRollup(
        target=target,
        total=RollupRow("England", *buckets.get(("all", ""), [0, 0, 0, 0])),
        by_type=rows("type", lambda k: OrganisationType(k).label, list(OrganisationType.values)),
        by_category=rows("category", lambda k: category_label(int(k)), categories),
        by_region=rows("region", lambda k: Region(k).label, list(Region.values)),
        computed_at=training_policy().snapshot_at or timezone.now(),
    )


def national_rollup(actor: Actor, *, fresh: bool = False) -> NationalRollup:
    """Compliance across every organisation by type, category and region (national team only).

    Read from the snapshots (refreshed every ten minutes, or now when `fresh`), cached for five minutes.
    """
    if not (actor.is_national or actor.is_system):
        raise PermissionError("Only the national team sees the national roll-up")
    target = training_policy().target_percent
    key = f"training:rollup:{target}"
    if not fresh:
        cached: NationalRollup | None = cache.get(key)
        if cached is not None:
            return cached
    if fresh or not ComplianceSnapshot.objects.exists():
        refresh_compliance_snapshots()
    rollup = _rollup(target)
    cache.set(key, rollup, ROLLUP_CACHE_SECONDS)
    return rollup


def partner_compliance(actor: Actor) -> list[tuple[Organisation, float | None, bool]]:
    """A support partner's organisations with their compliance, lowest first."""
    organisations = list(Organisation.objects.visible_to(actor).order_by("name")[:2000])
    figures = compliance_for([o.pk for o in organisations])
    target = training_policy().target_percent
    rows = [(o, figures.get(o.pk), (figures.get(o.pk) or 0) >= target) for o in organisations]
    return sorted(rows, key=lambda r: (r[1] is not None, r[1] or 0.0))


def completions_of(actor: Actor, organisation: Organisation) -> QuerySet[Completion]:
    return (
        Completion.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("user", "course", "organisation")
        .order_by("-completed_at", "-pk")
    )


def assignments_of(actor: Actor, organisation: Organisation) -> QuerySet[Assignment]:
    return Assignment.objects.visible_to(actor).filter(organisation=organisation).select_related("course")


def package_for_link(package_id: object) -> ScormPackage | None:
    """The package a signed content link names (the signature, made for one person, is the permission)."""
    if not isinstance(package_id, int):
        return None
    return ScormPackage.objects.filter(pk=package_id).select_related("course").first()


def scorm_attempt_of(user_id: object, package: ScormPackage) -> ScormAttempt | None:
    if not isinstance(user_id, int):
        return None
    return ScormAttempt.objects.filter(user_id=user_id, package=package).select_related("user").first()


def person_name(user_id: object) -> str:
    from carecyber.core.models import User

    if not isinstance(user_id, int):
        return ""
    return str(User.objects.filter(pk=user_id).values_list("full_name", flat=True).first() or "")
