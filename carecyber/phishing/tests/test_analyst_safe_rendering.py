"""A reported email is shown to the analyst without letting it act: no script, nothing remote, no live links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent
from carecyber.phishing.safe_render import defang_reason, defang_text, sanitise_html
from carecyber.phishing.tests.analyst_factories import fixture_bytes, make_report


def _detail(world: World) -> str:
    report = make_report(organisation=world.org_a, reporter=world.staff_a, fixture="analyst_hostile.eml")
    response = signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _main(page: str) -> str:
    """The page's own content (the layout's own script tags and links are the site's, not the message's)."""
    return page.split('id="maincontent"', 1)[1] if 'id="maincontent"' in page else page


@pytest.mark.django_db
def test_nothing_active_from_the_message_reaches_the_page(world: World) -> None:
    main = _main(_detail(world))
    assert "<script" not in main
    assert "steal" not in main.replace("hxxp", "")  # neither the script's body nor the onclick handler
    assert "onclick" not in main
    assert "<img" not in main
    assert "tracker.wages-update.example" not in main  # no image or CSS url() to a remote host, not even as text
    assert "url(" not in main
    assert 'href="javascript:' not in main and "javascript:alert" not in main
    assert not re.search(r'href="https?://[^"]*wages-update', main)


@pytest.mark.django_db
def test_links_are_shown_defanged_and_cannot_be_clicked(world: World) -> None:
    main = _main(_detail(world))
    assert "Read your payslip" in main
    assert "[hxxps://wages-update[.]example/payslip]" in main
    assert "javascript[:]alert" in main  # the analyst sees what the link would have done
    assert "https://wages-update.example" not in main  # the plain-text body is defanged too
    assert "hxxps://wages-update[.]example/payslip" in main


@pytest.mark.django_db
def test_the_page_lists_headers_reasons_indicators_and_attachments_without_serving_them(world: World) -> None:
    main = _main(_detail(world))
    assert "Message-ID" in main
    assert "payslip.pdf.exe" in main
    assert re.search(r"[0-9a-f]{64}", main)  # the attachment's SHA-256
    assert "wages-update[.]example" in main  # a defanged indicator
    assert "Weight" in main


@pytest.mark.django_db
def test_the_raw_message_downloads_as_an_attachment_and_the_download_is_audited(world: World) -> None:
    report = make_report(organisation=world.org_a, reporter=world.staff_a, fixture="analyst_hostile.eml")
    response = signed_in(world.lead_a).get(reverse("phishing:analyst-raw", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}.eml"'
    assert response.content == fixture_bytes("analyst_hostile.eml")
    event = AuditEvent.objects.get(action="phishing.report.raw_download")
    assert event.organisation_id == world.org_a.pk and event.actor_user == world.lead_a


@pytest.mark.django_db
def test_the_analysts_reasons_name_the_lure_defanged(world: World) -> None:
    raw = (
        b"From: NHS Pensions <pensions@nhs-pension-update.com>\r\nTo: staff@alder.test\r\n"
        b"Subject: Confirm your pension details\r\nMessage-ID: <p1@nhs-pension-update.com>\r\n\r\n"
        b"Your pension will be suspended within 24 hours. Sign in to confirm your details.\r\n"
    )
    report = make_report(organisation=world.org_a, reporter=world.staff_a, raw=raw)
    main = _main(signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[report.pk])).content.decode())
    reasons = re.findall(r'<td class="nhsuk-table__cell">([^<]*) <span class="nhsuk-body-s">\(\w+\)', main)
    assert any("nhs-pension-update[.]com" in reason and "nhs.uk" in reason for reason in reasons), reasons
    assert not any("nhs-pension-update.com" in reason for reason in reasons)


def test_reasons_name_the_lure_defanged_and_genuine_domains_readably() -> None:
    assert defang_reason(
        "The sender's domain nhs-pension-update.com looks like nhs.uk (the NHS or UK government) but is not it."
    ) == ("The sender's domain nhs-pension-update[.]com looks like nhs.uk (the NHS or UK government) but is not it.")
    assert defang_reason("Write to anna84@gmail.com, not qluism4@gmail.com.") == (
        "Write to anna84[@]gmail[.]com, not qluism4[@]gmail[.]com."
    )
    # A name anyone can take under a brand's domain is not the brand's; file names and version numbers are not
    # domains; what the engine already defanged stays as it was.
    assert defang_reason("sent from scisro.onmicrosoft.com") == "sent from scisro[.]onmicrosoft[.]com"
    assert defang_reason("The attached file PO#198945.html, version 2.6.1") == (
        "The attached file PO#198945.html, version 2.6.1"
    )
    assert defang_reason("A link goes to evil[.]example") == "A link goes to evil[.]example"


def test_unreadable_bytes_still_give_a_page() -> None:
    assert sanitise_html("<a href='x'><a href='y'>nested</a></a>").count("<span") >= 1
    assert defang_text("see www.example.org and http://1.2.3.4/x") == "see www[.]example[.]org and hxxp://1.2.3[.]4/x"


@pytest.mark.django_db
def test_a_report_that_could_not_be_read_shows_the_download_only(world: World) -> None:
    report = make_report(organisation=world.org_a, raw=b"\x00\xff not an email at all \x00")
    page = signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[report.pk]))
    assert page.status_code == 200
    assert b"Download the original message" in page.content
