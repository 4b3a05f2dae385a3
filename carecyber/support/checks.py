"""System checks: content that would fail to load is reported by `carecyber check`, not at a bad moment."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def guidance_files_load(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from carecyber.support.content.articles import read_articles
    from carecyber.support.content.frontmatter import ContentError
    from carecyber.support.services.guidance import GUIDANCE_DIR

    try:
        read_articles(GUIDANCE_DIR)
    except ContentError as exc:
        return [Error(f"Guidance files cannot be loaded: {exc}", id="support.E001")]
    return []


@register()
def policy_templates_load(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from carecyber.support.content.frontmatter import ContentError
    from carecyber.support.policydocs.template import read_templates
    from carecyber.support.services.policies import POLICY_DIR

    try:
        read_templates(POLICY_DIR)
    except ContentError as exc:
        return [Error(f"Policy templates cannot be loaded: {exc}", id="support.E002")]
    return []


@register()
def bank_holidays_cover_the_next_year(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The first-response clock needs next year's bank holidays: warn a year ahead, so there is time to add them."""
    from datetime import date, timedelta

    from django.core.checks import Warning as CheckWarning

    from carecyber.support.workingdays import BankHolidays, CalendarError

    try:
        holidays = BankHolidays.from_file()
    except CalendarError as exc:
        return [Error(str(exc), id="support.E003")]
    if holidays.covers_to < date.today() + timedelta(days=365):
        return [
            CheckWarning(
                f"The bank holiday list ends on {holidays.covers_to}: add the next year's dates to "
                "support/data/bank_holidays_england_wales.yaml",
                id="support.W001",
            )
        ]
    return []
