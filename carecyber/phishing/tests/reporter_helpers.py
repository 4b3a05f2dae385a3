"""Helpers shared by the reporter-side tests: our own small fixture emails and running on-commit work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import TestCase

from carecyber.core.actor import Actor
from carecyber.core.models import User

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def committed() -> Any:
    """Run what services queue for after the commit (triage, emails) at the end of the block, as a commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def actor_for(user: User) -> Actor:
    return Actor(user=user, membership=user.memberships.select_related("organisation").get())
