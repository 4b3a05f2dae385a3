"""The one rule for who sees what.

An organisation's data is seen only by its own people, its support partner
and the national team. Every view and API endpoint reaches tenant data
through `Model.objects.visible_to(actor)`; a test walks the view modules and
fails on any other route to a tenant model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self, TypeVar, cast

from django.db import models
from django.db.models import Q

from carecyber.core.roles import Role

if TYPE_CHECKING:
    from carecyber.core.actor import Actor

_M = TypeVar("_M", bound=models.Model)

# Roles that act for their organisation's sites as well (a headquarters acts for its sites).
_ACTS_FOR_SITES = frozenset({Role.SECURITY_LEAD, Role.AUDITOR})


def organisation_scope(actor: Actor, path: str) -> Q:
    """A filter on the organisation reached by `path` ("" when the model is Organisation)."""
    prefix = f"{path}__" if path else ""
    if actor.is_system or actor.is_national:
        return Q()
    membership = actor.membership
    if membership is None:
        return Q(pk__in=[])
    if membership.role == Role.SUPPORT_PARTNER:
        if membership.support_partner_id is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}support_partner_id": membership.support_partner_id})
    if membership.organisation_id is None:
        return Q(pk__in=[])
    own = Q(**{f"{prefix}pk": membership.organisation_id})
    if membership.role in _ACTS_FOR_SITES:
        return own | Q(**{f"{prefix}parent_id": membership.organisation_id})
    return own


class TenantQuerySet(models.QuerySet[_M]):
    """A queryset for data that belongs to an organisation."""

    def visible_to(self, actor: Actor) -> Self:
        path = cast("type[TenantModel]", self.model).tenant_path
        return self.filter(organisation_scope(actor, path))


class TenantModel(models.Model):
    """Marks a model as tenant data; `tenant_path` leads from it to its Organisation."""

    tenant_path: ClassVar[str] = "organisation"

    class Meta:
        abstract = True
