"""Reminders by email: 60, 30 and 7 days before the 30 June deadline, and before a published status expires.

A daily job fans out over organisations in chunks of ids. Each chunk writes a
ReminderSent row per organisation and stage (unique), then sends the email
once the row is committed: a retried or repeated chunk sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse

from carecyber.assessments.engine.calendar import deadline, reminder_stage, toolkit_year, year_label
from carecyber.assessments.engine.status import Status
from carecyber.assessments.models import OrganisationStatus, ReminderKind, ReminderSent
from carecyber.assessments.services.assessments import today_local
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, Role

CHUNK_IDS = 1000


def reminder_chunks(*, size: int = CHUNK_IDS) -> list[tuple[int, int]]:
    """Ranges of organisation ids, each one task's work."""
    bounds = Organisation.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    return [(start, min(start + size - 1, bounds["high"])) for start in range(bounds["low"], bounds["high"] + 1, size)]


@dataclass(frozen=True)
class _Due:
    organisation: Organisation
    kind: str
    target: date
    stage: int
    percent: int | None


def reminders_send_chunk(*, first_id: int, last_id: int, today: date | None = None) -> int:
    """Send the reminders due today to organisations with ids in [first_id, last_id]. Returns emails sent."""
    today = today or today_local()
    year = toolkit_year(today)
    end = deadline(year)
    deadline_stage = reminder_stage((end - today).days)
    due: list[_Due] = []
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__gte=first_id, pk__lte=last_id).only("pk", "name", "code")
    }
    statuses = {
        s.pk: s
        for s in OrganisationStatus.objects.filter(organisation_id__in=list(organisations)).select_related("assessment")
    }
    for org_id, organisation in organisations.items():
        status = statuses.get(org_id)
        published_this_year = bool(status and status.published_on and toolkit_year(status.published_on) == year)
        if deadline_stage is not None and not published_this_year:
            percent = status.percent_complete if status and status.assessment_id else None
            due.append(_Due(organisation, ReminderKind.DEADLINE, end, deadline_stage, percent))
        if status and status.expires_on and status.status != Status.NOT_PUBLISHED:
            stage = reminder_stage((status.expires_on - today).days)
            if stage is not None:
                due.append(_Due(organisation, ReminderKind.EXPIRY, status.expires_on, stage, None))
    if not due:
        return 0
    leads: dict[int, list[str]] = {}
    for org_id, email in Membership.objects.filter(
        organisation_id__in={d.organisation.pk for d in due}, role=Role.SECURITY_LEAD, user__is_active=True
    ).values_list("organisation_id", "user__email"):
        leads.setdefault(org_id, []).append(email)
    due = [d for d in due if leads.get(d.organisation.pk)]
    sent = 0
    with transaction.atomic():
        already = set(
            ReminderSent.objects.filter(
                organisation_id__in={d.organisation.pk for d in due}, target_date__in={d.target for d in due}
            ).values_list("organisation_id", "kind", "target_date", "stage")
        )
        new = [d for d in due if (d.organisation.pk, d.kind, d.target, d.stage) not in already]
        ReminderSent.objects.bulk_create(
            [ReminderSent(organisation=d.organisation, kind=d.kind, target_date=d.target, stage=d.stage) for d in new]
        )
        for d in new:
            _send(d, leads[d.organisation.pk], today=today, year=year)
            sent += 1
    return sent


def _send(due: _Due, to: list[str], *, today: date, year: int) -> None:
    days = (due.target - today).days
    subject = (
        f"{days} days left to publish your {year_label(year)} data security toolkit"
        if due.kind == ReminderKind.DEADLINE
        else f"Your data security status expires in {days} days"
    )
    link = absolute_url(reverse("assessments:organisation", args=[due.organisation.code]))
    context = {
        "organisation": due.organisation,
        "kind": due.kind,
        "target": due.target,
        "days": days,
        "percent": due.percent,
        "year_label": year_label(year),
        "link": link,
    }
    transaction.on_commit(lambda: send_templated(to=to, subject=subject, template="toolkit_reminder", context=context))
