"""Independent audit: assign an auditor, record findings and an opinion, and let the organisation respond."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.assessments.engine.items import ACHIEVEMENT_KEYS
from carecyber.assessments.models import (
    Assessment,
    AuditFinding,
    AuditState,
    FindingRating,
    IndependentAudit,
    Item,
    Reliance,
    RiskLevel,
)
from carecyber.assessments.permissions import ToolkitPerm, require
from carecyber.assessments.services.assessments import leads_of
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Role, User

TEXT_MAX = 5000


def audit_assign(*, actor: Actor, assessment: Assessment, auditor: User) -> IndependentAudit:
    """Give an auditor (a person with the auditor role at the organisation) read-only access to the assessment."""
    require(actor, ToolkitPerm.AUDIT_ASSIGN)
    if not Membership.objects.filter(user=auditor, organisation=assessment.organisation_id, role=Role.AUDITOR).exists():
        raise ValidationError({"auditor": [f"{auditor.full_name} is not an auditor of {assessment.organisation.name}"]})
    with transaction.atomic():
        audit, created = IndependentAudit.objects.get_or_create(
            assessment=assessment,
            auditor=auditor,
            defaults={"organisation": assessment.organisation, "assigned_by": actor.user},
        )
        if not created:
            raise ValidationError({"auditor": [f"{auditor.full_name} is already auditing this assessment"]})
        audit_record(
            actor=actor,
            action="audit.assigned",
            obj=audit,
            organisation=assessment.organisation_id,
            changes={"auditor": auditor.email},
        )
        link = absolute_url(reverse("assessments:audit", args=[assessment.organisation.code, assessment.pk, audit.pk]))
        transaction.on_commit(
            lambda: send_templated(
                to=[auditor.email],
                subject=f"You have been asked to audit {assessment.organisation.name}'s assessment",
                template="toolkit_audit_assigned",
                context={
                    "auditor": auditor,
                    "assessment": assessment,
                    "organisation": assessment.organisation,
                    "link": link,
                },
            )
        )
    return audit


def _as_the_auditor(actor: Actor, audit: IndependentAudit) -> None:
    require(actor, ToolkitPerm.AUDIT_RECORD)
    if actor.user is None or audit.auditor_id != actor.user.pk:
        raise PermissionDenied("Only the auditor assigned to this audit can record it")
    if audit.state != AuditState.IN_PROGRESS:
        raise ValidationError({"__all__": ["The opinion has been given: this audit is closed"]})


def finding_add(
    *,
    actor: Actor,
    audit: IndependentAudit,
    item: Item,
    rating: str,
    finding: str,
    recommendation: str = "",
    assessed_level: str = "",
) -> AuditFinding:
    _as_the_auditor(actor, audit)
    errors: dict[str, list[str]] = {}
    if item.framework_id != audit.assessment.framework_id:
        errors["item"] = ["Choose an item of the assessment being audited"]
    if rating not in FindingRating.values:
        errors["rating"] = ["Choose how far you agree with the self-assessment"]
    if not finding.strip():
        errors["finding"] = ["Describe what you found"]
    elif len(finding) > TEXT_MAX:
        errors["finding"] = [f"Keep the finding to {TEXT_MAX:,} characters or fewer"]
    if len(recommendation) > TEXT_MAX:
        errors["recommendation"] = [f"Keep the recommendation to {TEXT_MAX:,} characters or fewer"]
    if assessed_level and assessed_level not in ACHIEVEMENT_KEYS:
        errors["assessed_level"] = ["Choose not achieved, partially achieved or achieved"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = AuditFinding.objects.create(
            audit=audit,
            item=item,
            rating=rating,
            assessed_level=assessed_level,
            finding=finding.strip(),
            recommendation=recommendation.strip(),
        )
        audit_record(
            actor=actor,
            action="audit.finding_recorded",
            obj=audit,
            organisation=audit.organisation_id,
            changes={"item": item.reference, "rating": rating, "assessed_level": assessed_level},
        )
    return row


def opinion_give(
    *, actor: Actor, audit: IndependentAudit, reliance: str, risk_level: str, opinion: str
) -> IndependentAudit:
    """The overall opinion: how far the self-assessment can be relied on, and the risk level. Closes the audit."""
    _as_the_auditor(actor, audit)
    errors: dict[str, list[str]] = {}
    if reliance not in Reliance.values:
        errors["reliance"] = ["Choose how far the self-assessment can be relied on"]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = ["Choose the overall risk level"]
    if not opinion.strip():
        errors["opinion"] = ["Explain your opinion in a few sentences"]
    elif len(opinion) > TEXT_MAX:
        errors["opinion"] = [f"Keep the opinion to {TEXT_MAX:,} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        IndependentAudit.objects.filter(pk=audit.pk).update(
            state=AuditState.OPINION_GIVEN,
            reliance=reliance,
            risk_level=risk_level,
            opinion=opinion.strip(),
            opinion_at=timezone.now(),
        )
        audit.refresh_from_db()
        audit_record(
            actor=actor,
            action="audit.opinion_given",
            obj=audit,
            organisation=audit.organisation_id,
            changes={"reliance": reliance, "risk_level": risk_level, "findings": audit.findings.count()},
        )
        leads = [u.email for u in leads_of(audit.organisation_id)]
        if leads:
            link = absolute_url(
                reverse("assessments:audit", args=[audit.organisation.code, audit.assessment_id, audit.pk])
            )
            transaction.on_commit(
                lambda: send_templated(
                    to=leads,
                    subject=f"The independent audit of your {audit.assessment.year_label} assessment is complete",
                    template="toolkit_audit_opinion",
                    context={"audit": audit, "link": link},
                )
            )
    return audit


def finding_respond(*, actor: Actor, finding: AuditFinding, response: str) -> AuditFinding:
    """The organisation answers a finding (it can change its answer until the next publication)."""
    require(actor, ToolkitPerm.AUDIT_RESPOND)
    text = response.strip()
    if not text:
        raise ValidationError({"response": ["Enter your response to the finding"]})
    if len(text) > TEXT_MAX:
        raise ValidationError({"response": [f"Keep the response to {TEXT_MAX:,} characters or fewer"]})
    with transaction.atomic():
        AuditFinding.objects.filter(pk=finding.pk).update(
            response=text, responded_at=timezone.now(), responded_by=actor.user
        )
        audit_record(
            actor=actor,
            action="audit.finding_answered",
            obj=finding.audit,
            organisation=finding.audit.organisation_id,
            changes={"item": finding.item.reference},
        )
    finding.refresh_from_db()
    return finding
