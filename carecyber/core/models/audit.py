"""The audit log: one append-only record for every change of state."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models

from carecyber.core.models.organisations import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class AuditImmutableError(RuntimeError):
    """Raised by any attempt to change or remove an audit record."""


class AuditQuerySet(TenantQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError("The audit log is append-only: records cannot be updated")

    def delete(self) -> NoReturn:
        raise AuditImmutableError("The audit log is append-only: records cannot be deleted")


class AuditEvent(TenantModel):
    """Who did what, acting for which organisation, to which object, when, from where.

    Links to people and organisations carry no database constraint and never
    cascade, so removing a person or an organisation leaves its history intact;
    labels keep the names as they were.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_user = models.ForeignKey(
        "core.User", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    acting_for = models.ForeignKey(
        Organisation, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    acting_role = models.CharField(max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The organisation whose data changed; decides who may read the record",
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=254, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutableError("The audit log is append-only: records cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError("The audit log is append-only: records cannot be deleted")
