"""On PostgreSQL, responses are written from one JSON document: the rows must be what Django's insert makes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from carecyber.alerts.models import Response
from carecyber.alerts.services import advisory_create
from carecyber.alerts.services.fanout import _responses_insert, _responses_insert_pg
from carecyber.alerts.services.targeting import Target
from carecyber.alerts.tests.conftest import actor_for, advisory_input

pytestmark = pytest.mark.django_db


def test_the_json_insert_writes_the_same_rows_as_django(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the JSON insert is PostgreSQL's; SQLite uses Django's bulk insert")
    national = actor_for(world.national)
    by_django = advisory_create(actor=national, data=advisory_input())
    by_json = advisory_create(actor=national, data=advisory_input(title="The same, written as JSON"))
    targets = {
        world.org_a.pk: Target(world.org_a.pk, [{"asset": 1, "reason": 'it\'s "quoted" – and 15.2'}], 3, ""),
        world.org_b.pk: Target(world.org_b.pk, [], 0, "Sent to every organisation"),
    }
    now = timezone.now()
    due = now + timedelta(hours=48)
    assert _responses_insert(by_django, 1, targets, set(), now, due) == 2
    assert _responses_insert_pg(by_json, 1, targets, set(), now, due) == 2
    assert _responses_insert_pg(by_json, 1, targets, set(), now, due) == 0  # conflicts do nothing

    def rows(advisory: object) -> list[dict[str, object]]:
        found = Response.objects.filter(advisory=advisory).order_by("organisation_id")
        return [{k: v for k, v in model_to_dict(r).items() if k not in {"id", "advisory"}} for r in found]

    assert rows(by_json) == rows(by_django)
    assert rows(by_json)[0]["reasons"] == targets[world.org_a.pk].reasons
