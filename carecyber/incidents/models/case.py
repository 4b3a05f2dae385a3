"""The work on a case: tasks, the timeline, indicators, affected systems, communications and links."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.incidents.models.incident import Incident


class CaseChild(TenantModel):
    """Data that belongs to an incident, and so to the incident's organisation."""

    tenant_path: ClassVar[str] = "incident__organisation"

    class Meta:
        abstract = True


class Task(CaseChild):
    class State(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    assignee = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    playbook = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by_label = models.CharField(max_length=254, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TenantQuerySet["Task"].as_manager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["incident", "state"], name="task_incident_state"),
            models.Index(fields=["assignee", "state"], name="task_assignee_state"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class TimelineEvent(CaseChild):
    class Kind(models.TextChoices):
        ENTERED = "entered", "Entered"
        AUTOMATIC = "automatic", "Automatic"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(help_text="When it happened (people may record events after the fact)")
    recorded_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    actor_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["TimelineEvent"].as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="timeline_incident_at")]

    def __str__(self) -> str:
        return self.text[:60]


class Indicator(CaseChild):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(max_length=10)
    value = models.CharField(max_length=1000)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["Indicator"].as_manager()

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["kind", "value"], name="indicator_kind_value")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value[:80]}"


class AffectedSystem(CaseChild):
    class State(models.TextChoices):
        AFFECTED = "affected", "Affected"
        ISOLATED = "isolated", "Isolated"
        RESTORED = "restored", "Restored"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="systems")
    name = models.CharField(max_length=200)
    impact = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.AFFECTED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["AffectedSystem"].as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Communication(CaseChild):
    class Direction(models.TextChoices):
        OUT = "out", "We told them"
        IN = "in", "They told us"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        PORTAL = "portal", "Online form or portal"
        OTHER = "other", "Other"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="communications")
    at = models.DateTimeField()
    direction = models.CharField(max_length=3, choices=Direction.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    party = models.CharField(max_length=200, help_text="Who: the regulator, police, a patient, a supplier, the press…")
    summary = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["Communication"].as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.party}: {self.summary[:40]}"


class IncidentLink(CaseChild):
    """A link to something another capability owns, by kind and reference, so no app depends on another's models."""

    class Kind(models.TextChoices):
        PHISHING_REPORT = "phishing_report", "Phishing report"
        ADVISORY = "advisory", "Threat advisory"
        ASSESSMENT_ITEM = "assessment_item", "Assessment item"
        TRAINING_MODULE = "training_module", "Training module"
        OTHER = "other", "Other"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=100)
    label = models.CharField(max_length=200, blank=True)
    is_lesson = models.BooleanField(default=False, help_text="Named in the lessons learned when the case closed")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["IncidentLink"].as_manager()

    class Meta:
        ordering = ["kind", "reference"]
        constraints = [models.UniqueConstraint(fields=["incident", "kind", "reference"], name="incident_link_once")]
        indexes = [models.Index(fields=["kind", "reference"], name="incident_link_target")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class PlaybookRun(CaseChild):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="playbook_runs")
    playbook = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["PlaybookRun"].as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [models.UniqueConstraint(fields=["incident", "playbook"], name="playbook_run_once")]

    def __str__(self) -> str:
        return self.playbook


class SupportRequest(CaseChild):
    """An organisation asks the national team for help from a case."""

    class State(models.TextChoices):
        OPEN = "open", "Waiting for the national team"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="support_requests")
    message = models.TextField()
    contact = models.CharField(max_length=200, blank=True, help_text="How to reach the person asking")
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by_label = models.CharField(max_length=254, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["SupportRequest"].as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state", "-requested_at"], name="support_request_state")]

    def __str__(self) -> str:
        return self.message[:60]
