"""Policy templates, each organisation's answers, issuing policies, review reminders and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, Organisation, Role
from carecyber.support import integrations, permissions
from carecyber.support.content.frontmatter import ContentError
from carecyber.support.models import IssuedPolicy, PolicyAnswers, PolicyTemplate
from carecyber.support.policydocs.answers import ANSWER_FIELDS, ANSWER_NAMES, clean_answers
from carecyber.support.policydocs.document import REVIEW_NOTICE_DAYS, FilledPolicy, fill
from carecyber.support.policydocs.docx_writer import write_docx
from carecyber.support.policydocs.pdf_writer import write_pdf
from carecyber.support.policydocs.template import PolicyTemplate as TemplateSource
from carecyber.support.policydocs.template import parse_body, read_templates

POLICY_DIR = Path(__file__).resolve().parents[1] / "data" / "policies"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


# --- templates ---------------------------------------------------------------------------------------------


@dataclass
class TemplateLoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.withdrawn)

    def summary(self) -> str:
        return ", ".join(f"{len(v)} {k}" for k, v in vars(self).items() if v) or "nothing to load"


def _template_fields(source: TemplateSource) -> dict[str, object]:
    return {
        "title": source.title,
        "summary": source.summary,
        "order": source.order,
        "version": source.version,
        "review_months": source.review_months,
        "evidences": list(source.evidences),
        "source": source.source,
        "content_hash": source.content_hash,
        "withdrawn": False,
    }


def policy_templates_load(*, actor: Actor, folder: Path = POLICY_DIR, dry_run: bool = False) -> TemplateLoadReport:
    """Bring the templates in line with the files; all or nothing. A changed text needs a higher version.

    Every placeholder is checked against the answers form when the file is
    read, so a typo like {{ siro_nme }} stops the load and names the line.
    """
    sources = read_templates(folder)
    report = TemplateLoadReport()
    now = timezone.now()
    with transaction.atomic():
        current = {t.slug: t for t in PolicyTemplate.objects.select_for_update()}
        problems: list[str] = []
        for source in sources:
            template = current.get(source.slug)
            fields = _template_fields(source)
            if template is None:
                if not dry_run:
                    PolicyTemplate.objects.create(slug=source.slug, loaded_at=now, **fields)
                report.created.append(source.slug)
            elif source.content_hash != template.content_hash:
                if source.version <= template.version:
                    problems.append(
                        f"{source.slug}.md: the text changed but the version is {source.version}: "
                        f"raise it to {template.version + 1}"
                    )
                    continue
                if not dry_run:
                    PolicyTemplate.objects.filter(pk=template.pk).update(loaded_at=now, **fields)
                report.updated.append(source.slug)
            elif fields != {name: getattr(template, name) for name in fields}:
                if source.version != template.version:
                    problems.append(f"{source.slug}.md: the text is unchanged, so keep version {template.version}")
                    continue
                if not dry_run:
                    PolicyTemplate.objects.filter(pk=template.pk).update(**fields)
                report.updated.append(source.slug)
            else:
                report.unchanged.append(source.slug)
        if problems:
            raise ContentError("\n".join(problems))
        for slug in sorted(set(current) - {s.slug for s in sources}):
            if not current[slug].withdrawn:
                if not dry_run:
                    PolicyTemplate.objects.filter(pk=current[slug].pk).update(withdrawn=True)
                report.withdrawn.append(slug)
        if report.changed and not dry_run:
            audit_record(
                actor=actor,
                action="policy_templates.loaded",
                object_label=report.summary(),
                changes={k: v for k, v in vars(report).items() if v and k != "unchanged"},
            )
    return report


def template_source(template: PolicyTemplate) -> TemplateSource:
    """The parsed template as stored (its body is checked again: the database is trusted no more than a file)."""
    blocks, placeholders = parse_body(template.source, name=f"{template.slug}.md", first_line=1)
    return TemplateSource(
        slug=template.slug,
        title=template.title,
        summary=template.summary,
        version=template.version,
        review_months=template.review_months,
        evidences=tuple(template.evidences),
        order=template.order,
        blocks=blocks,
        source=template.source,
        placeholders=placeholders,
    )


# --- answers -----------------------------------------------------------------------------------------------


def _require_manage(actor: Actor) -> None:
    if not permissions.can_manage_policies(actor):
        raise PermissionDenied("Only the organisation's security lead can change its policies")


def answers_dict(answers: PolicyAnswers | None) -> dict[str, str]:
    if answers is None:
        return {}
    return {name: str(getattr(answers, name)) for name in ANSWER_NAMES}


def policy_answers_save(*, actor: Actor, organisation: Organisation, answers: Mapping[str, object]) -> PolicyAnswers:
    """Check every answer (plain text, within its length) and save them together, or nothing at all."""
    _require_manage(actor)
    cleaned, errors = clean_answers(answers)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = PolicyAnswers.objects.select_for_update().filter(organisation=organisation).first()
        before = answers_dict(record)
        if record is None:
            record = PolicyAnswers(organisation=organisation)
        for name, value in cleaned.items():
            setattr(record, name, value)
        record.updated_by = actor.user
        record.save()
        changed = sorted(name for name in ANSWER_NAMES if before.get(name) != cleaned[name])
        if changed:
            # Names of fields only: the answers name people, and the audit log keeps no personal details.
            audit_record(
                actor=actor,
                action="policy_answers.saved",
                obj=record,
                organisation=organisation,
                object_label=f"Policy answers of {organisation.code}",
                changes={"fields": changed},
            )
    return record


def answers_complete(answers: PolicyAnswers | None) -> bool:
    if answers is None:
        return False
    return not clean_answers(answers_dict(answers))[1]


# --- issuing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPolicy:
    filled: FilledPolicy
    docx: bytes
    pdf: bytes


def render_policy(
    source: TemplateSource, answers: Mapping[str, str], *, version: int, issued_on: date
) -> RenderedPolicy:
    filled = fill(source, answers, version=version, issued_on=issued_on)
    return RenderedPolicy(filled=filled, docx=write_docx(filled), pdf=write_pdf(filled))


def policy_issue(*, actor: Actor, organisation: Organisation, template: PolicyTemplate) -> IssuedPolicy:
    """Fill the template in with the organisation's answers and keep both files as a new version."""
    _require_manage(actor)
    if template.withdrawn:
        raise ValidationError({"template": f"We no longer offer the {template.title}"})
    answers = PolicyAnswers.objects.filter(organisation=organisation).first()
    values = answers_dict(answers)
    if not answers_complete(answers):
        raise ValidationError({"answers": "Answer the policy questions first: every policy is filled in from them"})
    source = template_source(template)
    issued_on = timezone.localdate()
    with transaction.atomic():
        # Lock the organisation's row for this template, so two clicks make two versions, never a clash.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        previous = (
            IssuedPolicy.objects.filter(organisation=organisation, template=template).order_by("-version").first()
        )
        version = previous.version + 1 if previous else 1
        rendered = render_policy(source, values, version=version, issued_on=issued_on)
        IssuedPolicy.objects.filter(organisation=organisation, template=template, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
        issued = IssuedPolicy(
            organisation=organisation,
            template=template,
            template_version=template.version,
            version=version,
            issued_on=issued_on,
            review_by=rendered.filled.review_by,
            answers=values,
            issued_by=actor.user,
        )
        stem = rendered.filled.file_stem()
        try:
            issued.docx.save(f"{stem}.docx", ContentFile(rendered.docx), save=False)
            issued.pdf.save(f"{stem}.pdf", ContentFile(rendered.pdf), save=False)
            issued.save()
        except Exception:
            _remove_files(issued)
            raise
        audit_record(
            actor=actor,
            action="policy.issued",
            obj=issued,
            organisation=organisation,
            object_label=f"{template.title} version {version}",
            changes={"template": template.slug, "version": version, "review_by": issued.review_by.isoformat()},
        )
    return issued


def _remove_files(issued: IssuedPolicy) -> None:
    for stored in (issued.docx, issued.pdf):
        if stored.name:
            stored.storage.delete(stored.name)


def policies_issue_all(*, actor: Actor, organisation: Organisation) -> list[IssuedPolicy]:
    """Every template at once: each is its own version and audit record; one failure stops the rest cleanly."""
    _require_manage(actor)
    with transaction.atomic():
        return [
            policy_issue(actor=actor, organisation=organisation, template=template)
            for template in PolicyTemplate.objects.filter(withdrawn=False).order_by("order", "title")
        ]


# --- review reminders --------------------------------------------------------------------------------------


def policy_review_reminders_send(*, actor: Actor, today: date | None = None, chunk: int = 500) -> int:
    """Tell each organisation's security leads, once, that a policy's review date is near or past.

    Idempotent: a policy is marked when its reminder is queued, inside the same
    transaction, so a crash or a second run never sends twice.
    """
    today = today or timezone.localdate()
    cutoff = today + timedelta(days=REVIEW_NOTICE_DAYS)
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                IssuedPolicy.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(superseded_at__isnull=True, review_reminded_at__isnull=True, review_by__lte=cutoff)
                .select_related("organisation", "template")
                .order_by("organisation_id", "review_by")[:chunk]
            )
            if not due:
                return sent
            by_org: dict[int, list[IssuedPolicy]] = {}
            for policy in due:
                by_org.setdefault(policy.organisation_id, []).append(policy)
            leads: dict[int, list[str]] = {}
            for org_id, email in Membership.objects.filter(
                organisation_id__in=by_org, role=Role.SECURITY_LEAD, user__is_active=True
            ).values_list("organisation_id", "user__email"):
                leads.setdefault(org_id, []).append(email)
            now = timezone.now()
            IssuedPolicy.objects.filter(pk__in=[p.pk for p in due]).update(review_reminded_at=now)
            for org_id, policies in by_org.items():
                organisation = policies[0].organisation
                if leads.get(org_id):
                    send_templated(
                        to=leads[org_id],
                        subject=f"Time to review {len(policies)} of your policies",
                        template="support_policy_review",
                        context={
                            "organisation": organisation,
                            "policies": policies,
                            "today": today,
                            "link": absolute_url(reverse("support:policies", args=[organisation.code])),
                        },
                    )
                audit_record(
                    actor=actor,
                    action="policy.review_reminded",
                    organisation=organisation,
                    object_label=f"{len(policies)} policies due for review",
                    changes={"policies": [p.template.slug for p in policies]},
                )
                sent += 1


# --- evidence ----------------------------------------------------------------------------------------------


def policy_attach_as_evidence(*, actor: Actor, policy: IssuedPolicy) -> list[str]:
    """Attach the issued PDF to every toolkit item its template evidences, in one step.

    Calls the assessments app's `evidence_add` for each item reference. Refused
    when that app is not installed (the page hides the action then), and for
    a version that has since been replaced.
    """
    _require_manage(actor)
    evidence_add = integrations.assessments_evidence_add()
    if evidence_add is None:
        raise ValidationError(
            {"policy": "Attaching policies as evidence needs the self-assessment, which is not set up"}
        )
    if not policy.is_current:
        raise ValidationError({"policy": "Attach the current version: this one has been replaced"})
    references = [str(r) for r in policy.template.evidences]
    with policy.pdf.open("rb") as handle:
        data = handle.read()
    file_name = f"{policy.organisation.code}-{policy.template.slug}-v{policy.version}.pdf"
    issued = f"{policy.issued_on.day} {policy.issued_on:%B %Y}"
    note = f"{policy.template.title}, version {policy.version}, issued {issued} (CareCyber policy library)"
    with transaction.atomic():
        for reference in references:
            evidence_add(
                actor=actor,
                organisation=policy.organisation,
                item_reference=reference,
                file_name=file_name,
                content_type=PDF_TYPE,
                data=data,
                note=note,
            )
        IssuedPolicy.objects.filter(pk=policy.pk).update(evidence_attached_at=timezone.now())
        audit_record(
            actor=actor,
            action="policy.attached_as_evidence",
            obj=policy,
            organisation=policy.organisation,
            object_label=f"{policy.template.title} version {policy.version}",
            changes={"items": references},
        )
    return references


__all__ = [
    "ANSWER_FIELDS",
    "DOCX_TYPE",
    "PDF_TYPE",
    "REVIEW_NOTICE_DAYS",
    "answers_complete",
    "answers_dict",
    "policies_issue_all",
    "policy_answers_save",
    "policy_attach_as_evidence",
    "policy_issue",
    "policy_review_reminders_send",
    "policy_templates_load",
    "render_policy",
    "template_source",
]
