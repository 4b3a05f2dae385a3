"""Idle sign-out, and two-factor before anything else for the roles that need it."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from carecyber.core.http import AppRequest
from carecyber.core.roles import TWO_FACTOR_ROLES

Handler = Callable[[AppRequest], HttpResponse]
_LAST_SEEN = "last_seen"
_TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AppRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            if isinstance(last, int) and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    "You were signed out because you had not done anything for a while. Sign in again to carry on.",
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
            if not isinstance(last, int) or now - last >= _TOUCH_EVERY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


_OPEN_PREFIXES = ("/account/two-factor/", "/account/sign-out", "/static/", "/healthz", "/api/")


class RequireTwoFactorMiddleware:
    """A person in a role that needs two-factor sees nothing else until they have used it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AppRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django-otp's middleware
            and (request.session.get("two_factor_required") or request.actor.role in TWO_FACTOR_ROLES)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
