"""Case handling: details, status, owner, tasks, playbooks, the timeline, indicators, systems, communications,
links and closing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import diff
from carecyber.core.models import Membership, User
from carecyber.core.roles import ORGANISATION_ROLES
from carecyber.incidents import access
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.engine.indicators import IndicatorError, defang, normalise
from carecyber.incidents.models import (
    AffectedSystem,
    Communication,
    Decision,
    Incident,
    IncidentLink,
    Indicator,
    PlaybookRun,
    Status,
    StillHappening,
    Task,
    TimelineEvent,
)
from carecyber.incidents.services.common import (
    StaleEditError,
    case_record,
    case_url,
    check_times,
    claim_version,
    email_after_commit,
    person_label,
    require_rights,
)

# Statuses a case may be moved to by hand; "closed" goes through incident_close, which asks for lessons.
SETTABLE_STATUSES = (Status.TRIAGE, Status.INVESTIGATING, Status.CONTAINED, Status.RECOVERING)


@dataclass(frozen=True)
class DetailsInput:
    category: str
    summary: str
    description: str
    data_or_systems: str
    still_happening: str
    occurred_at: datetime
    aware_at: datetime
    data_subjects_count: int | None


def _details(incident: Incident) -> dict[str, object]:
    return {
        "category": incident.category,
        "summary": incident.summary,
        "description": incident.description,
        "data_or_systems": incident.data_or_systems,
        "still_happening": incident.still_happening,
        "occurred_at": incident.occurred_at.isoformat(),
        "aware_at": incident.aware_at.isoformat(),
        "data_subjects_count": incident.data_subjects_count,
    }


def incident_update_details(*, actor: Actor, incident: Incident, version: int, data: DetailsInput) -> Incident:
    """Correct what was reported. Moving the time of awareness moves the 72-hour deadline with it."""
    require_rights(actor, incident, "manage")
    errors: dict[str, str] = {}
    if data.category not in catalogue().category_keys:
        errors["category"] = "Choose what kind of incident this is"
    summary = " ".join(data.summary.split())
    if not summary or len(summary) > 200:
        errors["summary"] = "Say in a sentence (up to 200 characters) what happened"
    if data.still_happening not in StillHappening.values:
        errors["still_happening"] = "Say whether it is still happening"
    if data.data_subjects_count is not None and not 0 <= data.data_subjects_count <= 100_000_000:
        errors["data_subjects_count"] = "Enter a number of people from 0 to 100,000,000"
    if errors:
        raise ValidationError(errors)
    check_times(occurred_at=data.occurred_at, aware_at=data.aware_at, now=timezone.now())
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        before = _details(current)
        current.category = data.category
        current.summary = summary
        current.description = data.description.strip()
        current.data_or_systems = data.data_or_systems.strip()
        current.still_happening = data.still_happening
        current.occurred_at = data.occurred_at
        current.aware_at = data.aware_at
        current.data_subjects_count = data.data_subjects_count
        if current.notifiable:
            current.deadline_at = data.aware_at + timedelta(hours=72)
        current.save()
        changes = diff(before, _details(current))
        if changes:
            names = ", ".join(k.replace("_", " ") for k in changes)
            case_record(
                actor=actor,
                incident=current,
                action="incident.updated",
                timeline=f"Details corrected: {names}.",
                changes=changes,
                touch_case=False,
            )
    return current


def _member_of(incident: Incident, user: User) -> bool:
    places = [incident.organisation_id]
    if incident.organisation.parent_id:
        places.append(incident.organisation.parent_id)
    return Membership.objects.filter(user=user, organisation_id__in=places, role__in=ORGANISATION_ROLES).exists()


def incident_set_status(*, actor: Actor, incident: Incident, version: int, status: str, note: str = "") -> Incident:
    require_rights(actor, incident, "manage")
    if status not in SETTABLE_STATUSES:
        raise ValidationError(
            {"status": "Choose triage, investigating, contained or recovering (close the case to close it)"}
        )
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        if current.is_closed:
            raise ValidationError({"status": "This case is closed: reopen it first"})
        before = current.status
        if before == status:
            return current
        current.status = status
        current.save(update_fields=["status", "updated_at"])
        text = f"Status: {Status(before).label} → {Status(status).label}."
        if note.strip():
            text += f" {note.strip()}"
        case_record(
            actor=actor,
            incident=current,
            action="incident.status_changed",
            timeline=text,
            changes={"status": [before, status]},
            touch_case=False,
        )
    return current


def incident_assign_owner(*, actor: Actor, incident: Incident, version: int, owner: User | None) -> Incident:
    require_rights(actor, incident, "manage")
    if owner is not None and not _member_of(incident, owner):
        raise ValidationError({"owner": "Choose someone who belongs to this organisation"})
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        before = current.owner
        if before == owner:
            return current
        current.owner = owner
        current.save(update_fields=["owner", "updated_at"])
        case_record(
            actor=actor,
            incident=current,
            action="incident.owner_changed",
            timeline=f"Owner: {owner.full_name if owner else 'nobody'}.",
            changes={"owner": [before.email if before else None, owner.email if owner else None]},
            touch_case=False,
        )
        if owner is not None and owner != actor.user:
            email_after_commit(
                to=[owner.email],
                subject=f"You now own incident {current.reference}",
                template="incident_assigned",
                context={"incident": current, "what": "the owner of this case", "link": case_url(current)},
            )
    return current


@dataclass(frozen=True)
class CloseInput:
    root_cause: str
    lessons: str
    assessment_items: Sequence[str] = ()
    training_modules: Sequence[str] = ()


def incident_close(*, actor: Actor, incident: Incident, version: int, data: CloseInput) -> Incident:
    """Close with the root cause and the lessons; lessons can name assessment items and training modules."""
    require_rights(actor, incident, "manage")
    errors: dict[str, str] = {}
    if len(data.root_cause.strip()) < 10:
        errors["root_cause"] = "Describe the root cause: what made this possible, in a sentence or more"
    if len(data.lessons.strip()) < 10:
        errors["lessons"] = "Describe what you have learned and what will change"
    refs = [r.strip() for r in data.assessment_items if r.strip()]
    slugs = [s.strip().lower() for s in data.training_modules if s.strip()]
    if any(len(r) > 100 for r in refs):
        errors["assessment_items"] = "An assessment item reference has at most 100 characters, like 6.2.1"
    if any(len(s) > 100 or not all(c.isalnum() or c in "-_" for c in s) for s in slugs):
        errors["training_modules"] = "Give training modules by their short name, like phishing-basics"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        if current.is_closed:
            raise ValidationError({"__all__": "This case is already closed"})
        open_tasks = current.tasks.filter(state=Task.State.OPEN).count()
        if open_tasks:
            raise ValidationError(
                {
                    "__all__": f"{open_tasks} task{'s are' if open_tasks != 1 else ' is'} still to do: finish "
                    "them or mark them not needed before closing"
                }
            )
        if current.clock_running:
            raise ValidationError(
                {"__all__": "This incident must be notified or have a recorded decision not to notify before it closes"}
            )
        if not current.is_graded:
            raise ValidationError({"__all__": "Grade the incident before closing it, so the record shows its risk"})
        current.root_cause = data.root_cause.strip()
        current.lessons = data.lessons.strip()
        current.status = Status.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = actor.user
        current.save()
        label = person_label(actor)
        lessons = [(IncidentLink.Kind.ASSESSMENT_ITEM, "Assessment item", ref) for ref in dict.fromkeys(refs)]
        lessons += [(IncidentLink.Kind.TRAINING_MODULE, "Training module", slug) for slug in dict.fromkeys(slugs)]
        for kind, words, reference in lessons:
            IncidentLink.objects.update_or_create(
                incident=current,
                kind=kind,
                reference=reference,
                defaults={"label": f"{words} {reference}", "is_lesson": True, "created_by_label": label},
            )
        case_record(
            actor=actor,
            incident=current,
            action="incident.closed",
            timeline="Case closed, with its root cause and lessons learned.",
            changes={"assessment_items": refs, "training_modules": slugs},
            touch_case=False,
        )
        if current.reporter is not None and current.reporter != actor.user:
            email_after_commit(
                to=[current.reporter.email],
                subject=f"What happened with the incident you reported ({current.reference})",
                template="incident_outcome",
                context={"incident": current, "organisation": current.organisation},
            )
    return current


def incident_reopen(*, actor: Actor, incident: Incident, version: int, reason: str) -> Incident:
    require_rights(actor, incident, "manage")
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Say why the case is being reopened"})
    with transaction.atomic():
        current = claim_version(incident, version, actor)
        if not current.is_closed:
            raise ValidationError({"__all__": "This case is not closed"})
        current.status = Status.INVESTIGATING
        current.closed_at = None
        current.closed_by = None
        current.save()
        case_record(
            actor=actor,
            incident=current,
            action="incident.reopened",
            timeline=f"Case reopened. {reason.strip()}",
            changes={"reason": reason.strip()},
            touch_case=False,
        )
    return current


# --- Tasks -----------------------------------------------------------------------------------------


def _check_assignee(incident: Incident, assignee: User | None) -> None:
    if assignee is not None and not _member_of(incident, assignee):
        raise ValidationError({"assignee": "Choose someone who belongs to this organisation"})


def _check_open(incident: Incident) -> None:
    if incident.is_closed:
        raise ValidationError({"__all__": "This case is closed: reopen it to change it"})


def _require_open(actor: Actor, incident: Incident, what: str) -> None:
    """Work on a case needs the right to do it, and a case that is still open."""
    require_rights(actor, incident, what)
    _check_open(incident)


def _task_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > 200:
        raise ValidationError({"title": "Say what needs doing, in up to 200 characters"})
    return title


def _next_position(incident: Incident) -> int:
    """New tasks go to the end of the list."""
    return (incident.tasks.aggregate(m=Max("position"))["m"] or 0) + 1


def task_add(
    *,
    actor: Actor,
    incident: Incident,
    title: str,
    detail: str = "",
    assignee: User | None = None,
    due_at: datetime | None = None,
) -> Task:
    _require_open(actor, incident, "manage")
    title = _task_title(title)
    _check_assignee(incident, assignee)
    if due_at is not None and due_at < incident.occurred_at:
        raise ValidationError({"due_at": "A task cannot be due before the incident happened"})
    with transaction.atomic():
        task = Task.objects.create(
            incident=incident,
            title=title,
            detail=detail.strip(),
            assignee=assignee,
            due_at=due_at,
            position=_next_position(incident),
            created_by_label=person_label(actor),
        )
        case_record(
            actor=actor,
            incident=incident,
            action="incident_task.added",
            obj=task,
            label=title,
            timeline=f"Task added: {title}.",
        )
        _tell_assignee(actor, incident, task)
    return task


def _tell_assignee(actor: Actor, incident: Incident, task: Task) -> None:
    if task.assignee is not None and task.assignee != actor.user:
        email_after_commit(
            to=[task.assignee.email],
            subject=f"A task for you on incident {incident.reference}",
            template="incident_assigned",
            context={"incident": incident, "what": f"asked to: {task.title}", "link": case_url(incident), "task": task},
        )


def task_update(
    *, actor: Actor, task: Task, version: int, title: str, detail: str, assignee: User | None, due_at: datetime | None
) -> Task:
    incident = task.incident
    _require_open(actor, incident, "manage")
    title = _task_title(title)
    _check_assignee(incident, assignee)
    with transaction.atomic():
        claimed = Task.objects.filter(pk=task.pk, version=version).update(version=F("version") + 1)
        if not claimed:
            now = Task.objects.filter(pk=task.pk).values_list("version", flat=True).first()
            raise StaleEditError(what="this task", version=now)
        current = Task.objects.get(pk=task.pk)
        before = {
            "title": current.title,
            "detail": current.detail,
            "assignee": current.assignee_id,
            "due_at": current.due_at,
        }
        reassigned = current.assignee_id != (assignee.pk if assignee else None)
        current.title, current.detail, current.assignee, current.due_at = title, detail.strip(), assignee, due_at
        current.save()
        after = {"title": title, "detail": current.detail, "assignee": current.assignee_id, "due_at": due_at}
        case_record(
            actor=actor,
            incident=incident,
            action="incident_task.updated",
            obj=current,
            label=title,
            changes=diff(before, after),
        )
        if reassigned:
            _tell_assignee(actor, incident, current)
    return current


def task_set_state(*, actor: Actor, task: Task, state: str) -> Task:
    """Done, not needed, or back to do. The person the task is assigned to may do this too."""
    incident = task.incident
    require_rights(actor, incident, "contribute")
    is_assignee = actor.user is not None and task.assignee_id == actor.user.pk
    if not access.rights(actor, incident).manage and not is_assignee:
        raise ValidationError({"__all__": "Only the person this task is for, or the case owner, can change it"})
    _check_open(incident)
    if state not in Task.State.values:
        raise ValidationError({"state": "Choose done, not needed or to do"})
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.state == state:
            return current  # pressing "done" twice is harmless
        before = current.state
        current.state = state
        current.done_at = timezone.now() if state != Task.State.OPEN else None
        current.done_by_label = person_label(actor) if state != Task.State.OPEN else ""
        current.version += 1
        current.save()
        words = {"done": "done", "not_needed": "not needed", "open": "back to do"}[state]
        case_record(
            actor=actor,
            incident=incident,
            action="incident_task.state_changed",
            obj=current,
            label=current.title,
            timeline=f"Task {words}: {current.title}.",
            changes={"state": [before, state]},
        )
    return current


def playbook_start(*, actor: Actor, incident: Incident, playbook: str) -> list[Task]:
    """Add the playbook's tasks, each due relative to now. Starting the same playbook twice adds nothing."""
    _require_open(actor, incident, "manage")
    try:
        book = catalogue().playbook(playbook)
    except KeyError:
        raise ValidationError({"playbook": "Choose one of the playbooks listed"}) from None
    now = timezone.now()
    try:
        with transaction.atomic():
            PlaybookRun.objects.create(incident=incident, playbook=book.key, started_by_label=person_label(actor))
            start = _next_position(incident)
            tasks = Task.objects.bulk_create(
                [
                    Task(
                        incident=incident,
                        title=step.title,
                        detail=step.detail,
                        due_at=now + timedelta(hours=step.due_hours),
                        playbook=book.key,
                        position=start + i,
                        created_by_label=f"Playbook: {book.title}",
                    )
                    for i, step in enumerate(book.tasks)
                ]
            )
            case_record(
                actor=actor,
                incident=incident,
                action="incident.playbook_started",
                timeline=f"Playbook started: {book.title} ({len(tasks)} tasks added).",
                changes={"playbook": book.key, "tasks": len(tasks)},
            )
    except IntegrityError:
        raise ValidationError(
            {"playbook": f"The {book.title} playbook has already been started on this case"}
        ) from None
    return tasks


# --- Timeline, indicators, systems, communications, links ---------------------------------------------


def timeline_add(*, actor: Actor, incident: Incident, at: datetime, text: str) -> TimelineEvent:
    """An entry typed by a person, at the time it happened (which may be earlier than now)."""
    _require_open(actor, incident, "contribute")
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Say what happened"
    elif len(text) > 5000:
        errors["text"] = "Keep an entry to 5,000 characters"
    if at > timezone.now() + timedelta(minutes=5):
        errors["at"] = "An entry cannot be in the future"
    elif at < incident.occurred_at - timedelta(days=365):
        errors["at"] = "An entry cannot be more than a year before the incident happened"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = TimelineEvent.objects.create(
            incident=incident, at=at, kind=TimelineEvent.Kind.ENTERED, text=text, actor_label=person_label(actor)
        )
        case_record(actor=actor, incident=incident, action="incident_timeline.added", obj=event)
    return event


def indicator_add(*, actor: Actor, incident: Incident, kind: str, value: str, note: str = "") -> Indicator:
    _require_open(actor, incident, "contribute")
    try:
        clean = normalise(kind, value)
    except IndicatorError as exc:
        raise ValidationError({"value": str(exc)}) from None
    if incident.indicators.filter(kind=kind, value=clean).exists():
        raise ValidationError({"value": f"{defang(kind, clean)} is already recorded on this case"})
    with transaction.atomic():
        indicator = Indicator.objects.create(
            incident=incident, kind=kind, value=clean, note=note.strip()[:500], created_by_label=person_label(actor)
        )
        shown = defang(kind, clean)
        case_record(
            actor=actor,
            incident=incident,
            action="incident_indicator.added",
            obj=indicator,
            label=shown,
            timeline=f"Indicator added: {shown}.",
        )
    return indicator


def indicator_remove(*, actor: Actor, indicator: Indicator) -> None:
    incident = indicator.incident
    _require_open(actor, incident, "manage")
    with transaction.atomic():
        label = defang(indicator.kind, indicator.value)
        case_record(  # before the delete, while the audit line can still name the row
            actor=actor,
            incident=incident,
            action="incident_indicator.removed",
            obj=indicator,
            label=label,
            timeline=f"Indicator removed: {label}.",
        )
        indicator.delete()


def system_add(*, actor: Actor, incident: Incident, name: str, impact: str = "") -> AffectedSystem:
    _require_open(actor, incident, "contribute")
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": "Name the system, in up to 200 characters"})
    with transaction.atomic():
        system = AffectedSystem.objects.create(incident=incident, name=name, impact=impact.strip()[:500])
        case_record(
            actor=actor,
            incident=incident,
            action="incident_system.added",
            obj=system,
            label=name,
            timeline=f"Affected system recorded: {name}.",
        )
    return system


def system_set_state(*, actor: Actor, system: AffectedSystem, state: str) -> AffectedSystem:
    incident = system.incident
    _require_open(actor, incident, "contribute")
    if state not in AffectedSystem.State.values:
        raise ValidationError({"state": "Choose affected, isolated or restored"})
    with transaction.atomic():
        current = AffectedSystem.objects.select_for_update().get(pk=system.pk)
        if current.state == state:
            return current
        before = current.state
        current.state = state
        current.save(update_fields=["state"])
        case_record(
            actor=actor,
            incident=incident,
            action="incident_system.updated",
            obj=current,
            label=current.name,
            timeline=f"{current.name}: {AffectedSystem.State(state).label.lower()}.",
            changes={"state": [before, state]},
        )
    return current


def communication_add(
    *, actor: Actor, incident: Incident, at: datetime, direction: str, channel: str, party: str, summary: str
) -> Communication:
    require_rights(actor, incident, "manage")
    errors: dict[str, str] = {}
    if direction not in Communication.Direction.values:
        errors["direction"] = "Say whether you told them or they told you"
    if channel not in Communication.Channel.values:
        errors["channel"] = "Choose how"
    if not party.strip() or len(party.strip()) > 200:
        errors["party"] = "Say who, in up to 200 characters"
    if not summary.strip():
        errors["summary"] = "Summarise what was said"
    if at > timezone.now() + timedelta(minutes=5):
        errors["at"] = "A communication cannot be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Communication.objects.create(
            incident=incident,
            at=at,
            direction=direction,
            channel=channel,
            party=party.strip(),
            summary=summary.strip(),
            created_by_label=person_label(actor),
        )
        case_record(actor=actor, incident=incident, action="incident_communication.added", obj=item, label=item.party)
    return item


def link_add(*, actor: Actor, incident: Incident, kind: str, reference: str, label: str = "") -> IncidentLink:
    """Link a phishing report, an advisory, an assessment item or a training module (by its reference)."""
    require_rights(actor, incident, "contribute")
    reference = reference.strip()
    errors: dict[str, str] = {}
    if kind not in IncidentLink.Kind.values:
        errors["kind"] = "Choose what you are linking to"
    if not reference or len(reference) > 100:
        errors["reference"] = "Enter its reference, in up to 100 characters"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            link = IncidentLink.objects.create(
                incident=incident,
                kind=kind,
                reference=reference,
                label=label.strip()[:200],
                created_by_label=person_label(actor),
            )
            case_record(
                actor=actor,
                incident=incident,
                action="incident_link.added",
                obj=link,
                label=f"{kind} {reference}",
                timeline=f"Linked {link.get_kind_display().lower()} {reference}.",
            )
    except IntegrityError:
        raise ValidationError({"reference": "That is already linked to this case"}) from None
    return link


def link_remove(*, actor: Actor, link: IncidentLink) -> None:
    incident = link.incident
    require_rights(actor, incident, "manage")
    with transaction.atomic():
        label = f"{link.kind} {link.reference}"
        case_record(actor=actor, incident=incident, action="incident_link.removed", obj=link, label=label)
        link.delete()


def open_decision_needed(incident: Incident) -> bool:
    return incident.is_graded and incident.decision == Decision.PENDING
