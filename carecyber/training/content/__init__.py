"""The courses we ship: one folder each (course.yaml, modules/, images/), loaded by `carecyber training import`."""

from __future__ import annotations

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent


def shipped_courses() -> list[Path]:
    return sorted(p for p in CONTENT_DIR.iterdir() if (p / "course.yaml").is_file())
