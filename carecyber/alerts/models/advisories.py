"""Advisories: what the national team publishes, its CVEs, affected products and revisions.

An advisory is not tenant data: it belongs to the national team, and its TLP
marking decides who may read it (see `AdvisoryQuerySet.visible_to`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from carecyber.core.roles import Role
from carecyber.core.tenancy import organisation_scope

if TYPE_CHECKING:
    from carecyber.core.actor import Actor


class Severity(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    INFO = "info", "Information only"


class Tlp(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber+strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


class AdvisoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AdvisoryQuerySet(models.QuerySet["Advisory"]):
    def visible_to(self, actor: Actor) -> AdvisoryQuerySet:
        """What the actor may read: TLP decides, drafts are the national team's alone.

        CLEAR: anyone, signed in or not. GREEN: anyone with a membership (the
        community). AMBER: the people of a targeted organisation and of those who
        act for it (its headquarters, its support partner). AMBER+STRICT: the
        targeted organisation itself (and its headquarters), not its partner.
        RED: the named people it was sent to, and nobody else.
        """
        if actor.is_system or actor.is_national:
            return self.all()
        out = self.exclude(status=AdvisoryStatus.DRAFT)
        if actor.user is None or actor.membership is None:
            return out.filter(tlp=Tlp.CLEAR)
        from carecyber.alerts.models.delivery import Delivery, Notification
        from carecyber.alerts.models.responses import Response

        in_scope = Response.objects.filter(organisation_scope(actor, "organisation"), advisory=OuterRef("pk"))
        rule = Q(tlp__in=[Tlp.CLEAR, Tlp.GREEN]) | Q(Exists(in_scope), tlp=Tlp.AMBER)
        if actor.role != Role.SUPPORT_PARTNER:
            rule |= Q(Exists(in_scope), tlp=Tlp.AMBER_STRICT)
        named = Delivery.objects.filter(advisory=OuterRef("pk"), email=actor.user.email.lower())
        notified = Notification.objects.filter(advisory=OuterRef("pk"), user=actor.user)
        rule |= Q(Exists(named) | Exists(notified), tlp=Tlp.RED)
        return out.filter(rule)


class Advisory(models.Model):
    reference = models.CharField(max_length=20, unique=True, help_text="Like CC-2026-0042")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    tlp = models.CharField(max_length=15, choices=Tlp.choices, default=Tlp.CLEAR)
    known_exploited = models.BooleanField(default=False)
    threat_details = models.TextField(blank=True)
    remediation = models.TextField(blank=True, help_text="Markdown; shown sanitised")
    references = models.JSONField(default=list, blank=True)
    indicators = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=AdvisoryStatus.choices, default=AdvisoryStatus.DRAFT)
    revision = models.PositiveIntegerField(default=0, help_text="The latest published revision (0 for a draft)")
    target_all = models.BooleanField(default=False)
    target_types = models.JSONField(default=list, blank=True)
    target_categories = models.JSONField(default=list, blank=True)
    target_regions = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, default="manual")
    source_id = models.CharField(max_length=200, blank=True)
    source_label = models.CharField(max_length=300, blank=True)
    draft_warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    objects = AdvisoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="advisory_status_published"),
            models.Index(fields=["source", "source_id"], name="advisory_source"),
            models.Index(fields=["tlp", "status"], name="advisory_tlp_status"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == AdvisoryStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == AdvisoryStatus.PUBLISHED

    @property
    def has_targeting_rules(self) -> bool:
        return bool(self.target_all or self.target_types or self.target_categories or self.target_regions)


class AdvisoryCve(models.Model):
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="cves")
    cve_id = models.CharField(max_length=30)
    cvss_vector = models.CharField(max_length=300, blank=True)
    cvss_version = models.CharField(max_length=5, blank=True)
    base_score = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    cvss_severity = models.CharField(max_length=10, blank=True)
    description = models.TextField(blank=True)
    known_exploited = models.BooleanField(default=False)
    kev_due_date = models.DateField(null=True, blank=True)
    ransomware_use = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["cve_id"]
        constraints = [models.UniqueConstraint(fields=["advisory", "cve_id"], name="advisory_cve_once")]
        indexes = [models.Index(fields=["cve_id"], name="advisory_cve_id")]

    def __str__(self) -> str:
        return self.cve_id


class AffectedProduct(models.Model):
    """One affected product: names as written, canonical tokens for matching, and its version range."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="products")
    position = models.PositiveIntegerField(default=0)
    vendor_name = models.CharField(max_length=200, blank=True)
    product_name = models.CharField(max_length=200, blank=True)
    vendor = models.CharField(max_length=200, blank=True)
    product = models.CharField(max_length=200, blank=True)
    product_key = models.CharField(max_length=401, blank=True, db_index=True)
    purl_key = models.CharField(max_length=400, blank=True, db_index=True)
    cpe = models.CharField(max_length=400, blank=True)
    version_range = models.JSONField(default=dict)
    vers = models.TextField(blank=True, help_text="The range as a vers string, for display and export")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.vendor_name, self.product_name) if p) or self.purl_key or self.cpe


class AdvisoryRevision(models.Model):
    """Each publication and each later change: a full snapshot, so any two can be compared."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=AdvisoryStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    change_summary = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["advisory", "number"]
        constraints = [models.UniqueConstraint(fields=["advisory", "number"], name="advisory_revision_once")]

    def __str__(self) -> str:
        return f"{self.advisory.reference} revision {self.number}"

    def content(self) -> dict[str, Any]:
        return dict(self.snapshot)


class AdvisorySeen(models.Model):
    """The last revision a person looked at, so the page can say what changed since."""

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField()
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "advisory"], name="advisory_seen_once")]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.advisory_id} r{self.revision}"


class ReferenceCounter(models.Model):
    """The last number given out per year, for references like CC-2026-0042 (locked while counting)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
