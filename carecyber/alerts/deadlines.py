"""Deadlines: acknowledgement by severity (data/deadlines.yaml), updates every ALERTS_UPDATE_PERIOD_DAYS."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

_FILE = Path(__file__).resolve().parent / "data" / "deadlines.yaml"


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return data


def acknowledge_within(severity: str) -> timedelta | None:
    hours = _table()["acknowledge_hours"].get(severity)
    if hours in (None, "none"):
        return None
    return timedelta(hours=int(hours))


def acknowledge_due(severity: str, targeted_at: datetime) -> datetime | None:
    within = acknowledge_within(severity)
    return targeted_at + within if within is not None else None


def update_period() -> timedelta:
    return timedelta(days=int(getattr(settings, "ALERTS_UPDATE_PERIOD_DAYS", 3)))


def escalate_after() -> timedelta:
    return timedelta(hours=int(_table()["escalate_after_hours"]))
