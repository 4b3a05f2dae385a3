"""Who may do what with incidents, on top of the tenancy scope.

The scope (`visible_to`) decides whose incidents a person could ever reach.
Within it:

- anyone in an organisation reports incidents, and follows their own named reports;
- the security lead runs every case of the organisation (and of its sites); an
  auditor reads them;
- a member of staff made owner of a case runs that case; one given a task on a
  case sees it, adds to its timeline and evidence, and completes their tasks;
- the national team and support partners see a case only once it is shared
  with the national team; the national team answers requests for help and links
  incidents across organisations.

The identity of an anonymous reporter is never stored, so no role can see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation
from carecyber.core.roles import Role
from carecyber.incidents.models import Incident, Task


@dataclass(frozen=True)
class Rights:
    view: bool = False
    manage: bool = False
    contribute: bool = False
    national: bool = False

    def require(self, what: str) -> None:
        if not getattr(self, what):
            raise PermissionDenied("You cannot do this on this incident")


NONE = Rights()
ALL = Rights(view=True, manage=True, contribute=True, national=True)


def can_report(actor: Actor) -> bool:
    return actor.is_system or (actor.organisation is not None and actor.user is not None)


def is_case_manager_role(actor: Actor) -> bool:
    return actor.role == Role.SECURITY_LEAD


def can_list_cases(actor: Actor) -> bool:
    return actor.role in {Role.SECURITY_LEAD, Role.AUDITOR, Role.NATIONAL, Role.SUPPORT_PARTNER}


def can_edit_rules(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.NATIONAL


def can_manage_webhook(actor: Actor) -> bool:
    return actor.is_system or actor.role == Role.SECURITY_LEAD


MAX_LISTED_ORGANISATIONS = 5000


def organisation_ids(actor: Actor) -> list[int] | None:
    """The ids of the organisations the scope lets the actor reach (None: every one, or too many to list).

    Added beside the scope as an explicit `organisation_id IN (...)`, so PostgreSQL
    walks the organisation index instead of evaluating the scope's OR across a join
    for every one of half a million incidents.
    """
    if actor.is_system or actor.is_national:
        return None
    ids = list(Organisation.objects.visible_to(actor).values_list("pk", flat=True)[: MAX_LISTED_ORGANISATIONS + 1])
    return None if len(ids) > MAX_LISTED_ORGANISATIONS else ids


def incidents_in_scope(actor: Actor) -> QuerySet[Incident]:
    """`Incident.objects.visible_to(actor)`, with the organisations spelled out for the planner."""
    qs = Incident.objects.visible_to(actor)
    ids = organisation_ids(actor)
    return qs if ids is None else qs.filter(organisation_id__in=ids)


def cases_visible(actor: Actor) -> QuerySet[Incident]:
    """Every case the actor may open (not just their own reports)."""
    qs = incidents_in_scope(actor)
    if actor.is_system:
        return qs
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return qs
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        return qs.filter(shared_with_national=True)
    if actor.role == Role.STAFF and actor.user is not None:
        assigned = Task.objects.filter(incident=OuterRef("pk"), assignee=actor.user)
        return qs.filter(Q(owner=actor.user) | Exists(assigned))
    return qs.none()


def rights(actor: Actor, incident: Incident) -> Rights:
    """What the actor may do on this incident (the caller has already found it through the scope)."""
    if actor.is_system:
        return ALL
    role = actor.role
    user = actor.user
    if role == Role.SECURITY_LEAD:
        return Rights(view=True, manage=True, contribute=True)
    if role == Role.AUDITOR:
        return Rights(view=True)
    if role == Role.NATIONAL:
        return Rights(view=True, national=True) if incident.shared_with_national else NONE
    if role == Role.SUPPORT_PARTNER:
        return Rights(view=True) if incident.shared_with_national else NONE
    if role == Role.STAFF and user is not None:
        if incident.owner_id == user.pk:
            return Rights(view=True, manage=True, contribute=True)
        if Task.objects.filter(incident=incident, assignee=user).exists():
            return Rights(view=True, contribute=True)
    return NONE
