"""A phishing report: who reported what and how, the engine's verdict with its reasons, and what happened next."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class Route(models.TextChoices):
    MAILBOX = "mailbox", "Forwarded to the reporting mailbox"
    UPLOAD = "upload", "Uploaded file"
    PASTE = "paste", "Pasted message source"
    API = "api", "API"


class ReportStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGED = "triaged", "Triaged"
    UNREADABLE = "unreadable", "Could not be read"


class VerdictChoice(models.TextChoices):
    PHISHING = "phishing", "Phishing"
    SUSPICIOUS = "suspicious", "Suspicious"
    SPAM = "spam", "Spam"
    SAFE = "safe", "Safe"


class PhishingReport(TenantModel):
    """One report of one suspicious email. The raw bytes live in `RawMessage`, so lists never load them.

    `organisation` is empty only for mailbox reports from a sender we could not
    place; those are seen by the national team alone.
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="phishing_reports"
    )
    reporter = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reporter_address = models.EmailField(blank=True)
    route = models.CharField(max_length=10, choices=Route.choices)
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)

    # What the message says it is (copied from the parsed message for lists and filters).
    subject = models.CharField(max_length=300, blank=True)
    from_address = models.CharField(max_length=320, blank=True)
    from_display = models.CharField(max_length=200, blank=True)
    sender_domain = models.CharField(max_length=253, blank=True, db_index=True)

    # The engine's verdict and the verdict that stands (the analyst's, when overridden).
    engine_verdict = models.CharField(max_length=12, choices=VerdictChoice.choices, blank=True)
    engine_score = models.PositiveSmallIntegerField(null=True, blank=True)
    verdict = models.CharField(max_length=12, choices=VerdictChoice.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    indicators = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    overridden = models.BooleanField(default=False)

    # Fingerprint: clusters the same attack across organisations into one campaign.
    fp_subject = models.CharField(max_length=300, blank=True)
    fp_url_domains = models.JSONField(default=list, blank=True)
    fp_attachment_hashes = models.JSONField(default=list, blank=True)
    fp_simhash = models.BigIntegerField(null=True, blank=True)  # the engine's 64-bit hash, stored signed
    campaign = models.ForeignKey(
        "phishing.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    # Our own simulated phishing (awareness exercises) carries a token header.
    exercise_token = models.CharField(max_length=80, blank=True, db_index=True)

    # What the reporter told us after reporting, and when they heard back.
    clicked_at = models.DateTimeField(null=True, blank=True)
    entered_password_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    verdict_sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["PhishingReport"].as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-received_at", "-id"], name="phish_org_received"),
            models.Index(fields=["organisation", "verdict"], name="phish_org_verdict"),
            models.Index(fields=["reporter", "-received_at"], name="phish_reporter_received"),
            models.Index(fields=["campaign", "received_at"], name="phish_campaign_received"),
            models.Index(fields=["fp_subject"], condition=~Q(fp_subject=""), name="phish_fp_subject"),
        ]

    def __str__(self) -> str:
        return f"Phishing report {self.pk}: {self.subject or '(no subject)'}"

    @property
    def reference(self) -> str:
        return f"PR-{self.pk:06d}"


class RawMessage(models.Model):
    """The bytes exactly as reported, always kept, even when they could not be read as an email.

    An Outlook `.msg` file is kept as it came in `original`; `data` then holds the same message as an email
    (RFC 5322), which is what the engine reads and what analysts open."""

    report = models.OneToOneField(PhishingReport, on_delete=models.CASCADE, related_name="raw", primary_key=True)
    data = models.BinaryField()
    original = models.BinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    truncated = models.BooleanField(default=False)  # over the size limit: the first part is kept
    filename = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"Raw message of report {self.report_id} ({self.size} bytes)"


class Override(models.Model):
    """An analyst's change of verdict, with the reason: labelled feedback for tuning the engine."""

    report = models.ForeignKey(PhishingReport, on_delete=models.CASCADE, related_name="overrides")
    verdict_before = models.CharField(max_length=12, choices=VerdictChoice.choices, blank=True)
    verdict = models.CharField(max_length=12, choices=VerdictChoice.choices)
    engine_score = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField()
    analyst = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Override of report {self.report_id}: {self.verdict_before or 'none'} to {self.verdict}"
