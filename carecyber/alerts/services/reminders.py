"""Reminders and escalation for overdue acknowledgements and updates, run on a schedule.

Idempotent: each (response, kind, deadline) gets at most one Reminder row (a
unique constraint), and its email and notices are sent only when that row is
created, so running the job twice, or on two machines, never reminds twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from carecyber.alerts.deadlines import escalate_after
from carecyber.alerts.models import (
    AdvisoryStatus,
    AlertContact,
    Notification,
    Reminder,
    ReminderKind,
    Response,
    ResponseEvent,
    ResponseState,
)
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Role

_ACTOR = Actor.system("alerts: reminders and escalation")
BATCH = 500


def recipients_for(response: Response) -> list[tuple[str, str]]:
    """(email, name) of who hears about an organisation's alerts: its contacts, or its (and its HQ's) leads."""
    contacts = list(AlertContact.objects.filter(organisation_id=response.organisation_id).values_list("email", "name"))
    if contacts:
        return contacts
    org = response.organisation
    places = [org.pk, *([org.parent_id] if org.parent_id else [])]
    leads = Membership.objects.filter(
        role=Role.SECURITY_LEAD, organisation_id__in=places, user__is_active=True
    ).values_list("user__email", "user__full_name")
    return sorted(set(leads))


def _lead_ids(response: Response) -> list[int]:
    org = response.organisation
    places = [org.pk, *([org.parent_id] if org.parent_id else [])]
    return list(
        Membership.objects.filter(role=Role.SECURITY_LEAD, organisation_id__in=places).values_list("user_id", flat=True)
    )


def _not_yet(qs: QuerySet[Response], kind: str, deadline_field: str) -> QuerySet[Response]:
    done = Reminder.objects.filter(response=OuterRef("pk"), kind=kind, due_at=OuterRef(deadline_field))
    return qs.exclude(Exists(done))


def _claim(response: Response, kind: str, due_at: datetime) -> Reminder | None:
    try:
        with transaction.atomic():
            return Reminder.objects.create(response=response, kind=kind, due_at=due_at)
    except IntegrityError:
        return None  # another run got there first


def _remind(response: Response, kind: str, due_at: datetime, now: datetime) -> bool:
    with transaction.atomic():
        reminder = _claim(response, kind, due_at)
        if reminder is None:
            return False
        advisory = response.advisory
        what = "acknowledge" if kind == ReminderKind.ACK_REMINDER else "send an update on"
        note = f"Reminder: {what} {advisory.reference} (it was due {due_at:%d %B %Y at %H:%M})"
        ResponseEvent.objects.create(response=response, kind="reminded", by_label=_ACTOR.label, note=note)
        for user_id in _lead_ids(response):
            Notification.objects.get_or_create(
                user_id=user_id,
                key=f"reminder:{reminder.pk}",
                defaults={"advisory": advisory, "text": f"{note} for {response.organisation.name}"[:300]},
            )
        recipients = recipients_for(response)
        link = absolute_url(reverse("alerts:advisory-detail", args=[advisory.reference]))
        organisation_name = response.organisation.name

        def send() -> None:
            for email, name in recipients:
                send_templated(
                    to=[email],
                    subject=f"Overdue: {what} {advisory.reference} for {organisation_name}",
                    template="alerts_reminder",
                    context={
                        "name": name,
                        "what": what,
                        "advisory": advisory,
                        "due_at": due_at,
                        "organisation": organisation_name,
                        "link": link,
                    },
                )

        transaction.on_commit(send)
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now)
        audit_record(
            actor=_ACTOR,
            action="response.reminded",
            obj=response,
            organisation=response.organisation_id,
            object_label=f"{advisory.reference} for {response.organisation.code}",
            changes={"kind": kind, "due_at": due_at.isoformat(), "recipients": len(recipients)},
        )
    return True


def _escalate(response: Response, kind: str, due_at: datetime, now: datetime) -> bool:
    with transaction.atomic():
        reminder = _claim(response, kind, due_at)
        if reminder is None:
            return False
        what = "acknowledgement" if kind == ReminderKind.ACK_ESCALATION else "update"
        note = f"Escalated to the national team: the {what} was due {due_at:%d %B %Y at %H:%M}"
        ResponseEvent.objects.create(response=response, kind="escalated", by_label=_ACTOR.label, note=note)
        Response.objects.filter(pk=response.pk).update(escalated_at=now)
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now)
        audit_record(
            actor=_ACTOR,
            action="response.escalated",
            obj=response,
            organisation=response.organisation_id,
            object_label=f"{response.advisory.reference} for {response.organisation.code}",
            changes={"kind": kind, "due_at": due_at.isoformat()},
        )
    return True


def _national_digest(escalated: dict[int, list[Response]], now: datetime) -> None:
    """One notice per national analyst per advisory per day, and one email listing everything escalated."""
    if not escalated:
        return
    national = list(Membership.objects.filter(role=Role.NATIONAL, user__is_active=True).select_related("user"))
    lines = []
    for responses in escalated.values():
        advisory = responses[0].advisory
        text = f"{len(responses)} organisation(s) overdue on {advisory.reference}: {advisory.title}"[:300]
        lines.append(text)
        for member in national:
            Notification.objects.get_or_create(
                user=member.user,
                key=f"escalation:{advisory.pk}:{now:%Y-%m-%d}",
                defaults={"advisory": advisory, "text": text},
            )
    link = absolute_url(reverse("alerts:dashboard"))
    for member in national:
        send_templated(
            to=[member.user.email],
            subject=f"Escalated: {sum(len(r) for r in escalated.values())} overdue alert responses",
            template="alerts_escalation",
            context={"name": member.user.full_name, "lines": lines, "link": link},
        )


def reminders_run(now: datetime | None = None) -> dict[str, int]:
    """Remind organisations of what is overdue, and escalate what stays overdue. Returns counts."""
    now = now or timezone.now()
    late = now - escalate_after()
    live = Response.objects.filter(advisory__status=AdvisoryStatus.PUBLISHED).select_related("advisory", "organisation")
    unacknowledged = live.filter(state=ResponseState.OPEN, ack_due_at__isnull=False)
    updating = live.filter(
        state__in=[ResponseState.ACKNOWLEDGED, ResponseState.IN_PROGRESS], next_update_due_at__isnull=False
    )
    counts = {"ack_reminders": 0, "ack_escalations": 0, "update_reminders": 0, "update_escalations": 0}
    escalated: dict[int, list[Response]] = defaultdict(list)
    for response in _not_yet(unacknowledged.filter(ack_due_at__lt=now), ReminderKind.ACK_REMINDER, "ack_due_at")[
        : BATCH * 20
    ]:
        assert response.ack_due_at is not None
        counts["ack_reminders"] += _remind(response, ReminderKind.ACK_REMINDER, response.ack_due_at, now)
    for response in _not_yet(unacknowledged.filter(ack_due_at__lt=late), ReminderKind.ACK_ESCALATION, "ack_due_at")[
        : BATCH * 20
    ]:
        assert response.ack_due_at is not None
        if _escalate(response, ReminderKind.ACK_ESCALATION, response.ack_due_at, now):
            counts["ack_escalations"] += 1
            escalated[response.advisory_id].append(response)
    for response in _not_yet(
        updating.filter(next_update_due_at__lt=now), ReminderKind.UPDATE_REMINDER, "next_update_due_at"
    )[: BATCH * 20]:
        assert response.next_update_due_at is not None
        counts["update_reminders"] += _remind(response, ReminderKind.UPDATE_REMINDER, response.next_update_due_at, now)
    for response in _not_yet(
        updating.filter(next_update_due_at__lt=late), ReminderKind.UPDATE_ESCALATION, "next_update_due_at"
    )[: BATCH * 20]:
        assert response.next_update_due_at is not None
        if _escalate(response, ReminderKind.UPDATE_ESCALATION, response.next_update_due_at, now):
            counts["update_escalations"] += 1
            escalated[response.advisory_id].append(response)
    _national_digest(escalated, now)
    return counts
