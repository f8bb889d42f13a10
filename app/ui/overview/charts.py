"""The overview's charts, drawn with QPainter (no QtCharts): stacked horizontal bars here, the trend
in trend.py. Each says its numbers as text — on the chart, in its legend, in a tool tip and in its
accessible description — and tells its parts apart by pattern and marker as well as by colour.
A click, or Enter on the part chosen with the arrow keys, emits ``activated`` with the row's key
and the part's key (``""`` for the row as a whole)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

ROW_HEIGHT = 26
GAP = 8


@dataclass(frozen=True)
class Part:
    """A kind of segment (or line): its key, its name, its colour and pattern."""

    key: str
    label: str
    color: str
    pattern: Qt.BrushStyle = Qt.BrushStyle.NoBrush
    text_color: str = "#ffffff"


@dataclass(frozen=True)
class BarRow:
    key: str
    label: str
    values: tuple[int, ...]  # one per Part
    note: str = ""  # said at the bar's end, after the total (e.g. "12 of 20")


def paint_part(painter: QPainter, rect: QRectF, part: Part) -> None:
    painter.fillRect(rect, QColor(part.color))
    if part.pattern != Qt.BrushStyle.NoBrush:
        painter.fillRect(rect, QBrush(QColor(0, 0, 0, 110), part.pattern))


class Chart(QWidget):
    """What both charts share: focus, the chosen row, the text of the numbers."""

    activated = Signal(str, str)  # the row's key, the part's key ("" for the whole row)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.current = 0
        self.current_part = -1  # -1: the row as a whole

    def row_count(self) -> int:
        raise NotImplementedError

    def part_count(self) -> int:
        return 0

    def key_of(self, row: int, part: int) -> tuple[str, str]:
        raise NotImplementedError

    def describe(self) -> list[str]:
        """The chart's numbers, one line per row."""
        raise NotImplementedError

    def update_text(self) -> None:
        self.setAccessibleDescription("\n".join(self.describe()))
        self.updateGeometry()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        rows = self.row_count()
        if rows and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = min(max(self.current + step, 0), rows - 1)
        elif rows and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            self.current_part = min(max(self.current_part + step, -1), self.part_count() - 1)
        elif rows and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(*self.key_of(self.current, self.current_part))
            return
        else:
            super().keyPressEvent(event)
            return
        self.setToolTip("")
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def draw_focus(self, painter: QPainter, rect: QRectF) -> None:
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#000000"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))


class StackedBars(Chart):
    """Horizontal bars, one per row, each made of the parts' values side by side."""

    def __init__(self, name: str, parts: list[Part], parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.parts = parts
        self.rows: list[BarRow] = []
        self.empty_text = ""

    def set_rows(self, rows: list[BarRow], parts: list[Part] | None = None) -> None:
        if parts is not None:
            self.parts = parts
        self.rows = rows
        self.current = min(self.current, max(len(rows) - 1, 0))
        self.current_part = min(self.current_part, len(self.parts) - 1)
        self.update_text()

    def row_count(self) -> int:
        return len(self.rows)

    def part_count(self) -> int:
        return len(self.parts)

    def key_of(self, row: int, part: int) -> tuple[str, str]:
        return self.rows[row].key, self.parts[part].key if part >= 0 else ""

    def row_text(self, row: BarRow) -> str:
        parts = ", ".join(
            f"{part.label}: {value}" for part, value in zip(self.parts, row.values, strict=True)
        )
        return f"{row.label}: {row.note or sum(row.values)} ({parts})"

    def describe(self) -> list[str]:
        return [self.row_text(row) for row in self.rows] or [self.empty_text]

    # -- geometry ----------------------------------------------------------------------------
    def _legend_lines(self, width: int) -> list[list[tuple[Part, int]]]:
        """The legend's entries with their places, in as many lines as ``width`` needs."""
        metrics = self.fontMetrics()
        size = metrics.height() - 4
        lines: list[list[tuple[Part, int]]] = [[]]
        x = 0
        for part in self.parts:
            wide = size + 4 + metrics.horizontalAdvance(part.label)
            if x and x + wide > width:
                lines.append([])
                x = 0
            lines[-1].append((part, x))
            x += wide + 2 * GAP
        return lines

    def _legend_height(self, width: int | None = None) -> int:
        lines = self._legend_lines(self.width() if width is None else width)
        return len(lines) * self.fontMetrics().height() + GAP

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._legend_height(width) + max(len(self.rows), 1) * ROW_HEIGHT + GAP

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # the legend may need more or fewer lines

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(row.label) for row in self.rows), default=0)
        return min(widest + GAP, max(self.width() // 3, 80))

    def _note_width(self) -> int:
        metrics = self.fontMetrics()
        return (
            max(
                (metrics.horizontalAdvance(row.note or str(sum(row.values))) for row in self.rows),
                default=0,
            )
            + GAP
        )

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(max(self.width(), 240)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    def _segments(self, index: int) -> list[tuple[int, QRectF]]:
        """(part, rectangle) of the row's segments that have a value."""
        row = self.rows[index]
        left = self._label_width()
        width = max(self.width() - left - self._note_width() - GAP, 10)
        scale = max((sum(r.values) for r in self.rows), default=0) or 1
        top = self._legend_height() + index * ROW_HEIGHT + 3
        result = []
        x = float(left)
        for part, value in enumerate(row.values):
            if value:
                span = width * value / scale
                result.append((part, QRectF(x, top, span, ROW_HEIGHT - 6)))
                x += span
        return result

    def _hit(self, x: float, y: float) -> tuple[int, int] | None:
        index = int((y - self._legend_height()) // ROW_HEIGHT)
        if y < self._legend_height() or not 0 <= index < len(self.rows):
            return None
        for part, rect in self._segments(index):
            if rect.left() <= x <= rect.right():
                return index, part
        return index, -1

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = self.fontMetrics()
        self._paint_legend(painter, metrics)
        if not self.rows:
            painter.setPen(self.palette().text().color())
            painter.drawText(0, self._legend_height() + metrics.ascent() + 4, self.empty_text)
            self.draw_focus(painter, QRectF(self.rect().adjusted(2, 2, -3, -3)))
            return
        label_width = self._label_width()
        text = self.palette().text().color()
        for index, row in enumerate(self.rows):
            top = self._legend_height() + index * ROW_HEIGHT
            painter.setPen(text)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - GAP)
            painter.drawText(
                QRect(0, top, label_width, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, label
            )
            end = float(label_width)
            for part, rect in self._segments(index):
                paint_part(painter, rect, self.parts[part])
                number = str(row.values[part])
                if metrics.horizontalAdvance(number) + 4 < rect.width():
                    painter.setPen(QColor(self.parts[part].text_color))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number)
                end = rect.right()
                if index == self.current and part == self.current_part:
                    self.draw_focus(painter, rect)
            painter.setPen(text)
            note = row.note or str(sum(row.values))
            painter.drawText(
                QRectF(end + GAP / 2, top, self.width() - end, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                note,
            )
            if index == self.current and self.current_part < 0:
                self.draw_focus(painter, QRectF(1, top + 1, self.width() - 3, ROW_HEIGHT - 2))

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics) -> None:
        size = metrics.height() - 4
        painter.setPen(self.palette().text().color())
        for line, entries in enumerate(self._legend_lines(self.width())):
            top = line * metrics.height()
            for part, x in entries:
                paint_part(painter, QRectF(x, top + 2, size, size), part)
                painter.drawRect(QRectF(x, top + 2, size, size))
                painter.drawText(x + size + 4, top + metrics.ascent(), part.label)

    # -- mouse -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position().x(), event.position().y())
        if hit is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.current, self.current_part = hit
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.update()
        self.activated.emit(*self.key_of(*hit))

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            hit = self._hit(event.pos().x(), event.pos().y())
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.row_text(self.rows[hit[0]]), self)
            return True
        return super().event(event)

    def segment_center(self, row: int, part: int) -> QPointF:
        """Where the segment ``part`` of ``row`` is drawn (for a click in a test)."""
        for index, rect in self._segments(row):
            if index == part:
                return rect.center()
        raise LookupError(part)
