"""Every change training makes: one keyword-only function per verb, in a transaction, with one audit record."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.core.models import Membership, Organisation, User
from carecyber.core.roles import ORGANISATION_ROLES
from carecyber.training.engine import certificate as certificate_engine
from carecyber.training.engine import completions_csv
from carecyber.training.engine import quiz as quiz_engine
from carecyber.training.engine import scorm as scorm_engine
from carecyber.training.engine.content import ContentError, CourseSpec, load_course, render_lesson
from carecyber.training.engine.rules import add_months
from carecyber.training.models import (
    Assignment,
    Completion,
    CompletionSource,
    Course,
    CourseImage,
    CourseKind,
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
from carecyber.training.permissions import TrainingPerm, require

SCORM_MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def scorm_root() -> Path:
    """Where packages are unpacked: under MEDIA_ROOT, served only through the player's view."""
    return Path(settings.MEDIA_ROOT) / "scorm"


def policy() -> TrainingPolicy:
    found, _ = TrainingPolicy.objects.get_or_create(pk=1, defaults={"reminder_days": [30, 7]})
    return found


# --- Content -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    course: Course
    outcome: str  # "created", "updated" or "unchanged"


def _image_base(slug: str) -> str:
    return reverse("training:image", args=[slug, "x.png"]).removesuffix("x.png")


def _questions_json(spec_quiz: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": q.key,
            "kind": q.kind,
            "prompt": q.prompt,
            "scenario": q.scenario,
            "options": [
                {"key": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options
            ],
        }
        for q in spec_quiz.questions
    ]


def _write_course(course: Course, spec: CourseSpec) -> None:
    kept_modules: list[int] = []
    for position, mspec in enumerate(spec.modules, 1):
        module, _ = CourseModule.objects.update_or_create(
            slug=mspec.slug,
            defaults={"course": course, "title": mspec.title, "summary": mspec.summary, "position": position},
        )
        kept_modules.append(module.pk)
        kept_lessons: list[int] = []
        for lpos, lspec in enumerate(mspec.lessons, 1):
            lesson, _ = Lesson.objects.update_or_create(
                module=module,
                slug=lspec.slug,
                defaults={
                    "title": lspec.title,
                    "position": lpos,
                    "minutes": lspec.minutes,
                    "body_markdown": lspec.markdown,
                    "body_html": render_lesson(lspec.markdown, image_base=_image_base(spec.slug)),
                },
            )
            kept_lessons.append(lesson.pk)
        Lesson.objects.filter(module=module).exclude(pk__in=kept_lessons).delete()
        Quiz.objects.update_or_create(
            module=module, defaults={"pass_mark": mspec.quiz.pass_mark, "questions": _questions_json(mspec.quiz)}
        )
    CourseModule.objects.filter(course=course).exclude(pk__in=kept_modules).delete()
    CourseImage.objects.filter(course=course).delete()
    CourseImage.objects.bulk_create(
        CourseImage(
            course=course, name=i.name, content_type=i.content_type, data=i.data, width=i.width, height=i.height
        )
        for i in spec.images.values()
    )


def course_import(*, actor: Actor, folder: Path) -> ImportOutcome:
    """Load a course folder: new, a newer version (replaces the content), or the same version unchanged."""
    require(actor, TrainingPerm.PUBLISH)
    try:
        spec = load_course(folder)
    except ContentError as exc:
        raise ValidationError({"content": exc.problems}) from None
    with transaction.atomic():
        course = Course.objects.select_for_update().filter(slug=spec.slug).first()
        outcome = "created" if course is None else "updated"
        if course is not None:
            if course.organisation_id is not None:
                raise ValidationError({"content": [f"The slug {spec.slug} belongs to an organisation's own course."]})
            if spec.version < course.version:
                raise ValidationError(
                    {"content": [f"{spec.slug}: version {spec.version} is older than the installed {course.version}."]}
                )
            if spec.version == course.version:
                if spec.content_hash == course.content_hash:
                    return ImportOutcome(course, "unchanged")
                raise ValidationError(
                    {
                        "content": [
                            f"{spec.slug}: the content changed but the version is still {spec.version}. "
                            "Raise `version` in course.yaml so people's records say which version they took."
                        ]
                    }
                )
        if spec.core and Course.objects.filter(is_core=True).exclude(slug=spec.slug).exists():
            raise ValidationError({"content": ["There is already a core course; only one course can be the core."]})
        taken = CourseModule.objects.filter(slug__in=[m.slug for m in spec.modules])
        if course is not None:
            taken = taken.exclude(course=course)
        clash = list(taken.values_list("slug", flat=True))
        if clash:
            raise ValidationError({"content": [f"Module slugs already used by another course: {', '.join(clash)}."]})
        course = course or Course(slug=spec.slug)
        course.title, course.summary, course.version = spec.title, spec.summary, spec.version
        course.is_core, course.audiences, course.validity_months = spec.core, list(spec.audiences), spec.validity_months
        course.content_hash, course.kind, course.published = spec.content_hash, CourseKind.NATIVE, True
        course.save()
        _write_course(course, spec)
        audit_record(
            actor=actor,
            action=f"training.course.{outcome}",
            obj=course,
            changes={"version": spec.version, "modules": len(spec.modules), "core": spec.core},
        )
    return ImportOutcome(course, outcome)


def policy_update(
    *, actor: Actor, target_percent: int, first_due_days: int, reminder_days: list[int]
) -> TrainingPolicy:
    require(actor, TrainingPerm.PUBLISH)
    errors: dict[str, str] = {}
    if not 1 <= target_percent <= 100:
        errors["target_percent"] = "Enter a target from 1 to 100"
    if not 1 <= first_due_days <= 365:
        errors["first_due_days"] = "Enter a number of days from 1 to 365"
    if not reminder_days or any(not 1 <= d <= 90 for d in reminder_days) or len(reminder_days) > 5:
        errors["reminder_days"] = "Enter up to five numbers of days from 1 to 90, like 30, 7"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = TrainingPolicy.objects.select_for_update().get(pk=policy().pk)
        before = {"target": current.target_percent, "first_due": current.first_due_days, "days": current.reminder_days}
        current.target_percent, current.first_due_days = target_percent, first_due_days
        current.reminder_days = sorted(set(reminder_days), reverse=True)
        current.save()
        after = {"target": current.target_percent, "first_due": current.first_due_days, "days": current.reminder_days}
        audit_record(actor=actor, action="training.policy.updated", obj=current, changes=diff(before, after))
    return current


# --- Assignments ---------------------------------------------------------------------------------


def _own_organisation(actor: Actor, organisation: Organisation) -> None:
    if actor.is_national or actor.is_system:
        return
    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("You can only manage training for your own organisation")


def assignment_create(
    *, actor: Actor, organisation: Organisation, course: Course, role: str, team: str, due_in_days: int
) -> Assignment:
    require(actor, TrainingPerm.MANAGE)
    _own_organisation(actor, organisation)
    if role and role not in ORGANISATION_ROLES:
        raise ValidationError({"role": "Choose staff, security lead or auditor, or everyone"})
    if not 1 <= due_in_days <= 365:
        raise ValidationError({"due_in_days": "Enter a number of days from 1 to 365"})
    if course.is_core:
        raise ValidationError({"course": "Everyone takes the core course already: choose another course"})
    if course.organisation_id not in (None, organisation.pk):
        raise ValidationError({"course": "Choose a course your organisation can use"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    organisation=organisation,
                    course=course,
                    role=role,
                    team=team.strip(),
                    due_in_days=due_in_days,
                    created_by=actor.user,
                )
        except IntegrityError:
            raise ValidationError({"course": "This course is already assigned to these people"}) from None
        audit_record(
            actor=actor,
            action="training.assignment.created",
            obj=assignment,
            organisation=organisation,
            changes={"course": course.slug, "role": role or "everyone", "team": team, "due_in_days": due_in_days},
        )
    return assignment


def assignment_delete(*, actor: Actor, assignment: Assignment) -> None:
    require(actor, TrainingPerm.MANAGE)
    _own_organisation(actor, assignment.organisation)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="training.assignment.removed",
            obj=assignment,
            organisation=assignment.organisation_id,
            changes={"course": assignment.course.slug, "role": assignment.role, "team": assignment.team},
        )
        assignment.delete()


# --- Learning ------------------------------------------------------------------------------------


def _learner(actor: Actor) -> User:
    require(actor, TrainingPerm.LEARN)
    if actor.user is None:
        raise PermissionDenied("Sign in to take training")
    return actor.user


def lesson_complete(*, actor: Actor, lesson: Lesson) -> LessonProgress:
    """Mark a lesson read (idempotent: reading it again changes nothing)."""
    user = _learner(actor)
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            user=user, lesson=lesson, defaults={"organisation": actor.organisation}
        )
        if created:
            audit_record(
                actor=actor,
                action="training.lesson.completed",
                obj=progress,
                organisation=actor.organisation,
                object_label=f"{user.email}: {lesson.title}",
            )
    return progress


def _unique_code() -> str:
    for _ in range(10):
        code = certificate_engine.new_code()
        if not Completion.objects.filter(certificate_code=code).exists():
            return code
    raise RuntimeError("could not find a free certificate code")  # 60 random bits: never in practice


def _record_completion(
    *,
    user: User,
    course: Course,
    organisation: Organisation | None,
    completed_at: datetime,
    score: int | None,
    source: str,
    external_ref: str = "",
) -> Completion:
    """A completion and the person's current record (kept at the latest expiry). Called inside a transaction."""
    expires = add_months(completed_at, course.validity_months)
    completion = Completion.objects.create(
        user=user,
        course=course,
        organisation=organisation,
        completed_at=completed_at,
        expires_at=expires,
        course_version=course.version,
        score_percent=score,
        source=source,
        external_ref=external_ref,
        certificate_code=_unique_code(),
    )
    record = TrainingRecord.objects.select_for_update().filter(user=user, course=course).first()
    if record is None:
        TrainingRecord.objects.create(
            user=user, course=course, valid_until=expires, completed_at=completed_at, completion=completion
        )
    elif record.valid_until < expires:
        record.valid_until, record.completed_at, record.completion = expires, completed_at, completion
        record.save(update_fields=["valid_until", "completed_at", "completion"])
    return completion


def cycle_start(user: User, course: Course) -> datetime | None:
    """Quizzes count towards the next completion only if passed after the last one."""
    last = Completion.objects.filter(user=user, course=course).order_by("-completed_at").first()
    return last.completed_at if last else None


@dataclass(frozen=True)
class QuizOutcome:
    attempt: QuizAttempt
    result: quiz_engine.QuizResult
    completion: Completion | None


def quiz_submit(*, actor: Actor, quiz: Quiz, answers: dict[str, list[str]]) -> QuizOutcome:
    """Mark the answers, keep the attempt, and complete the course when every module's quiz is passed."""
    user = _learner(actor)
    result = quiz_engine.mark(quiz.questions, answers, pass_mark=quiz.pass_mark)
    unanswered = [a.prompt for a in result.answers if a.unanswered]
    if unanswered:
        raise ValidationError({"answers": [f"Answer every question. Not answered: {', '.join(unanswered)}"]})
    course = quiz.module.course
    with transaction.atomic():
        attempt = QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            organisation=actor.organisation,
            answers={a.key: list(a.chosen) for a in result.answers},
            score_percent=result.score_percent,
            passed=result.passed,
            course_version=course.version,
        )
        completion = None
        if result.passed:
            since = cycle_start(user, course)
            passed = QuizAttempt.objects.filter(user=user, quiz__module__course=course, passed=True)
            if since is not None:
                passed = passed.filter(submitted_at__gt=since)
            needed = set(Quiz.objects.filter(module__course=course).values_list("pk", flat=True))
            if needed <= set(passed.values_list("quiz_id", flat=True)):
                best: dict[int, int] = {}
                for quiz_id, percent in passed.order_by("-score_percent").values_list("quiz_id", "score_percent"):
                    best.setdefault(quiz_id, percent)
                score = round(sum(best.values()) / len(best))
                completion = _record_completion(
                    user=user,
                    course=course,
                    organisation=actor.organisation,
                    completed_at=timezone.now(),
                    score=score,
                    source=CompletionSource.COURSE,
                )
        audit_record(
            actor=actor,
            action="training.quiz.submitted",
            obj=attempt,
            organisation=actor.organisation,
            object_label=f"{user.email}: {quiz.module.title}",
            changes={
                "score": result.score_percent,
                "passed": result.passed,
                "course_completed": completion.certificate_code if completion else None,
            },
        )
    return QuizOutcome(attempt, result, completion)


# --- Reminders -----------------------------------------------------------------------------------


def reminders_request(*, actor: Actor, organisation: Organisation) -> str:
    """Queue one reminder email to everyone overdue in the organisation (at most one per person per day)."""
    require(actor, TrainingPerm.MANAGE)
    _own_organisation(actor, organisation)
    batch = uuid.uuid4().hex
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="training.reminders.requested",
            obj=organisation,
            organisation=organisation,
            changes={"batch": batch},
        )
    from carecyber.training.tasks import send_nudges

    transaction.on_commit(lambda: send_nudges.delay(organisation_id=organisation.pk, batch=batch))
    return batch


# --- Imports from another learning system --------------------------------------------------------


@dataclass(frozen=True)
class CompletionImport:
    created: int
    already_recorded: int


def completions_import(*, actor: Actor, organisation: Organisation, data: bytes) -> CompletionImport:
    """All or nothing: every row is checked first; a file imported twice adds nothing the second time."""
    require(actor, TrainingPerm.MANAGE)
    _own_organisation(actor, organisation)
    courses = {c.slug: c for c in Course.objects.visible_to(actor).filter(published=True)}
    try:
        rows = completions_csv.parse(data, today=timezone.localdate(), known_course=lambda s: s in courses)
    except completions_csv.CsvError as exc:
        raise ValidationError({"file": exc.problems}) from None
    members = {
        m.user.email: m.user
        for m in Membership.objects.filter(
            organisation=organisation, user__email__in={r.email for r in rows}
        ).select_related("user")
    }
    strangers = [
        f"Row {r.line}: {r.email} is not a member of {organisation.name}" for r in rows if r.email not in members
    ]
    if strangers:
        raise ValidationError({"file": strangers[:50]})
    created = existing = 0
    with transaction.atomic():
        for row in rows:
            user, course = members[row.email], courses[row.course]
            moment = timezone.make_aware(datetime.combine(row.completed_on, time(12, 0)))
            if Completion.objects.filter(user=user, course=course, completed_at=moment).exists():
                existing += 1
                continue
            _record_completion(
                user=user,
                course=course,
                organisation=organisation,
                completed_at=moment,
                score=row.score,
                source=CompletionSource.IMPORT,
                external_ref=row.reference,
            )
            created += 1
        audit_record(
            actor=actor,
            action="training.completions.imported",
            obj=organisation,
            organisation=organisation,
            changes={"rows": len(rows), "created": created, "already_recorded": existing},
        )
    return CompletionImport(created=created, already_recorded=existing)


# --- SCORM ---------------------------------------------------------------------------------------


def scorm_upload(*, actor: Actor, organisation: Organisation | None, upload: UploadedFile, title: str = "") -> Course:
    """Unpack a SCORM 1.2 zip into its own folder and make it a course (the organisation's, or national)."""
    require(actor, TrainingPerm.MANAGE)
    if organisation is None:
        require(actor, TrainingPerm.PUBLISH)
    else:
        _own_organisation(actor, organisation)
    if upload.size is not None and upload.size > SCORM_MAX_UPLOAD_BYTES:
        raise ValidationError({"package": f"The file is larger than {SCORM_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."})
    with tempfile.NamedTemporaryFile(suffix=".zip") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            unpacked = scorm_engine.unpack(Path(handle.name), scorm_root())
        except scorm_engine.PackageError as exc:
            raise ValidationError({"package": str(exc)}) from None
    try:
        with transaction.atomic():
            course = Course.objects.create(
                slug=f"scorm-{unpacked.folder.name[:12]}",
                title=(title.strip() or unpacked.manifest.title)[:200],
                summary="",
                kind=CourseKind.SCORM,
                audiences=["all_staff"],
                organisation=organisation,
                content_hash=unpacked.folder.name,
            )
            package = ScormPackage.objects.create(
                course=course,
                folder=unpacked.folder.name,
                launch=unpacked.manifest.launch,
                identifier=unpacked.manifest.identifier[:200],
                mastery_score=unpacked.manifest.mastery_score,
                file_count=unpacked.file_count,
                size_bytes=unpacked.size_bytes,
                uploaded_by=actor.user,
            )
            audit_record(
                actor=actor,
                action="training.scorm.uploaded",
                obj=package,
                organisation=organisation,
                object_label=course.title,
                changes={"files": unpacked.file_count, "bytes": unpacked.size_bytes},
            )
    except BaseException:
        shutil.rmtree(unpacked.folder, ignore_errors=True)
        raise
    return course


@dataclass(frozen=True)
class ScormCommit:
    attempt: ScormAttempt
    errors: dict[str, str]
    completion: Completion | None


def scorm_commit(*, actor: Actor, package: ScormPackage, values: dict[str, str], finish: bool) -> ScormCommit:
    """Store what the package set through the runtime API; passed or completed records a completion once."""
    user = _learner(actor)
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for element, value in list(values.items())[:50]:
        try:
            clean[element] = scorm_engine.check_value(element, value)
        except scorm_engine.CmiError as exc:
            errors[element] = f"{exc.code}: {exc}"
    with transaction.atomic():
        attempt, _ = ScormAttempt.objects.select_for_update().get_or_create(
            user=user, package=package, defaults={"organisation": actor.organisation}
        )
        before = attempt.lesson_status
        fields = {
            "cmi.core.lesson_status": "lesson_status",
            "cmi.core.lesson_location": "lesson_location",
            "cmi.suspend_data": "suspend_data",
            "cmi.core.exit": "exit",
        }
        for element, field_name in fields.items():
            if element in clean:
                setattr(attempt, field_name, clean[element])
        for part in ("raw", "min", "max"):
            score_value = clean.get(f"cmi.core.score.{part}")
            if score_value is not None:
                setattr(attempt, f"score_{part}", Decimal(score_value) if score_value != "" else None)
        if "cmi.core.session_time" in clean:
            attempt.session_seconds = scorm_engine.parse_timespan(clean["cmi.core.session_time"])
        if finish:
            attempt.total_seconds += attempt.session_seconds
            attempt.session_seconds = Decimal(0)
        if attempt.lesson_status == "completed" and package.mastery_score is not None and attempt.score_raw is not None:
            attempt.lesson_status = "passed" if attempt.score_raw >= package.mastery_score else "failed"
        attempt.save()
        completion = None
        if attempt.lesson_status in scorm_engine.FINISHED_STATUSES and before not in scorm_engine.FINISHED_STATUSES:
            score = None
            if attempt.score_raw is not None:
                top = attempt.score_max or Decimal(100)
                low = attempt.score_min or Decimal(0)
                score = round(100 * (attempt.score_raw - low) / (top - low)) if top > low else None
            completion = _record_completion(
                user=user,
                course=package.course,
                organisation=actor.organisation,
                completed_at=timezone.now(),
                score=score,
                source=CompletionSource.SCORM,
            )
        audit_record(
            actor=actor,
            action="training.scorm.committed",
            obj=attempt,
            organisation=actor.organisation,
            object_label=f"{user.email}: {package.course.title}",
            changes={"status": attempt.lesson_status, "finish": finish, "errors": sorted(errors)},
        )
    return ScormCommit(attempt, errors, completion)


def demo_completions(*, organisation_ids: list[int] | None = None, share: float = 0.9, seed: int = 2026) -> int:
    """Bulk completions of the core course for demo and benchmark data (COPY on PostgreSQL). Returns rows added."""
    from carecyber.training.bulk import load_core_completions

    return load_core_completions(
        organisation_ids=organisation_ids, share=share, seed=seed, days_back=timedelta(days=380)
    )
