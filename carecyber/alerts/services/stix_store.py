"""Keep every version of every STIX object an advisory produces, for the TAXII server."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from carecyber.alerts.engine.exporters import stix_time
from carecyber.alerts.models import Advisory, StixObject
from carecyber.alerts.services.exports import advisory_stix_objects, export_meta


def stix_store(advisory: Advisory) -> int:
    """Store the advisory's objects as they are now; versions already stored are left alone. Returns how many."""
    objects = advisory_stix_objects(advisory)
    fallback_version = stix_time(export_meta(advisory).modified)
    now = timezone.now()
    rows = []
    for position, body in enumerate(objects):
        shared = body["type"] in {"identity", "marking-definition"}
        rows.append(
            StixObject(
                advisory=None if shared else advisory,
                stix_id=body["id"],
                stix_type=body["type"],
                version=str(body.get("modified") or body.get("created") or fallback_version)
                if body["type"] != "software"
                else fallback_version,  # observables carry no timestamps: the revision's is theirs
                # A microsecond apart, so paging by date_added keeps the order objects were written in.
                date_added=now + timedelta(microseconds=position),
                body=body,
            )
        )
    StixObject.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
