"""Messaging a filtered group: once per form, to security leads, with an unsubscribe for non-essential news."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Role
from carecyber.support.models import GroupMessage, GroupMessageDelivery, MessagePreference
from carecyber.support.services.partners import (
    group_message_deliver_batch,
    unsubscribe_token,
)
from carecyber.support.tests.conftest import as_user, committed
from carecyber.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = {"subject": "Toolkit drop-in next week", "body": "Come along with your questions.", "essential": "no"}


def _send(world: World, **extra: Any) -> Any:
    return as_user(world.partner_member).post("/support/partner/message", {**FORM, "idempotency_key": "k1", **extra})


def test_a_partner_messages_the_security_leads_of_a_filtered_group(world: World) -> None:
    other = OrganisationFactory(name="Hazel House", support_partner=world.partner)
    MembershipFactory(organisation=other, role=Role.SECURITY_LEAD, user=UserFactory(email="lead@hazel.test"))
    mail.outbox.clear()
    response = _send(world, q="Birch")
    message = GroupMessage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/partner/messages/{message.pk}"
    assert message.organisation_ids == [world.org_b.pk] and message.filter_summary == "Name or code: Birch"
    assert [m.to for m in mail.outbox] == [["lead@birch.test"]]  # not staff, not Hazel House
    email = mail.outbox[0]
    assert email.subject == "Toolkit drop-in next week" and "Come along with your questions." in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/support/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    message.refresh_from_db()
    assert (message.status, message.recipients, message.sent, message.skipped) == ("sent", 1, 1, 0)


def test_sending_the_same_form_twice_sends_once(world: World) -> None:
    mail.outbox.clear()
    _send(world)
    response = _send(world)
    assert GroupMessage.objects.count() == 1 and len(mail.outbox) == 1
    follow = as_user(world.partner_member).get(response["Location"]).content.decode()
    assert follow  # the page of the message already sent
    _send(world, idempotency_key="k2")
    assert GroupMessage.objects.count() == 2


def test_a_retry_after_a_crash_sends_only_what_was_not_sent(world: World) -> None:
    second = MembershipFactory(
        organisation=world.org_b, role=Role.SECURITY_LEAD, user=UserFactory(email="lead2@birch.test")
    )
    with committed():
        message = GroupMessage.objects.create(
            sender=world.partner_member,
            partner=world.partner,
            subject="S",
            body="B",
            essential=True,
            filter_summary="All",
            organisation_ids=[world.org_b.pk],
            idempotency_key="crash",
        )
    # The worker died after the first person's email was queued.
    GroupMessageDelivery.objects.create(
        message=message, user=world.lead_b, organisation=world.org_b, sent_at=message.created_at
    )
    mail.outbox.clear()
    with committed():
        assert group_message_deliver_batch(message_id=message.pk) == 1
    assert [m.to for m in mail.outbox] == [[second.user.email]]
    with committed():
        assert group_message_deliver_batch(message_id=message.pk) == 0
    assert len(mail.outbox) == 1


def test_unsubscribed_people_miss_news_but_get_essential_messages(world: World) -> None:
    MessagePreference.objects.create(user=world.lead_b, non_essential_opt_out=True)
    mail.outbox.clear()
    _send(world)
    assert mail.outbox == []
    news = GroupMessage.objects.get()
    assert (news.sent, news.skipped) == (0, 1)
    _send(world, idempotency_key="k2", essential="yes", subject="Publish by 30 June")
    assert [m.to for m in mail.outbox] == [["lead@birch.test"]]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_partner_cannot_reach_organisations_outside_its_scope(world: World) -> None:
    from carecyber.support.services.partners import group_message_send

    actor = Actor(user=world.partner_member, membership=world.partner_member.memberships.get())
    message, _ = group_message_send(
        actor=actor,
        organisation_ids=[world.org_a.pk, world.org_b.pk],
        filter_summary="x",
        subject="S",
        body="B",
        essential=False,
        idempotency_key="scope",
    )
    assert message.organisation_ids == [world.org_b.pk]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "", "Enter a subject"),
        ("subject", "<b>News</b>", "Remove the &lt; and &gt; signs from a subject"),
        ("body", "x" * 5001, "Keep your message to 5,000 characters or fewer (it has 5,001)"),
    ],
)
def test_bad_messages_are_explained_kept_and_nothing_is_sent(
    world: World, field: str, value: str, message: str
) -> None:
    mail.outbox.clear()
    response = _send(world, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "Come along with your questions." in html or field == "body"
    assert not GroupMessage.objects.exists() and mail.outbox == []


def test_an_empty_group_is_refused(world: World) -> None:
    html = _send(world, q="no such organisation").content.decode()
    assert "No organisations match these filters" in html
    assert not GroupMessage.objects.exists()


def test_partners_see_only_their_own_messages(world: World) -> None:
    _send(world)
    message = GroupMessage.objects.get()
    other_partner_user = UserFactory(email="other@partner.test")
    from carecyber.testing.factories import SupportPartnerFactory, confirmed_totp

    other = SupportPartnerFactory()
    Membership.objects.create(user=other_partner_user, role=Role.SUPPORT_PARTNER, support_partner=other)
    confirmed_totp(other_partner_user)
    assert as_user(other_partner_user).get(f"/support/partner/messages/{message.pk}").status_code == 404
    assert as_user(world.national).get(f"/support/partner/messages/{message.pk}").status_code == 200
    assert "Toolkit drop-in" in as_user(world.partner_member).get("/support/partner/messages/").content.decode()


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(world: World) -> None:
    token = unsubscribe_token(world.lead_b)
    client = Client(enforce_csrf_checks=True)
    assert "Stop non-essential messages?" in client.get(f"/support/unsubscribe/{token}").content.decode()
    response = client.post(f"/support/unsubscribe/{token}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert MessagePreference.objects.get(user=world.lead_b).non_essential_opt_out


def test_a_tampered_unsubscribe_link_is_refused(world: World) -> None:
    token = unsubscribe_token(world.lead_b)
    response = Client().post(f"/support/unsubscribe/{token[:-2]}xx")
    assert response.status_code == 404 and not MessagePreference.objects.exists()


def test_people_choose_again_in_their_settings(world: World) -> None:
    MessagePreference.objects.create(user=world.lead_b, non_essential_opt_out=True)
    client = as_user(world.lead_b)
    client.post("/support/messages/preferences", {"non_essential": "yes"})
    assert not MessagePreference.objects.get(user=world.lead_b).non_essential_opt_out
