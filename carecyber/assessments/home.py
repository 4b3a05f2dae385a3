"""Figures for the toolkit's home page sections, one function per role (few queries each)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from carecyber.assessments import presenters, queries
from carecyber.assessments.engine.calendar import deadline, reminder_stage, toolkit_year, year_label
from carecyber.assessments.engine.status import STATUS_LABELS, STATUS_ORDER, Status
from carecyber.assessments.models import Answer, AuditFinding, PlanAction
from carecyber.assessments.services.assessments import today_local
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation


def open_assignments(actor: Actor) -> int:
    if actor.user is None:
        return 0
    return (
        Answer.objects.visible_to(actor)
        .filter(assignee=actor.user, answered=False, assessment__year__gte=toolkit_year(today_local()))
        .count()
    )


def lead_context(actor: Actor, organisation: Organisation) -> dict[str, Any]:
    today = today_local()
    year = toolkit_year(today)
    status = queries.status_of(actor, organisation)
    assessment = status.assessment if status and status.assessment and status.assessment.year == year else None
    reminders: list[str] = []
    published_this_year = bool(status and status.published_on and toolkit_year(status.published_on) == year)
    days = (deadline(year) - today).days
    if not published_this_year and reminder_stage(days) is not None:
        reminders.append(f"Publish your {year_label(year)} assessment by {deadline(year):%-d %B %Y}: {days} days left.")
    if status and status.expires_on and status.status != Status.NOT_PUBLISHED:
        left = (status.expires_on - today).days
        if reminder_stage(left) is not None:
            reminders.append(
                f"Your published status expires on {status.expires_on:%-d %B %Y} ({left} days): "
                "publish again before then."
            )
    overdue = (
        PlanAction.objects.visible_to(actor)
        .filter(plan__organisation=organisation, due_on__lt=today)
        .exclude(progress="done")
        .count()
    )
    unanswered_findings = (
        AuditFinding.objects.visible_to(actor)
        .filter(audit__organisation=organisation, response="", audit__state="opinion_given")
        .count()
    )
    return {
        "organisation": organisation,
        "status": status,
        "assessment": assessment,
        "year_label": year_label(year),
        "reminders": reminders,
        "overdue_actions": overdue,
        "unanswered_findings": unanswered_findings,
        "present": presenters,
    }


def national_context(actor: Actor) -> dict[str, Any]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    total = Organisation.objects.visible_to(actor).count()
    for row in (
        Organisation.objects.visible_to(actor)
        .filter(toolkit_status__isnull=False)
        .values("toolkit_status__status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[Status(row["toolkit_status__status"])] += row["n"]
    counts[Status.NOT_PUBLISHED] += total - sum(counts.values())
    return {
        "counts": [(s, STATUS_LABELS[s], n) for s, n in counts.items()],
        "total": total,
        "plans_waiting": queries.plans_waiting(actor).count(),
        "present": presenters,
    }


def partner_context(actor: Actor) -> dict[str, Any]:
    ids = list(Organisation.objects.visible_to(actor).values_list("pk", flat=True)[:5000])
    summaries = queries.toolkit_summary_for(ids)
    counts = dict.fromkeys(STATUS_ORDER, 0)
    at_risk = 0
    for s in summaries.values():
        counts[s.status] += 1
        at_risk += s.deadline_risk.value in {"high", "missed"}
    return {
        "counts": [(s, STATUS_LABELS[s], n) for s, n in counts.items()],
        "total": len(ids),
        "at_risk": at_risk,
        "present": presenters,
    }


def auditor_context(actor: Actor) -> dict[str, Any]:
    return {"audits": list(queries.my_audits(actor)[:10]), "present": presenters}
