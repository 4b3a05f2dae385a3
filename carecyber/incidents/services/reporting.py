"""Reporting an incident: anyone in an organisation, in a minute, without blame, named or anonymously."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.incidents import access
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.models import Incident, IncidentLink, Source, StillHappening
from carecyber.incidents.services.common import (
    ANONYMOUS_LABEL,
    case_url,
    check_times,
    email_after_commit,
    leads_of,
    person_label,
    timeline_auto,
)
from carecyber.incidents.services.webhooks import EVENT_CREATED, webhook_enqueue

PHISHING_KINDS = {"clicked": "phishing_clicked", "entered_password": "phishing_credentials"}


@dataclass(frozen=True)
class ReportInput:
    category: str
    summary: str
    description: str = ""
    data_or_systems: str = ""
    still_happening: str = StillHappening.UNSURE
    occurred_at: datetime | None = None
    aware_at: datetime | None = None
    anonymous: bool = False

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> ReportInput:
        """The report as the web form and the API both collect it, under the same names."""
        return cls(
            category=answers["category"],
            summary=answers["summary"],
            description=answers["description"],
            data_or_systems=answers["data_or_systems"],
            still_happening=answers["still_happening"],
            occurred_at=answers["occurred_at"],
            aware_at=answers["aware_at"],
            anonymous=answers["anonymous"],
        )


@dataclass(frozen=True)
class LinkInput:
    kind: str
    reference: str
    label: str = ""


@dataclass(frozen=True)
class AnonymousActor(Actor):
    """Stands in for an anonymous reporter in the audit log: no person, no address, only the request id."""

    @property
    def label(self) -> str:
        return "anonymous reporter"


@dataclass
class _Checked:
    category: str
    summary: str
    description: str
    data_or_systems: str
    still_happening: str
    occurred_at: datetime
    aware_at: datetime
    errors: dict[str, str] = field(default_factory=dict)


def _check(data: ReportInput, now: datetime) -> _Checked:
    errors: dict[str, str] = {}
    if data.category not in catalogue().category_keys:
        errors["category"] = "Choose what kind of incident this is"
    summary = " ".join(data.summary.split())
    if not summary:
        errors["summary"] = "Say in a sentence what happened"
    elif len(summary) > 200:
        errors["summary"] = "Keep the summary to 200 characters; put the rest under more detail"
    if len(data.description) > 10_000:
        errors["description"] = "Keep the detail to 10,000 characters"
    if len(data.data_or_systems) > 5_000:
        errors["data_or_systems"] = "Keep this to 5,000 characters"
    if data.still_happening not in StillHappening.values:
        errors["still_happening"] = "Say whether it is still happening"
    if errors:
        raise ValidationError(errors)
    occurred_at = data.occurred_at or now
    aware_at = data.aware_at or now
    check_times(occurred_at=occurred_at, aware_at=aware_at, now=now)
    return _Checked(
        category=data.category,
        summary=summary,
        description=data.description.strip(),
        data_or_systems=data.data_or_systems.strip(),
        still_happening=data.still_happening,
        occurred_at=occurred_at,
        aware_at=aware_at,
    )


def incident_report(
    *, actor: Actor, data: ReportInput, source: str = Source.FORM, links: Sequence[LinkInput] = ()
) -> Incident:
    """Record a report, alert the organisation's security leads at once, and tell any webhook."""
    if not access.can_report(actor) or actor.organisation is None:
        raise PermissionDenied("Only people in an organisation can report an incident for it")
    organisation = actor.organisation
    now = timezone.now()
    checked = _check(data, now)
    category = catalogue().category(checked.category)
    with transaction.atomic():
        incident = Incident.objects.create(
            organisation=organisation,
            region=organisation.region,
            org_type=organisation.type,
            org_category=organisation.category,
            category=checked.category,
            summary=checked.summary,
            description=checked.description,
            data_or_systems=checked.data_or_systems,
            still_happening=checked.still_happening,
            occurred_at=checked.occurred_at,
            aware_at=checked.aware_at,
            reporter=None if data.anonymous else actor.user,
            anonymous=data.anonymous,
            source=source,
            suggested_playbook=category.playbook,
            updated_by_label=ANONYMOUS_LABEL if data.anonymous else person_label(actor),
        )
        for link in links:
            IncidentLink.objects.create(
                incident=incident,
                kind=link.kind,
                reference=link.reference[:100],
                label=link.label[:200],
                created_by_label=ANONYMOUS_LABEL if data.anonymous else person_label(actor),
            )
        who = ANONYMOUS_LABEL if data.anonymous else person_label(actor)
        timeline_auto(incident, f"Reported: {category.label.lower()}.", label=who, at=incident.reported_at)
        audit_actor = (
            AnonymousActor(user=None, membership=None, request_id=actor.request_id) if data.anonymous else actor
        )
        audit_record(
            actor=audit_actor,
            action="incident.reported",
            obj=incident,
            organisation=organisation,
            object_label=incident.reference,
            changes={"category": incident.category, "source": source, "anonymous": data.anonymous},
        )
        webhook_enqueue(incident=incident, event=EVENT_CREATED)
        urgent = incident.still_happening == StillHappening.YES
        email_after_commit(
            to=[u.email for u in leads_of(organisation)],
            subject=f"{'Urgent: ' if urgent else ''}new incident {incident.reference} at {organisation.name}",
            template="incident_reported",
            context={
                "incident": incident,
                "category_label": category.label,
                "reporter": "someone who chose to stay anonymous" if data.anonymous else who,
                "urgent": urgent,
                "link": case_url(incident),
            },
        )
    return incident


def incident_report_from_phishing(*, actor: Actor, phishing_report_id: int, kind: str, summary: str) -> Incident:
    """For phishing's "I clicked" and "I entered my password" buttons: a pre-filled incident, linked to the report.

    Pressing the button twice gives the same open incident, not a second one.
    """
    if kind not in PHISHING_KINDS:
        raise ValidationError({"kind": "Say whether you clicked a link or entered a password"})
    category = PHISHING_KINDS[kind]
    reference = str(int(phishing_report_id))
    if actor.organisation is not None and actor.user is not None:
        existing = (
            Incident.objects.filter(
                organisation=actor.organisation,
                reporter=actor.user,
                category=category,
                links__kind=IncidentLink.Kind.PHISHING_REPORT,
                links__reference=reference,
            )
            .exclude(status="closed")
            .first()
        )
        if existing is not None:
            return existing
    what = "entered my password" if kind == "entered_password" else "clicked a link or opened an attachment"
    return incident_report(
        actor=actor,
        data=ReportInput(
            category=category,
            summary=(summary.strip() or f"I {what} in a suspicious email")[:200],
            description=f"Reported from the phishing report {reference}: I {what}.",
            still_happening=StillHappening.UNSURE,
        ),
        source=Source.PHISHING,
        links=[
            LinkInput(kind=IncidentLink.Kind.PHISHING_REPORT, reference=reference, label=f"Phishing report {reference}")
        ],
    )
