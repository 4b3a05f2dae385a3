"""Campaigns for the national team: the list and detail across organisations, a draft advisory, STIX, close/reopen."""

from __future__ import annotations

import json

import pytest
import stix2  # type: ignore[import-untyped]  # stix2 ships no type information
from django.urls import reverse

from carecyber.alerts.models import Advisory
from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.phishing.models import Campaign, CampaignStatus
from carecyber.phishing.tests.analyst_factories import make_campaign, make_report

pytestmark = pytest.mark.django_db


def _campaign_in_two_organisations(world: World) -> Campaign:
    """The same payroll lure reported by staff in Alder and in Birch: the clustering makes it one campaign."""
    first = make_report(organisation=world.org_a, reporter=world.staff_a, fixture="analyst_hostile.eml")
    second = make_report(organisation=world.org_b, reporter=world.staff_b, fixture="analyst_hostile.eml")
    assert first.campaign is not None and first.campaign == second.campaign
    campaign = Campaign.objects.get(pk=first.campaign.pk)
    assert (campaign.report_count, campaign.organisation_count) == (2, 2)
    return campaign


def test_the_campaign_list_and_detail_show_reports_across_organisations_with_defanged_indicators(world: World) -> None:
    campaign = _campaign_in_two_organisations(world)
    client = signed_in(world.national)
    listing = client.get(reverse("phishing:campaigns")).content.decode()
    assert campaign.reference in listing and "1 campaign," in listing
    page = client.get(reverse("phishing:campaign", args=[campaign.reference.lower()])).content.decode()
    assert world.org_a.name in page and world.org_b.name in page
    assert "hxxps://wages-update[.]example/payslip" in page
    assert "payroll[@]wages-update[.]example" in page
    assert "https://wages-update.example" not in page
    assert "Draft an advisory" in page


def test_drafting_an_advisory_creates_a_draft_in_alerts_with_the_indicators(world: World) -> None:
    campaign = _campaign_in_two_organisations(world)
    response = signed_in(world.national).post(reverse("phishing:campaign-advisory", args=[campaign.reference]))
    campaign.refresh_from_db()
    assert campaign.advisory_reference and campaign.status == CampaignStatus.ADVISORY
    assert response.status_code == 302 and response["Location"].endswith(f"/alerts/{campaign.advisory_reference}/")
    advisory = Advisory.objects.get(reference=campaign.advisory_reference)
    assert advisory.status == "draft" and advisory.source == "phishing"
    assert advisory.indicators["urls"] == ["https://wages-update.example/payslip"]
    assert "wages-update.example" in advisory.indicators["domains"]
    assert advisory.indicators["ips"] == []
    assert advisory.indicators["sha256"] == ["34b9348ecccb09747637e5bdaa744e48362a9e684b260766e49868f2e50cecab"]
    assert campaign.reference in advisory.source_label
    assert AuditEvent.objects.filter(action="phishing.campaign.advisory_draft", object_id=str(campaign.pk)).count() == 1
    page = signed_in(world.national).get(reverse("phishing:campaign", args=[campaign.reference])).content.decode()
    assert f'href="/alerts/{campaign.advisory_reference}/"' in page and "Draft an advisory" not in page
    again = signed_in(world.national).post(reverse("phishing:campaign-advisory", args=[campaign.reference]))
    assert again.status_code == 302
    assert Advisory.objects.filter(source="phishing").count() == 1


def test_a_campaign_with_a_drafted_advisory_still_collects_new_reports(world: World) -> None:
    campaign = _campaign_in_two_organisations(world)
    signed_in(world.national).post(reverse("phishing:campaign-advisory", args=[campaign.reference]))
    later = make_report(organisation=world.org_a, reporter=world.lead_a, fixture="analyst_hostile.eml")
    assert later.campaign_id == campaign.pk
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ADVISORY and campaign.report_count == 3
    assert Campaign.objects.count() == 1


def test_the_stix_bundle_carries_every_indicator_and_parses(world: World) -> None:
    campaign = _campaign_in_two_organisations(world)
    response = signed_in(world.national).get(reverse("phishing:campaign-stix", args=[campaign.reference]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    bundle = stix2.parse(response.content.decode(), allow_custom=True)
    patterns = [o.pattern for o in bundle.objects if o.type == "indicator"]
    assert "[url:value = 'https://wages-update.example/payslip']" in patterns
    assert "[domain-name:value = 'wages-update.example']" in patterns
    assert "[file:hashes.'SHA-256' = '34b9348ecccb09747637e5bdaa744e48362a9e684b260766e49868f2e50cecab']" in patterns
    assert json.loads(response.content)["type"] == "bundle"


def test_closing_and_reopening_a_campaign(world: World) -> None:
    campaign = make_campaign()
    client = signed_in(world.national)
    url = reverse("phishing:campaign-status", args=[campaign.reference])
    client.post(url, {"action": "close"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    client.post(url, {"action": "reopen"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE
    actions = list(
        AuditEvent.objects.filter(object_id=str(campaign.pk), action__startswith="phishing.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["phishing.campaign.close", "phishing.campaign.reopen"]


def test_the_campaign_api(world: World) -> None:
    campaign = _campaign_in_two_organisations(world)
    client = signed_in(world.national)
    listing = client.get("/api/v1/phishing/campaigns/").json()
    assert listing["count"] == 1 and listing["results"][0]["organisation_count"] == 2
    detail = client.get(f"/api/v1/phishing/campaigns/{campaign.reference}/").json()
    assert {r["organisation"] for r in detail["reports"]} == {world.org_a.code, world.org_b.code}
    assert detail["indicators"]["urls"] == ["https://wages-update.example/payslip"]
