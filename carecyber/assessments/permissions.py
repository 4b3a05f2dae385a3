"""What each role may do in the toolkit. One table, read by services, pages and the API.

The core role table (core/roles.py) covers organisations and people; the
toolkit keeps its own here so that it changes without touching the core.
Who sees which organisation is still the one tenancy scope.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase

from carecyber.core.actor import Actor
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.roles import Role


class ToolkitPerm(StrEnum):
    VIEW = "toolkit.view"  # see an organisation's assessments (auditors: only those they audit)
    ANSWER = "toolkit.answer"  # answer items (staff: only the items assigned to them)
    MANAGE = "toolkit.manage"  # start assessments, assign items, certificates, the improvement plan
    PUBLISH = "toolkit.publish"  # publish a status (two-factor verified)
    AUDIT_ASSIGN = "toolkit.audit.assign"
    AUDIT_RECORD = "toolkit.audit.record"  # findings and the opinion
    AUDIT_RESPOND = "toolkit.audit.respond"
    PLAN_AGREE = "toolkit.plan.agree"
    ASSURE = "toolkit.assure"  # benchmarking against peers
    NATIONAL = "toolkit.national"  # national views across every organisation
    FRAMEWORKS = "toolkit.frameworks"  # import frameworks, choose the current version


TOOLKIT_PERMISSIONS: dict[str, frozenset[ToolkitPerm]] = {
    Role.STAFF: frozenset({ToolkitPerm.ANSWER}),
    Role.SECURITY_LEAD: frozenset(
        {
            ToolkitPerm.VIEW,
            ToolkitPerm.ANSWER,
            ToolkitPerm.MANAGE,
            ToolkitPerm.PUBLISH,
            ToolkitPerm.AUDIT_ASSIGN,
            ToolkitPerm.AUDIT_RESPOND,
            ToolkitPerm.ASSURE,
        }
    ),
    Role.AUDITOR: frozenset({ToolkitPerm.VIEW, ToolkitPerm.AUDIT_RECORD}),
    Role.SUPPORT_PARTNER: frozenset({ToolkitPerm.VIEW, ToolkitPerm.ASSURE}),
    Role.NATIONAL: frozenset(
        {
            ToolkitPerm.VIEW,
            ToolkitPerm.AUDIT_ASSIGN,
            ToolkitPerm.PLAN_AGREE,
            ToolkitPerm.ASSURE,
            ToolkitPerm.NATIONAL,
            ToolkitPerm.FRAMEWORKS,
        }
    ),
}


def toolkit_can(actor: Actor, perm: ToolkitPerm) -> bool:
    if actor.is_system:
        return True
    role = actor.role
    return role is not None and perm in TOOLKIT_PERMISSIONS.get(role, frozenset())


def require(actor: Actor, perm: ToolkitPerm) -> None:
    """For services: PermissionDenied (a 403 page, a 403 API answer) when the role may not."""
    if not toolkit_can(actor, perm):
        raise PermissionDenied(f"Your role cannot do this ({perm.value})")


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def toolkit_requires(perm: ToolkitPerm) -> Callable[[V], V]:
    """For views: signed in, acting in a membership, in a role allowed `perm`; otherwise 403."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request.actor, perm)
            return view(request, *args, **kwargs)

        return member_required(wrapper)  # type: ignore[return-value]  # same signature as the view it wraps

    return decorate
