"""The helpline's service levels, categories and file limits, from `data/helpline.yaml`, and the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from carecyber.support.uploads import MEGABYTE, Limits
from carecyber.support.workingdays import BankHolidays

CONFIG_FILE = Path(__file__).resolve().parent / "data" / "helpline.yaml"


@dataclass(frozen=True)
class HelplineConfig:
    first_response_working_days: int
    warn_when_working_hours_left: int
    categories: tuple[tuple[str, str], ...]
    limits: Limits

    def category_label(self, value: str) -> str:
        return dict(self.categories).get(value, value)


@cache
def helpline_config() -> HelplineConfig:
    data = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    files = data["attachments"]
    return HelplineConfig(
        first_response_working_days=int(data["first_response_working_days"]),
        warn_when_working_hours_left=int(data["warn_when_working_hours_left"]),
        categories=tuple((str(k), str(v)) for k, v in data["categories"].items()),
        limits=Limits(
            max_files=int(files["max_files"]),
            max_bytes_each=int(files["max_megabytes_each"]) * MEGABYTE,
            max_bytes_together=int(files["max_megabytes_together"]) * MEGABYTE,
        ),
    )


@cache
def bank_holidays() -> BankHolidays:
    return BankHolidays.from_file()
