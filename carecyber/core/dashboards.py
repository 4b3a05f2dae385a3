"""Figures for the home pages, each scoped to what the actor may see.

National figures cover every organisation; they are computed with a handful
of grouped queries (never per row) and cached briefly, so the page stays
fast at 50,000 organisations and 1.5 million people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent, Membership, Organisation, Region, SupportPartner, User
from carecyber.core.models.organisations import category_label, category_of
from carecyber.core.roles import TWO_FACTOR_ROLES

NATIONAL_CACHE_SECONDS = 60


@dataclass
class NationalFigures:
    organisations: int
    memberships: int
    people: int
    partners: int
    by_region: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    region_by_category: list[tuple[str, list[int]]]
    categories: list[str]
    without_partner_small: int
    computed_at: datetime = field(default_factory=timezone.now)


def national_figures(actor: Actor) -> NationalFigures:
    """Only for the national team (the caller checks the role)."""
    cached: NationalFigures | None = cache.get("dashboard:national")
    if cached is not None:
        return cached
    orgs = Organisation.objects.visible_to(actor)
    grid = orgs.values("region", "type").annotate(n=Count("pk")).order_by()
    per_region: dict[str, int] = {}
    per_category: dict[int, int] = {}
    cells: dict[tuple[str, int], int] = {}
    for row in grid:
        cat = category_of(row["type"])
        per_region[row["region"]] = per_region.get(row["region"], 0) + row["n"]
        per_category[cat] = per_category.get(cat, 0) + row["n"]
        cells[(row["region"], cat)] = cells.get((row["region"], cat), 0) + row["n"]
    categories = sorted(per_category)
    memberships = Membership.objects.visible_to(actor)
    figures = NationalFigures(
        organisations=sum(per_region.values()),
        memberships=memberships.count(),
        people=User.objects.count(),  # the national team sees every person
        partners=SupportPartner.objects.count(),
        by_region=[(label, per_region.get(value, 0)) for value, label in Region.choices],
        by_category=[(category_label(c), per_category[c]) for c in categories],
        region_by_category=[(label, [cells.get((value, c), 0) for c in categories]) for value, label in Region.choices],
        categories=[category_label(c) for c in categories],
        without_partner_small=orgs.filter(support_partner__isnull=True)
        .exclude(type__in=["nhs_trust", "icb", "csu", "alb", "it_supplier"])
        .count(),
    )
    cache.set("dashboard:national", figures, NATIONAL_CACHE_SECONDS)
    return figures


@dataclass
class OrganisationFigures:
    people_by_role: dict[str, int]
    people: int
    privileged: int
    privileged_with_two_factor: int
    sites: list[Organisation]


def organisation_figures(actor: Actor, organisation: Organisation) -> OrganisationFigures:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    members = Membership.objects.visible_to(actor).filter(organisation=organisation)
    by_role = {row["role"]: row["n"] for row in members.values("role").annotate(n=Count("pk")).order_by()}
    privileged_users = members.filter(role__in=TWO_FACTOR_ROLES).values("user_id")
    with_device = (
        TOTPDevice.objects.filter(user_id__in=privileged_users, confirmed=True).values("user_id").distinct().count()
    )
    return OrganisationFigures(
        people_by_role=by_role,
        people=sum(by_role.values()),
        privileged=sum(n for role, n in by_role.items() if role in TWO_FACTOR_ROLES),
        privileged_with_two_factor=with_device,
        sites=list(Organisation.objects.visible_to(actor).filter(parent=organisation).order_by("name")[:50]),
    )


def recent_events(actor: Actor, *, organisation: Organisation | None = None, limit: int = 5) -> list[AuditEvent]:
    qs = AuditEvent.objects.visible_to(actor)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return list(qs.order_by("-at", "-id")[:limit])


@dataclass
class PartnerFigures:
    organisations: int
    by_type: list[tuple[str, int]]
    by_region: list[tuple[str, int]]


def partner_figures(actor: Actor) -> PartnerFigures:
    from carecyber.core.presenters.labels import region_label, type_label

    orgs = Organisation.objects.visible_to(actor)
    by_type = [(type_label(r["type"]), r["n"]) for r in orgs.values("type").annotate(n=Count("pk")).order_by("-n")]
    by_region = [
        (region_label(r["region"]), r["n"]) for r in orgs.values("region").annotate(n=Count("pk")).order_by("-n")
    ]
    return PartnerFigures(organisations=sum(n for _, n in by_type), by_type=by_type, by_region=by_region)
