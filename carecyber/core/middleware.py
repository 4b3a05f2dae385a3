"""Request id, request size cap, and the acting membership for every request."""

from __future__ import annotations

import re
from collections.abc import Callable
from uuid import uuid4

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from carecyber.core.actor import Actor
from carecyber.core.http import AppRequest
from carecyber.core.queries import acting_membership

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Give each request an id (or keep a well-formed one from the proxy) for logs and the audit log."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AppRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RequestSizeLimitMiddleware:
    """Refuse bodies over MAX_REQUEST_BYTES before anything reads them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "Content-Length is not a number."}, status=400)
        limit: int = settings.MAX_REQUEST_BYTES
        if length > limit:
            from carecyber.core.views.errors import request_too_large  # views import this module's neighbours

            return request_too_large(request, limit)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ActorMiddleware:
    """Attach `request.actor`: the signed-in person in the membership they are acting in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AppRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        membership = acting_membership(user, request.session.get("membership_id")) if user else None
        if membership is not None and request.session.get("membership_id") != membership.pk:
            request.session["membership_id"] = membership.pk
        request.actor = Actor(
            user=user,
            membership=membership,
            request_id=getattr(request, "request_id", uuid4().hex),
            ip=client_ip(request),
        )
        return self.get_response(request)
