"""Item views whose long texts go on further lines instead of being cut or scrolled sideways:
the history's values in the narrow side pane, the bulk dialog's lists of departments, goals and
partners (long names in Polish and Czech)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

Index = QModelIndex | QPersistentModelIndex
MARGIN = 8
"""Pixels of a cell that text does not use (the delegate's padding)."""


class WrappingDelegate(QStyledItemDelegate):
    """Rows as high as their texts need when wrapped at the width ``room(index)`` gives (an
    item view does not measure wrapped text by itself); ``extra``: pixels a row needs beside
    its text (a check box)."""

    def __init__(
        self, view: QAbstractItemView, room: Callable[[Index], int], extra: int = 0
    ) -> None:
        super().__init__(view)
        self._room, self._extra = room, extra

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        width = self._room(index) - MARGIN - self._extra
        text = str(index.data() or "")
        if width <= 0 or not text:
            return size
        height = wrapped_height(option.font, width, text)
        return QSize(min(size.width(), self._room(index)), max(size.height(), height + 6))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell as the style draws it (background, selection, check box, focus) with its
        text wrapped as :meth:`sizeHint` measured it: Qt's own painting wraps at word
        boundaries only and cuts a word longer than the column ("Ausschreib|ung")."""
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        text, shown.text = shown.text, ""
        widget = shown.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, shown, painter, widget)
        if not text:
            return
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, shown, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        area = area.adjusted(margin, 0, -margin, 0)
        selected = bool(shown.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if shown.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(shown.palette.color(group, role))
        painter.setClipRect(area)
        layout = _layout(shown.font, area.width(), text)
        top = area.top() + max(0, (area.height() - math.ceil(layout.boundingRect().height())) // 2)
        layout.draw(painter, QPointF(area.left(), top))
        painter.restore()


def _layout(font: QFont, width: int, text: str) -> QTextLayout:
    """``text`` laid out in lines of ``width`` pixels: at word boundaries, and inside a word
    longer than the width ("Übersetzungsstand")."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def wrapped_height(font: QFont, width: int, text: str) -> int:
    """The height of ``text`` wrapped at ``width`` pixels as the delegate paints it."""
    return math.ceil(_layout(font, width, text).boundingRect().height())


def wrap_lines(view: QListView) -> None:
    """``view``'s items wrapped at its width, never scrolled sideways; laid out again when
    its width changes."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    check = view.style().pixelMetric(view.style().PixelMetric.PM_IndicatorWidth) + MARGIN
    view.setItemDelegate(WrappingDelegate(view, lambda _index: view.viewport().width(), check))


def fit_width(combo: QComboBox, characters: int = 24) -> None:
    """``combo`` no wider than ``characters`` need, however long its entries (a department's
    or an instrument's whole name): the list it opens shows them whole, and so does each
    entry's tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    for index in range(combo.count()):
        combo.setItemData(index, combo.itemText(index), Qt.ItemDataRole.ToolTipRole)
