"""Item views whose long texts go on further lines instead of being cut or scrolled sideways:
the history's values in the narrow side pane, the bulk dialog's lists of departments, goals and
partners (long names in Polish and Czech)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QListView,
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


def wrapped_height(font: QFont, width: int, text: str) -> int:
    """The height of ``text`` wrapped at ``width`` pixels as an item view paints it: at word
    boundaries, and inside a word longer than the width ("Übersetzungsstand")."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return math.ceil(height)


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
