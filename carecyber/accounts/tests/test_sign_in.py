"""Sign-in: passwords, lockout after repeated failures, two-factor for privileged roles, idle sign-out."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.conftest import PASSWORD, World, signed_in
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post("/account/sign-in", {"email": email, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_sign_in_with_a_password_alone(world: World) -> None:
    client = Client()
    response = _sign_in(client, "STAFF@alder.test")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Hello, Sid" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="account.signed_in", actor_user=world.staff_a).exists()


def test_a_wrong_password_is_explained_and_recorded(world: World) -> None:
    response = _sign_in(Client(), world.staff_a.email, "not-the-password")
    html = response.content.decode()
    assert "The email address or password is not right" in html
    assert world.staff_a.email in html  # what was typed is kept
    assert AuditEvent.objects.filter(action="account.sign_in_failed", object_label=world.staff_a.email).exists()


def test_repeated_failures_lock_the_account_for_a_while(world: World) -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, world.staff_a.email, "guess-guess-guess")
    locked = _sign_in(client, world.staff_a.email)  # even the right password
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lead_must_enter_a_code_before_seeing_anything(world: World) -> None:
    client = Client()
    response = _sign_in(client, world.lead_a.email)
    assert response["Location"].startswith("/account/two-factor/verify")
    blocked = client.get(f"/organisations/{world.org_a.code}/people/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/account/two-factor/verify")
    assert client.get("/api/v1/organisations/").status_code in {401, 403}
    wrong = client.post("/account/two-factor/verify", {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=world.lead_a)
    # Wrong codes slow the next try down (1 s after one failure, doubling after each).
    throttled = client.post("/account/two-factor/verify", {"code": _code(device)})
    assert "Too many wrong codes" in throttled.content.decode()
    time.sleep(2.1)
    device.refresh_from_db()
    assert client.post("/account/two-factor/verify", {"code": _code(device)}).status_code == 302
    assert client.get(f"/organisations/{world.org_a.code}/people/").status_code == 200


def test_a_new_lead_is_taken_to_set_up_an_authenticator(world: World) -> None:
    TOTPDevice.objects.filter(user=world.lead_b).delete()
    client = Client()
    response = _sign_in(client, world.lead_b.email)
    assert response["Location"].startswith("/account/two-factor/setup")
    page = client.get("/account/two-factor/setup")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.lead_b, confirmed=False)
    done = client.post("/account/two-factor/setup", {"code": _code(device)})
    assert "Save your recovery codes" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=world.lead_b).count() == 10
    assert client.get(f"/organisations/{world.org_b.code}/").status_code == 200


def test_a_recovery_code_works_once(world: World) -> None:
    client = signed_in(world.lead_a)
    codes_page = client.post("/account/two-factor/recovery-codes").content.decode()
    code = StaticToken.objects.filter(device__user=world.lead_a).first()
    assert code is not None and code.token in codes_page
    for expected in (302, 200):
        fresh = Client()
        _sign_in(fresh, world.lead_a.email)
        assert fresh.post("/account/two-factor/verify", {"code": code.token}).status_code == expected


@override_settings(SESSION_IDLE_TIMEOUT=60)
def test_an_idle_session_is_signed_out(world: World) -> None:
    client = Client()
    _sign_in(client, world.staff_a.email)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 3600
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in")
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(world: World) -> None:
    client = signed_in(world.staff_a)
    assert client.get("/account/sign-out").status_code == 405
    assert client.post("/account/sign-out").status_code == 302
    assert client.get("/account/").status_code == 302


def test_password_reset_does_not_reveal_who_has_an_account(world: World) -> None:
    client = Client()
    known = client.post("/account/password/reset", {"email": world.staff_a.email}).content.decode()
    unknown = client.post("/account/password/reset", {"email": "nobody@nowhere.test"}).content.decode()
    assert "Check your email" in known and "Check your email" in unknown
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.staff_a.email]
    assert "/account/password/reset/" in mail.outbox[0].body


def test_switching_organisation_changes_what_a_person_acts_for(world: World) -> None:
    from carecyber.core.models import Membership, Role

    Membership.objects.create(user=world.lead_a, organisation=world.org_b, role=Role.AUDITOR)
    client = signed_in(world.lead_a)
    assert client.get(f"/organisations/{world.org_b.code}/").status_code == 404
    b_membership = Membership.objects.get(user=world.lead_a, organisation=world.org_b)
    assert client.post("/account/switch", {"membership": b_membership.pk}).status_code == 302
    assert client.get(f"/organisations/{world.org_b.code}/").status_code == 200
    assert client.get(f"/organisations/{world.org_a.code}/people/").status_code == 404
    other = Membership.objects.get(user=world.staff_b)
    client.post("/account/switch", {"membership": other.pk})
    assert client.get(f"/organisations/{world.org_b.code}/").status_code == 200  # unchanged: not theirs
    assert AuditEvent.objects.filter(action="account.switched_organisation").count() == 1
