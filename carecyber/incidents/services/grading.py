"""Grading, the notification rules, the decision to notify or not, notifications and the 72-hour clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.incidents import access
from carecyber.incidents.engine import clock
from carecyber.incidents.engine.catalogue import default_rules_data
from carecyber.incidents.engine.grading import Grade, GradingError, GradingInput, Level, NotificationRules, grade
from carecyber.incidents.models import (
    ClockReminder,
    Decision,
    Incident,
    Notification,
    NotificationRuleSet,
    Status,
)
from carecyber.incidents.services.common import (
    case_record,
    case_url,
    claim_version,
    email_after_commit,
    leads_of,
    person_label,
    require_rights,
    timeline_auto,
)
from carecyber.incidents.services.webhooks import EVENT_GRADED, webhook_enqueue

# --- The rules --------------------------------------------------------------------------------


def rules_active() -> NotificationRules:
    """The rules in force: the newest saved version, or the starting rules (version 0) before any."""
    latest = NotificationRuleSet.objects.order_by("-id").first()
    if latest is None:
        return NotificationRules.from_data(default_rules_data(), version=0)
    return NotificationRules.from_data(latest.data, version=latest.pk)


def rules_version(version: int) -> NotificationRules | None:
    if version == 0:
        return NotificationRules.from_data(default_rules_data(), version=0)
    saved = NotificationRuleSet.objects.filter(pk=version).first()
    return NotificationRules.from_data(saved.data, version=saved.pk) if saved else None


RULES_LOCK = 8_002_026  # an arbitrary, fixed PostgreSQL advisory lock number for rule edits


def _lock_rules() -> None:
    """One rule edit at a time (PostgreSQL; SQLite serialises writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RULES_LOCK])


def rules_update(
    *,
    actor: Actor,
    based_on: int,
    cells: Mapping[tuple[int, int], str],
    likelihood_uplift: int,
    severity_uplift: int,
    note: str,
) -> NotificationRules:
    """Save a new version of the table. `based_on` is the version the editor started from (no silent overwrite)."""
    if not access.can_edit_rules(actor):
        raise PermissionDenied("Only the national team can change the notification rules")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what changed and why, for example the guidance it follows"})
    with transaction.atomic():
        # Serialise editors, then read the newest version: everyone must start from it.
        _lock_rules()
        current = rules_active()
        if current.version != based_on:
            raise ValidationError(
                {
                    "__all__": "Someone else saved new notification rules while you were editing. Nothing you chose "
                    "has been lost: check the rules now in force below, then save again."
                }
            )
        try:
            levels = {key: Level(value) for key, value in cells.items()}
            new = current.with_cells(
                levels,
                vulnerable_likelihood_uplift=int(likelihood_uplift),
                vulnerable_severity_uplift=int(severity_uplift),
                note=note[:500],
            )
        except (GradingError, ValueError) as exc:
            raise ValidationError({"__all__": str(exc)}) from None
        data = new.to_data()
        saved = NotificationRuleSet.objects.create(
            data=data, note=note[:500], created_by=actor.user, created_by_label=person_label(actor)
        )
        if saved.pk <= current.version:  # pragma: no cover  # ids only grow
            raise ValidationError({"__all__": "Save again: the rules changed while you were editing"})
        changed = {
            f"L{lk}S{sv}": [current.cells[(lk, sv)].value, new.cells[(lk, sv)].value]
            for (lk, sv) in sorted(new.cells)
            if current.cells[(lk, sv)] != new.cells[(lk, sv)]
        }
        audit_record(
            actor=actor,
            action="incident_rules.updated",
            obj=saved,
            object_label=f"version {saved.pk}",
            changes={
                "cells": changed,
                "uplift": [
                    [current.vulnerable_likelihood_uplift, current.vulnerable_severity_uplift],
                    [new.vulnerable_likelihood_uplift, new.vulnerable_severity_uplift],
                ],
                "note": note,
            },
        )
    return NotificationRules.from_data(data, version=saved.pk)


# --- Grading ------------------------------------------------------------------------------------


def _required_recipients(incident: Incident) -> set[str]:
    required: set[str] = set()
    if incident.notify_health_department:
        required.add(Notification.Recipient.HEALTH_DEPARTMENT)
    if incident.notify_regulator:
        required.add(Notification.Recipient.REGULATOR)
    if incident.nis_report:
        required.add(Notification.Recipient.NIS_AUTHORITY)
    return required


def missing_recipients(incident: Incident) -> list[str]:
    """Who must still be told before the clock stops (in a stable order)."""
    done = set(incident.notifications.values_list("recipient", flat=True))
    order = [r.value for r in Notification.Recipient]
    return [r for r in order if r in _required_recipients(incident) - done]


def _clock_stop(incident: Incident) -> datetime | None:
    """When the clock stopped: the decision not to notify, or the last required notification."""
    if not incident.notifiable:
        return None
    if incident.decision == Decision.NOT_NOTIFY:
        return incident.decided_at
    required = _required_recipients(incident)
    made = {
        row["recipient"]: row["last"]
        for row in incident.notifications.filter(recipient__in=required)
        .values("recipient")
        .annotate(last=Max("notified_at"))
        .order_by()
    }
    if required and required <= set(made):
        last: datetime = max(made.values())
        return last
    return None


def _apply_grade(incident: Incident, result: Grade) -> None:
    incident.graded_likelihood = result.likelihood
    incident.graded_severity = result.severity
    incident.score = result.score
    incident.band = result.band
    incident.level = result.level.value
    incident.notify_health_department = result.notify_health_department
    incident.notify_regulator = result.notify_regulator
    incident.tell_individuals = result.tell_individuals
    incident.nis_report = result.nis_report
    incident.grading_reasons = list(result.reasons)
    incident.rules_version = result.rules_version
    incident.notifiable = result.notifiable
    incident.deadline_at = clock.deadline_for(incident.aware_at) if result.notifiable else None


def _grading_snapshot(incident: Incident) -> dict[str, Any]:
    return {
        "likelihood": incident.likelihood,
        "severity": incident.severity,
        "vulnerable_groups": incident.vulnerable_groups,
        "significant_service_impact": incident.significant_service_impact,
        "score": incident.score,
        "level": incident.level,
        "nis_report": incident.nis_report,
        "notifiable": incident.notifiable,
        "data_subjects_count": incident.data_subjects_count,
    }


def incident_grade(
    *,
    actor: Actor,
    incident: Incident,
    version: int,
    likelihood: int,
    severity: int,
    vulnerable_groups: bool,
    significant_service_impact: bool | None = None,
    data_subjects_count: int | None = None,
) -> Incident:
    """Grade (or re-grade) with the rules in force. A change of grading is announced on the timeline and the webhook."""
    require_rights(actor, incident, "manage")
    essential = incident.org_category == 1
    rules = rules_active()
    try:
        result = grade(
            GradingInput(
                likelihood=likelihood,
                severity=severity,
                vulnerable_groups=vulnerable_groups,
                essential_service=essential,
                significant_service_impact=significant_service_impact if essential else None,
            ),
            rules,
        )
    except GradingError as exc:
        field = "significant_service_impact" if "continuity" in str(exc) else "__all__"
        raise ValidationError({field: str(exc)}) from None
    if data_subjects_count is not None and not 0 <= data_subjects_count <= 100_000_000:
        raise ValidationError({"data_subjects_count": "Enter a number of people from 0 to 100,000,000"})
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        if current.is_closed:
            raise ValidationError({"__all__": "This case is closed: reopen it to change the grading"})
        before = _grading_snapshot(current)
        was_level, was_nis, was_graded = current.level, current.nis_report, current.is_graded
        current.likelihood, current.severity = likelihood, severity
        current.vulnerable_groups = vulnerable_groups
        current.significant_service_impact = significant_service_impact if essential else None
        if data_subjects_count is not None:
            current.data_subjects_count = data_subjects_count
        _apply_grade(current, result)
        current.graded_at = timezone.now()
        current.graded_by = actor.user
        grading_changed = not was_graded or was_level != current.level or was_nis != current.nis_report
        if grading_changed and current.decision == Decision.NOT_NOTIFY and current.notifiable:
            current.decision = Decision.PENDING
            current.decision_reason = ""
            current.decided_at = None
            timeline_auto(
                current,
                "The grading changed, so the earlier decision not to notify has been set aside: decide again.",
                actor=actor,
            )
        current.clock_stopped_at = _clock_stop(current)
        if current.status == Status.NEW:
            current.status = Status.TRIAGE
        current.save()
        after = _grading_snapshot(current)
        changes = diff(before, after)
        verb = "Re-graded" if was_graded else "Graded"
        case_record(
            actor=actor,
            incident=current,
            action="incident.graded",
            timeline=f"{verb}: {_grade_words(current)}",
            changes={**changes, "rules_version": result.rules_version},
            touch_case=False,
        )
        if grading_changed or changes:
            webhook_enqueue(incident=current, event=EVENT_GRADED)
    return current


def _grade_words(incident: Incident) -> str:
    parts = [
        f"likelihood {incident.graded_likelihood} × severity {incident.graded_severity} "
        f"= {incident.score} ({incident.band})"
    ]
    if incident.notify_regulator:
        parts.append("notify the regulator and the health department")
    elif incident.notify_health_department:
        parts.append("report to the health department")
    else:
        parts.append("no notification needed by the grid")
    if incident.nis_report:
        parts.append("report as an essential-service incident")
    if incident.notifiable:
        parts.append(f"deadline {timezone.localtime(incident.deadline_at):%d %B %H:%M}" if incident.deadline_at else "")
    return "; ".join(p for p in parts if p) + "."


def incident_decide(*, actor: Actor, incident: Incident, version: int, decision: str, reason: str) -> Incident:
    """Record the decision: notify, or not notify with the reason (kept for the regulator to see)."""
    require_rights(actor, incident, "manage")
    reason = reason.strip()
    if decision not in {Decision.NOTIFY, Decision.NOT_NOTIFY}:
        raise ValidationError({"decision": "Choose whether you will notify"})
    if decision == Decision.NOT_NOTIFY and len(reason) < 10:
        raise ValidationError(
            {"reason": "Give the reason for not notifying, in a sentence or two (it is kept on record)"}
        )
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        if not current.is_graded:
            raise ValidationError({"__all__": "Grade the incident first: the decision follows from the grading"})
        before = {"decision": current.decision, "reason": current.decision_reason}
        current.decision = decision
        current.decision_reason = reason
        current.decided_at = timezone.now()
        current.decided_by = actor.user
        current.clock_stopped_at = _clock_stop(current)
        current.save()
        if decision == Decision.NOT_NOTIFY:
            text = f"Decided not to notify. Reason: {reason}"
        else:
            text = "Decided to notify." + (f" {reason}" if reason else "")
        case_record(
            actor=actor,
            incident=current,
            action="incident.decided",
            timeline=text,
            changes=diff(before, {"decision": decision, "reason": reason}),
            touch_case=False,
        )
    return current


def notification_record(
    *, actor: Actor, incident: Incident, recipient: str, reference: str, notified_at: datetime
) -> Notification:
    """The lead records who was told, their reference, and when. The clock stops once everyone required is told."""
    require_rights(actor, incident, "manage")
    reference = reference.strip()
    errors: dict[str, str] = {}
    if recipient not in Notification.Recipient.values:
        errors["recipient"] = "Choose who you notified"
    if len(reference) > 100:
        errors["reference"] = "A reference has at most 100 characters"
    now = timezone.now()
    if notified_at > now + timedelta(minutes=5):
        errors["notified_at"] = "The time you notified them cannot be in the future"
    elif notified_at < incident.occurred_at:
        errors["notified_at"] = "You cannot have notified them before the incident happened"
    if recipient in {Notification.Recipient.REGULATOR, Notification.Recipient.HEALTH_DEPARTMENT} and not reference:
        errors["reference"] = "Enter the reference they gave you (it proves when you told them)"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Incident.objects.select_for_update().get(pk=incident.pk)
        note = Notification.objects.create(
            incident=current, recipient=recipient, reference=reference, notified_at=notified_at, recorded_by=actor.user
        )
        if current.decision == Decision.PENDING and recipient != Notification.Recipient.POLICE:
            current.decision = Decision.NOTIFY
            current.decided_at = now
            current.decided_by = actor.user
        current.clock_stopped_at = _clock_stop(current)
        if recipient == Notification.Recipient.HEALTH_DEPARTMENT and not current.shared_with_national:
            current.shared_with_national = True
            current.shared_at = now
        current.version += 1
        current.updated_by_label = person_label(actor)
        current.save()
        timeline_auto(
            current,
            f"Notified {note.get_recipient_display().lower()}"
            + (f", reference {reference}" if reference else "")
            + (". The 72-hour clock has stopped." if current.clock_stopped_at and current.notifiable else "."),
            actor=actor,
            at=notified_at,
        )
        case_record(
            actor=actor,
            incident=current,
            action="incident.notified",
            changes={"recipient": recipient, "reference": reference, "notified_at": notified_at.isoformat()},
            touch_case=False,
        )
    return note


# --- The clock's reminders ----------------------------------------------------------------------


def incidents_with_reminder_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Ids of running clocks with a reminder due and not yet sent (one grouped query per mark)."""
    now = now or timezone.now()
    condition = Q()
    for hours in clock.REMINDER_HOURS:
        later_or_same = ClockReminder.objects.filter(incident=OuterRef("pk"), hours__gte=hours)
        condition |= Q(aware_at__lte=now - timedelta(hours=hours)) & ~Q(Exists(later_or_same))
    qs = (
        Incident.objects.filter(notifiable=True, clock_stopped_at__isnull=True)
        .exclude(status=Status.CLOSED)
        .filter(deadline_at__gt=now - timedelta(days=30))
        .filter(condition)
        .order_by("deadline_at")
        .values_list("pk", flat=True)
    )
    return list(qs[:limit])


def clock_reminder_send(*, incident_id: int, now: datetime | None = None) -> int | None:
    """Send the reminder now due for one incident, once. Returns the hour mark sent, or None."""
    now = now or timezone.now()
    incident = Incident.objects.select_related("organisation", "owner").filter(pk=incident_id).first()
    if incident is None or not incident.clock_running or incident.is_closed:
        return None
    already = set(ClockReminder.objects.filter(incident=incident).values_list("hours", flat=True))
    plan = clock.reminder_due(incident.aware_at, now, already)
    if plan.send is None:
        return None
    try:
        with transaction.atomic():
            for hours in plan.passed:
                ClockReminder.objects.get_or_create(incident=incident, hours=hours, defaults={"sent": False})
            ClockReminder.objects.create(incident=incident, hours=plan.send, sent=True)
            state = clock.clock_state(incident.aware_at, now)
            to_tell = missing_recipients(incident)
            timeline_auto(
                incident,
                f"Reminder sent: {plan.send} hours since the organisation became aware; {state.words}.",
                label="CareCyber",
            )
            recipients = [u.email for u in leads_of(incident.organisation)]
            if incident.owner is not None:
                recipients.append(incident.owner.email)
            email_after_commit(
                to=recipients,
                subject=f"{incident.reference}: {state.words} to notify",
                template="incident_clock_reminder",
                context={
                    "incident": incident,
                    "hours": plan.send,
                    "words": state.words,
                    "deadline": incident.deadline_at,
                    "overdue": state.overdue,
                    "to_tell": [Notification.Recipient(r).label for r in to_tell],
                    "link": case_url(incident),
                },
            )
            case_record(
                actor=Actor.system("incident clock reminder"),
                incident=incident,
                action="incident.clock_reminder",
                changes={"hours": plan.send, "passed": list(plan.passed)},
                touch_case=False,
            )
    except IntegrityError:
        return None  # another worker sent it first
    return plan.send
