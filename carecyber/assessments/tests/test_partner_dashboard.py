"""The toolkit's columns on Support's partner dashboard: status, how much is answered, deadline risk, filters."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from carecyber.assessments.dashboard import RISK_ORDER, organisations_at_risk
from carecyber.assessments.engine.calendar import deadline_risk, expiry_of, toolkit_year
from carecyber.assessments.models import Assessment, OrganisationStatus
from carecyber.assessments.tests.conftest import fill
from carecyber.conftest import World
from carecyber.core.models import Organisation
from carecyber.support.dashboard import dashboard_columns
from carecyber.support.tests.conftest import as_user
from carecyber.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_toolkit_offers_three_columns_through_its_hooks() -> None:
    keys = [c.key for c in dashboard_columns()]
    assert keys[:4] == ["facts", "toolkit_status", "toolkit_progress", "toolkit_deadline"]


def test_a_partner_sees_status_progress_and_risk_and_filters_not_started(
    world: World, care_home_assessment: Assessment
) -> None:
    fill(care_home_assessment, skip=_references(care_home_assessment)[::2])
    idle = OrganisationFactory(name="Cedar View", type="care_home", support_partner=world.partner)
    client = as_user(world.partner_member)
    html = client.get("/support/partner/").content.decode()
    for heading in ("Toolkit status", "Toolkit answered", "Deadline risk"):
        assert heading in html
    done = OrganisationStatus.objects.get(organisation=world.org_b).percent_complete
    assert 0 < done < 100 and f"{done}%" in html and "Not started" in html and "Not Published" in html
    html = client.get("/support/partner/", {"toolkit": "not_started"}).content.decode()
    assert "Cedar View" in html and "Birch Care Home" not in html and "Toolkit this year: Not yet started" in html
    html = client.get("/support/partner/", {"toolkit": "in_progress"}).content.decode()
    assert "Birch Care Home" in html and "Cedar View" not in html
    rows = _csv(client.get("/support/partner/", {"format": "csv"}))
    header = rows[0]
    assert header[3:6] == ["Toolkit status", "Toolkit answered", "Deadline risk"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Birch Care Home"][4] == str(done) and by_name[idle.name][4] == "not started"
    assert by_name["Birch Care Home"][3] == "Not Published"


def test_status_filter_counts_organisations_without_a_status_row_as_not_published(
    world: World, care_home_assessment: Assessment
) -> None:
    OrganisationFactory(name="Cedar View", type="care_home", support_partner=world.partner)
    OrganisationStatus.objects.filter(organisation=world.org_b).update(status="standards_met")
    client = as_user(world.partner_member)
    html = client.get("/support/partner/", {"toolkit_status": "standards_met"}).content.decode()
    assert "Birch Care Home" in html and "Cedar View" not in html
    html = client.get("/support/partner/", {"toolkit_status": "not_published"}).content.decode()
    assert "Cedar View" in html and "Birch Care Home" not in html


def test_a_partner_can_message_the_organisations_that_have_not_started(
    world: World, care_home_assessment: Assessment
) -> None:
    OrganisationFactory(name="Cedar View", type="care_home", support_partner=world.partner)
    html = as_user(world.partner_member).get("/support/partner/", {"toolkit": "not_started"}).content.decode()
    assert "Message these 1 organisations" in html and "toolkit=not_started" in html


def _references(assessment: Assessment) -> list[str]:
    return list(assessment.answers.order_by("item__position").values_list("item__reference", flat=True))


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 23), date(2027, 4, 15), date(2027, 6, 5), date(2027, 6, 25), date(2027, 7, 3)],
)
def test_the_risk_filter_agrees_with_the_engine(today: date) -> None:
    """The filter is the engine's rule written as SQL; every mix of publication, expiry and progress agrees."""
    cases: list[tuple[Organisation, int, date | None, date | None]] = []
    for n, ago in enumerate([None, 5, 40, 120, 200, 300, 334, 340, 350, 358, 364, 365, 400]):
        published = None if ago is None else today - timedelta(days=ago)
        for percent in (0, 45, 79, 99, 100):
            org = OrganisationFactory(name=f"Org {n}-{percent}")
            expires = expiry_of(published) if published else None
            OrganisationStatus.objects.create(
                organisation=org, percent_complete=percent, published_on=published, expires_on=expires
            )
            cases.append((org, percent, published, expires))
    never = OrganisationFactory(name="No status row")
    year = toolkit_year(today)
    expected: dict[str, set[int]] = {risk.value: set() for risk in RISK_ORDER}
    for org, percent, published, expires in cases:
        risk = deadline_risk(
            percent_complete=percent,
            published_this_year=published is not None and toolkit_year(published) == year,
            expires_on=expires,
            today=today,
        ).risk
        expected[risk.value].add(org.pk)
    no_row = deadline_risk(percent_complete=0, published_this_year=False, expires_on=None, today=today).risk
    expected[no_row.value].add(never.pk)
    everyone = Organisation.objects.all()
    for risk in RISK_ORDER:
        found = set(organisations_at_risk(everyone, [risk], today=today).values_list("pk", flat=True))
        assert found == expected[risk.value], risk
    assert sum(len(v) for v in expected.values()) == len(cases) + 1
    assert len([v for v in expected.values() if v]) >= 2  # each date exercises more than one outcome
