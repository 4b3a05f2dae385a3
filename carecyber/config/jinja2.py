"""The Jinja2 environment: NHS.UK frontend macros, our helpers, and dates in words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape

from carecyber.core.home_cards import staff_cards
from carecyber.core.navigation import header_params
from carecyber.core.presenters.forms import error_summary_params, field_params


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date_words(value: date | datetime | None, default: str = "") -> str:
    """23 November 2026 — the NHS.UK style for dates."""
    if value is None:
        return default
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y} at {value:%H:%M}"
    return f"{value.day} {value:%B %Y}"


def day_words(value: date | datetime | None, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def number(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}"


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    # Pages and HTML email are escaped; plain-text email (.txt) is not, so names read as written.
    options["autoescape"] = select_autoescape(enabled_extensions=("html", "jinja", "xml"), default_for_string=True)
    # nhsuk-frontend-jinja reads optional nested parameters (params.hint.text), which needs ChainableUndefined.
    options["undefined"] = ChainableUndefined
    env = Environment(  # noqa: S701  # autoescape is set in options above
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        **options,
    )
    env.globals.update(
        static=static,
        static_url=settings.STATIC_URL.rstrip("/") + "/",
        url=url,
        header_params=header_params,
        staff_cards=staff_cards,
        field_params=field_params,
        error_summary_params=error_summary_params,
        get_messages=get_messages,
        site_name=settings.SITE_NAME,
        demo_mode=settings.DEMO_MODE,
    )
    env.filters.update(date_words=date_words, day_words=day_words, number=number)
    return env
