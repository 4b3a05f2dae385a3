"""Match counts and reasons: every matching entry is counted, the first ten (by product, then entry) are listed.

On PostgreSQL the fan-out builds them in the database (targeting.targets_query); these tests hold both
ways to the same answer, including an organisation with more than ten matching entries and one that
matches two products.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from carecyber.alerts.engine.model import ProductData
from carecyber.alerts.engine.versions import VersionRange
from carecyber.alerts.models import Advisory, Asset, Response
from carecyber.alerts.services import Targeting, advisory_create
from carecyber.alerts.services.fanout import responses_write, responses_write_pg
from carecyber.alerts.services.targeting import MAX_REASONS, Target, TargetingRun, compute_targets, targets_query
from carecyber.alerts.tests.conftest import actor_for, advisory_input, exchange_product

pytestmark = pytest.mark.django_db

SHAREPOINT = ProductData(
    vendor="Microsoft",
    product="SharePoint Server",
    version_range=VersionRange.from_vers("vers:generic/<16.0.10412.20001"),
)


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the targets query is PostgreSQL's; SQLite uses compute_targets")


@pytest.fixture
def inventories(world, add_asset) -> dict[str, list[Asset]]:
    """Alder: 12 affected Exchange entries (one without a version), a patched one and an affected SharePoint;
    its community hospital: one Exchange entry; Birch: a patched Exchange only."""
    alder = [
        add_asset(
            world.org_a,
            vendor="Microsoft",
            product="Exchange Server 2019",
            version="15.2.986.5" if n % 3 else "15.2.1118.6",
            location=f"Mail server {n}" if n != 1 else 'Ward "7" \\ café – north',  # written as JSON by SQL
        )
        for n in range(11)
    ]
    alder.append(add_asset(world.org_a, vendor="Microsoft", product="Exchange Server 2019", location="Somewhere"))
    add_asset(world.org_a, vendor="Microsoft", product="Exchange Server 2019", version="15.2.1544.4")  # patched
    sharepoint = add_asset(
        world.org_a, vendor="Microsoft", product="SharePoint Server 2019", version="16.0.10337.12109"
    )
    site = add_asset(world.site_a, vendor="Microsoft Corporation", product="Exchange Server 2019", version="15.2.986.5")
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server 2019", version="15.2.1544.4")  # patched
    return {"alder": alder, "sharepoint": [sharepoint], "site": [site]}


def advisory(world, **overrides: Any) -> Advisory:
    return advisory_create(actor=actor_for(world.national), data=advisory_input(**overrides))


def test_an_organisation_with_more_than_ten_matching_entries_counts_them_all_and_lists_the_first_ten(
    world, inventories
) -> None:
    targets = compute_targets(advisory(world))
    alder = targets[world.org_a.pk]
    assert alder.match_count == 12
    assert [r["asset"] for r in alder.reasons] == sorted(a.pk for a in inventories["alder"])[:MAX_REASONS]
    first = alder.reasons[0]
    assert first == {
        "asset": inventories["alder"][0].pk,
        "asset_label": "Microsoft Exchange Server 2019",
        "version": "15.2.1118.6",
        "location": "Mail server 0",
        "product": "Microsoft Exchange Server",
        "range": first["range"],
        "verdict": "affected",
        "reason": first["reason"],
    }
    assert targets[world.site_a.pk].match_count == 1
    assert world.org_b.pk not in targets


def test_an_organisation_matching_two_products_counts_both_and_lists_the_first_products_entries_first(
    world, inventories
) -> None:
    targets = compute_targets(advisory(world, products=[SHAREPOINT, exchange_product()]))
    alder = targets[world.org_a.pk]
    assert alder.match_count == 13
    assert [r["asset"] for r in alder.reasons] == [
        inventories["sharepoint"][0].pk,
        *sorted(a.pk for a in inventories["alder"])[: MAX_REASONS - 1],
    ]
    assert [r["product"] for r in alder.reasons[:2]] == ["Microsoft SharePoint Server", "Microsoft Exchange Server"]


def test_the_first_ten_do_not_depend_on_the_order_the_database_returns_entries_in(world, inventories) -> None:
    Asset.objects.filter(pk=inventories["alder"][0].pk).update(location="Moved")  # rewritten at the end on PostgreSQL
    targets = compute_targets(advisory(world))
    assert targets[world.org_a.pk].reasons[0]["asset"] == inventories["alder"][0].pk


def rows(found: list[tuple[Any, ...]]) -> dict[int, Target]:
    # Django's PostgreSQL connection hands jsonb over as text.
    return {o: Target(o, json.loads(reasons), m, w) for o, reasons, w, m in found}


def query_targets(subject: Advisory, run: TargetingRun | None = None) -> dict[int, Target]:
    select, params = targets_query(subject, run)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        return rows(cursor.fetchall())


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"products": [SHAREPOINT, exchange_product()]},
        {"products": [exchange_product(), exchange_product()]},
        {"targeting": Targeting(types=["care_home"])},
        {"targeting": Targeting(types=["nhs_trust"])},
        {"targeting": Targeting(all=True), "products": [SHAREPOINT]},
        {"products": [], "targeting": Targeting(regions=["north_west"])},
        {"products": [exchange_product("vers:generic/<1.0")]},
    ],
    ids=[
        "one product",
        "two products",
        "the same product twice",
        "rule",
        "rule and matches",
        "all",
        "rule only",
        "none",
    ],
)
def test_the_targets_query_reaches_the_same_targets_with_the_same_reasons(world, inventories, overrides) -> None:
    postgresql_only()
    subject = advisory(world, **overrides)
    assert query_targets(subject) == compute_targets(subject)


def test_the_targets_query_shares_a_runs_judgements(world, inventories) -> None:
    postgresql_only()
    run = TargetingRun()
    query_targets(advisory(world), run)
    judged = run.judgements
    assert judged == 4  # three versions and a blank one, whatever the number of entries
    query_targets(advisory(world, title="Again"), run)
    assert run.judgements == judged


def test_publishing_on_postgresql_writes_the_same_responses_as_the_portable_path(world, inventories) -> None:
    postgresql_only()
    overrides = {"products": [SHAREPOINT, exchange_product()], "targeting": Targeting(types=["care_home"])}
    portable = advisory(world, **overrides)
    in_sql = advisory(world, title="The same, in SQL", **overrides)
    assert responses_write(portable, 1, compute_targets(portable)) == (3, 3)
    assert responses_write_pg(in_sql, 1) == (3, 3)
    assert responses_write_pg(in_sql, 1) == (3, 0)  # nothing twice

    def written(subject: Advisory) -> list[dict[str, object]]:
        found = Response.objects.filter(advisory=subject).order_by("organisation_id")
        ignored = {"id", "advisory", "targeted_at", "ack_due_at"}
        return [{k: v for k, v in model_to_dict(r).items() if k not in ignored} for r in found]

    assert written(in_sql) == written(portable)
    alder = Response.objects.get(advisory=in_sql, organisation=world.org_a)
    assert alder.match_count == 13 and len(alder.reasons) == MAX_REASONS


def test_a_new_revision_refreshes_the_reasons_of_existing_responses_in_sql(world, inventories, add_asset) -> None:
    postgresql_only()
    subject = advisory(world)
    responses_write_pg(subject, 1)
    Asset.objects.filter(pk__in=[a.pk for a in inventories["alder"][:5]]).delete()
    add_asset(world.org_b, vendor="Microsoft", product="Exchange Server 2019", version="15.2.986.5")
    assert responses_write_pg(subject, 1) == (3, 1)  # revision 1 is not refreshed: Birch is new
    unchanged = Response.objects.get(advisory=subject, organisation=world.org_a)
    assert unchanged.match_count == 12
    assert responses_write_pg(subject, 2) == (3, 0)
    alder = Response.objects.get(advisory=subject, organisation=world.org_a)
    expected = compute_targets(subject)[world.org_a.pk]
    assert (alder.match_count, alder.reasons) == (7, expected.reasons)
