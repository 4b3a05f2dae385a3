"""Helpers for the incident tests: acting as a named person, and making incidents through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, User
from carecyber.incidents import services
from carecyber.incidents.models import Incident


def actor_for(user: User, membership: Membership | None = None) -> Actor:
    return Actor(user=user, membership=membership or user.memberships.select_related("organisation").first())


def report(user: User, *, ago: timedelta = timedelta(hours=1), **fields: Any) -> Incident:
    now = timezone.now()
    data = {
        "category": "misdirected_email",
        "summary": "A discharge letter went to the wrong GP practice",
        "still_happening": "no",
        "occurred_at": now - ago,
        "aware_at": now - ago + timedelta(minutes=10),
        **fields,
    }
    return services.incident_report(actor=actor_for(user), data=services.ReportInput(**data))


def grade(lead: User, incident: Incident, likelihood: int = 4, severity: int = 4, **fields: Any) -> Incident:
    incident.refresh_from_db()
    essential = incident.org_category == 1
    fields.setdefault("vulnerable_groups", False)
    if essential:
        fields.setdefault("significant_service_impact", False)
    return services.incident_grade(
        actor=actor_for(lead),
        incident=incident,
        version=incident.version,
        likelihood=likelihood,
        severity=severity,
        **fields,
    )


def local(value: datetime) -> str:
    """A time as the datetime-local input sends it."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
