"""Every change to organisations, domains and memberships: one function per verb.

Each runs in a transaction, checks the actor may do it, and writes one audit
record. Views and the API call these; nothing else changes these models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record, diff
from carecyber.core.models import Membership, Organisation, OrganisationDomain, Role, SupportPartner, User
from carecyber.core.models.organisations import (
    normalise_code,
    normalise_domain,
    validate_domain,
)
from carecyber.core.roles import ORGANISATION_ROLES, Perm

ORGANISATION_FIELDS = ("name", "code", "type", "region", "parent", "support_partner")


def _require(actor: Actor, perm: Perm) -> None:
    if not actor.can(perm):
        raise PermissionDenied(f"Your role cannot do this ({perm.value})")


def _snapshot(org: Organisation) -> dict[str, Any]:
    return {
        "name": org.name,
        "code": org.code,
        "type": org.type,
        "region": org.region,
        "parent": org.parent.code if org.parent else None,
        "support_partner": org.support_partner.code if org.support_partner else None,
    }


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    code: str
    type: str
    region: str
    parent: Organisation | None = None
    support_partner: SupportPartner | None = None
    domains: tuple[str, ...] = ()


def _validate_domains(domains: tuple[str, ...], *, organisation: Organisation | None) -> list[str]:
    cleaned: list[str] = []
    errors: list[str] = []
    for raw in domains:
        domain = normalise_domain(raw)
        if not domain or domain in cleaned:
            continue
        try:
            validate_domain(domain)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        taken = OrganisationDomain.objects.filter(domain=domain)
        if organisation is not None:
            taken = taken.exclude(organisation=organisation)
        if taken.exists():
            errors.append(f"The domain {domain} already belongs to another organisation")
            continue
        cleaned.append(domain)
    if errors:
        raise ValidationError({"domains": errors})
    return cleaned


def _apply(org: Organisation, data: OrganisationInput) -> list[str]:
    org.name = data.name.strip()
    org.code = normalise_code(data.code)
    org.type = data.type
    org.region = data.region
    org.parent = data.parent
    org.support_partner = data.support_partner
    org.full_clean()
    return _validate_domains(data.domains, organisation=org if org.pk else None)


def organisation_create(*, actor: Actor, data: OrganisationInput) -> Organisation:
    _require(actor, Perm.ORGANISATION_CREATE)
    with transaction.atomic():
        org = Organisation()
        domains = _apply(org, data)
        org.save()
        OrganisationDomain.objects.bulk_create([OrganisationDomain(organisation=org, domain=d) for d in domains])
        audit_record(
            actor=actor,
            action="organisation.created",
            obj=org,
            organisation=org,
            changes={**_snapshot(org), "domains": domains},
        )
    return org


def organisation_update(*, actor: Actor, organisation: Organisation, data: OrganisationInput) -> Organisation:
    """Leads may change their organisation's name and domains; the national team may change everything."""
    _require(actor, Perm.ORGANISATION_EDIT)
    if not actor.is_national and (
        normalise_code(data.code) != organisation.code
        or data.type != organisation.type
        or data.region != organisation.region
        or data.parent != organisation.parent
        or data.support_partner != organisation.support_partner
    ):
        raise PermissionDenied(
            "Only the national team can change an organisation's code, type, region, headquarters or support partner"
        )
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = {**_snapshot(org), "domains": sorted(org.domains.values_list("domain", flat=True))}
        domains = _apply(org, data)
        org.save()
        org.domains.exclude(domain__in=domains).delete()
        existing = set(org.domains.values_list("domain", flat=True))
        OrganisationDomain.objects.bulk_create(
            [OrganisationDomain(organisation=org, domain=d) for d in domains if d not in existing]
        )
        after = {**_snapshot(org), "domains": sorted(domains)}
        changes = diff(before, after)
        if changes:
            audit_record(actor=actor, action="organisation.updated", obj=org, organisation=org, changes=changes)
    return org


def _check_role_for_place(role: str) -> None:
    if role not in ORGANISATION_ROLES:
        raise ValidationError({"role": "Choose staff, security lead or auditor"})


def membership_add(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    team: str = "",
    job_title: str = "",
) -> tuple[Membership, bool]:
    """Add a person to an organisation. Returns (membership, whether the person is new to CareCyber)."""
    _require(actor, Perm.PEOPLE_MANAGE)
    _check_role_for_place(role)
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name.strip())
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError({"email": f"{email} is already a member of {organisation.name}"})
        membership = Membership(
            user=user, organisation=organisation, role=role, team=team.strip(), job_title=job_title.strip()
        )
        membership.full_clean()
        try:
            membership.save()
        except IntegrityError:
            raise ValidationError({"email": f"{email} is already a member of {organisation.name}"}) from None
        audit_record(
            actor=actor,
            action="membership.added",
            obj=membership,
            organisation=organisation,
            object_label=f"{user.email} as {membership.get_role_display()}",
            changes={"role": role, "team": team, "new_person": created},
        )
    return membership, created


def membership_update(*, actor: Actor, membership: Membership, role: str, team: str, job_title: str) -> Membership:
    _require(actor, Perm.PEOPLE_MANAGE)
    _check_role_for_place(role)
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        before = {"role": current.role, "team": current.team, "job_title": current.job_title}
        if current.role == Role.SECURITY_LEAD and role != Role.SECURITY_LEAD:
            _keep_one_lead(current)
        current.role, current.team, current.job_title = role, team.strip(), job_title.strip()
        current.full_clean()
        current.save()
        changes = diff(before, {"role": current.role, "team": current.team, "job_title": current.job_title})
        if changes:
            audit_record(
                actor=actor,
                action="membership.updated",
                obj=current,
                organisation=current.organisation_id,
                object_label=current.user.email,
                changes=changes,
            )
    return current


def membership_remove(*, actor: Actor, membership: Membership) -> None:
    _require(actor, Perm.PEOPLE_MANAGE)
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if current.role == Role.SECURITY_LEAD:
            _keep_one_lead(current)
        audit_record(
            actor=actor,
            action="membership.removed",
            obj=current,
            organisation=current.organisation_id,
            object_label=current.user.email,
            changes={"role": current.role},
        )
        current.delete()


def _keep_one_lead(membership: Membership) -> None:
    others = Membership.objects.filter(organisation=membership.organisation, role=Role.SECURITY_LEAD)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError({"role": "An organisation needs at least one security lead: add another first"})
