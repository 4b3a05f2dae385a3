"""Display logic for awareness pages: rates as percentages, durations in words, tags, grouped previews."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from carecyber.awareness.engine.content import load_themes
from carecyber.awareness.engine.phishscale import Difficulty
from carecyber.awareness.engine.results import Figures
from carecyber.awareness.models import ExerciseStatus, PackStatus

KIND_HEADINGS = {
    "screensaver": "Screensavers",
    "banner": "Web banners",
    "social": "Social media graphics",
}

EXERCISE_TAGS = {
    ExerciseStatus.DRAFT: "grey",
    ExerciseStatus.SCHEDULED: "blue",
    ExerciseStatus.CLOSED: "green",
    ExerciseStatus.CANCELLED: "red",
}
PACK_TAGS = {PackStatus.PENDING: "yellow", PackStatus.READY: "green", PackStatus.FAILED: "red"}
DIFFICULTY_TAGS = {Difficulty.LEAST: "green", Difficulty.MODERATE: "yellow", Difficulty.VERY: "red"}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def ratio(value: float | None) -> str:
    return "no clicks" if value is None else f"{value:.1f}"


def duration_words(value: timedelta | None) -> str:
    if value is None:
        return "no reports yet"
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}" + (f" {minutes} minutes" if minutes else "")
    return f"{hours // 24} days"


def theme_name(key: str) -> str:
    theme = load_themes().get(key)
    return theme.name if theme else key


def theme_names(keys: list[str]) -> str:
    return ", ".join(theme_name(k) for k in keys)


def pack_tag(status: str) -> dict[str, str]:
    return tag(PackStatus(status).label, PACK_TAGS[PackStatus(status)])


def tag(text: str, colour: str) -> dict[str, str]:
    return {"text": text, "classes": f"nhsuk-tag--{colour}"}


def figures_row(f: Figures) -> dict[str, Any]:
    return {
        "label": f.label,
        "sent": f.sent,
        "clicked": f.clicked,
        "submitted": f.submitted,
        "reported": f.reported,
        "click_rate": percent(f.click_rate),
        "report_rate": percent(f.report_rate),
        "resilience": ratio(f.resilience_ratio),
        "first_report": duration_words(f.time_to_first_report),
    }


def group_files(manifest: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files by theme, then images by kind, for the preview page."""
    themes: dict[str, dict[str, Any]] = {}
    for f in manifest:
        theme = themes.setdefault(
            f["theme"], {"key": f["theme"], "name": theme_name(f["theme"]), "kinds": defaultdict(list), "other": []}
        )
        if f["media_type"] == "image/png":
            theme["kinds"][f["kind"]].append(f)
        else:
            theme["other"].append(f)
    return [
        {**t, "kinds": [(KIND_HEADINGS.get(k, k), files) for k, files in t["kinds"].items()]} for t in themes.values()
    ]


def size_words(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, size // 1000)} KB"
