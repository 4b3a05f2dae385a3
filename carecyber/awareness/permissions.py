"""Who may do what with awareness campaigns. The core role table has no awareness permissions
(and is not ours to change), so the rule lives here, in one place, used by pages and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase

from carecyber.core.actor import Actor
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.roles import Role

V = TypeVar("V", bound=Callable[..., HttpResponseBase])

# Security leads run campaigns and exercises; auditors may look at them.
MANAGE_ROLES = frozenset({Role.SECURITY_LEAD})
VIEW_ROLES = frozenset({Role.SECURITY_LEAD, Role.AUDITOR})


def can_manage(actor: Actor) -> bool:
    return actor.is_system or (actor.role in MANAGE_ROLES and actor.organisation is not None)


def can_view(actor: Actor) -> bool:
    return actor.is_system or (actor.role in VIEW_ROLES and actor.organisation is not None)


def require_manage(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Only a security lead can change awareness campaigns and exercises")


def _guard(check: Callable[[Actor], bool]) -> Callable[[V], V]:
    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not check(request.actor):
                raise PermissionDenied("Your role cannot do this")
            return view(request, *args, **kwargs)

        return member_required(wrapper)  # type: ignore[return-value]  # same signature as the view it wraps

    return decorate


view_required = _guard(can_view)
manage_required = _guard(can_manage)
