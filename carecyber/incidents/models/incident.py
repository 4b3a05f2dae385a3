"""An incident: what was reported, how it was graded, the legal clock, and how the case ended."""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar

from django.db import models
from django.db.models import Q

from carecyber.core.models import Organisation, Region
from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.incidents.engine.clock import ClockState, clock_state

REFERENCE_RE = re.compile(r"^INC-(\d{1,12})$", re.IGNORECASE)


def reference_of(pk: int) -> str:
    return f"INC-{pk:06d}"


def number_from_reference(reference: str) -> int | None:
    """123 from "INC-000123" (or from "123"), None when it is not a reference."""
    text = reference.strip()
    match = REFERENCE_RE.match(text)
    if match:
        return int(match.group(1))
    return int(text) if text.isdigit() and len(text) <= 12 else None


class Status(models.TextChoices):
    NEW = "new", "New"
    TRIAGE = "triage", "Triage"
    INVESTIGATING = "investigating", "Investigating"
    CONTAINED = "contained", "Contained"
    RECOVERING = "recovering", "Recovering"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = tuple(s.value for s in Status if s != Status.CLOSED)


class StillHappening(models.TextChoices):
    YES = "yes", "Yes, it is still happening"
    NO = "no", "No, it has stopped"
    UNSURE = "unsure", "I do not know"


class Source(models.TextChoices):
    FORM = "form", "Report form"
    API = "api", "API"
    PHISHING = "phishing", "Phishing report"


class Decision(models.TextChoices):
    PENDING = "", "Not decided yet"
    NOTIFY = "notify", "Notify"
    NOT_NOTIFY = "not_notify", "Do not notify"


class Incident(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="incidents")
    # Copied from the organisation when reported, so national lists filter without a join.
    region = models.CharField(max_length=40, choices=Region.choices)
    org_type = models.CharField(max_length=30)
    org_category = models.PositiveSmallIntegerField()

    category = models.CharField(max_length=40)
    summary = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    data_or_systems = models.TextField(blank=True)
    still_happening = models.CharField(max_length=8, choices=StillHappening.choices, default=StillHappening.UNSURE)
    occurred_at = models.DateTimeField()
    aware_at = models.DateTimeField()
    reported_at = models.DateTimeField(auto_now_add=True)
    reporter = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    anonymous = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    suggested_playbook = models.CharField(max_length=40, blank=True)

    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NEW)
    owner = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data_subjects_count = models.PositiveIntegerField(null=True, blank=True)

    # Grading (see engine/grading.py); empty until the incident is graded.
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    vulnerable_groups = models.BooleanField(default=False)
    significant_service_impact = models.BooleanField(null=True, blank=True)
    graded_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_severity = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=30, blank=True)
    notify_health_department = models.BooleanField(default=False)
    notify_regulator = models.BooleanField(default=False)
    tell_individuals = models.BooleanField(default=False)
    nis_report = models.BooleanField(default=False)
    grading_reasons = models.JSONField(default=list, blank=True)
    rules_version = models.PositiveIntegerField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    graded_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # The 72-hour clock: runs while a notifiable incident has no decision and no notification.
    notifiable = models.BooleanField(default=False)
    deadline_at = models.DateTimeField(null=True, blank=True)
    clock_stopped_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    shared_with_national = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    help_requested = models.BooleanField(default=False)

    root_cause = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # Optimistic concurrency: every edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["Incident"].as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-reported_at", "-id"], name="incident_org_reported"),
            models.Index(fields=["organisation", "status"], name="incident_org_status"),
            models.Index(fields=["reported_at"], name="incident_reported"),
            models.Index(
                fields=["-reported_at", "-id"], condition=Q(shared_with_national=True), name="incident_shared_reported"
            ),
            models.Index(
                fields=["category", "-reported_at", "-id"],
                condition=Q(shared_with_national=True),
                name="incident_shared_category",
            ),
            models.Index(
                fields=["region", "-reported_at", "-id"],
                condition=Q(shared_with_national=True),
                name="incident_shared_region",
            ),
            models.Index(
                fields=["status", "-reported_at", "-id"],
                condition=Q(shared_with_national=True),
                name="incident_shared_status",
            ),
            models.Index(
                fields=["-reported_at", "-id"],
                condition=Q(shared_with_national=True) & ~Q(status="closed"),
                name="incident_shared_open",
            ),
            models.Index(
                fields=["-reported_at", "-id"],
                condition=Q(shared_with_national=True, help_requested=True),
                name="incident_shared_help",
            ),
            models.Index(
                fields=["deadline_at"],
                condition=Q(notifiable=True, clock_stopped_at__isnull=True),
                name="incident_clock_running",
            ),
            models.Index(fields=["reporter", "-reported_at"], name="incident_reporter"),
            models.Index(fields=["owner", "status"], name="incident_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                name="incident_aware_after_occurred", condition=Q(aware_at__gte=models.F("occurred_at"))
            ),
            models.CheckConstraint(
                name="incident_anonymous_has_no_reporter", condition=Q(anonymous=False) | Q(reporter__isnull=True)
            ),
            models.CheckConstraint(
                name="incident_scores_in_range",
                condition=(Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5))
                & (Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=5)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    @property
    def reference(self) -> str:
        return reference_of(self.pk) if self.pk else "INC-new"

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def clock_running(self) -> bool:
        return self.notifiable and self.clock_stopped_at is None

    def clock(self, now: datetime) -> ClockState | None:
        if not self.notifiable:
            return None
        return clock_state(self.aware_at, now, self.clock_stopped_at)


class Notification(TenantModel):
    """A notification made outside the organisation: who was told, their reference, and when."""

    tenant_path: ClassVar[str] = "incident__organisation"

    class Recipient(models.TextChoices):
        HEALTH_DEPARTMENT = "health_department", "Health department (national team)"
        REGULATOR = "regulator", "Data-protection regulator"
        NIS_AUTHORITY = "nis_authority", "Authority for essential services (network and information systems)"
        INDIVIDUALS = "individuals", "The people affected"
        POLICE = "police", "Police"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    reference = models.CharField(max_length=100, blank=True)
    notified_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet["Notification"].as_manager()

    class Meta:
        ordering = ["notified_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} {self.reference}"


class ClockReminder(TenantModel):
    """One reminder per incident and hour mark: the row exists once sent (or passed), so retries never repeat it."""

    tenant_path: ClassVar[str] = "incident__organisation"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clock_reminders")
    hours = models.PositiveSmallIntegerField()
    sent = models.BooleanField(default=True, help_text="False when a later reminder superseded it")
    at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["ClockReminder"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "hours"], name="clock_reminder_once")]

    def __str__(self) -> str:
        return f"{self.incident_id} at {self.hours} h"
