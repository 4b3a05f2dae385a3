"""Accessible bar charts as inline SVG (no script, no inline style, so the CSP stays strict).

Each chart is an image with a text alternative; pages show the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

_BAR_HEIGHT = 24
_GAP = 10
_LABEL_WIDTH = 220
_VALUE_WIDTH = 70
_WIDTH = 640


def bar_chart(
    rows: Sequence[tuple[str, int | float]],
    *,
    title: str,
    unit: str = "",
    value_text: Callable[[float], str] | None = None,
) -> Markup:
    """A horizontal bar chart; bars scale to the largest value. `value_text` writes a value the way the page's
    table does ("6 seconds", "2.5 hours"), so the chart and the table say the same thing."""

    def shown(value: int | float) -> str:
        return value_text(float(value)) if value_text else f"{value:,}{unit}"

    largest = max((float(v) for _, v in rows), default=0.0) or 1.0
    plot = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    height = len(rows) * (_BAR_HEIGHT + _GAP) + _GAP
    summary = "; ".join(f"{label}: {shown(value)}" for label, value in rows)
    parts = [
        f'<svg class="cc-chart" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}. {escape(summary)}" focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = _GAP + i * (_BAR_HEIGHT + _GAP)
        width = max(1.0, plot * float(value) / largest) if value else 0.0
        text_y = f"{y + _BAR_HEIGHT * 0.7:.1f}"
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" class="cc-chart__label">'
            f"{escape(label)}</text>"
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{_BAR_HEIGHT}" class="cc-chart__bar"></rect>'
            f'<text x="{_LABEL_WIDTH + width + 6:.1f}" y="{text_y}" class="cc-chart__value">'
            f"{escape(shown(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
