"""Scoped reads for the toolkit: what the actor may see, and nothing else.

Tenant data is reached through `visible_to(actor)`. Auditors see only the
assessments they are assigned to; staff see only the items assigned to them.
The public register and the status API read through the platform's own scope,
and only the fields they are allowed to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from carecyber.assessments.engine.calendar import DeadlineRisk, deadline_risk, toolkit_year
from carecyber.assessments.engine.status import STATUS_LABELS, Status, percent
from carecyber.assessments.models import (
    Answer,
    Assessment,
    Certificate,
    Comment,
    EvidenceFile,
    Framework,
    ImprovementPlan,
    IndependentAudit,
    OrganisationStatus,
    Publication,
    Standard,
)
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can
from carecyber.assessments.services.assessments import met_now, today_local
from carecyber.core import queries as core_queries
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation, Role

PUBLIC = Actor.system("public status register")


def organisation_for(actor: Actor, code: str) -> Organisation:
    return core_queries.organisation_for(actor, code)


def assessments_of(actor: Actor, organisation: Organisation) -> QuerySet[Assessment]:
    qs = Assessment.objects.visible_to(actor).filter(organisation=organisation).select_related("framework")
    if actor.role == Role.AUDITOR:
        qs = qs.filter(audits__auditor=actor.user)
    elif not toolkit_can(actor, ToolkitPerm.VIEW):
        return qs.none()
    return qs.order_by("-year", "framework__title")


def assessment_for(actor: Actor, code: str, pk: int) -> Assessment:
    """One assessment of the organisation `code`, or 404 (another organisation's, or an auditor not assigned)."""
    organisation = organisation_for(actor, code)
    qs = (
        Assessment.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("framework", "organisation", "organisation__parent")
    )
    if actor.role == Role.AUDITOR:
        qs = qs.filter(audits__auditor=actor.user)
    elif actor.role == Role.STAFF:
        qs = qs.filter(answers__assignee=actor.user).distinct()
    return get_object_or_404(qs, pk=pk)


def answer_for(actor: Actor, assessment: Assessment, reference: str) -> Answer:
    qs = (
        Answer.objects.visible_to(actor)
        .filter(assessment=assessment)
        .select_related("item", "item__assertion", "standard", "assignee", "updated_by")
    )
    if actor.role == Role.STAFF:
        qs = qs.filter(assignee=actor.user)
    answer = qs.filter(item__reference=reference).first()
    if answer is None:
        raise Http404("No such item in this assessment")
    answer.assessment = assessment
    return answer


@dataclass(frozen=True)
class StandardRow:
    standard: Standard
    applicable: int
    answered: int
    met: int
    mandatory: int
    mandatory_answered: int
    mandatory_met: int

    @property
    def percent_answered(self) -> int:
        return percent(self.answered, self.applicable)

    @property
    def percent_met(self) -> int:
        return percent(self.met, self.applicable)

    @property
    def mandatory_missing(self) -> int:
        return self.mandatory - self.mandatory_answered


def standard_progress(assessment: Assessment, *, today: date | None = None) -> list[StandardRow]:
    """Progress per standard, in one grouped query."""
    today = today or today_local()
    counts = {
        r["standard_id"]: r
        for r in Answer.objects.filter(assessment=assessment)
        .values("standard_id")
        .annotate(
            applicable=Count("pk"),
            answered_n=Count("pk", filter=Q(answered=True)),
            met_n=Count("pk", filter=met_now(today)),
            mandatory_n=Count("pk", filter=Q(mandatory=True)),
            mandatory_answered_n=Count("pk", filter=Q(mandatory=True, answered=True)),
            mandatory_met_n=Count("pk", filter=Q(mandatory=True) & met_now(today)),
        )
        .order_by()
    }
    rows = []
    for standard in Standard.objects.filter(framework=assessment.framework_id).order_by("position"):
        r = counts.get(standard.pk)
        if r is None:
            continue
        rows.append(
            StandardRow(
                standard,
                r["applicable"],
                r["answered_n"],
                r["met_n"],
                r["mandatory_n"],
                r["mandatory_answered_n"],
                r["mandatory_met_n"],
            )
        )
    return rows


def standard_for(assessment: Assessment, reference: str) -> Standard:
    return get_object_or_404(Standard, framework=assessment.framework_id, reference=reference)


def answers_of_standard(actor: Actor, assessment: Assessment, standard: Standard) -> list[Answer]:
    qs = (
        Answer.objects.visible_to(actor)
        .filter(assessment=assessment, standard=standard)
        .select_related("item", "item__assertion", "assignee")
        .order_by("item__position")
    )
    if actor.role == Role.STAFF:
        qs = qs.filter(assignee=actor.user)
    return list(qs)


def comments_on(actor: Actor, answer: Answer) -> list[Comment]:
    return list(Comment.objects.visible_to(actor).filter(assessment=answer.assessment_id, item=answer.item_id))


def evidence_on(actor: Actor, answer: Answer) -> list[EvidenceFile]:
    return list(
        EvidenceFile.objects.visible_to(actor)
        .filter(assessment=answer.assessment_id, item=answer.item_id)
        .order_by("withdrawn_at", "file_name", "-version")
    )


def evidence_for(actor: Actor, code: str, pk: int) -> EvidenceFile:
    organisation = organisation_for(actor, code)
    evidence = get_object_or_404(
        EvidenceFile.objects.visible_to(actor).select_related("assessment", "item"),
        pk=pk,
        assessment__organisation=organisation,
    )
    assessment_for(actor, code, evidence.assessment_id)  # auditors and staff: only what they may open
    return evidence


def my_assignments(actor: Actor) -> QuerySet[Answer]:
    if actor.user is None:
        return Answer.objects.none()
    return (
        Answer.objects.visible_to(actor)
        .filter(assignee=actor.user, assessment__year__gte=toolkit_year(today_local()) - 1)
        .select_related("item", "assessment", "assessment__organisation", "assessment__framework")
        .order_by("answered", "assessment__organisation__name", "item__position")
    )


def status_of(actor: Actor, organisation: Organisation) -> OrganisationStatus | None:
    return (
        OrganisationStatus.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("publication", "assessment", "assessment__framework", "plan")
        .first()
    )


def publications_of(actor: Actor, organisation: Organisation) -> QuerySet[Publication]:
    return (
        Publication.objects.visible_to(actor)
        .filter(organisation=organisation)
        .select_related("framework", "assessment__organisation")
        .order_by("-published_at", "-pk")
    )


def publication_for(actor: Actor, code: str, pk: int) -> Publication:
    organisation = organisation_for(actor, code)
    return get_object_or_404(publications_of(actor, organisation), pk=pk)


def certificates_of(actor: Actor, organisation: Organisation) -> QuerySet[Certificate]:
    return (
        Certificate.objects.visible_to(actor).filter(organisation=organisation).order_by("withdrawn_at", "-expires_on")
    )


def certificate_for(actor: Actor, code: str, pk: int) -> Certificate:
    return get_object_or_404(certificates_of(actor, organisation_for(actor, code)), pk=pk)


def plan_of(actor: Actor, assessment: Assessment) -> ImprovementPlan | None:
    return (
        ImprovementPlan.objects.visible_to(actor).filter(assessment=assessment).select_related("organisation").first()
    )


def plans_waiting(actor: Actor) -> QuerySet[ImprovementPlan]:
    return (
        ImprovementPlan.objects.visible_to(actor)
        .filter(state="submitted")
        .select_related("organisation", "assessment__framework")
        .order_by("signed_off_at")
    )


def audits_of(actor: Actor, assessment: Assessment) -> list[IndependentAudit]:
    qs = IndependentAudit.objects.visible_to(actor).filter(assessment=assessment).select_related("auditor")
    if actor.role == Role.AUDITOR:
        qs = qs.filter(auditor=actor.user)
    return list(qs)


def audit_for(actor: Actor, assessment: Assessment, pk: int) -> IndependentAudit:
    qs = IndependentAudit.objects.visible_to(actor).filter(assessment=assessment).select_related("auditor")
    if actor.role == Role.AUDITOR:
        qs = qs.filter(auditor=actor.user)
    return get_object_or_404(qs, pk=pk)


def my_audits(actor: Actor) -> QuerySet[IndependentAudit]:
    if actor.user is None:
        return IndependentAudit.objects.none()
    return (
        IndependentAudit.objects.visible_to(actor)
        .filter(auditor=actor.user)
        .select_related("organisation", "assessment__framework")
        .order_by("state", "-assigned_at")
    )


def current_frameworks() -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True).order_by("title")


# ---------------------------------------------------------------------------
# Public: the status register and the status API


@dataclass(frozen=True)
class RegisterRow:
    name: str
    code: str
    status: Status
    published_on: date | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


REGISTER_LIMIT = 50


def register_search(term: str, *, limit: int = REGISTER_LIMIT) -> tuple[list[RegisterRow], bool]:
    """Organisations by name (any part) or code; only name, code, status and publication date.

    Returns (rows, more) where `more` says there were more matches than shown.
    """
    term = term.strip()
    if len(term) < 2:
        return [], False
    qs = Organisation.objects.visible_to(PUBLIC)
    code = term.upper()
    exact = qs.filter(code=code)
    named = qs.filter(name__icontains=term).exclude(code=code).order_by("name", "code")
    fields = ("name", "code", "toolkit_status__status", "toolkit_status__published_on")
    rows = [*exact.values_list(*fields), *named.values_list(*fields)[: limit + 1]]
    return [_register_row(*r) for r in rows[:limit]], len(rows) > limit


def _register_row(name: str, code: str, status: str | None, published_on: date | None) -> RegisterRow:
    current = Status(status) if status else Status.NOT_PUBLISHED
    return RegisterRow(name, code, current, published_on if current != Status.NOT_PUBLISHED else None)


@dataclass(frozen=True)
class PublicStatus:
    code: str
    name: str
    status: Status
    published_on: date | None
    expires_on: date | None
    framework: str | None


def public_status(code: str) -> PublicStatus | None:
    """What the status API signs for one organisation code (None: no such organisation)."""
    row = (
        Organisation.objects.visible_to(PUBLIC)
        .filter(code=code.strip().upper())
        .values_list(
            "code",
            "name",
            "toolkit_status__status",
            "toolkit_status__published_on",
            "toolkit_status__expires_on",
            "toolkit_status__publication__framework__slug",
            "toolkit_status__publication__framework__version",
        )
        .first()
    )
    if row is None:
        return None
    org_code, name, status, published_on, expires_on, slug, version = row
    current = Status(status) if status else Status.NOT_PUBLISHED
    if current == Status.NOT_PUBLISHED:
        return PublicStatus(org_code, name, current, None, None, None)
    return PublicStatus(org_code, name, current, published_on, expires_on, f"{slug} {version}" if slug else None)


# ---------------------------------------------------------------------------
# For other capabilities: progress and status of many organisations at once


@dataclass(frozen=True)
class ToolkitSummary:
    organisation_id: int
    status: Status
    percent_complete: int
    published_on: date | None
    expires_on: date | None
    deadline_risk: DeadlineRisk
    days_left: int
    deadline: date

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def toolkit_summary_for(organisation_ids: Iterable[int], *, today: date | None = None) -> dict[int, ToolkitSummary]:
    """Status, percent complete, publication date and deadline risk for each organisation, in one query.

    For Support's partner dashboard (thousands of organisations); the caller scopes the ids it passes.
    Organisations that have not started get Not Published, 0% and a risk from the deadline alone.
    """
    today = today or today_local()
    ids = list(dict.fromkeys(organisation_ids))
    year = toolkit_year(today)
    rows = {
        r[0]: r
        for r in OrganisationStatus.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "status", "percent_complete", "published_on", "expires_on"
        )
    }
    out = {}
    for org_id in ids:
        _, status, done, published_on, expires_on = rows.get(org_id, (org_id, Status.NOT_PUBLISHED, 0, None, None))
        position = deadline_risk(
            percent_complete=done,
            published_this_year=published_on is not None and toolkit_year(published_on) == year,
            expires_on=expires_on,
            today=today,
        )
        out[org_id] = ToolkitSummary(
            organisation_id=org_id,
            status=Status(status),
            percent_complete=done,
            published_on=published_on,
            expires_on=expires_on,
            deadline_risk=position.risk,
            days_left=position.days_left,
            deadline=position.deadline,
        )
    return out
