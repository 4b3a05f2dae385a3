"""The partner dashboard: only the partner's organisations, columns from bulk providers, filters, CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Organisation
from carecyber.support.dashboard import Cell, DashboardColumn, DashboardFilter, dashboard_columns
from carecyber.support.services.helpline import TicketInput, ticket_raise
from carecyber.support.tests.conftest import as_user
from carecyber.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_partner_sees_only_its_organisations(world: World) -> None:
    html = as_user(world.partner_member).get("/support/partner/").content.decode()
    assert "Birch Care Home" in html and "Alder Hospitals" not in html
    assert "1 organisation." in html


def test_organisation_people_cannot_use_the_dashboard(world: World) -> None:
    for user in (world.lead_b, world.staff_b, world.auditor_a):
        assert as_user(user).get("/support/partner/").status_code == 403
        assert as_user(user).get("/support/partner/message").status_code == 403


def test_the_national_team_sees_everyone_and_filters_by_partner(world: World) -> None:
    client = as_user(world.national)
    html = client.get("/support/partner/").content.decode()
    assert "Birch Care Home" in html and "Alder Hospitals NHS Trust" in html
    html = client.get("/support/partner/", {"partner": world.partner.code}).content.decode()
    assert "Birch Care Home" in html and "Alder Hospitals" not in html
    html = client.get("/support/partner/", {"partner": "none"}).content.decode()
    assert "Birch" not in html and "Alder Hospitals NHS Trust" in html


def test_own_columns_show_open_questions_and_last_contact(world: World) -> None:
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"))
    html = as_user(world.partner_member).get("/support/partner/").content.decode()
    for heading in ("Type and region", "Open questions", "Last contact", "Event registrations", "Policies issued"):
        assert heading in html
    assert "Care home, North West" in html and "Today" in html and "0 of 10" in html


def test_column_filters_narrow_every_organisation_before_the_page(world: World) -> None:
    extra = [OrganisationFactory(name=f"Oak Lodge {n}", support_partner=world.partner) for n in range(3)]
    actor = Actor(user=world.staff_b, membership=world.staff_b.memberships.get())
    ticket_raise(actor=actor, organisation=world.org_b, data=TicketInput("toolkit", "Help", "Text"))
    client = as_user(world.partner_member)
    html = client.get("/support/partner/", {"tickets": "yes"}).content.decode()
    assert "Birch Care Home" in html and "Oak Lodge" not in html and "Helpline: Has open questions" in html
    html = client.get("/support/partner/", {"tickets": "no"}).content.decode()
    assert "Birch Care Home" not in html and all(o.name in html for o in extra)
    html = client.get("/support/partner/", {"tickets": "nonsense"}).content.decode()
    assert "4 organisations" in html  # an unknown choice is ignored, not an error


def test_csv_export_has_the_same_columns_and_only_the_partners_organisations(world: World) -> None:
    response = as_user(world.partner_member).get("/support/partner/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = _csv(response)
    assert rows[0][:3] == ["Organisation", "Code", "Type and region"]
    assert [r[0] for r in rows[1:]] == ["Birch Care Home"]
    assert rows[1][2] == "Care home; North West; " + rows[1][2].split("; ")[2]


def test_csv_export_walks_every_organisation_in_chunks(world: World) -> None:
    from carecyber.support.dashboard import dashboard_columns
    from carecyber.support.queries.partners import dashboard_csv_rows, dashboard_organisations

    for n in range(7):
        OrganisationFactory(name=f"Elm House {n}", support_partner=world.partner)
    actor = Actor(user=world.partner_member, membership=world.partner_member.memberships.get())
    columns = dashboard_columns()
    organisations, _ = dashboard_organisations(actor, columns, {})
    rows = list(dashboard_csv_rows(columns, organisations, chunk=3))
    assert len(rows) == 1 + 8 and len({r[1] for r in rows[1:]}) == 8


def test_the_dashboard_does_not_grow_its_queries_with_organisations(world: World) -> None:
    """Every capability's columns together: a fixed number of queries, whether a page shows 3 or 50 organisations."""
    client = as_user(world.partner_member)
    client.get("/support/partner/")
    with CaptureQueriesContext(connection) as few:
        client.get("/support/partner/")
    for n in range(60):
        OrganisationFactory(name=f"Willow Court {n:02d}", support_partner=world.partner)
    client.get("/support/partner/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/support/partner/")
    assert "Page 2 of 2" in response.content.decode()
    assert len(many) == len(few)
    assert len(many) <= 30


def _toolkit_progress(ids: Sequence[int]) -> dict[int, Cell]:
    return {pk: Cell(f"{pk % 100}%") for pk in ids}


def _not_started(qs: QuerySet[Organisation], value: str) -> QuerySet[Organisation]:
    return qs.filter(name__startswith="Birch") if value == "not_started" else qs


def test_another_capability_adds_a_column_and_a_filter_through_its_hooks(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract the assessments, alerts and training apps will use after merge."""
    from carecyber.assessments import hooks

    calls: list[list[int]] = []

    def provider(ids: Sequence[int]) -> dict[int, Cell]:
        calls.append(list(ids))
        return _toolkit_progress(ids)

    column = DashboardColumn(
        "toolkit",
        "Toolkit progress",
        provider,
        order=20,
        filters=(
            DashboardFilter("toolkit", "Toolkit", (("", "Any"), ("not_started", "Not yet started")), _not_started),
        ),
    )
    monkeypatch.setattr(hooks, "partner_dashboard_columns", lambda: [column], raising=False)
    assert [c.key for c in dashboard_columns()][:2] == ["facts", "toolkit"]
    OrganisationFactory(name="Cedar View", support_partner=world.partner)
    client = as_user(world.national)
    html = client.get("/support/partner/", {"toolkit": "not_started"}).content.decode()
    assert "Toolkit progress" in html and f"{world.org_b.pk % 100}%" in html and "Cedar View" not in html
    assert calls[-1] == [world.org_b.pk]  # one bulk call for the page
    rows = _csv(client.get("/support/partner/", {"format": "csv"}))
    assert rows[0][3] == "Toolkit progress"
