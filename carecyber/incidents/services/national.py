"""National support: sharing a case, asking for help, answering, and linking incidents across organisations."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.roles import Role
from carecyber.incidents.models import Incident, IncidentGroup, IncidentGroupMember, SupportRequest
from carecyber.incidents.services.common import (
    case_record,
    case_url,
    email_after_commit,
    leads_of,
    national_recipients,
    person_label,
    require_rights,
    timeline_auto,
)


def _share(incident: Incident, actor: Actor, why: str) -> None:
    if incident.shared_with_national:
        return
    Incident.objects.filter(pk=incident.pk).update(shared_with_national=True, shared_at=timezone.now())
    incident.shared_with_national = True
    timeline_auto(incident, f"Shared with the national team ({why}).", actor=actor)


def incident_share(*, actor: Actor, incident: Incident) -> Incident:
    """Let the national team (and the organisation's support partner) see the case."""
    require_rights(actor, incident, "manage")
    with transaction.atomic():
        if incident.shared_with_national:
            return incident
        _share(incident, actor, "shared by the organisation")
        case_record(actor=actor, incident=incident, action="incident.shared")
    return incident


def help_request(*, actor: Actor, incident: Incident, message: str, contact: str = "") -> SupportRequest:
    """Ask the national team for help from the case; the case is shared with them so they can read it."""
    require_rights(actor, incident, "manage")
    message = message.strip()
    if len(message) < 10:
        raise ValidationError({"message": "Say what help you need, in a sentence or more"})
    if len(message) > 5000:
        raise ValidationError({"message": "Keep the request to 5,000 characters"})
    if len(contact) > 200:
        raise ValidationError({"contact": "Keep the contact details to 200 characters"})
    with transaction.atomic():
        if incident.support_requests.filter(state=SupportRequest.State.OPEN).exists():
            raise ValidationError(
                {
                    "message": "You have already asked for help on this case and the national team has not "
                    "answered yet. "
                    "Add to the timeline, or call the national team if it is urgent"
                }
            )
        request = SupportRequest.objects.create(
            incident=incident, message=message, contact=contact.strip(), requested_by_label=person_label(actor)
        )
        _share(incident, actor, "help requested")
        Incident.objects.filter(pk=incident.pk).update(help_requested=True)
        case_record(
            actor=actor,
            incident=incident,
            action="incident.help_requested",
            obj=request,
            timeline="Asked the national team for help.",
        )
        email_after_commit(
            to=national_recipients(),
            subject=f"Help requested: {incident.reference} at {incident.organisation.name}",
            template="incident_help_requested",
            context={"incident": incident, "request": request, "link": case_url(incident)},
        )
    return request


def help_respond(*, actor: Actor, request: SupportRequest, response: str, close: bool = False) -> SupportRequest:
    """The national team answers; the organisation's leads are told by email and on the timeline."""
    incident = request.incident
    require_rights(actor, incident, "national")
    response = response.strip()
    if len(response) < 5:
        raise ValidationError({"response": "Write your answer to the organisation"})
    with transaction.atomic():
        current = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if current.state == SupportRequest.State.CLOSED:
            raise ValidationError({"response": "This request for help is closed"})
        current.response = response if not current.response else f"{current.response}\n\n{response}"
        current.responded_at = timezone.now()
        current.responded_by_label = person_label(actor)
        current.state = SupportRequest.State.CLOSED if close else SupportRequest.State.ANSWERED
        current.save()
        if close:
            Incident.objects.filter(pk=incident.pk).update(help_requested=False)
        case_record(
            actor=actor,
            incident=incident,
            action="incident.help_answered",
            obj=current,
            timeline=f"The national team answered: {response}",
            changes={"closed": close},
        )
        email_after_commit(
            to=[u.email for u in leads_of(incident.organisation)],
            subject=f"The national team answered about {incident.reference}",
            template="incident_help_answered",
            context={"incident": incident, "response": response, "link": case_url(incident)},
        )
    return current


def _require_national(actor: Actor) -> None:
    if not (actor.is_system or actor.role == Role.NATIONAL):
        raise PermissionDenied("Only the national team can link incidents across organisations")


def group_create(*, actor: Actor, title: str, summary: str = "") -> IncidentGroup:
    _require_national(actor)
    title = title.strip()
    if not title or len(title) > 200:
        raise ValidationError({"title": "Give the group a title, in up to 200 characters"})
    with transaction.atomic():
        group = IncidentGroup.objects.create(title=title, summary=summary.strip(), created_by_label=person_label(actor))
        audit_record(actor=actor, action="incident_group.created", obj=group, object_label=title)
    return group


def group_link(*, actor: Actor, group: IncidentGroup, incident: Incident) -> IncidentGroupMember:
    """Link a shared incident into the group. The organisation sees the group's title on its case."""
    _require_national(actor)
    require_rights(actor, incident, "national")
    try:
        with transaction.atomic():
            member = IncidentGroupMember.objects.create(
                group=group, incident=incident, linked_by_label=person_label(actor)
            )
            case_record(
                actor=actor,
                incident=incident,
                action="incident_group.linked",
                obj=member,
                label=f"{incident.reference} → {group.title}",
                timeline=f"The national team linked this case with others: {group.title}.",
                touch_case=False,
            )
    except IntegrityError:
        raise ValidationError({"reference": f"{incident.reference} is already in this group"}) from None
    return member


def group_unlink(*, actor: Actor, member: IncidentGroupMember) -> None:
    _require_national(actor)
    with transaction.atomic():
        case_record(  # before the delete, while the audit line can still name the row
            actor=actor,
            incident=member.incident,
            action="incident_group.unlinked",
            obj=member,
            label=f"{member.incident.reference} → {member.group.title}",
            timeline=f"The national team unlinked this case from: {member.group.title}.",
            touch_case=False,
        )
        member.delete()
