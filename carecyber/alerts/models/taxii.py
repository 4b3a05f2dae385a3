"""STIX objects as the TAXII server serves them: every version, with the moment it was added."""

from __future__ import annotations

from django.db import models


class StixObject(models.Model):
    """One version of one STIX object. `advisory` is empty for shared objects (our identity, TLP markings)."""

    advisory = models.ForeignKey(
        "alerts.Advisory", null=True, blank=True, on_delete=models.CASCADE, related_name="stix_objects"
    )
    stix_id = models.CharField(max_length=120)
    stix_type = models.CharField(max_length=60)
    version = models.CharField(max_length=30, help_text="The object's modified (or created) timestamp")
    date_added = models.DateTimeField(db_index=True)
    body = models.JSONField()

    class Meta:
        ordering = ["date_added", "pk"]
        constraints = [models.UniqueConstraint(fields=["stix_id", "version"], name="stix_object_version_once")]
        indexes = [models.Index(fields=["stix_id", "date_added"], name="stix_object_id_added")]

    def __str__(self) -> str:
        return f"{self.stix_id} @ {self.version}"
