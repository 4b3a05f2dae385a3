"""The request type our views see: Django's, plus the acting person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from carecyber.core.actor import Actor
    from carecyber.core.models import User


class AppRequest(HttpRequest):
    """Set by RequestIdMiddleware and ActorMiddleware before any view runs."""

    request_id: str
    actor: Actor
    user: User
