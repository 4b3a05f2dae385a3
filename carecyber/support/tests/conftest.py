"""Fixtures shared by the support tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client, TestCase

from carecyber.conftest import signed_in
from carecyber.support.services.guidance import GUIDANCE_DIR


def article_text(
    slug: str, *, version: int = 1, body: str = "Copy your files.", kind: str = "basics", **extra: object
) -> str:
    lines = [
        "---",
        f"slug: {slug}",
        f"title: {extra.pop('title', slug.title())}",
        f"summary: {extra.pop('summary', 'A short summary.')}",
        f"kind: {kind}",
        f"version: {version}",
        f"reviewed: {extra.pop('reviewed', '2026-11-20')}",
        f"review_due: {extra.pop('review_due', '2027-11-20')}",
        *(f"{k}: {v}" for k, v in extra.items()),
        "---",
        body,
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def guidance_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "guidance"
    folder.mkdir()
    return folder


@pytest.fixture
def shipped_guidance_dir() -> Path:
    return GUIDANCE_DIR


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    """Uploaded and generated files go to a folder of each test's own."""
    folder = tmp_path / "media"
    settings.MEDIA_ROOT = folder  # type: ignore[attr-defined]
    return folder


POLICY_ANSWERS = {
    "organisation_name": "Birch Care Home",
    "address": "3 Birch Lane\nOldham\nOL1 1AA",
    "siro_name": "Bea Lead, Registered Manager",
    "dpo_name": "Raj Patel, dpo@birch.test",
    "caldicott_guardian": "Zoë Clarke",
    "it_provider": "Brightpath IT Ltd",
    "helpdesk_contact": "0161 496 0000",
    "backup_arrangements": "The care app company backs up care records every night.",
}


class CommittingClient(Client):
    """A test client whose requests run their on-commit work (emails) as a real commit would."""

    def request(self, **request: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


def as_user(user: Any) -> CommittingClient:
    """`signed_in(user)`, with on-commit work run after each request."""
    client = signed_in(user)
    client.__class__ = CommittingClient
    return client  # type: ignore[return-value]


def committed() -> Any:
    """Run a service's on-commit work (emails) at the end of the block, as a real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)
