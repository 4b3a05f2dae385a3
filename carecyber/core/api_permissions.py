"""API permissions: acting in a membership, and allowed by the role table."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from carecyber.core.roles import Perm


def actor_of(request: Request) -> Any:
    return getattr(request._request, "actor", None)


class HasActingMembership(BasePermission):
    message = "Sign in, or use an API token, as a member of an organisation."

    def has_permission(self, request: Request, view: Any) -> bool:
        actor = actor_of(request)
        return bool(
            request.user and request.user.is_authenticated and actor is not None and actor.membership is not None
        )


def requires_perm(read: Perm, write: Perm | None = None) -> type[BasePermission]:
    """Reads need `read`; writes need `write` (or `read` when none is given)."""

    class _RolePermission(HasActingMembership):
        message = "Your role cannot do this."

        def has_permission(self, request: Request, view: Any) -> bool:
            if not super().has_permission(request, view):
                return False
            needed = read if request.method in {"GET", "HEAD", "OPTIONS"} else (write or read)
            return bool(actor_of(request).can(needed))

    _RolePermission.__name__ = f"Requires_{read.name}"
    return _RolePermission
