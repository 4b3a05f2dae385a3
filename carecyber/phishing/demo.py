"""Phishing reports in the small demo, made through the services so every step really runs.

- A parcel-redelivery scam reaches the trust, the care home and the GP practice: one campaign, three
  organisations. Jo Williams (trust) says she clicked the link, so her security lead is alerted.
- A fake payroll email asking for bank details reaches the care home and the trust: a second campaign.
- Jo also reports a genuine email from her own trust (safe), and the practice manager a sales email.
- Someone outside every organisation forwards a report to the mailbox: kept for the national team, not answered.
- The practice's security lead overrides the engine's "safe" on the sales email to "spam", with a note (labelled
  feedback for tuning); the national team drafts an advisory from the parcel campaign (when Broadcast is installed).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Role
from carecyber.phishing.models import Campaign, PhishingReport, Route
from carecyber.phishing.services.campaigns import campaign_refresh
from carecyber.phishing.services.mailbox import report_receive_mail
from carecyber.phishing.services.reporting import report_mark_clicked, report_submit
from carecyber.phishing.services.triage import report_triage
from carecyber.phishing.services_analyst import campaign_advisory_draft, report_override

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld

PARCEL = """From: "Royal Mail" <noreply@royalmail-redelivery.info>
To: {to}
Subject: Your parcel could not be delivered - action needed
Message-ID: <rd-{n}@royalmail-redelivery.info>
Authentication-Results: mx.demo.test; spf=softfail smtp.mailfrom=royalmail-redelivery.info;
 dmarc=fail header.from=royalmail-redelivery.info
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>We tried to deliver your parcel today but nobody was in.</p>
<p>To arrange a new delivery, pay the 1.45 GBP redelivery fee within 48 hours or the parcel will be returned.</p>
<p><a href="http://royalmail-redelivery.info/pay/{n}">https://www.royalmail.com/track-your-item</a></p>
"""

PAYROLL = """From: "NHS Payroll Services" <payroll@nhs-payroll-services.co>
Reply-To: payroll.desk@freemail-box.example
To: {to}
Subject: Confirm your bank details before the next pay run
Message-ID: <pay-{n}@nhs-payroll-services.co>
Authentication-Results: mx.demo.test; spf=fail smtp.mailfrom=nhs-payroll-services.co; dkim=none;
 dmarc=fail header.from=nhs-payroll-services.co
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear employee,

We could not verify your bank details for the next pay run. Sign in and confirm them within 24 hours,
or your salary will be suspended.

http://nhs-payroll-services.co/staff/login

NHS Payroll Services
"""

NEWSLETTER = """From: Sam Patel <sam.patel@northfield.nhs.test>
To: Jo Williams <jo.williams@northfield.nhs.test>
Subject: Ward 4 handover notes moving to the shared drive
Message-ID: <handover-1@northfield.nhs.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi Jo,

From Monday the handover notes for Ward 4 live in the ward folder on the shared drive, not on paper.
Nothing to install: open the folder from your desktop as usual. Ask me if you cannot see it.

Sam
"""

SALES = """From: Offers <offers@officesupplies-deals.example>
To: lee.chen@riverside-practice.nhs.test
Subject: 40% off printer paper and toner this week only
Message-ID: <offer-77@officesupplies-deals.example>
List-Unsubscribe: <https://officesupplies-deals.example/unsubscribe>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Stock up for the new year: 40% off printer paper, toner and envelopes until Friday.
Free delivery on orders over 50 pounds. Visit https://officesupplies-deals.example/offers
"""


def _actor(world: DemoWorld, email: str) -> Actor:
    user = world.people[email]
    membership = Membership.objects.filter(user=user, organisation__isnull=False).select_related("organisation")
    return Actor(user=user, membership=membership.order_by("pk").first())


def _report(world: DemoWorld, email: str, text: str, n: int, hours_ago: float) -> PhishingReport:
    raw = text.format(to=email, n=n).replace("\n", "\r\n").encode()
    report = report_submit(actor=_actor(world, email), raw=raw, route=Route.UPLOAD, filename=f"reported-{n}.eml")
    received_at = timezone.now() - timedelta(hours=hours_ago)
    PhishingReport.objects.filter(pk=report.pk).update(received_at=received_at)
    # Triage now rather than after the demo's transaction commits, so campaigns form in order (the queued
    # triage then finds the report done).
    report = report_triage(report=report)
    # The verdict came seconds after the report, as it does in use (the figures page shows time to verdict).
    triaged_at = received_at + timedelta(seconds=2 + n % 7)
    PhishingReport.objects.filter(pk=report.pk).update(triaged_at=triaged_at)
    report.triaged_at = triaged_at
    return report


def load_demo(world: DemoWorld) -> None:
    if PhishingReport.objects.exists():
        return
    parcel_jo = _report(world, "jo.williams@northfield.nhs.test", PARCEL, 1, 30)
    _report(world, "tom.baker@rosewoodcare.test", PARCEL, 2, 26)
    _report(world, "lee.chen@riverside-practice.nhs.test", PARCEL, 3, 5)
    _report(world, "tom.baker@rosewoodcare.test", PAYROLL, 4, 50)
    _report(world, "grace.adeyemi@rosewoodcare.test", PAYROLL, 5, 49)
    _report(world, "sam.patel@northfield.nhs.test", PAYROLL, 6, 3)
    _report(world, "jo.williams@northfield.nhs.test", NEWSLETTER, 7, 2)
    sales = _report(world, "lee.chen@riverside-practice.nhs.test", SALES, 8, 1)
    forwarded = (
        "From: someone@elsewhere.example\r\nTo: report-phishing@carecyber.localhost\r\n"
        "Subject: FW: Your parcel could not be delivered - action needed\r\n"
        "Content-Type: text/plain\r\n\r\nIs this one of yours?\r\n\r\n---------- Forwarded message ---------\r\n"
        "From: Royal Mail <noreply@royalmail-redelivery.info>\r\n"
        "Subject: Your parcel could not be delivered - action needed\r\n\r\n"
        "Pay the redelivery fee: http://royalmail-redelivery.info/pay/9\r\n"
    )
    report_triage(report=report_receive_mail(raw=forwarded.encode(), envelope_sender="someone@elsewhere.example"))
    report_mark_clicked(
        actor=_actor(world, "jo.williams@northfield.nhs.test"),
        report=PhishingReport.objects.get(pk=parcel_jo.pk),
        kind="clicked",
    )
    for campaign in Campaign.objects.all():
        campaign_refresh(campaign=campaign)
    report_override(
        actor=_actor(world, "lee.chen@riverside-practice.nhs.test"),
        report=sales,
        verdict="spam",
        note="A supplier's marketing nobody here asked for: spam, not an attack. Delete it or unsubscribe.",
    )
    national = Membership.objects.filter(user=world.people["nadia.okafor@carecyber.test"], role=Role.NATIONAL).first()
    parcel = Campaign.objects.filter(reports=parcel_jo).first()
    if apps.is_installed("carecyber.alerts") and national is not None and parcel is not None:
        campaign_advisory_draft(actor=Actor(user=national.user, membership=national), campaign=parcel)
