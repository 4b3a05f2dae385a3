"""The organisation's toolkit: its status, this year's assessment, items, evidence, publishing, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carecyber.assessments import presenters, queries
from carecyber.assessments.conf import evidence_max_bytes
from carecyber.assessments.engine.calendar import deadline, toolkit_year, year_label
from carecyber.assessments.engine.status import Status
from carecyber.assessments.forms import (
    AnswerForm,
    AssignForm,
    CertificateForm,
    CommentForm,
    EvidenceForm,
    PublishForm,
    StartForm,
)
from carecyber.assessments.models import Answer, Assessment, Framework, OrganisationStatus, Publication
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can, toolkit_requires
from carecyber.assessments.services import assessments as assessment_services
from carecyber.assessments.services import evidence as evidence_services
from carecyber.assessments.services import status as status_services
from carecyber.assessments.services.assessments import AnswerConflict, today_local
from carecyber.assessments.views.common import base_context, csv_response, wants_csv
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.models import Membership, Organisation, Role, User
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.views.errors import apply_validation_error


@member_required
def toolkit_index(request: AppRequest) -> HttpResponseBase:
    """/toolkit/ takes each role where it works."""
    actor = request.actor
    if actor.is_national:
        return redirect("assessments:national")
    if actor.is_partner:
        return redirect("assessments:partner")
    if actor.role == Role.AUDITOR:
        return redirect("assessments:my-audits")
    if actor.role == Role.SECURITY_LEAD and actor.organisation is not None:
        return redirect("assessments:organisation", actor.organisation.code)
    return redirect("assessments:mine")


@toolkit_requires(ToolkitPerm.VIEW)
def organisation_home(request: AppRequest, code: str) -> HttpResponse:
    actor = request.actor
    organisation = queries.organisation_for(actor, code)
    today = today_local()
    year = toolkit_year(today)
    assessments = list(queries.assessments_of(actor, organisation))
    started = {a.framework_id for a in assessments if a.year == year}
    startable = [f for f in assessment_services.frameworks_for(organisation) if f.pk not in started]
    start_form = None
    if toolkit_can(actor, ToolkitPerm.MANAGE) and startable:
        start_form = StartForm(
            frameworks=Framework.objects.filter(pk__in=[f.pk for f in startable]).order_by("title"),
            initial={"framework": startable[0].pk, "carry_forward": True},
        )
    status = queries.status_of(actor, organisation)
    sites = list(Organisation.objects.visible_to(actor).filter(parent=organisation).order_by("name"))
    site_statuses = dict(
        OrganisationStatus.objects.visible_to(actor).filter(organisation__in=sites).values_list("pk", "status")
    )
    return render(
        request,
        "assessments/organisation.jinja",
        base_context(
            request,
            page_title=f"Data security toolkit – {organisation.name}",
            organisation=organisation,
            status=status,
            this_year=[a for a in assessments if a.year == year],
            earlier=[a for a in assessments if a.year != year],
            year_label=year_label(year),
            deadline=deadline(year),
            days_to_deadline=(deadline(year) - today).days,
            start_form=start_form,
            publications=list(queries.publications_of(actor, organisation)[:20]),
            certificates=list(queries.certificates_of(actor, organisation)[:5]),
            sites=sites,
            site_statuses=site_statuses,
            published_this_year=bool(status and status.published_on and toolkit_year(status.published_on) == year),
            today=today,
        ),
    )


@require_POST
@toolkit_requires(ToolkitPerm.MANAGE)
def assessment_start(request: AppRequest, code: str) -> HttpResponseBase:
    organisation = queries.organisation_for(request.actor, code)
    form = StartForm(request.POST, frameworks=queries.current_frameworks())
    if form.is_valid():
        try:
            assessment = assessment_services.assessment_start(
                actor=request.actor,
                organisation=organisation,
                framework=form.cleaned_data["framework"],
                carry_forward=form.cleaned_data["carry_forward"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Your {assessment.year_label} assessment has started.")
            return redirect("assessments:assessment", organisation.code, assessment.pk)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("assessments:organisation", organisation.code)


@toolkit_requires(ToolkitPerm.VIEW)
def assessment_detail(request: AppRequest, code: str, pk: int) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    today = today_local()
    if wants_csv(request):
        rows = (
            Answer.objects.visible_to(actor)
            .filter(assessment=assessment)
            .select_related("item", "standard", "assignee")
            .order_by("item__position")
        )
        return csv_response(
            f"{assessment.organisation.code}-{assessment.framework.slug}-{assessment.year_label}",
            ["reference", "standard", "item", "mandatory", "answer", "state", "evidence files", "assigned to"],
            (
                [
                    a.item.reference,
                    a.standard.reference,
                    a.item.text,
                    "yes" if a.mandatory else "no",
                    presenters.shown_value(a),
                    presenters.answer_state(a, today)["text"],
                    a.evidence_count,
                    a.assignee.email if a.assignee else "",
                ]
                for a in rows
            ),
        )
    progress = queries.standard_progress(assessment, today=today)
    would_be = status_services.organisation_status_now(assessment.organisation, today=today)
    live_met = assessment.mandatory_met == assessment.mandatory_total
    return render(
        request,
        "assessments/assessment.jinja",
        base_context(
            request,
            page_title=f"{assessment.framework.title} {assessment.year_label}",
            assessment=assessment,
            organisation=assessment.organisation,
            progress=progress,
            chart=bar_chart(
                [(f"{r.standard.reference} {r.standard.title}", r.percent_answered) for r in progress],
                title="Share of items answered, per standard",
                unit="%",
            ),
            terms=assessment.framework.terms,
            current_status=would_be,
            would_publish_as=Status.MET if live_met else Status.NOT_MET,
            plan=queries.plan_of(actor, assessment),
            audits=queries.audits_of(actor, assessment),
            is_current_year=assessment.year == toolkit_year(today),
        ),
    )


@toolkit_requires(ToolkitPerm.VIEW)
def standard_detail(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    standard = queries.standard_for(assessment, ref)
    answers = queries.answers_of_standard(actor, assessment, standard)
    groups: list[tuple[str, list[Answer]]] = []
    for answer in answers:
        heading = (
            f"{answer.item.assertion.reference} {answer.item.assertion.title}"
            if answer.item.assertion
            else standard.title
        )
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(answer)
    return render(
        request,
        "assessments/standard.jinja",
        base_context(
            request,
            page_title=f"{standard.reference} {standard.title}",
            assessment=assessment,
            organisation=assessment.organisation,
            standard=standard,
            groups=groups,
            terms=assessment.framework.terms,
            today=today_local(),
        ),
    )


def _people(request: AppRequest, assessment: Assessment) -> QuerySet[User]:
    return (
        User.objects.filter(
            pk__in=Membership.objects.visible_to(request.actor)
            .filter(organisation=assessment.organisation_id)
            .values("user_id")
        )
        .filter(is_active=True)
        .order_by("full_name")
    )


@member_required
def item_detail(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    """One item: the answer form (for those who may answer), evidence, assignee, comments."""
    actor = request.actor
    if not (toolkit_can(actor, ToolkitPerm.VIEW) or toolkit_can(actor, ToolkitPerm.ANSWER)):
        raise PermissionDenied("Your role cannot see assessments")
    assessment = queries.assessment_for(actor, code, pk)
    answer = queries.answer_for(actor, assessment, ref)
    may_answer = assessment_services.can_answer(actor, answer) and assessment.year >= toolkit_year(today_local())
    form = AnswerForm(request.POST if request.method == "POST" else None, answer=answer) if may_answer else None
    conflict = None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("You cannot answer this item")
        if form.is_valid():
            try:
                assessment_services.answer_save(
                    actor=actor,
                    answer=answer,
                    value=form.cleaned_data.get("value"),
                    expected_version=form.cleaned_data["version"],
                )
            except AnswerConflict as exc:
                conflict = exc
                apply_validation_error(form, exc)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"Your answer to {answer.item.reference} has been saved.")
                return redirect(_next_url(request, assessment, answer))
    return _render_item(request, assessment, answer, form=form, conflict=conflict)


def _next_url(request: AppRequest, assessment: Assessment, answer: Answer) -> str:
    if request.POST.get("then") == "next":
        following = (
            Answer.objects.visible_to(request.actor)
            .filter(assessment=assessment, item__position__gt=answer.item.position)
            .order_by("item__position")
            .select_related("item")
            .first()
        )
        if following is not None:
            return reverse(
                "assessments:item", args=[assessment.organisation.code, assessment.pk, following.item.reference]
            )
    return reverse(
        "assessments:standard", args=[assessment.organisation.code, assessment.pk, answer.standard.reference]
    )


def _render_item(
    request: AppRequest,
    assessment: Assessment,
    answer: Answer,
    *,
    form: object | None = None,
    conflict: AnswerConflict | None = None,
    evidence_form: EvidenceForm | None = None,
    comment_form: CommentForm | None = None,
    assign_form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    may_answer = assessment_services.can_answer(actor, answer) and assessment.year >= toolkit_year(today_local())
    if form is None and may_answer:
        form = AnswerForm(answer=answer)
    can_manage = toolkit_can(actor, ToolkitPerm.MANAGE)
    if assign_form is None and can_manage:
        assign_form = AssignForm(
            people=_people(request, assessment),
            initial={"version": answer.version, "assignee": answer.assignee.email if answer.assignee else ""},
        )
    siblings = list(
        Answer.objects.visible_to(actor)
        .filter(assessment=assessment)
        .filter(**({"assignee": actor.user} if actor.role == Role.STAFF else {}))
        .order_by("item__position")
        .values_list("item__reference", flat=True)
    )
    index = siblings.index(answer.item.reference) if answer.item.reference in siblings else -1
    findings = [
        f
        for audit in queries.audits_of(actor, assessment)
        for f in audit.findings.filter(item=answer.item).order_by("pk")
    ]
    return render(
        request,
        "assessments/item.jinja",
        base_context(
            request,
            page_title=f"{answer.item.reference} – {assessment.framework.title}",
            assessment=assessment,
            organisation=assessment.organisation,
            answer=answer,
            item=answer.item,
            form=form,
            conflict=conflict,
            may_answer=may_answer,
            evidence=queries.evidence_on(actor, answer),
            evidence_form=evidence_form or (EvidenceForm() if may_answer else None),
            comments=queries.comments_on(actor, answer),
            comment_form=comment_form or (CommentForm() if assessment_services.can_comment(actor, answer) else None),
            assign_form=assign_form,
            previous_ref=siblings[index - 1] if index > 0 else None,
            next_ref=siblings[index + 1] if 0 <= index < len(siblings) - 1 else None,
            findings=findings,
            target=assessment_services.target_for(assessment.framework, assessment.profile, answer.item.reference)
            if assessment.framework.is_outcomes
            else None,
            terms=assessment.framework.terms,
            today=today_local(),
        ),
        status=status,
    )


@require_POST
@member_required
def item_assign(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    actor = request.actor
    if not toolkit_can(actor, ToolkitPerm.MANAGE):
        raise PermissionDenied("Only the security lead assigns items")
    assessment = queries.assessment_for(actor, code, pk)
    answer = queries.answer_for(actor, assessment, ref)
    form = AssignForm(request.POST, people=_people(request, assessment))
    if form.is_valid():
        try:
            assessment_services.answer_assign(
                actor=actor,
                answer=answer,
                assignee=form.cleaned_data["assignee"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            person = form.cleaned_data["assignee"]
            messages.success(
                request,
                f"{person.full_name} has been asked to answer {ref} and sent an email."
                if person
                else f"{ref} is no longer assigned to anyone.",
            )
            return redirect("assessments:item", assessment.organisation.code, assessment.pk, ref)
    return _render_item(request, assessment, answer, assign_form=form, status=400)


@require_POST
@member_required
def item_comment(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    answer = queries.answer_for(actor, assessment, ref)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            assessment_services.comment_add(actor=actor, answer=answer, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(
                reverse("assessments:item", args=[assessment.organisation.code, assessment.pk, ref]) + "#comments"
            )
    return _render_item(request, assessment, answer, comment_form=form, status=400)


@require_POST
@member_required
def evidence_upload(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    answer = queries.answer_for(actor, assessment, ref)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        limit = evidence_max_bytes()
        try:
            evidence = evidence_services.evidence_upload(
                actor=actor,
                answer=answer,
                file_name=upload.name or "evidence",
                data=upload.read(limit + 1),
                declared_size=upload.size,
                note=form.cleaned_data["note"],
                claimed_type=upload.content_type or "",
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{evidence.file_name} (version {evidence.version}) has been added as evidence.")
            return redirect(
                reverse("assessments:item", args=[assessment.organisation.code, assessment.pk, ref]) + "#evidence"
            )
    return _render_item(request, assessment, answer, evidence_form=form, status=400)


@member_required
def evidence_download(request: AppRequest, code: str, evidence_pk: int) -> HttpResponseBase:
    actor = request.actor
    if not (toolkit_can(actor, ToolkitPerm.VIEW) or toolkit_can(actor, ToolkitPerm.ANSWER)):
        raise PermissionDenied("Your role cannot see evidence")
    evidence = queries.evidence_for(actor, code, evidence_pk)
    if actor.role == Role.STAFF:
        queries.answer_for(actor, evidence.assessment, evidence.item.reference)
    response = FileResponse(
        evidence_services.evidence_file(evidence),
        as_attachment=True,
        filename=evidence.file_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@member_required
def evidence_withdraw(request: AppRequest, code: str, evidence_pk: int) -> HttpResponseBase:
    actor = request.actor
    evidence = queries.evidence_for(actor, code, evidence_pk)
    try:
        evidence_services.evidence_withdraw(actor=actor, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{evidence.file_name} (version {evidence.version}) has been withdrawn.")
    return redirect(
        reverse(
            "assessments:item",
            args=[evidence.assessment.organisation.code, evidence.assessment_id, evidence.item.reference],
        )
        + "#evidence"
    )


@toolkit_requires(ToolkitPerm.PUBLISH)
def publish(request: AppRequest, code: str, pk: int) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    sites = Organisation.objects.visible_to(actor).filter(parent=assessment.organisation).order_by("name")
    form = PublishForm(request.POST if request.method == "POST" else None, sites=sites)
    missing = list(
        Answer.objects.visible_to(actor)
        .filter(assessment=assessment, mandatory=True, answered=False)
        .select_related("item")
        .order_by("item__position")
    )
    unmet = list(
        Answer.objects.visible_to(actor)
        .filter(assessment=assessment, mandatory=True, answered=True)
        .exclude(assessment_services.met_now(today_local()))
        .select_related("item")
        .order_by("item__position")
    )
    if request.method == "POST" and form.is_valid():
        try:
            published = status_services.publication_publish(
                actor=actor,
                assessment=assessment,
                two_factor_verified=bool(request.user.is_verified()),  # type: ignore[attr-defined]  # django-otp
                sites=list(form.cleaned_data.get("sites") or []),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            first = published[0]
            messages.success(
                request,
                f"Published: {assessment.organisation.name} is at {first.get_status_at_publication_display()} "
                f"until {first.expires_on:%d %B %Y}."
                + (f" Also published for {len(published) - 1} site(s)." if len(published) > 1 else ""),
            )
            return redirect("assessments:publication", assessment.organisation.code, first.pk)
    return render(
        request,
        "assessments/publish.jinja",
        base_context(
            request,
            page_title="Publish your status",
            assessment=assessment,
            organisation=assessment.organisation,
            form=form,
            missing=missing,
            unmet=unmet,
            plan=queries.plan_of(actor, assessment),
            verified=bool(request.user.is_verified()),  # type: ignore[attr-defined]  # django-otp
            is_current_year=assessment.year == toolkit_year(today_local()),
        ),
    )


@toolkit_requires(ToolkitPerm.VIEW)
def publication_detail(request: AppRequest, code: str, pk: int) -> HttpResponse:
    publication: Publication = queries.publication_for(request.actor, code, pk)
    return render(
        request,
        "assessments/publication.jinja",
        base_context(
            request,
            page_title=f"Published {publication.published_on:%d %B %Y}",
            publication=publication,
            organisation=publication.organisation,
            intact=status_services.snapshot_intact(publication),
            items=publication.snapshot.get("items", []),
        ),
    )


@toolkit_requires(ToolkitPerm.VIEW)
def certificates(request: AppRequest, code: str) -> HttpResponse:
    actor = request.actor
    organisation = queries.organisation_for(actor, code)
    can_manage = toolkit_can(actor, ToolkitPerm.MANAGE)
    form = CertificateForm(request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the security lead records certificates")
        if form.is_valid():
            data = form.cleaned_data
            try:
                certificate = status_services.certificate_add(
                    actor=actor,
                    organisation=organisation,
                    kind=data["kind"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    expires_on=data["expires_on"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{certificate.get_kind_display()} {certificate.number} has been recorded.")
                return redirect("assessments:certificates", organisation.code)
    return render(
        request,
        "assessments/certificates.jinja",
        base_context(
            request,
            page_title="Certificates",
            organisation=organisation,
            certificates=list(queries.certificates_of(actor, organisation)),
            form=form,
            today=today_local(),
        ),
    )


@require_POST
@toolkit_requires(ToolkitPerm.MANAGE)
def certificate_withdraw(request: AppRequest, code: str, pk: int) -> HttpResponseBase:
    certificate = queries.certificate_for(request.actor, code, pk)
    status_services.certificate_withdraw(actor=request.actor, certificate=certificate)
    messages.success(request, f"{certificate.get_kind_display()} {certificate.number} has been withdrawn.")
    return redirect("assessments:certificates", certificate.organisation.code)


@member_required
def my_questions(request: AppRequest) -> HttpResponse:
    answers = list(queries.my_assignments(request.actor)[:200])
    return render(
        request,
        "assessments/mine.jinja",
        base_context(
            request,
            page_title="Questions assigned to you",
            answers=answers,
            open_count=sum(1 for a in answers if not a.answered),
            today=today_local(),
        ),
    )
