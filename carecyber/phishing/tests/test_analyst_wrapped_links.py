"""The analyst sees where a Safe Links-wrapped link really goes, and which link protection had rewritten it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carecyber.conftest import World, signed_in
from carecyber.phishing.tests.analyst_factories import make_report
from carecyber.phishing.tests.test_engine_wrapped_links import PHISH, delivered


@pytest.mark.django_db
def test_the_report_page_shows_the_real_address_defanged_and_names_the_wrapper(world: World) -> None:
    report = make_report(organisation=world.org_a, reporter=world.staff_a, raw=delivered(PHISH))
    assert "https://nhsmail-login.top/owa/signin.php?user=ward12" in report.indicators["urls"]
    assert not any("safelinks" in value for values in report.indicators.values() for value in values)
    response = signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # In the indicators and next to the link in the message: the real address, safe to copy into a block list.
    assert "hxxps://nhsmail-login[.]top/owa/signin.php?user=ward12" in page
    assert "rewritten by link protection: eur03[.]safelinks[.]protection[.]outlook[.]com" in page
    assert "https://nhsmail-login.top" not in page


@pytest.mark.django_db
def test_an_uploaded_forward_is_shown_as_the_email_it_carries_with_a_note(world: World) -> None:
    from carecyber.phishing.tests.test_engine_forwards import ATTACK, _forward

    report = make_report(organisation=world.org_a, reporter=world.staff_a, raw=_forward(ATTACK))
    assert report.from_address == "security-noreply@micros0ft-verify.com"  # the attacker, not the colleague
    assert report.verdict == "phishing"
    page = signed_in(world.lead_a).get(reverse("phishing:analyst-report", args=[report.pk])).content.decode()
    assert "What the engine noted" in page
    assert "This email forwards another one (from security-noreply[@]micros0ft-verify[.]com)" in page
