"""The Atom feed of published TLP:CLEAR advisories, for anyone."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from carecyber.alerts.engine.markdown import plain
from carecyber.alerts.models import Advisory, AdvisoryStatus, Tlp
from carecyber.core.actor import Actor

FEED_SIZE = 50


def atom_feed(request: HttpRequest) -> HttpResponse:
    # The feed is public whoever asks: it is built as for a visitor, never from the caller's access.
    visitor = Actor(user=None, membership=None)
    advisories = (
        Advisory.objects.visible_to(visitor)
        .filter(tlp=Tlp.CLEAR, status__in=[AdvisoryStatus.PUBLISHED, AdvisoryStatus.WITHDRAWN])
        .order_by("-updated_at")[:FEED_SIZE]
    )
    feed = Atom1Feed(
        title=f"{settings.SITE_NAME} threat alerts (TLP:CLEAR)",
        link=f"{settings.SITE_URL}{reverse('alerts:advisory-list')}",
        description="Threat alerts for health and care organisations that anyone may share.",
        feed_url=f"{settings.SITE_URL}{reverse('alerts:feed')}",
        language="en-gb",
    )
    for advisory in advisories:
        status = " (withdrawn)" if advisory.status == AdvisoryStatus.WITHDRAWN else ""
        feed.add_item(
            title=f"{advisory.get_severity_display()}: {advisory.reference} {advisory.title}{status}",
            link=f"{settings.SITE_URL}{reverse('alerts:advisory-detail', args=[advisory.reference])}",
            description=plain(advisory.summary) or advisory.title,
            unique_id=f"tag:carecyber,2026:{advisory.reference}",
            pubdate=advisory.published_at,
            updateddate=advisory.updated_at,
            categories=[advisory.get_severity_display(), *(["Known exploited"] if advisory.known_exploited else [])],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
