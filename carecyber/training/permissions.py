"""What each role may do in training. One table, read by pages, the API and services alike."""

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


class TrainingPerm(StrEnum):
    LEARN = "training.learn"
    COMPLIANCE_VIEW = "training.compliance.view"
    MANAGE = "training.manage"
    PUBLISH = "training.publish"


TRAINING_PERMISSIONS: dict[str, frozenset[TrainingPerm]] = {
    Role.STAFF: frozenset({TrainingPerm.LEARN}),
    Role.AUDITOR: frozenset({TrainingPerm.LEARN, TrainingPerm.COMPLIANCE_VIEW}),
    Role.SECURITY_LEAD: frozenset({TrainingPerm.LEARN, TrainingPerm.COMPLIANCE_VIEW, TrainingPerm.MANAGE}),
    Role.SUPPORT_PARTNER: frozenset({TrainingPerm.LEARN, TrainingPerm.COMPLIANCE_VIEW}),
    Role.NATIONAL: frozenset(TrainingPerm),
}


def can(actor: Actor, perm: TrainingPerm) -> bool:
    return actor.is_system or (actor.role is not None and perm in TRAINING_PERMISSIONS.get(actor.role, frozenset()))


def require(actor: Actor, perm: TrainingPerm) -> None:
    if not can(actor, perm):
        raise PermissionDenied(f"Your role cannot do this ({perm.value})")


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def requires(perm: TrainingPerm) -> Callable[[V], V]:
    """Member of an organisation, partner or national team, in a role allowed to do `perm`; otherwise 403."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request.actor, perm)
            return view(request, *args, **kwargs)

        return member_required(wrapper)  # type: ignore[return-value]  # same signature as the view it wraps

    return decorate
