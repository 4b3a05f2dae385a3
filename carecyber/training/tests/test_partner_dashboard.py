"""Training's column on the support partner's dashboard: the share of staff up to date, against the target."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecyber.conftest import World, signed_in
from carecyber.core.models import Role
from carecyber.support.dashboard import dashboard_columns
from carecyber.testing.factories import MembershipFactory, OrganisationFactory
from carecyber.training import queries
from carecyber.training.dashboard import training_cells
from carecyber.training.models import Course
from carecyber.training.tests.conftest import complete

pytestmark = pytest.mark.django_db


def _staff(organisation: object, n: int) -> list[object]:
    return [MembershipFactory(organisation=organisation, role=Role.STAFF).user for _ in range(n)]


def test_the_column_is_offered_through_the_hooks(world: World, core: Course) -> None:
    column = next(c for c in dashboard_columns() if c.key == "training")
    assert column.heading == "Staff up to date with training" and column.numeric
    assert [f.key for f in column.filters] == ["training"]


def test_cells_give_the_share_against_the_target_in_one_query(world: World, core: Course) -> None:
    meets, short, empty = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for user in _staff(meets, 20):
        complete(user, core)  # type: ignore[arg-type]
    people = _staff(short, 10)
    for user in people[:9]:
        complete(user, core)  # type: ignore[arg-type]
    complete(people[9], core, days_ago=400)  # type: ignore[arg-type]  # lapsed: not current
    queries.training_policy()  # the policy row exists before counting queries
    with CaptureQueriesContext(connection) as ctx:
        cells = training_cells([meets.pk, short.pk, empty.pk])
    real = [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))]
    assert len(real) <= 3  # the policy, the core course, one grouped count
    assert (cells[meets.pk].text, cells[meets.pk].tag, cells[meets.pk].csv_value) == ("100% (20 of 20)", "green", "100")
    assert (cells[short.pk].text, cells[short.pk].tag) == ("90% (9 of 10)", "red")  # below 95%
    assert cells[empty.pk].text == "No staff counted" and cells[empty.pk].csv_value == ""
    assert cells[meets.pk].sort == 100.0 and cells[short.pk].sort == 90.0


def test_the_partner_sees_the_column_and_filters_below_the_target(world: World, core: Course) -> None:
    meeting = OrganisationFactory(name="Cedar Lodge", support_partner=world.partner)
    for user in _staff(meeting, 5):
        complete(user, core)  # type: ignore[arg-type]
    complete(world.staff_b, core)  # Birch: 1 of 2 counted (the lead has not trained)
    queries.refresh_compliance_snapshots()
    partner = signed_in(world.partner_member)
    html = partner.get("/support/partner/").content.decode()
    assert "Staff up to date with training" in html
    assert "100% (5 of 5)" in html and "50% (1 of 2)" in html
    below = partner.get("/support/partner/", {"training": "below"}).content.decode()
    assert "Birch Care Home" in below and "Cedar Lodge" not in below
    meets = partner.get("/support/partner/", {"training": "meets"}).content.decode()
    assert "Cedar Lodge" in meets and "Birch Care Home" not in meets
    response = partner.get("/support/partner/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    column = rows[0].index("Staff up to date with training")
    assert sorted(r[column] for r in rows[1:]) == ["100", "50"]
