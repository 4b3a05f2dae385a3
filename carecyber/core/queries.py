"""Scoped reads for organisations, people, memberships and the audit log."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Membership, Organisation, Role, User

# Which membership a person acts in when they have not chosen one.
_ROLE_ORDER = Case(
    When(role=Role.NATIONAL, then=Value(0)),
    When(role=Role.SUPPORT_PARTNER, then=Value(1)),
    When(role=Role.SECURITY_LEAD, then=Value(2)),
    When(role=Role.AUDITOR, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def memberships_of(user: User) -> QuerySet[Membership]:
    """A person's own memberships, most senior first (for the switcher)."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "support_partner")
        .annotate(role_order=_ROLE_ORDER)
        .order_by("role_order", "organisation__name", "support_partner__name")
    )


def acting_membership(user: User | None, membership_id: object) -> Membership | None:
    """The membership a person chose, or their most senior one."""
    if user is None:
        return None
    own = memberships_of(user)
    if isinstance(membership_id, int):
        chosen = own.filter(pk=membership_id).first()
        if chosen is not None:
            return chosen
    return own.first()


def organisations_for(
    actor: Actor, *, search: str = "", org_type: str = "", region: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(actor).select_related("support_partner", "parent")
    if search:
        term = search.strip()
        qs = qs.filter(Q(name__icontains=term) | Q(code__iexact=term.upper()))
    if org_type:
        qs = qs.filter(type=org_type)
    if region:
        qs = qs.filter(region=region)
    return qs.order_by("name", "code")


def organisation_for(actor: Actor, code: str) -> Organisation:
    """One organisation by code, or Http404 when the actor may not see it."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Organisation.objects.visible_to(actor).select_related("support_partner", "parent"), code=code.upper()
    )


def people_of(actor: Actor, organisation: Organisation, *, search: str = "", role: str = "") -> QuerySet[Membership]:
    qs = Membership.objects.visible_to(actor).filter(organisation=organisation).select_related("user")
    if search:
        qs = qs.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("user__full_name", "user__email", "pk")


def role_counts(actor: Actor, organisation: Organisation) -> dict[str, int]:
    rows = (
        Membership.objects.visible_to(actor)
        .filter(organisation=organisation)
        .values("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["role"]: row["n"] for row in rows}


def audit_events_for(
    actor: Actor, *, organisation: Organisation | None = None, action: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.visible_to(actor)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.order_by("-at", "-id")
