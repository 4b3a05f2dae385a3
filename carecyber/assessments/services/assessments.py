"""Assessments: start one for the year, answer its items, assign them, comment, and keep its figures right."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from carecyber.assessments.engine.calendar import toolkit_year, year_label
from carecyber.assessments.engine.items import (
    Achievement,
    AnswerError,
    Evaluation,
    describe_value,
    evaluate,
    parse_answer,
)
from carecyber.assessments.engine.status import percent
from carecyber.assessments.models import (
    Answer,
    Assessment,
    Comment,
    EvidenceFile,
    Framework,
    Item,
    OrganisationStatus,
)
from carecyber.assessments.permissions import ToolkitPerm, require, toolkit_can
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, Role, User

COMMENT_MAX = 2000


def today_local() -> date:
    return timezone.localdate()


class AnswerConflict(ValidationError):
    """Someone else saved this item after the person loaded it: nothing was saved, and they are told."""

    def __init__(self, *, current: Answer, changed_by: str, changed_at: datetime | None) -> None:
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = timezone.localtime(changed_at).strftime("%H:%M on %d %B %Y") if changed_at else "a moment ago"
        shown = describe_value(current.item.rule(), current.value) or "no answer"
        super().__init__(
            {
                "value": f"{changed_by} changed this answer at {when}, after you opened it. "
                f"Their answer is: {shown}. Your answer has not been saved: check theirs, "
                "then save yours again if it should replace it."
            }
        )


# ---------------------------------------------------------------------------
# Profiles and evaluation


def profile_targets(framework: Framework, profile: str) -> tuple[Achievement, dict[str, Achievement]]:
    """The default level and the per-outcome levels of one profile, read from the stored file."""
    for entry in (framework.spec or {}).get("profiles", []):
        if entry.get("name") == profile:
            default = Achievement.from_key(entry.get("default_target", "achieved"))
            targets = {str(ref): Achievement.from_key(level) for ref, level in (entry.get("targets") or {}).items()}
            return default, targets
    return Achievement.ACHIEVED, {}


def target_for(framework: Framework, profile: str, reference: str) -> Achievement:
    default, targets = profile_targets(framework, profile)
    return targets.get(reference, default)


def _evaluate(answer: Answer, item: Item, *, framework: Framework, profile: str, today: date) -> Evaluation:
    target = target_for(framework, profile, item.reference) if framework.is_outcomes else Achievement.ACHIEVED
    return evaluate(item.rule(), answer.value, evidence_count=answer.evidence_count, target=target, today=today)


# ---------------------------------------------------------------------------
# Starting


def frameworks_for(organisation: Organisation) -> list[Framework]:
    """The current framework versions this organisation may answer."""
    return [
        f
        for f in Framework.objects.filter(is_current=True).order_by("title")
        if f.fits(organisation.category, organisation.type)
    ]


def assessment_start(
    *,
    actor: Actor,
    organisation: Organisation,
    framework: Framework,
    carry_forward: bool = True,
    today: date | None = None,
) -> Assessment:
    """Start this year's assessment: one answer row per applicable item, last year's answers carried forward."""
    require(actor, ToolkitPerm.MANAGE)
    today = today or today_local()
    year = toolkit_year(today)
    if not framework.is_current:
        raise ValidationError({"framework": "Choose the current version of a framework"})
    if not framework.fits(organisation.category, organisation.type):
        raise ValidationError({"framework": f"{framework.title} is not for organisations like {organisation.name}"})
    with transaction.atomic():
        if Assessment.objects.filter(organisation=organisation, framework=framework, year=year).exists():
            raise ValidationError(
                {
                    "framework": f"{organisation.name} already has a {year_label(year)} assessment "
                    f"against {framework.title}"
                }
            )
        profile = ""
        if framework.is_outcomes:
            chosen = framework.load_spec().profile_for(organisation.category, organisation.type)
            profile = chosen.name if chosen else ""
        assessment = Assessment.objects.create(
            organisation=organisation,
            framework=framework,
            year=year,
            profile=profile,
            category=organisation.category,
            org_type=organisation.type,
            created_by=actor.user,
        )
        _sync_answer_rows(assessment)
        carried = _carry_forward(assessment, today=today) if carry_forward else 0
        refresh_figures([assessment.pk], today=today)
        status, _ = OrganisationStatus.objects.get_or_create(organisation=organisation)
        status.assessment = assessment
        status.save(update_fields=["assessment"])
        refresh_live_progress([organisation.pk])
        audit_record(
            actor=actor,
            action="assessment.started",
            obj=assessment,
            organisation=organisation,
            changes={"framework": framework.label, "year": year_label(year), "carried_forward": carried},
        )
    assessment.refresh_from_db()
    return assessment


def _sync_answer_rows(assessment: Assessment) -> tuple[int, int]:
    """Make the answer rows match the items that apply to the organisation (its category and type).

    Returns (added, removed). Rows of items that no longer apply are removed only when unanswered.
    """
    items = list(
        Item.objects.filter(framework=assessment.framework_id).only(
            "pk",
            "standard_id",
            "mandatory",
            "mandatory_categories",
            "categories",
            "types",
            "reference",
            "answer_type",
            "rule_data",
        )
    )
    existing = {a.item_id: a for a in Answer.objects.filter(assessment=assessment)}
    to_add = []
    to_update = []
    applicable_ids = set()
    for item in items:
        rule = item.rule()
        if not rule.applies_to(assessment.category, assessment.org_type):
            continue
        applicable_ids.add(item.pk)
        mandatory = rule.is_mandatory_for(assessment.category)
        row = existing.get(item.pk)
        if row is None:
            to_add.append(Answer(assessment=assessment, item=item, standard_id=item.standard_id, mandatory=mandatory))
        elif row.mandatory != mandatory:
            row.mandatory = mandatory
            to_update.append(row)
    Answer.objects.bulk_create(to_add, batch_size=500)
    if to_update:
        Answer.objects.bulk_update(to_update, ["mandatory"], batch_size=500)
    stale = [a.pk for item_id, a in existing.items() if item_id not in applicable_ids and not a.answered]
    Answer.objects.filter(pk__in=stale).delete()
    return len(to_add), len(stale)


def _carry_forward(assessment: Assessment, *, today: date) -> int:
    """Copy last year's answers (and current evidence) for items with the same reference and answer type."""
    previous = (
        Assessment.objects.filter(
            organisation=assessment.organisation_id,
            framework__slug=assessment.framework.slug,
            year__lt=assessment.year,
        )
        .order_by("-year")
        .first()
    )
    if previous is None:
        return 0
    old = {
        a.item.reference: a
        for a in Answer.objects.filter(assessment=previous)
        .select_related("item")
        .filter(Q(answered=True) | Q(assignee__isnull=False))
    }
    old_evidence: dict[str, list[EvidenceFile]] = {}
    for ev in EvidenceFile.objects.filter(assessment=previous, withdrawn_at__isnull=True).select_related("item"):
        old_evidence.setdefault(ev.item.reference, []).append(ev)
    carried = 0
    rows = list(Answer.objects.filter(assessment=assessment).select_related("item"))
    new_evidence = []
    for row in rows:
        before = old.get(row.item.reference)
        if before is None or before.item.answer_type != row.item.answer_type:
            continue
        try:
            row.value = parse_answer(row.item.rule(), before.value, today=today) if before.value is not None else None
        except AnswerError:
            continue  # the item's rules changed; the person answers it again
        row.assignee_id = before.assignee_id
        for ev in old_evidence.get(row.item.reference, []):
            new_evidence.append(
                EvidenceFile(
                    assessment=assessment,
                    item=row.item,
                    file_name=ev.file_name,
                    content_type=ev.content_type,
                    size=ev.size,
                    sha256=ev.sha256,
                    stored_name=ev.stored_name,
                    version=ev.version,
                    note=ev.note,
                    uploaded_by_id=ev.uploaded_by_id,
                    uploaded_by_label=ev.uploaded_by_label,
                )
            )
            row.evidence_count += 1
        ev_result = _evaluate(row, row.item, framework=assessment.framework, profile=assessment.profile, today=today)
        row.answered, row.met, row.met_until = ev_result.answered, ev_result.met, ev_result.met_until
        carried += 1
    Answer.objects.bulk_update(
        rows, ["value", "assignee", "evidence_count", "answered", "met", "met_until"], batch_size=500
    )
    EvidenceFile.objects.bulk_create(new_evidence, batch_size=500)
    return carried


def save_rows(rows: list[Answer], fields: list[str]) -> None:
    """Write changed answer rows: one UPDATE each for an assessment's hundred or so (cheaper than one
    giant CASE statement), bulk for more."""
    if len(rows) > 500:
        Answer.objects.bulk_update(rows, fields, batch_size=500)
        return
    columns = [f"{f}_id" if f in {"assignee", "updated_by"} else f for f in fields]
    for row in rows:
        Answer.objects.filter(pk=row.pk).update(**{column: getattr(row, column) for column in columns})


# ---------------------------------------------------------------------------
# Answering


def can_answer(actor: Actor, answer: Answer) -> bool:
    """Leads answer every item; staff answer the items assigned to them."""
    if toolkit_can(actor, ToolkitPerm.MANAGE):
        return True
    return toolkit_can(actor, ToolkitPerm.ANSWER) and actor.user is not None and answer.assignee_id == actor.user.pk


def answer_save(
    *, actor: Actor, answer: Answer, value: Any, expected_version: int, today: date | None = None
) -> Answer:
    """Save one answer, unless someone else saved it since `expected_version` (then AnswerConflict)."""
    if not can_answer(actor, answer):
        raise PermissionDenied("Only the security lead, or the person this item is assigned to, can answer it")
    today = today or today_local()
    item = answer.item
    assessment = answer.assessment
    try:
        parsed = parse_answer(item.rule(), value, today=today)
    except AnswerError as exc:
        raise ValidationError({"value": str(exc)}) from None
    with transaction.atomic():
        current = Answer.objects.select_for_update(of=("self",)).select_related("item", "updated_by").get(pk=answer.pk)
        if current.version != expected_version:
            raise AnswerConflict(
                current=current,
                changed_by=current.updated_by.full_name if current.updated_by else "Someone",
                changed_at=current.updated_at,
            )
        if current.value == parsed:
            return current
        before = current.value
        current.value = parsed
        result = _evaluate(current, item, framework=assessment.framework, profile=assessment.profile, today=today)
        updated = Answer.objects.filter(pk=current.pk, version=expected_version).update(
            value=parsed,
            answered=result.answered,
            met=result.met,
            met_until=result.met_until,
            version=F("version") + 1,
            updated_at=timezone.now(),
            updated_by=actor.user,
        )
        if updated != 1:  # a writer that does not lock rows got in between
            current.refresh_from_db()
            raise AnswerConflict(current=current, changed_by="Someone", changed_at=current.updated_at)
        refresh_figures([assessment.pk], today=today)
        refresh_live_progress([assessment.organisation_id])
        audit_record(
            actor=actor,
            action="assessment.answer_saved",
            obj=assessment,
            organisation=assessment.organisation_id,
            object_label=f"{assessment} {item.reference}",
            changes={"item": item.reference, "value": [before, parsed], "met": result.met},
        )
    current.refresh_from_db()
    return current


def answer_assign(*, actor: Actor, answer: Answer, assignee: User | None, expected_version: int) -> Answer:
    """Ask a person in the organisation to answer an item (they get an email); None takes it back."""
    require(actor, ToolkitPerm.MANAGE)
    assessment = answer.assessment
    if (
        assignee is not None
        and not Membership.objects.filter(user=assignee, organisation=assessment.organisation_id).exists()
    ):
        raise ValidationError({"assignee": f"{assignee.full_name} is not a member of {assessment.organisation.name}"})
    with transaction.atomic():
        current = Answer.objects.select_for_update(of=("self",)).select_related("item", "updated_by").get(pk=answer.pk)
        if current.version != expected_version:
            raise AnswerConflict(
                current=current,
                changed_by=current.updated_by.full_name if current.updated_by else "Someone",
                changed_at=current.updated_at,
            )
        if current.assignee_id == (assignee.pk if assignee else None):
            return current
        before = current.assignee.email if current.assignee else None
        Answer.objects.filter(pk=current.pk).update(
            assignee=assignee, version=F("version") + 1, updated_at=timezone.now(), updated_by=actor.user
        )
        audit_record(
            actor=actor,
            action="assessment.item_assigned",
            obj=assessment,
            organisation=assessment.organisation_id,
            object_label=f"{assessment} {current.item.reference}",
            changes={"item": current.item.reference, "assignee": [before, assignee.email if assignee else None]},
        )
        if assignee is not None and assignee != actor.user:
            link = absolute_url(
                reverse("assessments:item", args=[assessment.organisation.code, assessment.pk, current.item.reference])
            )
            transaction.on_commit(
                lambda: send_templated(
                    to=[assignee.email],
                    subject=f"Please answer {current.item.reference} of the {assessment.year_label} assessment",
                    template="toolkit_assigned",
                    context={
                        "person": assignee,
                        "by": actor.user,
                        "item": current.item,
                        "assessment": assessment,
                        "organisation": assessment.organisation,
                        "link": link,
                    },
                )
            )
    current.refresh_from_db()
    return current


def can_comment(actor: Actor, answer: Answer) -> bool:
    return toolkit_can(actor, ToolkitPerm.VIEW) or can_answer(actor, answer)


def comment_add(*, actor: Actor, answer: Answer, body: str) -> Comment:
    if not can_comment(actor, answer):
        raise PermissionDenied("You cannot comment on this item")
    text = body.strip()
    if not text:
        raise ValidationError({"body": "Enter a comment"})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"body": f"Keep a comment to {COMMENT_MAX:,} characters or fewer (it has {len(text):,})"})
    assessment = answer.assessment
    with transaction.atomic():
        comment = Comment.objects.create(
            assessment=assessment,
            item=answer.item,
            author=actor.user,
            author_label=(actor.user.full_name if actor.user else actor.label)[:150],
            body=text,
        )
        audit_record(
            actor=actor,
            action="assessment.comment_added",
            obj=assessment,
            organisation=assessment.organisation_id,
            object_label=f"{assessment} {answer.item.reference}",
            changes={"item": answer.item.reference, "length": len(text)},
        )
    return comment


# ---------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class Figures:
    applicable: int
    answered: int
    met: int
    mandatory: int
    mandatory_answered: int
    mandatory_met: int

    @property
    def percent_complete(self) -> int:
        return percent(self.answered, self.applicable)


def met_now(today: date) -> Q:
    """An answer meets its item today: met, and not past the date a dated answer stops counting."""
    return Q(met=True) & (Q(met_until__isnull=True) | Q(met_until__gte=today))


def figures_by_assessment(assessment_ids: Iterable[int], *, today: date) -> dict[int, Figures]:
    rows = (
        Answer.objects.filter(assessment_id__in=list(assessment_ids))
        .values("assessment_id")
        .annotate(
            applicable=Count("pk"),
            answered_n=Count("pk", filter=Q(answered=True)),
            met_n=Count("pk", filter=met_now(today)),
            mandatory_n=Count("pk", filter=Q(mandatory=True)),
            mandatory_answered_n=Count("pk", filter=Q(mandatory=True, answered=True)),
            mandatory_met_n=Count("pk", filter=Q(mandatory=True) & met_now(today)),
        )
        .order_by()
    )
    return {
        r["assessment_id"]: Figures(
            r["applicable"],
            r["answered_n"],
            r["met_n"],
            r["mandatory_n"],
            r["mandatory_answered_n"],
            r["mandatory_met_n"],
        )
        for r in rows
    }


def refresh_figures(assessment_ids: Iterable[int], *, today: date | None = None) -> None:
    """Recount the answers of a few assessments (after a change) into their figures."""
    today = today or today_local()
    now = timezone.now()
    for pk, f in figures_by_assessment(assessment_ids, today=today).items():
        Assessment.objects.filter(pk=pk).update(
            applicable_total=f.applicable,
            answered_total=f.answered,
            met_total=f.met,
            mandatory_total=f.mandatory,
            mandatory_answered=f.mandatory_answered,
            mandatory_met=f.mandatory_met,
            figures_at=now,
        )


def refresh_live_progress(organisation_ids: Iterable[int]) -> None:
    """Copy each organisation's live assessment figures onto its status row (what summaries read)."""
    statuses = OrganisationStatus.objects.filter(organisation_id__in=list(organisation_ids), assessment__isnull=False)
    for status in statuses.select_related("assessment"):
        a = status.assessment
        assert a is not None
        OrganisationStatus.objects.filter(pk=status.pk).update(
            percent_complete=a.percent_complete, mandatory_met=a.mandatory_met, mandatory_total=a.mandatory_total
        )


def leads_of(organisation_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(organisation_id=organisation_id, role=Role.SECURITY_LEAD)
        .select_related("user")
        .filter(user__is_active=True)
    ]


def answers_import(*, actor: Actor, assessment: Assessment, values: dict[str, Any], today: date | None = None) -> int:
    """Answer many items at once (a spreadsheet of answers, or the demo): each value is checked like a typed one.

    All or nothing: one bad value refuses the lot, with a message per item. Returns the number changed.
    """
    require(actor, ToolkitPerm.MANAGE)
    today = today or today_local()
    with transaction.atomic():
        return _import(actor, assessment, values, today)


def _import(actor: Actor, assessment: Assessment, values: dict[str, Any], today: date) -> int:
    rows = {
        a.item.reference: a
        for a in Answer.objects.select_for_update(of=("self",)).filter(assessment=assessment).select_related("item")
    }
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for reference, raw in values.items():
        row = rows.get(reference)
        if row is None:
            errors.setdefault("__all__", []).append(f"{reference}: no such item applies to this organisation")
            continue
        try:
            parsed[reference] = parse_answer(row.item.rule(), raw, today=today)
        except AnswerError as exc:
            errors.setdefault("__all__", []).append(f"{reference}: {exc}")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = []
    for reference, value in parsed.items():
        row = rows[reference]
        if row.value == value:
            continue
        row.value = value
        result = _evaluate(row, row.item, framework=assessment.framework, profile=assessment.profile, today=today)
        row.answered, row.met, row.met_until = result.answered, result.met, result.met_until
        row.version += 1
        row.updated_at, row.updated_by = now, actor.user
        changed.append(row)
    save_rows(changed, ["value", "answered", "met", "met_until", "version", "updated_at", "updated_by"])
    refresh_figures([assessment.pk], today=today)
    refresh_live_progress([assessment.organisation_id])
    audit_record(
        actor=actor,
        action="assessment.answers_imported",
        obj=assessment,
        organisation=assessment.organisation_id,
        changes={"items": len(changed)},
    )
    return len(changed)
