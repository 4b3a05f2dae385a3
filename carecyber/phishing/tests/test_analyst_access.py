"""Who reaches the analyst's pages and endpoints: other organisations get 404, staff and partners get nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.phishing.tests.analyst_factories import make_report

pytestmark = pytest.mark.django_db


def _report_urls(pk: int) -> list[str]:
    return [
        reverse("phishing:analyst-report", args=[pk]),
        reverse("phishing:analyst-raw", args=[pk]),
        f"/api/v1/phishing/queue/{pk}/",
    ]


def test_other_organisation_gets_404_on_every_report_page_and_endpoint(world: World) -> None:
    theirs = make_report(organisation=world.org_b, reporter=world.staff_b)
    client = signed_in(world.lead_a)
    for url in _report_urls(theirs.pk):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("phishing:analyst-override", args=[theirs.pk]), {"verdict": "safe", "note": "x"}
        ).status_code
        == 404
    )
    response = client.post(
        f"/api/v1/phishing/queue/{theirs.pk}/override/",
        {"verdict": "safe", "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.verdict == "phishing" and not theirs.overrides.exists()


def test_other_organisations_reports_are_not_in_the_queue_or_its_csv(world: World) -> None:
    make_report(organisation=world.org_a, reporter=world.staff_a, fixture="safe_colleague.eml")
    make_report(organisation=world.org_b, reporter=world.staff_b)
    client = signed_in(world.lead_b)
    page = client.get(reverse("phishing:analyst-queue")).content.decode()
    assert "Your NHSmail password" in page or "NHSmail password" in page
    assert "Rota" not in page and "1 report," in page
    csv_text = b"".join(client.get(reverse("phishing:analyst-queue") + "?format=csv").streaming_content).decode()
    assert csv_text.count("\n") == 2  # the header and Birch's one report
    api = client.get("/api/v1/phishing/queue/").json()
    assert api["count"] == 1


def test_staff_cannot_see_the_queue_nor_a_report_of_their_own_organisation(world: World) -> None:
    mine = make_report(organisation=world.org_a, reporter=world.staff_a)
    client = signed_in(world.staff_a)
    assert client.get(reverse("phishing:analyst-queue")).status_code == 403
    assert client.get(reverse("phishing:metrics")).status_code == 403
    assert client.get(reverse("phishing:analyst-report", args=[mine.pk])).status_code in {403, 404}
    assert client.get(reverse("phishing:analyst-raw", args=[mine.pk])).status_code in {403, 404}
    assert client.get("/api/v1/phishing/queue/").status_code == 403
    assert client.get(f"/api/v1/phishing/queue/{mine.pk}/").status_code == 403


def test_a_support_partner_sees_no_message_contents(world: World) -> None:
    report = make_report(organisation=world.org_b, reporter=world.staff_b)
    client = signed_in(world.partner_member)
    assert client.get(reverse("phishing:analyst-queue")).status_code == 403
    for url in _report_urls(report.pk):
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert b"expires today" not in response.content


def test_the_national_team_sees_every_report_including_unmatched_ones(world: World) -> None:
    make_report(organisation=world.org_a, reporter=world.staff_a)
    make_report(organisation=world.org_b, reporter=world.staff_b)
    unmatched = make_report(organisation=None, route="mailbox")
    client = signed_in(world.national)
    assert "3 reports," in client.get(reverse("phishing:analyst-queue")).content.decode()
    only_unmatched = client.get(reverse("phishing:analyst-queue") + "?organisation=none").content.decode()
    assert "1 report," in only_unmatched
    assert client.get(reverse("phishing:analyst-report", args=[unmatched.pk])).status_code == 200
    assert client.get("/api/v1/phishing/queue/?organisation=none").json()["count"] == 1


def test_a_lead_does_not_see_unmatched_mailbox_reports(world: World) -> None:
    unmatched = make_report(organisation=None, route="mailbox")
    client = signed_in(world.lead_a)
    assert client.get(reverse("phishing:analyst-report", args=[unmatched.pk])).status_code == 404


def test_a_lead_sees_reports_from_the_organisations_sites(world: World) -> None:
    at_site = make_report(organisation=world.site_a)
    assert signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[at_site.pk])).status_code == 200


def test_an_auditor_reads_the_queue_but_cannot_change_a_verdict(world: World) -> None:
    report = make_report(organisation=world.org_a, reporter=world.staff_a)
    client = signed_in(world.auditor_a)
    page = client.get(reverse("phishing:analyst-report", args=[report.pk]))
    assert page.status_code == 200 and b"Save the verdict" not in page.content
    url = reverse("phishing:analyst-override", args=[report.pk])
    assert client.post(url, {"verdict": "safe", "note": "looks fine"}).status_code == 403
    api = client.post(
        f"/api/v1/phishing/queue/{report.pk}/override/",
        {"verdict": "safe", "note": "looks fine"},
        content_type="application/json",
    )
    assert api.status_code == 403
    report.refresh_from_db()
    assert report.verdict == "phishing"


def test_campaigns_are_for_the_national_team_only(world: World) -> None:
    from carecyber.phishing.tests.analyst_factories import make_campaign

    campaign = make_campaign()
    for person in (world.lead_a, world.auditor_a, world.staff_a, world.partner_member):
        client = signed_in(person)
        assert client.get(reverse("phishing:campaigns")).status_code == 403
        assert client.get(reverse("phishing:campaign", args=[campaign.reference])).status_code == 403
        assert client.get(reverse("phishing:campaign-stix", args=[campaign.reference])).status_code == 403
        assert client.post(reverse("phishing:campaign-advisory", args=[campaign.reference])).status_code == 403
        assert client.get("/api/v1/phishing/campaigns/").status_code == 403
        assert client.get(reverse("phishing:feedback-export")).status_code == 403
    assert signed_in(world.national).get("/api/v1/phishing/campaigns/PC-999999/").status_code == 404


def test_leads_and_the_national_team_get_the_queue_in_navigation_and_on_their_home_page(world: World) -> None:
    mine = make_report(organisation=world.org_a, reporter=world.staff_a)
    theirs = make_report(organisation=world.org_b, reporter=world.staff_b, fixture="safe_colleague.eml")
    lead_home = signed_in(world.lead_a).get("/").content.decode()
    assert 'href="/phishing/queue/"' in lead_home
    assert f'href="/phishing/queue/{mine.pk}/"' in lead_home and f'href="/phishing/queue/{theirs.pk}/"' not in lead_home
    national_home = signed_in(world.national).get("/").content.decode()
    assert f'href="/phishing/queue/{theirs.pk}/"' in national_home and 'href="/phishing/campaigns/"' in national_home
    staff_home = signed_in(world.staff_a).get("/").content.decode()
    assert "/phishing/queue/" not in staff_home
