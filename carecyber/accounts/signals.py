"""Sign-ins and sign-outs go into the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.middleware import client_ip


def _actor(request: HttpRequest | None, user: Any) -> Actor:
    return Actor(
        user=user,
        membership=None,
        request_id=getattr(request, "request_id", "") or "",
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_logged_in)
def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(actor=_actor(request, user), action="account.signed_in", obj=user, object_label=user.email)


@receiver(user_logged_out)
def record_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=_actor(request, user), action="account.signed_out", obj=user, object_label=user.email)


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(actor=_actor(request, None), action="account.sign_in_failed", object_label=email)
