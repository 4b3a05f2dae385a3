"""The small demo's phishing reports go through the services and form campaigns across organisations."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carecyber.alerts.models import Advisory
from carecyber.incidents.models import Incident
from carecyber.phishing.models import Campaign, CampaignStatus, Override, PhishingReport

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_reports_and_campaigns_across_organisations() -> None:
    call_command("demo", "--scale", "small", verbosity=0)
    assert PhishingReport.objects.count() == 9
    campaigns = {c.title: c for c in Campaign.objects.all()}
    parcel = campaigns["Your parcel could not be delivered - action needed"]
    payroll = campaigns["Confirm your bank details before the next pay run"]
    assert (parcel.organisation_count, payroll.organisation_count) == (3, 2)
    assert parcel.report_count == 4  # the mailbox report from outside joins it too
    assert payroll.verdict == "phishing" and parcel.verdict == "phishing"
    verdicts = dict(PhishingReport.objects.values_list("subject", "verdict"))
    assert verdicts["Ward 4 handover notes moving to the shared drive"] == "safe"
    assert PhishingReport.objects.filter(organisation__isnull=True).count() == 1
    assert PhishingReport.objects.filter(clicked_at__isnull=False).count() == 1
    assert Incident.objects.filter(category="phishing_clicked").exists()
    # An analyst's override (labelled feedback) and a campaign drafted as an advisory, so those pages have content.
    override = Override.objects.get()
    assert override.report.subject == "40% off printer paper and toner this week only"
    assert override.report.verdict == "spam"
    parcel.refresh_from_db()
    assert parcel.status == CampaignStatus.ADVISORY
    advisory = Advisory.objects.get(reference=parcel.advisory_reference)
    assert advisory.status == "draft" and "royalmail-redelivery.info" in str(advisory.indicators)
