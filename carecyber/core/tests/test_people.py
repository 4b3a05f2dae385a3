"""People: a lead adds someone, they get an email, choose a password and sign in; roles change; history stays."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carecyber.conftest import World, signed_in
from carecyber.core.models import AuditEvent, Membership, User
from carecyber.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_lead_adds_a_new_person_who_then_signs_in(world: World) -> None:
    lead = signed_in(world.lead_a)
    response = lead.post(
        f"/organisations/{world.org_a.code}/people/add",
        {
            "full_name": "Nora Newcomer",
            "email": "Nora.Newcomer@Alder.test",
            "role": "staff",
            "team": "Ward A",
            "job_title": "Healthcare assistant",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="nora.newcomer@alder.test")
    assert not person.has_usable_password()
    assert Membership.objects.get(user=person).team == "Ward A"
    assert AuditEvent.objects.filter(action="membership.added", organisation=world.org_a).exists()

    message = mail.outbox[-1]
    assert message.to == ["nora.newcomer@alder.test"]
    assert "Alder Hospitals NHS Trust" in message.subject
    assert "Lena Lead has added you" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Choose your password" in html
    link = re.search(r"http://\S+/account/password/reset/\S+", message.body)
    assert link is not None

    newcomer = Client()
    path = link.group(0).split("8000", 1)[-1]
    form = newcomer.get(path)
    assert form.status_code == 200
    weak = newcomer.post(path, {"new_password": "password123"})
    assert "at least 15 characters" in weak.content.decode()
    assert newcomer.post(path, {"new_password": "lantern-quiver-pebble-saffron"}).status_code == 302
    assert (
        newcomer.post(
            "/account/sign-in", {"email": "nora.newcomer@alder.test", "password": "lantern-quiver-pebble-saffron"}
        ).status_code
        == 302
    )
    assert "Hello, Nora" in newcomer.get("/").content.decode()
    # The link works once.
    assert newcomer.get(path).status_code == 400


def test_adding_someone_twice_is_refused_clearly(world: World) -> None:
    response = signed_in(world.lead_a).post(
        f"/organisations/{world.org_a.code}/people/add",
        {"full_name": "Sid Staff", "email": world.staff_a.email, "role": "staff"},
    )
    assert "is already a member of Alder Hospitals NHS Trust" in response.content.decode()
    assert Membership.objects.filter(user=world.staff_a).count() == 1


def test_an_existing_person_can_join_a_second_organisation(world: World) -> None:
    signed_in(world.lead_b).post(
        f"/organisations/{world.org_b.code}/people/add",
        {"full_name": "Sid Staff", "email": world.staff_a.email, "role": "staff"},
    )
    assert Membership.objects.filter(user=world.staff_a).count() == 2
    assert "Sign in" in mail.outbox[-1].body


def test_the_last_security_lead_cannot_be_removed_or_demoted(world: World) -> None:
    membership = Membership.objects.get(user=world.lead_b)
    client = signed_in(world.lead_b)
    client.post(f"/organisations/{world.org_b.code}/people/{membership.pk}/remove")
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(
        f"/organisations/{world.org_b.code}/people/{membership.pk}/", {"role": "staff", "team": "", "job_title": ""}
    )
    assert "needs at least one security lead" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == "security_lead"


def test_a_lead_changes_a_role_and_removes_a_person(world: World) -> None:
    membership = Membership.objects.get(user=world.staff_a)
    client = signed_in(world.lead_a)
    client.post(
        f"/organisations/{world.org_a.code}/people/{membership.pk}/", {"role": "auditor", "team": "IT", "job_title": ""}
    )
    assert Membership.objects.get(pk=membership.pk).role == "auditor"
    client.post(f"/organisations/{world.org_a.code}/people/{membership.pk}/remove")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = list(AuditEvent.objects.filter(organisation=world.org_a).values_list("action", flat=True))
    assert "membership.updated" in actions and "membership.removed" in actions


def _people_page_queries(client: Client, code: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/organisations/{code}/people/").status_code == 200
    return len(ctx.captured_queries)


def test_people_list_query_count_does_not_grow_with_people(world: World) -> None:
    client = signed_in(world.lead_a)
    client.get("/")  # the first request of a session also records when it was last active
    MembershipFactory.create_batch(3, organisation=world.org_a)
    few = _people_page_queries(client, world.org_a.code)
    MembershipFactory.create_batch(40, organisation=world.org_a)
    many = _people_page_queries(client, world.org_a.code)
    assert few == many
