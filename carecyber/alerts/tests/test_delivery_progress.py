"""The national team sees who has been told about each revision: emails sent, waiting and failed, and notices."""

from __future__ import annotations

import csv
import io
import re

import pytest

from carecyber.alerts.models import AlertContact, Delivery, DeliveryStatus
from carecyber.alerts.services import advisory_create
from carecyber.alerts.tests.conftest import actor_for, advisory_input, api_client
from carecyber.conftest import signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, add_asset, publish):  # type: ignore[no-untyped-def]
    """Published to two organisations: emailed to Alder's security lead and to Birch's alert contact."""
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    AlertContact.objects.create(organisation=world.org_b, name="On-call desk", email="oncall@birch.test")
    advisory = publish()
    # The desk's address bounced five times.
    Delivery.objects.filter(advisory=advisory, email="oncall@birch.test").update(
        status=DeliveryStatus.FAILED, attempts=5, last_error="550 mailbox unavailable", sent_at=None
    )
    return advisory


def test_the_national_team_sees_each_revisions_emails_and_notices(world, sent) -> None:
    page = signed_in(world.national).get(f"/alerts/{sent.reference}/")
    body = page.content.decode()
    assert "Who has been told" in body
    # One row for revision 1: two organisations; two emails (Alder's lead, Birch's desk), one failed; two in-app
    # notices (both security leads: Birch's desk has no account).
    table = body[body.index('id="delivery"') :].split("</table>")[0]
    (row,) = re.findall(r'<tr role="row" class="nhsuk-table__row">(.*?)</tr>', table, re.S)
    cells = [
        re.sub(r'<span class="nhsuk-table-responsive__heading">.*?</span>', "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells == ["1 (published)", cells[1], "2", "1 of 2", "0", "<strong>1</strong>", "2"]
    assert cells[1].startswith("Done, finished ")


def test_the_email_list_names_the_failed_address_and_its_download_is_audited(world, sent) -> None:
    response = signed_in(world.national).get(f"/alerts/{sent.reference}/emails.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(r["email"], r["status"], r["last error"]) for r in rows} == {
        (world.lead_a.email, "sent", ""),
        ("oncall@birch.test", "failed", "550 mailbox unavailable"),
    }
    event = AuditEvent.objects.get(action="advisory.emails_exported")
    assert event.object_label == sent.reference and event.actor_user == world.national


def test_organisations_see_neither_the_progress_nor_anyone_elses_addresses(world, sent) -> None:
    lead = signed_in(world.lead_b)
    page = lead.get(f"/alerts/{sent.reference}/")
    assert page.status_code == 200 and "Who has been told" not in page.content.decode()
    assert lead.get(f"/alerts/{sent.reference}/emails.csv").status_code == 403
    assert not AuditEvent.objects.filter(action="advisory.emails_exported").exists()
    assert api_client(world.lead_a).get(f"/api/v1/alerts/advisories/{sent.reference}/delivery/").status_code == 403


def test_the_api_gives_the_same_figures(world, sent) -> None:
    response = api_client(world.national).get(f"/api/v1/alerts/advisories/{sent.reference}/delivery/")
    assert response.status_code == 200
    (revision,) = response.json()["revisions"]
    assert revision["revision"] == 1 and revision["state"] == "done"
    assert revision["organisations_targeted"] == 2 and revision["in_app_notices"] == 2
    assert revision["emails"] == {"total": 2, "sent": 1, "waiting": 0, "failed": 1}


def test_publishing_on_the_page_says_where_to_follow_the_fan_out(
    world, add_asset, django_capture_on_commit_callbacks
) -> None:
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    draft = advisory_create(actor=actor_for(world.national), data=advisory_input())
    client = signed_in(world.national)
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(f"/alerts/{draft.reference}/publish", {"note": "Exploited since Monday."})
    assert posted.status_code == 302 and posted["Location"] == f"/alerts/{draft.reference}/"
    page = client.get(posted["Location"]).content.decode()
    assert f"{draft.reference} is published. Targeting and emails are under way" in page
    assert "&#39;Who has been told&#39; on this page shows how far they have got." in page
    assert "Who has been told" in page and "1 of 1" in page and "Done, finished" in page
    assert AuditEvent.objects.filter(action="advisory.published", object_label=draft.reference).exists()
