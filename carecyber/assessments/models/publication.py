"""Published statuses: dated, immutable snapshots, and each organisation's current status.

A Publication never changes once written (the model, its queryset and, on
PostgreSQL, a trigger refuse it), so what was published can always be shown
as it was. What does change – expiry, an agreed plan, a certificate – is
worked out by the status rules into OrganisationStatus, one row per
organisation, which the register, the status API and the national views read.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models

from carecyber.assessments.engine.calendar import year_label
from carecyber.assessments.engine.status import STATUS_LABELS, Status
from carecyber.assessments.models.assessment import Assessment
from carecyber.assessments.models.framework import Framework
from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet

STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]


class PublicationImmutableError(RuntimeError):
    """Raised by any attempt to change or remove a publication."""


class PublicationQuerySet(TenantQuerySet["Publication"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PublicationImmutableError("A publication is a dated snapshot: it cannot be changed")

    def delete(self) -> NoReturn:
        raise PublicationImmutableError("A publication is a dated snapshot: it cannot be removed")


class Publication(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="publications")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="publications")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    by_headquarters = models.BooleanField(default=False, help_text="Published by the headquarters for this site")
    published_at = models.DateTimeField()
    published_on = models.DateField()
    expires_on = models.DateField()
    # No database constraint and no cascade: removing a person must not touch a publication.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published_by_label = models.CharField(max_length=254)
    all_mandatory_met = models.BooleanField()
    status_at_publication = models.CharField(max_length=30, choices=STATUS_CHOICES)
    applicable_total = models.PositiveIntegerField()
    answered_total = models.PositiveIntegerField()
    mandatory_total = models.PositiveIntegerField()
    mandatory_met = models.PositiveIntegerField()
    unmet_mandatory = models.JSONField(default=list)
    snapshot = models.JSONField(help_text="Every answer and evidence file as published")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the snapshot's canonical JSON")

    objects: ClassVar[PublicationQuerySet] = PublicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-published_at"], name="publication_org_time")]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.published_on.isoformat()}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PublicationImmutableError("A publication is a dated snapshot: it cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PublicationImmutableError("A publication is a dated snapshot: it cannot be removed")


class CertificateKind(models.TextChoices):
    CYBER_ESSENTIALS = "cyber_essentials", "Cyber Essentials"
    CYBER_ESSENTIALS_PLUS = "cyber_essentials_plus", "Cyber Essentials Plus"
    ISO_27001 = "iso_27001", "ISO/IEC 27001"


class Certificate(TenantModel):
    """A security certificate the organisation holds; a current Cyber Essentials Plus lifts Met to Exceeded."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="security_certificates")
    kind = models.CharField(max_length=30, choices=CertificateKind.choices)
    number = models.CharField(max_length=80, help_text="The certificate number, as printed")
    issued_on = models.DateField()
    expires_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Certificate"].as_manager()

    class Meta:
        ordering = ["-expires_on"]
        indexes = [models.Index(fields=["organisation", "kind", "-expires_on"], name="certificate_org_kind")]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_on__gt=models.F("issued_on")), name="certificate_dates")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class OrganisationStatus(TenantModel):
    """The organisation's current status, worked out by the status rules, and its live progress.

    One row per organisation that has started or published anything. The register
    and the status API read only this table (and the organisation's name and code).
    """

    organisation = models.OneToOneField(
        Organisation, primary_key=True, on_delete=models.CASCADE, related_name="toolkit_status"
    )
    status = models.CharField(max_length=30, choices=STATUS_CHOICES, default=Status.NOT_PUBLISHED)
    reason = models.CharField(max_length=300, blank=True)
    publication = models.ForeignKey(Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True, help_text="When the status next changes by itself")
    plan = models.ForeignKey(
        "assessments.ImprovementPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    # The live assessment of this year (what the organisation is working on now).
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    percent_complete = models.PositiveSmallIntegerField(default=0)
    mandatory_met = models.PositiveIntegerField(default=0)
    mandatory_total = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet["OrganisationStatus"].as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status"], name="orgstatus_status"),
            models.Index(fields=["valid_until"], name="orgstatus_valid_until"),
            models.Index(fields=["expires_on"], name="orgstatus_expires_on"),
        ]
        verbose_name_plural = "organisation statuses"

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.status}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]
