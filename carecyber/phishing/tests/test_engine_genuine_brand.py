"""Wording from a brand's own address counts at half weight; nothing else is softened, and a failure ends it."""

from __future__ import annotations

from carecyber.phishing.engine import triage

from .test_engine_signals import codes, email

SHIPPED = (
    "Your package is on its way. Tracking number 1Z999. Log in to your account to see your order: "
    '<a href="https://www.amazon.com/gp/r.html?U=https://www.amazon.com/your-orders">Your orders</a>'
)


def test_wording_from_the_brands_own_address_counts_at_half() -> None:
    genuine = triage(email(SHIPPED, html=True, From="Amazon.com <shipment-tracking@amazon.com>"))
    scam = next(r for r in genuine.reasons if r.code == "scam_language")
    assert "Counted at half weight" in scam.text
    assert "link_redirect" not in codes(genuine)  # its own click-tracking on its own domain
    assert genuine.verdict not in {"phishing", "suspicious"}


def test_nothing_is_softened_for_another_domain_or_a_recorded_failure() -> None:
    other = triage(email(SHIPPED, html=True, From="Amazon.com <shipment-tracking@amaz0n-orders.com>"))
    failed = triage(
        email(
            SHIPPED,
            html=True,
            From="Amazon.com <shipment-tracking@amazon.com>",
            Authentication_Results="mx.example; spf=softfail; dkim=none; dmarc=fail header.from=amazon.com",
        )
    )
    for result in (other, failed):
        assert not any("Counted at half weight" in r.text for r in result.reasons)
        assert "link_redirect" in codes(result)
    assert "display_name_brand" in codes(other)
    assert failed.verdict in {"phishing", "suspicious"}


def test_a_brands_own_pages_on_a_platform_are_not_an_imitation() -> None:
    body = '<p>See your mail today.</p><a href="https://usps.force.com/help">Help</a>'
    own = triage(email(body, html=True, From="USPS Informed Delivery <alerts@informeddelivery.usps.com>"))
    assert "link_brand_in_subdomain" not in codes(own)
    fake = triage(email(body, html=True, From="USPS <alerts@parcel-notice.example>"))
    assert "link_brand_in_subdomain" in codes(fake)
