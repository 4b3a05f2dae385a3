"""The work on a case: tasks and playbooks, the timeline, indicators, systems, links and communications."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.incidents import queries, services
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.forms import (
    CommunicationForm,
    IndicatorForm,
    LinkForm,
    SystemForm,
    TaskForm,
    TimelineForm,
    local_input_value,
)
from carecyber.incidents.models import AffectedSystem, Task
from carecyber.incidents.views.cases import person_from
from carecyber.incidents.views.common import button_submit, case_page, form_for, form_submit, load_case, version_of


@member_required
def tasks(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    form = form_for(
        request,
        rights,
        "manage",
        lambda: TaskForm(request.POST or None, people=queries.assignable_people(request.actor, incident)),
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.task_add(
            actor=request.actor,
            incident=incident,
            title=d["title"],
            detail=d["detail"],
            assignee=person_from(request, incident, d["assignee"], "assignee"),
            due_at=d["due_at"],
        ),
        "The task has been added.",
    )
    if saved is not None:
        return redirect("incidents:tasks", number)
    started = set(incident.playbook_runs.values_list("playbook", flat=True))
    return case_page(
        request,
        "incidents/case_tasks.jinja",
        incident,
        "tasks",
        {
            "tasks": list(incident.tasks.select_related("assignee")),
            "form": form,
            "playbooks": [(p, p.key in started) for p in catalogue().playbooks],
            "suggested": incident.suggested_playbook,
            "user_id": request.actor.user.pk if request.actor.user else None,
            "now": timezone.now(),
        },
    )


@require_POST
@member_required
def playbook_start(request: AppRequest, number: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    added = button_submit(
        request,
        lambda: services.playbook_start(
            actor=request.actor, incident=incident, playbook=request.POST.get("playbook", "")
        ),
    )
    if added is not None:
        messages.success(request, f"The playbook has added {len(added)} tasks.")
    return redirect("incidents:tasks", number)


def _task(incident_pk: int, request: AppRequest, task_id: int) -> Task:
    task = (
        Task.objects.visible_to(request.actor)
        .filter(incident_id=incident_pk, pk=task_id)
        .select_related("incident", "assignee")
        .first()
    )
    if task is None:
        raise Http404("No such task")
    return task


@member_required
def task_edit(request: AppRequest, number: int, task_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    task = _task(incident.pk, request, task_id)
    task.incident = incident
    people = queries.assignable_people(request.actor, incident)
    initial = {
        "version": task.version,
        "title": task.title,
        "detail": task.detail,
        "due_at": local_input_value(task.due_at),
        "assignee": "" if task.assignee is None else (task.assignee.email if people is None else str(task.assignee.pk)),
    }
    form = TaskForm(request.POST or None, initial=initial, people=people, with_version=True)
    saved = form_submit(
        request,
        form,
        lambda d: services.task_update(
            actor=request.actor,
            task=task,
            version=version_of(form),
            title=d["title"],
            detail=d["detail"],
            assignee=person_from(request, incident, d["assignee"], "assignee"),
            due_at=d["due_at"],
        ),
        "The task has been saved.",
    )
    if saved is not None:
        return redirect("incidents:tasks", number)
    return case_page(request, "incidents/task_edit.jinja", incident, "tasks", {"form": form, "task": task})


@require_POST
@member_required
def task_state(request: AppRequest, number: int, task_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "contribute")
    task = _task(incident.pk, request, task_id)
    task.incident = incident
    button_submit(
        request, lambda: services.task_set_state(actor=request.actor, task=task, state=request.POST.get("state", ""))
    )
    if request.POST.get("next") == "home":
        return redirect("core:home")
    return redirect("incidents:tasks", number)


@member_required
def timeline(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    form = form_for(
        request,
        rights,
        "contribute",
        lambda: TimelineForm(request.POST or None, initial={"at": local_input_value(timezone.now())}),
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.timeline_add(actor=request.actor, incident=incident, at=d["at"], text=d["text"]),
        "The entry has been added to the timeline.",
    )
    if saved is not None:
        return redirect("incidents:timeline", number)
    kind = request.GET.get("show", "")
    events = incident.timeline.all()
    if kind in {"entered", "automatic"}:
        events = events.filter(kind=kind)
    return case_page(
        request,
        "incidents/case_timeline.jinja",
        incident,
        "timeline",
        {"events": list(events.order_by("at", "id")), "form": form, "show": kind},
    )


@member_required
def indicators(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    which = request.POST.get("form") if request.method == "POST" else None
    indicator_form = IndicatorForm(request.POST if which == "indicator" else None)
    system_form = SystemForm(request.POST if which == "system" else None)
    link_form = LinkForm(request.POST if which == "link" else None)
    if which:
        rights.require("contribute")
    # Only the form that was posted is bound; the others are not valid, so they save nothing.
    added = (
        form_submit(
            request,
            indicator_form,
            lambda d: services.indicator_add(
                actor=request.actor, incident=incident, kind=d["kind"], value=d["value"], note=d["note"]
            ),
            "The indicator has been added.",
        )
        or form_submit(
            request,
            system_form,
            lambda d: services.system_add(actor=request.actor, incident=incident, name=d["name"], impact=d["impact"]),
            "The system has been added.",
        )
        or form_submit(
            request,
            link_form,
            lambda d: services.link_add(
                actor=request.actor, incident=incident, kind=d["kind"], reference=d["reference"], label=d["label"]
            ),
            "The link has been added.",
        )
    )
    if added is not None:
        return redirect("incidents:indicators", number)
    return case_page(
        request,
        "incidents/case_indicators.jinja",
        incident,
        "indicators",
        {
            "indicators": list(incident.indicators.all()),
            "systems": list(incident.systems.all()),
            "links": list(incident.links.all()),
            "indicator_form": indicator_form,
            "system_form": system_form,
            "link_form": link_form,
            "system_states": AffectedSystem.State.choices,
        },
    )


@require_POST
@member_required
def indicator_remove(request: AppRequest, number: int, indicator_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    indicator = incident.indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator")
    indicator.incident = incident
    button_submit(request, lambda: services.indicator_remove(actor=request.actor, indicator=indicator))
    return redirect("incidents:indicators", number)


@require_POST
@member_required
def system_state(request: AppRequest, number: int, system_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "contribute")
    system = incident.systems.filter(pk=system_id).first()
    if system is None:
        raise Http404("No such system")
    system.incident = incident
    button_submit(
        request,
        lambda: services.system_set_state(actor=request.actor, system=system, state=request.POST.get("state", "")),
    )
    return redirect("incidents:indicators", number)


@require_POST
@member_required
def link_remove(request: AppRequest, number: int, link_id: int) -> HttpResponse:
    incident, _ = load_case(request, number, "manage")
    link = incident.links.filter(pk=link_id).first()
    if link is None:
        raise Http404("No such link")
    link.incident = incident
    services.link_remove(actor=request.actor, link=link)
    return redirect("incidents:indicators", number)


@member_required
def communications(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    form = form_for(
        request,
        rights,
        "manage",
        lambda: CommunicationForm(request.POST or None, initial={"at": local_input_value(timezone.now())}),
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.communication_add(
            actor=request.actor,
            incident=incident,
            at=d["at"],
            direction=d["direction"],
            channel=d["channel"],
            party=d["party"],
            summary=d["summary"],
        ),
        "The communication has been logged.",
    )
    if saved is not None:
        return redirect("incidents:communications", number)
    return case_page(
        request,
        "incidents/case_communications.jinja",
        incident,
        "communications",
        {"items": list(incident.communications.all()), "form": form},
    )
