"""Display logic for the toolkit: status tags, item states, sizes and dates in words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from carecyber.assessments.engine.calendar import DeadlineRisk
from carecyber.assessments.engine.items import describe_value
from carecyber.assessments.engine.status import STATUS_LABELS, Status
from carecyber.assessments.models import Answer

if TYPE_CHECKING:
    from carecyber.assessments.assure import StandardComparison

STATUS_TAG_COLOURS = {
    Status.EXCEEDED: "green",
    Status.MET: "green",
    Status.APPROACHING: "yellow",
    Status.NOT_MET: "red",
    Status.NOT_PUBLISHED: "grey",
}
RISK_TAG_COLOURS = {
    DeadlineRisk.NONE: "green",
    DeadlineRisk.LOW: "blue",
    DeadlineRisk.MEDIUM: "yellow",
    DeadlineRisk.HIGH: "orange",
    DeadlineRisk.MISSED: "red",
}


def status_tag(status: str | Status | None) -> dict[str, str]:
    value = Status(status) if status else Status.NOT_PUBLISHED
    return {"text": STATUS_LABELS[value], "classes": f"nhsuk-tag--{STATUS_TAG_COLOURS[value]}"}


def risk_tag(risk: DeadlineRisk) -> dict[str, str]:
    return {"text": risk.label, "classes": f"nhsuk-tag--{RISK_TAG_COLOURS[risk]}"}


def answer_state(answer: Answer, today: date) -> dict[str, str]:
    """Not answered / Met / Not met / Out of date, as a tag."""
    if not answer.answered:
        return {"text": "Not answered", "classes": "nhsuk-tag--grey"}
    if answer.met and answer.met_until is not None and answer.met_until < today:
        return {"text": "Out of date", "classes": "nhsuk-tag--orange"}
    if answer.met:
        return {"text": "Met", "classes": "nhsuk-tag--green"}
    return {"text": "Not met", "classes": "nhsuk-tag--red"}


def shown_value(answer: Answer) -> str:
    if answer.item.answer_type == "document":
        return (
            f"{answer.evidence_count} file{'' if answer.evidence_count == 1 else 's'}" if answer.evidence_count else ""
        )
    return describe_value(answer.item.rule(), answer.value)


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def percent_text(value: float | int) -> str:
    return f"{value:g}%"


def progress_label(answered: int, applicable: int) -> dict[str, Any]:
    if applicable == 0:
        return {"text": "Nothing to answer", "classes": "nhsuk-tag--grey"}
    if answered == applicable:
        return {"text": "Complete", "classes": "nhsuk-tag--green"}
    if answered == 0:
        return {"text": "Not started", "classes": "nhsuk-tag--grey"}
    return {"text": "In progress", "classes": "nhsuk-tag--blue"}


def days_words(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def comparison_chart(rows: Sequence[StandardComparison]) -> Markup:
    """Your share met beside the peer median (and the middle half of peers), per standard, as inline SVG.

    The page shows the same figures in a table; the title carries them for screen readers.
    """
    label_w, plot_w, bar_h, gap = 230, 360, 14, 12
    height = len(rows) * (2 * bar_h + gap) + gap + 30
    summary = "; ".join(
        f"{c.standard.reference} {c.standard.title}: you {c.percent:g}%, peers {c.peers.median:g}%" for c in rows
    )
    parts = [
        f'<svg class="cc-chart cc-chart--compare" viewBox="0 0 {label_w + plot_w + 80} {height}" width="100%" '
        'role="img" aria-labelledby="compare-title" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="compare-title">Share of items met: you and the median of your peers. {escape(summary)}</title>'
    ]
    for i, c in enumerate(rows):
        y = gap + i * (2 * bar_h + gap)
        own_w = plot_w * c.percent / 100
        peer_w = plot_w * c.peers.median / 100
        q1_x = label_w + plot_w * c.peers.q1 / 100
        q3_x = label_w + plot_w * c.peers.q3 / 100
        mid = y + 1.5 * bar_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h + 4}" text-anchor="end" class="cc-chart__label">'
            f"{escape(c.standard.reference)} {escape(c.standard.title[:26])}</text>"
            f'<rect x="{label_w}" y="{y}" width="{own_w:.1f}" height="{bar_h}" class="cc-chart__bar"></rect>'
            f'<text x="{label_w + own_w + 4:.1f}" y="{y + bar_h - 3}" class="cc-chart__value">{c.percent:g}%</text>'
            f'<rect x="{label_w}" y="{y + bar_h}" width="{peer_w:.1f}" height="{bar_h}" '
            'class="cc-chart__bar cc-chart__bar--peer"></rect>'
            f'<line x1="{q1_x:.1f}" x2="{q3_x:.1f}" y1="{mid}" y2="{mid}" class="cc-chart__range"></line>'
            f'<text x="{max(label_w + peer_w, q3_x) + 4:.1f}" y="{y + 2 * bar_h - 3}" class="cc-chart__value">'
            f"peers {c.peers.median:g}%</text>"
        )
    legend_y = height - 12
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 10}" width="12" height="12" class="cc-chart__bar"></rect>'
        f'<text x="{label_w + 18}" y="{legend_y}" class="cc-chart__label">You</text>'
        f'<rect x="{label_w + 70}" y="{legend_y - 10}" width="12" height="12" '
        'class="cc-chart__bar cc-chart__bar--peer"></rect>'
        f'<text x="{label_w + 88}" y="{legend_y}" class="cc-chart__label">'
        "Peer median (line: the middle half of peers)</text></svg>"
    )
    return Markup("".join(parts))
