"""List pages make a fixed number of queries, however many packs, weeks and exercises there are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carecyber.awareness import services
from carecyber.awareness.models import Pack, PackDownload, PackStatus
from carecyber.awareness.tests.conftest import lead_actor
from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def _many(world: World, n: int, start: int = 0) -> None:
    actor = lead_actor(world)
    first = date(2026, 1, 5) + timedelta(weeks=start)
    services.calendar_plan(actor=actor, organisation=world.org_a, start=first, weeks=n, every=1, themes=["phishing"])
    now = timezone.now()
    for i in range(start, start + n):
        pack = Pack.objects.create(
            organisation=world.org_a, key=f"{i:064d}", branding_version=1, themes=["phishing"], status=PackStatus.READY
        )
        PackDownload.objects.create(organisation=world.org_a, pack=pack, user=world.lead_a)
        services.exercise_create(
            actor=actor,
            organisation=world.org_a,
            data=services.ExerciseInput(
                name=f"Check {i}",
                template_key="prize-draw",
                teams=(),
                window_start=now,
                window_end=now + timedelta(hours=1),
            ),
        )


@pytest.mark.parametrize(
    "name", ["awareness:overview", "awareness:pack-list", "awareness:calendar", "awareness:exercise-list"]
)
def test_list_pages_do_not_query_per_row(
    world: World, branding_a: object, name: str, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(world.lead_a)
    _many(world, 3)
    client.get(reverse(name))  # warm the session
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name) + "?past=1").status_code == 200
    _many(world, 12, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name) + "?past=1").status_code == 200
