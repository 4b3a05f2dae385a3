"""Scoped reads of phishing reports: the reporter's own, and the analyst queue."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from carecyber.core.actor import Actor
from carecyber.phishing import access
from carecyber.phishing.models import PhishingReport


def reports_of_reporter(actor: Actor) -> QuerySet[PhishingReport]:
    """What a person reported themselves (their home page and "Your reports")."""
    if actor.user is None:
        return PhishingReport.objects.none()
    return PhishingReport.objects.visible_to(actor).filter(reporter=actor.user)


def report_of_reporter(actor: Actor, pk: int) -> PhishingReport:
    return get_object_or_404(reports_of_reporter(actor), pk=pk)


def reports_for_analyst(actor: Actor) -> QuerySet[PhishingReport]:
    """The analyst queue: the organisation's reports for its lead, every report for the national team."""
    if not access.can_view_queue(actor):
        return PhishingReport.objects.none()
    return PhishingReport.objects.visible_to(actor).select_related("organisation", "campaign")


def report_for_analyst(actor: Actor, pk: int) -> PhishingReport:
    return get_object_or_404(reports_for_analyst(actor), pk=pk)
