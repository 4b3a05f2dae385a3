"""What changed since you last looked, per person; and failures to send are retried, never doubled."""

from __future__ import annotations

import pytest
from django.core import mail

from carecyber.alerts.models import Delivery, FanOut
from carecyber.alerts.services import advisory_update
from carecyber.alerts.tests.conftest import actor_for, advisory_input
from carecyber.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_page_says_what_changed_since_that_person_last_looked(
    world, add_asset, publish, django_capture_on_commit_callbacks
) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    client = signed_in(world.lead_b)
    first = client.get(f"/alerts/{advisory.reference}/").content.decode()
    assert "What changed since you last looked" not in first
    with django_capture_on_commit_callbacks(execute=True):
        advisory_update(
            actor=actor_for(world.national),
            advisory=advisory,
            data=advisory_input(severity="medium", remediation="Install the March update, then restart."),
            change_summary="Lowered to medium.",
        )
    page = client.get(f"/alerts/{advisory.reference}/").content.decode()
    assert "What changed since you last looked" in page
    assert "You last saw revision 1; this is revision 2." in page
    assert "Severity changed from High to Medium" in page
    again = client.get(f"/alerts/{advisory.reference}/").content.decode()
    assert "What changed since you last looked" not in again
    # Someone who never looked sees no comparison, just the alert.
    assert "What changed since" not in signed_in(world.staff_b).get(f"/alerts/{advisory.reference}/").content.decode()


def test_opening_the_alert_marks_the_organisation_as_having_seen_it(world, add_asset, publish) -> None:
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    advisory = publish()
    response = advisory.responses.get()
    assert response.first_seen_at is None
    signed_in(world.staff_b).get(f"/alerts/{advisory.reference}/")
    response.refresh_from_db()
    assert response.first_seen_at is not None


def test_a_mail_server_outage_is_retried_by_the_sweep_without_doubles(world, add_asset, publish, monkeypatch) -> None:
    from carecyber.alerts.services import fanout as fanout_service
    from carecyber.alerts.tasks import fan_out_sweep

    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server", version="15.2.986.5")
    real_send = fanout_service._send

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(fanout_service, "_send", refuse)
    advisory = publish()
    assert mail.outbox == []
    assert set(Delivery.objects.filter(advisory=advisory).values_list("status", "attempts")) == {("pending", 1)}
    assert FanOut.objects.get(advisory=advisory).state == "delivering"
    monkeypatch.setattr(fanout_service, "_send", real_send)
    FanOut.objects.filter(advisory=advisory).update(heartbeat_at=FanOut.objects.get(advisory=advisory).created_at)
    fan_out_sweep(stale_seconds=0)
    fan_out_sweep(stale_seconds=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.lead_a.email, world.lead_b.email])
    assert FanOut.objects.get(advisory=advisory).state == "done"
