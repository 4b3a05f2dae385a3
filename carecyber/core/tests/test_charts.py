"""Bar charts: the text alternative and the value labels say what the page's table says."""

import re

from carecyber.core.presenters.charts import bar_chart


def test_values_are_written_with_their_unit_and_bars_scale_to_the_largest() -> None:
    chart = str(bar_chart([("Ward 1", 10), ("Ward 2", 5)], title="Reports", unit=" reports"))
    assert 'aria-label="Reports. Ward 1: 10 reports; Ward 2: 5 reports"' in chart
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', chart)]
    assert widths[0] == 2 * widths[1]


def test_a_value_writer_labels_bars_as_the_table_does() -> None:
    def words(minutes: float) -> str:
        return f"{round(minutes * 60)} seconds" if minutes < 1 else f"{minutes:g} minutes"

    chart = str(bar_chart([("November 2026", 0.1), ("December 2026", 3)], title="Wait", value_text=words))
    assert ">6 seconds</text>" in chart
    assert ">3 minutes</text>" in chart
    assert "November 2026: 6 seconds; December 2026: 3 minutes" in chart
    assert " min<" not in chart


def test_labels_are_escaped() -> None:
    chart = str(bar_chart([("<script>", 1)], title="A & B"))
    assert "<script>" not in chart and "&lt;script&gt;" in chart and "A &amp; B" in chart
