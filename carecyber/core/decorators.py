"""View guards: signed in, acting in a membership, and allowed by the role table."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase
from django.shortcuts import redirect

from carecyber.core.http import AppRequest
from carecyber.core.roles import Perm

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def member_required(view: V) -> V:
    """Signed in and acting in a membership (a person with none sees a page that says so)."""

    @wraps(view)
    def wrapper(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.actor.membership is None:
            return redirect("accounts:no-membership")
        return view(request, *args, **kwargs)

    return login_required(wrapper)  # type: ignore[return-value]  # same signature as the view it wraps


def requires(perm: Perm) -> Callable[[V], V]:
    """Member of an organisation, in a role allowed to do `perm`; otherwise 403 (never data)."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: AppRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.actor.can(perm):
                raise PermissionDenied(f"Your role cannot do this ({perm.value})")
            return view(request, *args, **kwargs)

        return member_required(wrapper)  # type: ignore[return-value]  # same signature as the view it wraps

    return decorate
