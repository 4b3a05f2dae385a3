"""The header: service name, the person's organisation and role, and navigation for their role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from markupsafe import Markup, escape

from carecyber.core import extensions
from carecyber.core.actor import Actor
from carecyber.core.roles import Perm, Role


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    """(text, url) pairs for the main navigation of the actor's role."""
    if actor.user is None or actor.membership is None:
        return []
    items: list[tuple[str, str]] = [("Home", reverse("core:home"))]
    org = actor.organisation
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        items.append(("Organisations", reverse("core:organisation-list")))
    elif org is not None:
        items.append(("My organisation", reverse("core:organisation-detail", args=[org.code])))
        if actor.can(Perm.PEOPLE_VIEW):
            items.append(("People", reverse("core:people-list", args=[org.code])))
    items.extend(extensions.nav_items(actor))
    if actor.can(Perm.AUDIT_VIEW):
        items.append(("Audit log", reverse("core:audit-list")))
    return items


def header_params(request: HttpRequest | None, csrf_input: str = "") -> dict[str, Any]:
    params: dict[str, Any] = {"service": {"text": "CareCyber", "href": "/"}}
    actor: Actor | None = getattr(request, "actor", None)
    if request is None or actor is None or actor.user is None:
        params["account"] = {"items": [{"href": reverse("accounts:login"), "text": "Sign in", "icon": True}]}
        return params
    path = request.path
    items = nav_items(actor)
    params["navigation"] = {
        "items": [
            {
                "href": href,
                "text": text,
                "current": path == href,
                "active": path != href and href != "/" and path.startswith(href),
            }
            for text, href in items
        ]
    }
    membership = actor.membership
    place = f"{membership.get_role_display()}, {membership.place_name}" if membership else "No organisation"
    logout = Markup(
        '<form class="nhsuk-header__account-form" action="{}" method="post">{}'
        '<button class="nhsuk-header__account-button">Sign out</button></form>'
    ).format(reverse("accounts:logout"), Markup(csrf_input))
    params["account"] = {
        "items": [
            {
                "href": reverse("accounts:account"),
                "html": Markup(
                    '{}<span class="nhsuk-u-visually-hidden">, </span> <span class="cc-header-role">{}</span>'
                ).format(escape(actor.user.full_name), place),
                "icon": True,
            },
            {"href": reverse("accounts:switch"), "text": "Switch organisation"} if _has_several(request) else None,
            {"html": logout},
        ]
    }
    return params


def _has_several(request: HttpRequest) -> bool:
    return bool(request.session.get("membership_count", 0) > 1)
