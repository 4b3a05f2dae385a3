"""Background tasks of the core: sending email, and a ping that proves a worker is alive."""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(name="core.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    headers: dict[str, str] | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Send one rendered email. Retries with back-off when the mail server is unreachable."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {}, reply_to=reply_to or [])
    message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(name="core.ping")
def ping(token: str) -> dict[str, Any]:
    """Answer with where it ran, so a test can prove a separate worker process did the work."""
    return {"token": token, "pid": os.getpid(), "host": socket.gethostname()}


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Remove sessions past their expiry, so the session table stays small."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
