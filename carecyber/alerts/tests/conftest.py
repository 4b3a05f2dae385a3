"""Helpers for Broadcast tests: advisories written and published through the services, inventories, actors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from carecyber.accounts.services import api_token_create
from carecyber.alerts.aliases import ensure_seed_aliases
from carecyber.alerts.engine.inventory_files import AssetRow
from carecyber.alerts.engine.model import AdvisoryData, CveData, Indicators, ProductData
from carecyber.alerts.engine.versions import VersionRange
from carecyber.alerts.models import Advisory, Asset
from carecyber.alerts.services import AdvisoryInput, Targeting, advisory_create, advisory_publish, asset_create
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, User


def actor_for(user: User, organisation: Organisation | None = None) -> Actor:
    memberships = Membership.objects.filter(user=user)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return Actor(user=user, membership=memberships.select_related("organisation", "support_partner").first())


def api_client(user: User) -> Client:
    """A client that calls the JSON API with a new personal token of `user`."""
    _, value = api_token_create(actor=actor_for(user), name="test", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}")


def exchange_product(versions: str = "vers:generic/>=15.2.0|<15.2.1118.7") -> ProductData:
    return ProductData(vendor="Microsoft", product="Exchange Server", version_range=VersionRange.from_vers(versions))


def advisory_input(**overrides: Any) -> AdvisoryInput:
    targeting = overrides.pop("targeting", Targeting())
    values: dict[str, Any] = {
        "title": "Exchange Server lets an attacker in without a password",
        "summary": "A flaw in Exchange Server 2019 lets an attacker run code.",
        "severity": "high",
        "tlp": "clear",
        "remediation": "Install the **March** update.\n\n- Check the version afterwards.",
        "cves": [CveData("CVE-2026-20001", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")],
        "products": [exchange_product()],
        "indicators": Indicators(),
    }
    values.update(overrides)
    return AdvisoryInput(data=AdvisoryData(**values), targeting=targeting)


@pytest.fixture
def national_actor(world: Any) -> Actor:
    return actor_for(world.national)


@pytest.fixture
def seeded_aliases(world: Any) -> None:
    """The shipped name aliases, as the migration seeds them: a transactional test run earlier (a browser or
    worker test of another app) flushes every table, and matching "Microsoft Corporation" needs them."""
    ensure_seed_aliases()


@pytest.fixture
def add_asset(world: Any, seeded_aliases: None) -> Callable[..., Asset]:
    def add(organisation: Organisation, **fields: str) -> Asset:
        lead = {world.org_a.pk: world.lead_a, world.site_a.pk: world.lead_a, world.org_b.pk: world.lead_b}.get(
            organisation.pk
        )
        actor = actor_for(lead) if lead is not None else Actor.system("tests")
        return asset_create(actor=actor, organisation=organisation, row=AssetRow(**fields))

    return add


@pytest.fixture
def publish(world: Any, seeded_aliases: None, django_capture_on_commit_callbacks: Any) -> Callable[..., Advisory]:
    """Write and publish an advisory as the national team, running the fan-out as a worker would."""

    def run(**overrides: Any) -> Advisory:
        actor = actor_for(world.national)
        with django_capture_on_commit_callbacks(execute=True):
            advisory = advisory_create(actor=actor, data=advisory_input(**overrides))
            advisory_publish(actor=actor, advisory=advisory)
        advisory.refresh_from_db()
        return advisory

    return run
