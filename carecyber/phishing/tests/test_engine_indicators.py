"""Indicators are what an analyst may block: never a genuine NHS, organisation or brand domain."""

from __future__ import annotations

import dataclasses

from carecyber.phishing.engine import TriageSettings, triage
from carecyber.phishing.tests.reporter_helpers import fixture

LURE = b"""\
From: "NHS Payroll" <payroll@nhs.net>
Reply-To: payroll.team@gmail.com
To: staff@alder.test
Subject: Confirm your bank details
Authentication-Results: mx.alder.test; spf=fail smtp.mailfrom=nhs.net; dmarc=fail header.from=nhs.net
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Your pay is on hold. <a href="http://payroll-nhs.top/login">https://www.nhs.uk/payroll</a></p>
<p>Read our privacy notice at https://www.nhs.uk/privacy/ or fill in
<a href="https://forms.office.com/r/Xy12AbCd">the confirmation form</a>.</p>
<p>Questions? Write to alder.test staff at https://intranet.alder.test/help</p>
"""


def test_a_decoy_address_in_the_text_is_not_an_indicator_but_where_the_link_goes_is() -> None:
    found = triage(fixture("reporter_payroll_phish.eml")).indicators
    assert "https://www.nhs.uk/payroll" not in found.urls and "www.nhs.uk" not in found.domains
    assert any("nhs-staff-payroll.com" in url for url in found.urls)
    assert "nhs-staff-payroll.com" in found.domains


def test_genuine_domains_are_never_domains_to_block_but_an_abused_form_is_an_address_to_block() -> None:
    found = triage(LURE, dataclasses.replace(TriageSettings.default(), organisation_domains=("alder.test",))).indicators
    assert "payroll-nhs.top" in found.domains and "http://payroll-nhs.top/login" in found.urls
    # A real link to a form on Microsoft's domain: the form is worth blocking, office.com is not.
    assert "https://forms.office.com/r/Xy12AbCd" in found.urls and "forms.office.com" not in found.domains
    # Written in the text only, on genuine domains: neither an address nor a domain to block.
    for genuine in ("www.nhs.uk", "intranet.alder.test"):
        assert not any(genuine in url for url in found.urls) and genuine not in found.domains
    # The forged sender and the free-mail reply address stay; their domains (nhs.net, gmail.com) do not.
    assert {"payroll@nhs.net", "payroll.team@gmail.com"} <= set(found.sender_addresses)
    assert "nhs.net" not in found.domains and "gmail.com" not in found.domains
