"""Courses, their modules, lessons and quizzes; who must take what; what people completed; SCORM packages.

Content (courses and below) published by the national team belongs to no
organisation and is seen by everyone; content an organisation uploads (a
SCORM package) is its own. Learning records belong to the organisation the
person was acting for; a completion counts wherever the person works.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from carecyber.core.models import Membership, Organisation, Role, User
from carecyber.core.tenancy import TenantModel, TenantQuerySet, organisation_scope

Q_NONE = Q(pk__in=[])


_M = TypeVar("_M", bound=models.Model)


class ContentQuerySet(TenantQuerySet[_M]):
    """National content (no organisation) is visible to everyone; an organisation's own, as tenancy says."""

    def visible_to(self, actor: Any) -> Self:
        path = self.model.tenant_path  # type: ignore[attr-defined]  # every content model is a TenantModel
        return self.filter(Q(**{f"{path}__isnull": True}) | organisation_scope(actor, path))


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", "All staff"
    IT_SECURITY = "it_security", "IT and security staff"
    IG_LEAD = "ig_lead", "Information governance leads"
    MANAGER = "manager", "Managers"


class CourseKind(models.TextChoices):
    NATIVE = "native", "Lessons and quizzes"
    SCORM = "scorm", "SCORM package"


class Course(TenantModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=CourseKind.choices, default=CourseKind.NATIVE)
    is_core = models.BooleanField(default=False, help_text="The course every member of staff must keep current")
    audiences = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(max_length=64, blank=True)
    validity_months = models.PositiveSmallIntegerField(default=12)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty for national courses, published for everyone",
    )
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContentQuerySet["Course"].as_manager()

    class Meta:
        ordering = ["-is_core", "title"]
        constraints = [models.UniqueConstraint(fields=["is_core"], condition=Q(is_core=True), name="training_one_core")]

    def __str__(self) -> str:
        return self.title


class CourseModule(TenantModel):
    tenant_path: ClassVar[str] = "course__organisation"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80, unique=True, help_text="Stable: incidents link lessons learned to it")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    objects = ContentQuerySet["CourseModule"].as_manager()

    class Meta:
        ordering = ["course", "position"]

    def __str__(self) -> str:
        return self.title


class Lesson(TenantModel):
    tenant_path: ClassVar[str] = "module__course__organisation"

    module = models.ForeignKey(CourseModule, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField(default=5)
    body_markdown = models.TextField()
    body_html = models.TextField(help_text="Rendered from the Markdown and sanitised when the course is imported")

    objects = ContentQuerySet["Lesson"].as_manager()

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "slug"], name="training_lesson_slug")]

    def __str__(self) -> str:
        return self.title


class Quiz(TenantModel):
    tenant_path: ClassVar[str] = "module__course__organisation"

    module = models.OneToOneField(CourseModule, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(default=80, help_text="Percentage of questions answered right")
    questions = models.JSONField(default=list, help_text="Questions with options, correct answers and feedback")

    objects = ContentQuerySet["Quiz"].as_manager()

    def __str__(self) -> str:
        return f"Quiz: {self.module}"


class CourseImage(TenantModel):
    tenant_path: ClassVar[str] = "course__organisation"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="images")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    objects = ContentQuerySet["CourseImage"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="training_image_name")]


class TrainingPolicy(models.Model):
    """National settings: one row, changed by the national team (audited)."""

    target_percent = models.PositiveSmallIntegerField(default=95)
    first_due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days a new starter has for the core course"
    )
    reminder_days = models.JSONField(default=list, help_text="Days before the due date to remind people")
    snapshot_at = models.DateTimeField(
        null=True, blank=True, help_text="When compliance snapshots were last worked out"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Target {self.target_percent}%"


class Assignment(TenantModel):
    """An organisation asks people in a role and/or team to take a course by a number of days."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(
        max_length=20,
        blank=True,
        choices=[(r.value, r.label) for r in Role if r.value in {"staff", "security_lead", "auditor"}],
        help_text="Empty: every role",
    )
    team = models.CharField(max_length=100, blank=True, help_text="Empty: every team")
    due_in_days = models.PositiveSmallIntegerField(default=30)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["Assignment"].as_manager()

    class Meta:
        ordering = ["course__title", "role", "team"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "course", "role", "team"], name="training_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.course} for {self.role or 'everyone'} {self.team}".strip()


class LessonProgress(TenantModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["LessonProgress"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="training_lesson_once")]


class QuizAttempt(TenantModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict)
    score_percent = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    course_version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["QuizAttempt"].as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["user", "quiz", "-submitted_at"], name="training_attempt_user_quiz")]


class CompletionSource(models.TextChoices):
    COURSE = "course", "Completed here"
    SCORM = "scorm", "SCORM package"
    IMPORT = "import", "Imported from another learning system"


class Completion(TenantModel):
    """One completed course by one person: the certificate, the date, the expiry."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_completions")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    course_version = models.PositiveIntegerField()
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=CompletionSource.choices, default=CompletionSource.COURSE)
    external_ref = models.CharField(max_length=200, blank=True, help_text="Where an imported record came from")
    certificate_code = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["Completion"].as_manager()

    class Meta:
        ordering = ["-completed_at", "-id"]
        indexes = [
            models.Index(fields=["user", "course", "-expires_at"], name="training_completion_user"),
            models.Index(fields=["organisation", "-completed_at"], name="training_completion_org"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_at"], name="training_completion_once_per_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} – {self.completed_at:%Y-%m-%d}"


class TrainingRecord(models.Model):
    """The latest expiry per person and course: what compliance counts (kept by the completion service).

    Not tenant data in itself (a person's current status, counted wherever they work);
    reached only through the queries module.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    valid_until = models.DateTimeField()
    completed_at = models.DateTimeField()
    completion = models.ForeignKey(Completion, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="training_record_once")]
        indexes = [models.Index(fields=["course", "valid_until"], name="training_record_course_until")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.course_id} until {self.valid_until:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    NUDGE = "nudge", "Overdue reminder from a manager"


class Reminder(models.Model):
    """An email sent about training; the unique rules make every fan-out safe to repeat."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    days_before = models.SmallIntegerField(default=0)
    due_on = models.DateField()
    sent_on = models.DateField()
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    batch = models.CharField(max_length=40)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="Set once the email is queued: a retry skips it")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "due_on", "days_before"],
                condition=Q(kind="due_soon"),
                name="training_reminder_once_per_due_date",
            ),
            models.UniqueConstraint(
                fields=["user", "sent_on"], condition=Q(kind="nudge"), name="training_nudge_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["batch"], name="training_reminder_batch")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} on {self.sent_on}"


class ScormPackage(TenantModel):
    tenant_path: ClassVar[str] = "course__organisation"

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="scorm")
    folder = models.CharField(max_length=64, unique=True, help_text="Random folder name under the SCORM root")
    launch = models.CharField(max_length=500)
    identifier = models.CharField(max_length=200, blank=True)
    mastery_score = models.PositiveSmallIntegerField(null=True, blank=True)
    file_count = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ContentQuerySet["ScormPackage"].as_manager()


class ScormAttempt(TenantModel):
    """A person's state in a SCORM package: what the runtime API stored (cmi.core.*, cmi.suspend_data)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    lesson_status = models.CharField(max_length=20, default="not attempted")
    lesson_location = models.CharField(max_length=255, blank=True)
    score_raw = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    score_min = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    score_max = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    session_seconds = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total_seconds = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    suspend_data = models.TextField(blank=True)
    exit = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet["ScormAttempt"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "package"], name="training_scorm_attempt_once")]


__all__ = [
    "Assignment",
    "Audience",
    "Completion",
    "CompletionSource",
    "ComplianceSnapshot",
    "Course",
    "CourseImage",
    "CourseKind",
    "CourseModule",
    "Lesson",
    "LessonProgress",
    "Membership",
    "Quiz",
    "QuizAttempt",
    "Reminder",
    "ReminderKind",
    "ScormAttempt",
    "ScormPackage",
    "TrainingPolicy",
    "TrainingRecord",
]


class ComplianceSnapshot(models.Model):
    """Each organisation's counted staff and how many are current, worked out in one set-based statement.

    Refreshed every ten minutes (and on demand by the national team); the national roll-up reads these
    50,000 rows instead of joining 1.5 million memberships on every view. An organisation's own page is
    always worked out live.
    """

    organisation = models.OneToOneField(Organisation, primary_key=True, on_delete=models.CASCADE, related_name="+")
    staff = models.PositiveIntegerField()
    current = models.PositiveIntegerField()
    computed_at = models.DateTimeField(help_text="When these figures last changed")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.current}/{self.staff}"
