"""Fixtures for awareness tests: branding for organisation A, people in teams, uploads in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecyber.awareness import services
from carecyber.awareness.models import Branding
from carecyber.conftest import World
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Role
from carecyber.testing.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def lead_actor(world: World) -> Actor:
    return Actor(user=world.lead_a, membership=Membership.objects.get(user=world.lead_a, organisation=world.org_a))


def lead_b_actor(world: World) -> Actor:
    return Actor(user=world.lead_b, membership=Membership.objects.get(user=world.lead_b, organisation=world.org_b))


@pytest.fixture
def branding_a(world: World) -> Branding:
    branding, _ = services.branding_save(
        actor=lead_actor(world),
        organisation=world.org_a,
        data=services.BrandingInput(
            name="Alder Hospitals", colour="#005EB8", report_to="spam@alder.test", helpdesk="0161 496 0123"
        ),
    )
    return branding


@pytest.fixture
def teams_a(world: World) -> dict[str, int]:
    """Ward 7 (6 people), Pharmacy (5) and Estates (2), on top of the fixture people."""
    sizes = {"Ward 7": 6, "Pharmacy": 5, "Estates": 2}
    for team, n in sizes.items():
        for i in range(n):
            user = UserFactory(email=f"{team.lower().replace(' ', '')}{i}@alder.test", full_name=f"{team} Person{i}")
            MembershipFactory(user=user, organisation=world.org_a, role=Role.STAFF, team=team)
    return sizes


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with committed(): ...` runs what services queue for after the commit (background work, email)."""

    def run():  # type: ignore[no-untyped-def]
        return django_capture_on_commit_callbacks(execute=True)

    return run
