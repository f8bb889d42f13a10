"""Vector charts (reportlab.graphics) with the report's font on every label."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.units import mm
from reportlab.lib.validators import isString

from app.reports import fonts

STATUS_COLOUR = colors.HexColor("#1f4e79")
TRAFFIC_COLOURS = [
    colors.HexColor("#1b5e20"),
    colors.HexColor("#ffd54f"),
    colors.HexColor("#e53935"),
    colors.HexColor("#a0a0a0"),
]
"""Green, amber, red, none: told apart in grey print too (grey values about 67, 210, 108, 160),
and every segment carries its count."""


class Chart(Drawing):
    """A drawing with its alternative text (tagged as a figure, see app.reports.tagging)."""

    _attrMap = AttrMap(
        BASE=Drawing, alt_text=AttrMapValue(isString, desc="the chart's data in words")
    )
    alt_text: str


def _drawing(width: float, height: float) -> Chart:
    """A drawing whose initial graphics state uses the report font: otherwise rendering it
    selects Helvetica, which would then sit unembedded in the PDF."""
    drawing = Chart(width, height)
    drawing.initialFontName = fonts.REGULAR  # type: ignore[attr-defined]
    drawing.initialFontSize = 7  # type: ignore[attr-defined]
    return drawing


def _label_fonts(*label_sets: object) -> None:
    for labels in label_sets:
        labels.fontName = fonts.REGULAR  # type: ignore[attr-defined]
        labels.fontSize = 7  # type: ignore[attr-defined]


def status_bars(categories: list[str], counts: list[int], *, caption: str) -> Drawing:
    """Measures per status as vertical bars."""
    width, height = 170 * mm, 62 * mm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 16 * mm  # type: ignore[assignment]
    chart.width, chart.height = width - 16 * mm, height - 26 * mm  # type: ignore[assignment]
    chart.data = [counts]
    chart.bars[0].fillColor = STATUS_COLOUR
    chart.bars.strokeColor = None
    _count_axis(chart.valueAxis, max(counts, default=0))
    chart.categoryAxis.categoryNames = categories
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels)
    drawing.add(chart)
    drawing.add(String(0, height - 6, caption, fontName=fonts.BOLD, fontSize=8.5))
    drawing.alt_text = _in_words(caption, zip(categories, map(str, counts), strict=True))
    return drawing


def _count_axis(axis: object, largest: int) -> None:
    """A value axis of whole counts from 0 (also when there is nothing to count)."""
    axis.valueMin = 0  # type: ignore[attr-defined]
    axis.valueMax = max(largest, 1)  # type: ignore[attr-defined]
    axis.valueStep = max(1, math.ceil(max(largest, 1) / 5))  # type: ignore[attr-defined]


def _count_label(value: float) -> str:
    return f"{value:.0f}" if value else ""


def _in_words(caption: str, pairs: Iterable[tuple[str, str]]) -> str:
    """A chart's alternative text: its caption and its data in words."""
    return f"{caption}: " + "; ".join(f"{name}: {value}" for name, value in pairs) + "."


def traffic_light_bars(
    instruments: list[str], series: list[list[int]], names: list[str], *, caption: str
) -> Drawing:
    """Per instrument, its measures stacked by traffic light (green, amber, red, none)."""
    width = 170 * mm
    height = max(50 * mm, (len(instruments) * 7 + 34) * mm)
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 14 * mm, 20 * mm  # type: ignore[assignment]
    chart.width, chart.height = width - 20 * mm, height - 30 * mm  # type: ignore[assignment]
    chart.data = series
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = instruments
    chart.categoryAxis.reverseDirection = 1
    totals = [sum(column) for column in zip(*series, strict=True)]
    _count_axis(chart.valueAxis, max(totals, default=0))
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.5
    for index, colour in enumerate(TRAFFIC_COLOURS[: len(series)]):
        chart.bars[index].fillColor = colour
    # the count in each segment (none in an empty one), so that the colour is not all it says
    chart.barLabelFormat = _count_label
    chart.barLabels.boxAnchor = "e"
    chart.barLabels.dx = -2
    chart.barLabels[0].fillColor = colors.white  # on the dark green
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 14 * mm, 8 * mm  # type: ignore[assignment]
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 40 * mm  # type: ignore[assignment]
    legend.fontName = fonts.REGULAR
    legend.fontSize = 7.5
    legend.colorNamePairs = list(zip(TRAFFIC_COLOURS, names, strict=False))
    drawing.add(legend)
    drawing.add(String(0, height - 6, caption, fontName=fonts.BOLD, fontSize=8.5))
    per_instrument = [
        ", ".join(f"{name} {values[row]}" for name, values in zip(names, series, strict=False))
        for row in range(len(instruments))
    ]
    drawing.alt_text = _in_words(caption, zip(instruments, per_instrument, strict=True))
    return drawing


def result_bars(
    categories: list[str],
    values: list[float | None],
    *,
    caption: str,
    value_label: Callable[[float], str],
    label_width: int = 48,
) -> Drawing:
    """One horizontal bar per category with its value (0–100) written beside it; a category
    without a value gets no bar and a dash."""
    width = 170 * mm
    height = max(40 * mm, (len(categories) * 6 + 22) * mm)
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 10 * mm  # type: ignore[assignment]
    chart.width, chart.height = width - 76 * mm, height - 20 * mm  # type: ignore[assignment]
    chart.data = [[value if value is not None else 0 for value in values]]
    chart.categoryAxis.categoryNames = [_shortened(name, label_width) for name in categories]
    chart.categoryAxis.reverseDirection = 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labelTextFormat = value_label
    chart.bars[0].fillColor = STATUS_COLOUR
    chart.bars.strokeColor = None
    labels = [value_label(value) if value is not None else "–" for value in values]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [labels]
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels)
    drawing.add(chart)
    drawing.add(String(0, height - 6, caption, fontName=fonts.BOLD, fontSize=8.5))
    drawing.alt_text = _in_words(caption, zip(categories, labels, strict=True))
    return drawing


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
