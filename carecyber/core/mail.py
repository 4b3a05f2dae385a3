"""Send email that reads well: a plain-text part and a simple HTML part from one pair of templates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated(
    *,
    to: Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] = (),
) -> None:
    """Render `<template>.txt` and `<template>.html` (under jinja2/email/) and send both parts from a worker."""
    ctx = {"subject": subject, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    from carecyber.core.tasks import send_email

    send_email.delay(
        to=list(to),
        subject=subject,
        headers=headers or {},
        reply_to=list(reply_to),
        text=render_to_string(f"email/{template}.txt", ctx),
        html=render_to_string(f"email/{template}.html", ctx),
    )
