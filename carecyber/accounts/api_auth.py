"""API authentication: personal tokens (bound to one membership) and two-factor-verified sessions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from carecyber.accounts.models import TOKEN_PREFIX, ApiToken
from carecyber.core.actor import Actor
from carecyber.core.middleware import client_ip
from carecyber.core.models import User
from carecyber.core.roles import TWO_FACTOR_ROLES

_LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer cc_<key id>_<secret>`; the request acts in the token's membership."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        value = header[len(self.keyword) + 1 :].strip()
        parts = value.split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            raise exceptions.AuthenticationFailed("This is not a CareCyber API token.")
        token = (
            ApiToken.objects.select_related("user", "membership__organisation", "membership__support_partner")
            .filter(key_id=parts[1])
            .first()
        )
        if token is None or not token.matches(parts[2]):
            raise exceptions.AuthenticationFailed("The API token is not right.")
        if not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The API token has expired or been revoked.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request._request.actor = Actor(  # type: ignore[attr-defined]  # our own request attribute
            user=token.user,
            membership=token.membership,
            request_id=getattr(request._request, "request_id", ""),
            ip=client_ip(request._request),
        )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, with CSRF checks, once two-factor is done for the roles that need it."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        django_request = request._request
        needs = (
            django_request.session.get("two_factor_required")
            or getattr(getattr(django_request, "actor", None), "role", None) in TWO_FACTOR_ROLES
        )
        if needs and not user.is_verified():
            raise exceptions.NotAuthenticated("Finish two-factor sign-in first.")
        return user, None
