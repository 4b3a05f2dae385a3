"""Keep I.T. Confidential data: branding, packs (and who downloaded them), the campaign calendar,
and phishing exercises with their recipients, visits and reports."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecyber.core.models import Membership, Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class Branding(TenantModel):
    """How an organisation's materials look and whom they point to. `version` goes up on every change,
    and packs are cached per version."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="awareness_branding")
    name = models.CharField(max_length=120)
    colour = models.CharField(max_length=7, help_text="The main colour as the lead chose it")
    colour_used = models.CharField(max_length=7, help_text="The colour the materials use (darker when needed)")
    report_to = models.EmailField(help_text="Where staff send suspicious emails")
    helpdesk = models.CharField(max_length=40, blank=True)
    logo_png = models.BinaryField(null=True, blank=True, editable=False, help_text="Re-encoded; never the upload")
    logo_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet["Branding"].as_manager()

    def __str__(self) -> str:
        return f"Branding of {self.name} (version {self.version})"


class PackStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class Pack(TenantModel):
    """A campaign pack for one branding version, set of themes and copy variant; built once, then served."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="awareness_packs")
    key = models.CharField(max_length=64, unique=True, help_text="What makes two packs the same")
    branding_version = models.PositiveIntegerField()
    themes = models.JSONField(default=list)
    variant = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.PENDING)
    error = models.TextField(blank=True)
    zip_path = models.CharField(max_length=255, blank=True)
    previews_path = models.CharField(max_length=255, blank=True)
    zip_size = models.PositiveIntegerField(default=0)
    manifest = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    copy_text = models.JSONField(default=dict, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Pack"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="awareness_pack_org_created")]

    def __str__(self) -> str:
        return f"Pack {', '.join(self.themes)} (variant {self.variant + 1}, branding v{self.branding_version})"


class PackDownload(TenantModel):
    """Who downloaded which pack, when, and for which campaign week (if any)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="downloads")
    week = models.ForeignKey("CampaignWeek", null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["PackDownload"].as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="awareness_download_org_at")]

    def __str__(self) -> str:
        return f"Download of pack {self.pack_id} at {self.at:%Y-%m-%d %H:%M}"


class Channel(models.TextChoices):
    SCREENSAVER = "screensaver", "Screensavers"
    INTRANET = "intranet", "Intranet"
    NEWSLETTER = "newsletter", "Newsletter or bulletin"
    POSTER = "poster", "Posters"
    SOCIAL = "social", "Social media"
    BRIEFING = "briefing", "Team briefing or huddle"


class CampaignWeek(TenantModel):
    """One week of the calendar: the theme for that week, the reminder sent, and whether it was used."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="awareness_weeks")
    week_start = models.DateField(help_text="The Monday the week starts")
    theme = models.CharField(max_length=40)
    variant = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_channels = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["CampaignWeek"].as_manager()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "week_start"], name="awareness_one_theme_a_week"),
        ]
        indexes = [
            models.Index(
                fields=["week_start"], condition=Q(reminder_sent_at__isnull=True), name="awareness_week_to_remind"
            ),
        ]

    def __str__(self) -> str:
        return f"Week of {self.week_start:%d %B %Y}: {self.theme}"


class ExerciseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Landing(models.TextChoices):
    FORM = "form", "A pretend sign-in page, then the lesson"
    TEACH = "teach", "Straight to the lesson"


class Exercise(TenantModel):
    """A phishing simulation: one template, an audience, a sending window."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="awareness_exercises")
    name = models.CharField(max_length=120)
    template_key = models.CharField(max_length=60)
    audience_teams = models.JSONField(default=list, blank=True, help_text="Empty: everyone in the organisation")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    landing = models.CharField(max_length=10, choices=Landing.choices, default=Landing.TEACH)
    status = models.CharField(max_length=12, choices=ExerciseStatus.choices, default=ExerciseStatus.DRAFT)
    scanner_seconds = models.PositiveSmallIntegerField(default=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Exercise"].as_manager()

    class Meta:
        ordering = ["-window_start", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="awareness_exercise_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")), name="awareness_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ExerciseRecipient(TenantModel):
    """One person's copy of an exercise email. Results are shown per team only, never per person."""

    tenant_path: ClassVar[str] = "exercise__organisation"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="recipients")
    membership = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    first_name = models.CharField(max_length=80, blank=True)
    team = models.CharField(max_length=100, blank=True)
    token = models.CharField(max_length=80, unique=True, help_text="The X-CareCyber-Exercise header value")
    scheduled_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["ExerciseRecipient"].as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "membership"], name="awareness_one_email_a_person"),
        ]
        indexes = [
            models.Index(fields=["scheduled_at"], condition=Q(sent_at__isnull=True), name="awareness_recipient_due"),
            models.Index(fields=["exercise", "team"], name="awareness_recipient_team"),
        ]

    def __str__(self) -> str:
        return f"Exercise email {self.pk}"


class VisitKind(models.TextChoices):
    OPEN = "open", "Opened"
    CLICK = "click", "Clicked"
    SUBMIT = "submit", "Typed something"


class ExerciseVisit(TenantModel):
    """Every visit to a tracked address, counted or not (link scanners are kept with the reason)."""

    tenant_path: ClassVar[str] = "recipient__exercise__organisation"

    recipient = models.ForeignKey(ExerciseRecipient, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(max_length=10, choices=VisitKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    counted = models.BooleanField(default=True)
    reason = models.CharField(max_length=80, blank=True, help_text="Why it was not counted")

    objects = TenantQuerySet["ExerciseVisit"].as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["recipient", "kind"], name="awareness_visit_recipient_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}{'' if self.counted else ' (not counted)'}"


class ExerciseReport(models.Model):
    """A report of a simulated email, by its X-CareCyber-Exercise token. Fed by `exercise_record_report`
    until the phishing-report capability records `exercise_token` itself (see `queries.exercise_reports`)."""

    token = models.CharField(max_length=80, db_index=True)
    reported_at = models.DateTimeField()
    source = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return f"Exercise report at {self.reported_at:%Y-%m-%d %H:%M}"
