"""Scoped reads of phishing reports: the reporter's own, and the analyst queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.phishing import access
from carecyber.phishing.models import Campaign, Override, PhishingReport, RawMessage


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


# --- The analyst's side: queue filters, campaigns, feedback (analyst engineer) -------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the analyst narrowed the queue to; empty values mean "any"."""

    verdict: str = ""
    status: str = ""
    route: str = ""
    overridden: str = ""  # "yes", "no" or ""
    received_from: date | None = None
    received_to: date | None = None
    campaign: str = ""  # a campaign reference (national team only)
    organisation: str = ""  # an organisation code, or "none" for unattributed reports (national team only)
    q: str = ""  # words in the subject or the sender


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def analyst_queue(actor: Actor, filters: QueueFilters) -> QuerySet[PhishingReport]:
    """The queue narrowed by the filters; newest first. Lists load no message bytes (those are in RawMessage)."""
    qs = reports_for_analyst(actor)
    if filters.verdict == "none":
        qs = qs.filter(verdict="")
    elif filters.verdict:
        qs = qs.filter(verdict=filters.verdict)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.route:
        qs = qs.filter(route=filters.route)
    if filters.overridden in {"yes", "no"}:
        qs = qs.filter(overridden=filters.overridden == "yes")
    if filters.received_from is not None:
        qs = qs.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        qs = qs.filter(received_at__lt=_day_start(filters.received_to + timedelta(days=1)))
    if actor.is_national or actor.is_system:
        if filters.campaign:
            qs = qs.filter(campaign__reference=filters.campaign.strip().upper())
        if filters.organisation == "none":
            qs = qs.filter(organisation__isnull=True)
        elif filters.organisation:
            qs = qs.filter(organisation__code=filters.organisation.strip().upper())
    if filters.q.strip():
        words = filters.q.strip()[:200]
        qs = qs.filter(
            Q(subject__icontains=words) | Q(from_address__icontains=words) | Q(from_display__icontains=words)
        )
    return qs.order_by("-received_at", "-id")


def raw_message_for_analyst(actor: Actor, report: PhishingReport) -> RawMessage | None:
    """The stored bytes of a report the analyst may see (None when none were kept)."""
    return RawMessage.objects.filter(report__in=reports_for_analyst(actor).filter(pk=report.pk)).first()


def overrides_for_analyst(actor: Actor) -> QuerySet[Override]:
    """Analysts' changes of verdict on reports the actor may see, newest first."""
    return (
        Override.objects.filter(report__in=reports_for_analyst(actor).values("pk"))
        .select_related("report", "analyst")
        .order_by("-created_at", "-id")
    )


def feedback_for_tuning(actor: Actor) -> QuerySet[Override]:
    """Every override, for the national team to tune the engine with (nobody else gets the national set)."""
    if not (actor.is_national or actor.is_system):
        return Override.objects.none()
    return (
        Override.objects.select_related("report", "report__raw")
        .defer("report__raw__data", "report__indicators", "report__fp_url_domains", "report__fp_attachment_hashes")
        .order_by("created_at", "id")
    )


def campaigns_for(actor: Actor) -> QuerySet[Campaign]:
    """Campaigns span organisations: only the national team sees them."""
    if not access.can_run_campaigns(actor):
        return Campaign.objects.none()
    return Campaign.objects.all().order_by("-last_seen", "-id")


def campaign_for(actor: Actor, reference: str) -> Campaign:
    return get_object_or_404(campaigns_for(actor), reference=reference.upper())


def campaign_reports(actor: Actor, campaign: Campaign) -> QuerySet[PhishingReport]:
    return reports_for_analyst(actor).filter(campaign=campaign).order_by("received_at", "id")
