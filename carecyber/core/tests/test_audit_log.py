"""Every change of state writes one append-only audit record; nothing can change or remove one."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.models import AuditEvent
from carecyber.core.models.audit import AuditImmutableError

pytestmark = pytest.mark.django_db


def test_a_change_through_a_page_records_who_for_whom_what_and_where(world: World) -> None:
    client = signed_in(world.lead_a)
    response = client.post(
        f"/organisations/{world.org_a.code}/edit",
        {"name": "Alder Hospitals NHS Foundation Trust", "domains": "alder.nhs.test"},
        HTTP_X_REQUEST_ID="req-1234-abcd",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor_user == world.lead_a
    assert event.acting_for == world.org_a
    assert event.acting_role == "security_lead"
    assert event.organisation == world.org_a
    assert event.request_id == "req-1234-abcd"
    assert event.ip == "10.1.2.3"
    assert event.changes["name"] == ["Alder Hospitals NHS Trust", "Alder Hospitals NHS Foundation Trust"]
    assert event.changes["domains"] == [[], ["alder.nhs.test"]]


def test_saving_no_change_writes_no_record(world: World) -> None:
    signed_in(world.lead_a).post(f"/organisations/{world.org_a.code}/edit", {"name": world.org_a.name, "domains": ""})
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_the_model_refuses_updates_and_deletes(world: World) -> None:
    event = audit_record(actor=Actor.system("test"), action="test.happened", organisation=world.org_a)
    event.action = "test.rewritten"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_itself_refuses_raw_updates_and_deletes(world: World) -> None:
    event = audit_record(actor=Actor.system("test"), action="test.happened")
    for sql in ("UPDATE core_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


def test_removing_a_person_keeps_their_history(world: World) -> None:
    signed_in(world.staff_a).get("/")
    audit_record(actor=Actor(user=world.staff_a, membership=None), action="test.did_something")
    world.staff_a.delete()
    event = AuditEvent.objects.get(action="test.did_something")
    assert event.actor_label == "staff@alder.test"


def test_long_values_are_summarised_not_copied(world: World) -> None:
    event = audit_record(actor=Actor.system("test"), action="test.long", changes={"text": "x" * 5000})
    assert len(event.changes["text"]) == 200


def test_csv_export_of_the_log(world: World) -> None:
    signed_in(world.lead_a).post(f"/organisations/{world.org_a.code}/edit", {"name": "Alder Trust", "domains": ""})
    response = signed_in(world.lead_a).get("/audit/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    lines = body.strip().splitlines()
    assert lines[0].startswith("time,person,acting for")
    assert any("organisation.updated" in line and "lead@alder.test" in line for line in lines[1:])
