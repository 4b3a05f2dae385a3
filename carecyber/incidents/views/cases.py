"""A case: the list, the overview, correcting details, grading, the decision, notifications, status, closing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.models import User
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.incidents import access, presenters, queries, services
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.engine.grading import LEVEL_LABELS, LEVEL_SHORT, Level
from carecyber.incidents.forms import (
    CaseFilterForm,
    CloseForm,
    DecisionForm,
    DetailsForm,
    GradeForm,
    HelpForm,
    NotificationForm,
    OwnerForm,
    ReopenForm,
    RespondForm,
    StatusForm,
    local_input_value,
)
from carecyber.incidents.models import Incident
from carecyber.incidents.services.grading import missing_recipients, rules_active, rules_version
from carecyber.incidents.views.common import (
    CSV_LIMIT,
    button_submit,
    case_page,
    csv_download,
    csv_safe,
    form_submit,
    load_case,
    page,
    version_of,
)


@member_required
def case_list(request: AppRequest) -> HttpResponseBase:
    actor = request.actor
    if actor.role in {"national", "support_partner"}:
        return redirect("incidents:national")
    form = CaseFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.CaseFilters(
        status=data.get("status", ""),
        category=data.get("category", ""),
        notifiable=data.get("notifiable", ""),
        q=data.get("q", ""),
    )
    cases = queries.cases_for(actor, filters)
    if request.GET.get("format") == "csv" and access.can_list_cases(actor):
        return _csv(cases, "carecyber-incidents.csv")
    pg = paginate(cases, request.GET, per_page=25)
    return page(
        request,
        "incidents/case_list.jinja",
        {
            "page_title": "Incidents",
            "form": form,
            "page": pg,
            "pagination": pagination_params(pg, request.GET),
            "clocks": queries.running_clocks(actor),
            "can_settings": access.can_manage_webhook(actor) and actor.organisation is not None,
            "can_csv": access.can_list_cases(actor),
            "now": timezone.now(),
        },
    )


def _csv(cases: QuerySet[Incident], filename: str) -> StreamingHttpResponse:
    header = [
        "reference",
        "organisation",
        "region",
        "reported",
        "kind",
        "status",
        "band",
        "notifiable",
        "deadline",
        "clock stopped",
        "summary",
    ]
    rows = (
        [
            i.reference,
            i.organisation.code,
            presenters.region_label(i.region),
            i.reported_at.isoformat(),
            presenters.category_label(i.category),
            i.get_status_display(),
            i.band,
            "yes" if i.notifiable else "no",
            i.deadline_at.isoformat() if i.deadline_at else "",
            i.clock_stopped_at.isoformat() if i.clock_stopped_at else "",
            csv_safe(i.summary),
        ]
        for i in cases[:CSV_LIMIT].iterator(chunk_size=2000)
    )
    return csv_download(filename, header, rows)


@member_required
def case_overview(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    actor = request.actor
    category = catalogue().category(incident.category) if incident.category in catalogue().category_keys else None
    started = set(incident.playbook_runs.values_list("playbook", flat=True))
    return case_page(
        request,
        "incidents/case_overview.jinja",
        incident,
        "overview",
        {
            "category": category,
            "now": timezone.now(),
            "notifications": list(incident.notifications.select_related("recorded_by")),
            "missing": [presenters_recipient(r) for r in missing_recipients(incident)],
            "links": list(incident.links.all()),
            "groups": queries.groups_of(actor, incident),
            "support_requests": list(incident.support_requests.all()),
            "open_tasks": incident.tasks.filter(state="open").count(),
            "suggested_playbook": catalogue().playbook(incident.suggested_playbook)
            if incident.suggested_playbook and incident.suggested_playbook not in started
            else None,
            "respond_form": RespondForm() if rights.national else None,
        },
    )


def presenters_recipient(value: str) -> str:
    from carecyber.incidents.models import Notification

    return str(Notification.Recipient(value).label)


def _initial_details(incident: Incident) -> dict[str, object]:
    return {
        "version": incident.version,
        "category": incident.category,
        "summary": incident.summary,
        "description": incident.description,
        "data_or_systems": incident.data_or_systems,
        "still_happening": incident.still_happening,
        "occurred_at": local_input_value(incident.occurred_at),
        "aware_at": local_input_value(incident.aware_at),
        "data_subjects_count": incident.data_subjects_count,
    }


@member_required
def case_edit(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    form = DetailsForm(request.POST or None, initial=_initial_details(incident))
    saved = form_submit(
        request,
        form,
        lambda d: services.incident_update_details(
            actor=request.actor,
            incident=incident,
            version=version_of(form),
            data=services.DetailsInput(
                category=d["category"],
                summary=d["summary"],
                description=d["description"],
                data_or_systems=d["data_or_systems"],
                still_happening=d["still_happening"],
                occurred_at=d["occurred_at"],
                aware_at=d["aware_at"],
                data_subjects_count=d["data_subjects_count"],
            ),
        ),
        "The details have been saved.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    incident = _latest(request, incident, form)
    return case_page(request, "incidents/case_edit.jinja", incident, "overview", {"form": form})


@member_required
def case_grade(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    rules = rules_active()
    essential = incident.org_category == 1
    initial: dict[str, object] = {"version": incident.version, "data_subjects_count": incident.data_subjects_count}
    if incident.is_graded:
        initial.update(
            likelihood=incident.likelihood,
            severity=incident.severity,
            vulnerable_groups=incident.vulnerable_groups,
            significant_service_impact=(
                None
                if incident.significant_service_impact is None
                else ("yes" if incident.significant_service_impact else "no")
            ),
        )
    form = GradeForm(request.POST or None, initial=initial, rules=rules, essential=essential)
    saved = form_submit(
        request,
        form,
        lambda d: services.incident_grade(
            actor=request.actor,
            incident=incident,
            version=version_of(form),
            likelihood=d["likelihood"],
            severity=d["severity"],
            vulnerable_groups=d["vulnerable_groups"],
            significant_service_impact=d.get("significant_service_impact"),
            data_subjects_count=d["data_subjects_count"],
        ),
        "The grading has been saved.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    incident = _latest(request, incident, form)
    graded_rules = rules_version(incident.rules_version) if incident.rules_version is not None else None
    return case_page(
        request,
        "incidents/case_grade.jinja",
        incident,
        "overview",
        {
            "form": form,
            "rules": rules,
            "essential": essential,
            "graded_rules": graded_rules,
            "level_short": {level.value: LEVEL_SHORT[level] for level in Level},
            "level_labels": {level.value: LEVEL_LABELS[level] for level in Level},
        },
    )


@member_required
def case_decision(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    form = DecisionForm(
        request.POST or None,
        initial={
            "version": incident.version,
            "decision": incident.decision or None,
            "reason": incident.decision_reason,
        },
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.incident_decide(
            actor=request.actor,
            incident=incident,
            version=version_of(form),
            decision=d["decision"],
            reason=d["reason"],
        ),
        "Your decision has been recorded.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    incident = _latest(request, incident, form)
    return case_page(
        request, "incidents/case_decision.jinja", incident, "overview", {"form": form, "now": timezone.now()}
    )


@member_required
def case_notification(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    missing = missing_recipients(incident)
    form = NotificationForm(
        request.POST or None,
        initial={"notified_at": local_input_value(timezone.now()), "recipient": missing[0] if missing else None},
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.notification_record(
            actor=request.actor,
            incident=incident,
            recipient=d["recipient"],
            reference=d["reference"],
            notified_at=d["notified_at"],
        ),
        "The notification has been recorded.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    return case_page(
        request,
        "incidents/case_notification.jinja",
        incident,
        "overview",
        {"form": form, "missing": [presenters_recipient(r) for r in missing]},
    )


def _latest(request: AppRequest, incident: Incident, form: forms.BaseForm) -> Incident:
    """After a save that did not go through, show the case as it is now (someone else may just have changed it)."""
    return queries.case_for(request.actor, incident.pk) if form.errors else incident


def person_from(request: AppRequest, incident: Incident, value: object, field: str = "owner") -> User | None:
    """The chosen person: an id from the list, or an email address for large organisations."""
    if value in (None, ""):
        return None
    text = str(value)
    if "@" in text:
        person = queries.person_in_case_organisation(request.actor, incident, text)
        if person is None:
            raise ValidationError({field: f"Nobody with the address {text} belongs to this organisation"})
        return person
    people = queries.assignable_people(request.actor, incident) or []
    chosen = next((p for p in people if str(p.pk) == text), None)
    if chosen is None:
        raise ValidationError({field: "Choose someone from the list"})
    return chosen


@member_required
def case_status(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    people = queries.assignable_people(request.actor, incident)
    which = request.POST.get("form") if request.method == "POST" else None
    status_form = StatusForm(
        request.POST if which == "status" else None,
        initial={"version": incident.version, "status": incident.status if incident.status != "new" else None},
    )
    owner_form = OwnerForm(
        request.POST if which == "owner" else None,
        initial={
            "version": incident.version,
            "owner": (incident.owner.email if people is None else str(incident.owner.pk)) if incident.owner else "",
        },
        people=people,
    )
    # Only the form that was posted is bound; the other is not valid, so it saves nothing.
    saved = form_submit(
        request,
        status_form,
        lambda d: services.incident_set_status(
            actor=request.actor,
            incident=incident,
            version=version_of(status_form),
            status=d["status"],
            note=d["note"],
        ),
        "The status has been changed.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    saved = form_submit(
        request,
        owner_form,
        lambda d: services.incident_assign_owner(
            actor=request.actor,
            incident=incident,
            version=version_of(owner_form),
            owner=person_from(request, incident, d["owner"]),
        ),
        "The owner has been changed.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    if which:
        incident = queries.case_for(request.actor, number)
    return case_page(
        request,
        "incidents/case_status.jinja",
        incident,
        "overview",
        {"status_form": status_form, "owner_form": owner_form, "status_help": presenters.STATUS_HELP},
    )


@member_required
def case_close(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    form = CloseForm(request.POST or None, initial={"version": incident.version})
    saved = form_submit(
        request,
        form,
        lambda d: services.incident_close(
            actor=request.actor,
            incident=incident,
            version=version_of(form),
            data=services.CloseInput(
                root_cause=d["root_cause"],
                lessons=d["lessons"],
                assessment_items=CloseForm.split(d["assessment_items"]),
                training_modules=CloseForm.split(d["training_modules"]),
            ),
        ),
        "The case is closed. Thank you for recording what was learned.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    incident = _latest(request, incident, form)
    return case_page(
        request,
        "incidents/case_close.jinja",
        incident,
        "overview",
        {"form": form, "open_tasks": incident.tasks.filter(state="open").count()},
    )


@member_required
def case_reopen(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    form = ReopenForm(request.POST or None, initial={"version": incident.version})
    saved = form_submit(
        request,
        form,
        lambda d: services.incident_reopen(
            actor=request.actor, incident=incident, version=version_of(form), reason=d["reason"]
        ),
        "The case has been reopened.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    return case_page(request, "incidents/case_reopen.jinja", incident, "overview", {"form": form})


@require_POST
@member_required
def case_share(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    services.incident_share(actor=request.actor, incident=incident)
    messages.success(request, "The national team can now see this case.")
    return redirect("incidents:case", number)


@member_required
def case_help(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    form = HelpForm(request.POST or None)
    saved = form_submit(
        request,
        form,
        lambda d: services.help_request(
            actor=request.actor, incident=incident, message=d["message"], contact=d["contact"]
        ),
        "The national team has been asked for help. They will answer on this case and by email.",
    )
    if saved is not None:
        return redirect("incidents:case", number)
    return case_page(request, "incidents/case_help.jinja", incident, "overview", {"form": form})


@require_POST
@member_required
def help_respond(request: AppRequest, number: int, request_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "national")
    support_request = incident.support_requests.filter(pk=request_id).first()
    if support_request is None:
        raise PermissionDenied("No such request for help on this case")
    form = RespondForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        answered = button_submit(
            request,
            lambda: services.help_respond(
                actor=request.actor, request=support_request, response=d["response"], close=d["close"]
            ),
        )
        if answered is not None:
            messages.success(request, "Your answer has been sent to the organisation.")
    else:
        messages.error(request, "Write your answer to the organisation before sending it.")
    return redirect("incidents:case", number)


@member_required
def case_report(request: AppRequest, number: int, fmt: str) -> HttpResponse:
    """The whole case as a document, for the board, the regulator or the file."""
    from carecyber.incidents.documents import case_document

    incident, _ = load_case(request, number)
    body, content_type = case_document(actor=request.actor, incident=incident, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{incident.reference}.{fmt}"'
    return response
