"""The overview's trend: one line per instrument over the closed rounds (and today), drawn with
QPainter, each line with its own colour, dash and marker and its last value written at its end."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from app.ui.overview.charts import GAP, Chart

MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple[int | None, ...]  # one per point, in %


class TrendChart(Chart):
    """One line per series over the points (rounds), values 0–100 %, each line with its own
    marker and dash and its last value written at its end."""

    COLORS = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e")

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.points: list[str] = []
        self.series: list[Series] = []
        self.empty_text = ""

    def set_data(self, points: list[str], series: list[Series]) -> None:
        self.points, self.series = points, series
        self.current = min(self.current, max(len(series) - 1, 0))
        self.update_text()

    def row_count(self) -> int:
        return len(self.series)

    def key_of(self, row: int, _part: int) -> tuple[str, str]:
        return self.series[row].key, ""

    def describe(self) -> list[str]:
        lines = []
        for series in self.series:
            values = ", ".join(
                f"{point}: {'–' if value is None else f'{value} %'}"
                for point, value in zip(self.points, series.values, strict=True)
            )
            lines.append(f"{series.label}: {values}")
        return lines or [self.empty_text]

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 200)

    def _plot(self) -> QRectF:
        metrics = self.fontMetrics()
        label = max((metrics.horizontalAdvance(f"{s.key} 100 %") for s in self.series), default=0)
        left = metrics.horizontalAdvance("100 %") + GAP
        return QRectF(
            left,
            GAP,
            self.width() - left - label - 2 * GAP,
            self.height() - 2 * metrics.height() - 2 * GAP,
        )

    def _at(self, plot: QRectF, index: int, value: int) -> QPointF:
        steps = max(len(self.points) - 1, 1)
        x = plot.left() + (
            plot.width() * index / steps if len(self.points) > 1 else plot.width() / 2
        )
        return QPointF(x, plot.bottom() - plot.height() * value / 100)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        metrics = self.fontMetrics()
        text = self.palette().text().color()
        if not self.series:
            painter.setPen(text)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            self.draw_focus(painter, QRectF(self.rect().adjusted(2, 2, -3, -3)))
            return
        plot = self._plot()
        self._paint_axes(painter, plot, text)
        for index, series in enumerate(self.series):
            self._paint_series(painter, plot, index, series)
        painter.setPen(text)
        for index, point in enumerate(self.points):
            at = self._at(plot, index, 0)
            width = metrics.horizontalAdvance(point)
            x = min(max(at.x() - width / 2, 0), self.width() - width)
            painter.drawText(QPointF(x, plot.bottom() + metrics.height() + 2), point)

    def _paint_axes(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        metrics = self.fontMetrics()
        for value in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * value / 100
            painter.setPen(QPen(QColor("#bdbdbd"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = f"{value} %"
            painter.drawText(
                QPointF(
                    plot.left() - GAP - metrics.horizontalAdvance(label),
                    y + metrics.ascent() / 2 - 1,
                ),
                label,
            )

    def _paint_series(self, painter: QPainter, plot: QRectF, index: int, series: Series) -> None:
        color = QColor(self.COLORS[index % len(self.COLORS)])
        chosen = index == self.current and self.hasFocus()
        pen = QPen(color, 3 if chosen else 2, DASHES[index % len(DASHES)])
        painter.setPen(pen)
        points = [
            (n, self._at(plot, n, value))
            for n, value in enumerate(series.values)
            if value is not None
        ]
        for (_a, start), (_b, end) in itertools.pairwise(points):
            painter.drawLine(start, end)
        painter.setPen(QPen(color, 1))
        painter.setBrush(color)
        for _n, at in points:
            self._marker(painter, at, MARKERS[index % len(MARKERS)])
        if points:
            last = points[-1][1]
            painter.setPen(color.darker(130))
            value = series.values[points[-1][0]]
            label = f"{series.key} {value} %"
            y = self._label_heights(plot).get(index, last.y())
            painter.drawText(
                QPointF(last.x() + GAP, y + self.fontMetrics().ascent() / 2 - 1), label
            )
            if chosen:
                self.draw_focus(painter, QRectF(last.x() - 6, last.y() - 6, 12, 12))

    def _label_heights(self, plot: QRectF) -> dict[int, float]:
        """Series → the height of its label at the line's end: at its last value, moved apart
        where labels would overlap."""
        ends = []
        for index, series in enumerate(self.series):
            known = [(n, v) for n, v in enumerate(series.values) if v is not None]
            if known:
                ends.append((self._at(plot, *known[-1]).y(), index))
        step = self.fontMetrics().height()
        result: dict[int, float] = {}
        previous = None
        for end, index in sorted(ends):
            result[index] = previous = end if previous is None else max(end, previous + step)
        return result

    @staticmethod
    def _marker(painter: QPainter, at: QPointF, shape: str) -> None:
        r = 4.0
        if shape == "circle":
            painter.drawEllipse(at, r, r)
        elif shape == "square":
            painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
        else:
            corners = (
                [(0, -r), (r, r), (-r, r)]
                if shape == "triangle"
                else [(0, -r), (r, 0), (0, r), (-r, 0)]
            )
            painter.drawPolygon(
                QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in corners])
            )

    def _nearest(self, x: float, y: float) -> int | None:
        plot = self._plot()
        best: tuple[float, int] | None = None
        for index, series in enumerate(self.series):
            for n, value in enumerate(series.values):
                if value is None:
                    continue
                at = self._at(plot, n, value)
                distance = (at.x() - x) ** 2 + (at.y() - y) ** 2
                if best is None or distance < best[0]:
                    best = (distance, index)
        return best[1] if best is not None and best[0] <= 30**2 else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._nearest(event.position().x(), event.position().y())
        if index is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.current = index
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.update()
        self.activated.emit(*self.key_of(index, -1))

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            index = self._nearest(event.pos().x(), event.pos().y())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe()[index], self)
            return True
        return super().event(event)
