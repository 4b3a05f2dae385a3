"""Evidence files, kept byte for byte with their SHA-256, and the chain of custody of each."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.incidents.models.incident import Incident


class Evidence(TenantModel):
    """An uploaded file. Stored under a random name outside the web root, never changed, never shown inline."""

    tenant_path: ClassVar[str] = "incident__organisation"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    stored_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["Evidence"].as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["incident", "uploaded_at"], name="evidence_incident")]

    def __str__(self) -> str:
        return self.original_name


class CustodyQuerySet(TenantQuerySet["CustodyEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise RuntimeError("The chain of custody is append-only")

    def delete(self) -> NoReturn:
        raise RuntimeError("The chain of custody is append-only")


class CustodyEntry(TenantModel):
    """Who had the evidence, when, and what they did with it. Append-only, like the audit log."""

    tenant_path: ClassVar[str] = "evidence__incident__organisation"

    class Action(models.TextChoices):
        RECEIVED = "received", "Received (uploaded)"
        DOWNLOADED = "downloaded", "Downloaded"
        VERIFIED = "verified", "Checked against its SHA-256"
        TRANSFERRED = "transferred", "Handed to someone else"
        COPIED = "copied", "Copied"
        NOTE = "note", "Note"

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="custody")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    actor_label = models.CharField(max_length=254)
    note = models.CharField(max_length=500, blank=True)
    hash_matched = models.BooleanField(null=True, help_text="Whether the stored file still matched its SHA-256")

    objects: ClassVar[CustodyQuerySet] = CustodyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("The chain of custody is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("The chain of custody is append-only")
