"""Tables that fit a 1366-pixel-wide screen in every language: long column captions go on two
lines (never clipped at both ends), each column gets what its caption and its widest shown value
need (as Qt measures them, up to a limit that never cuts the caption), and one column (a title,
a name) takes the room left, eliding what does not fit; its full text stays in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)


def two_lines(caption: str, longer_than: int = 12) -> str:
    """``caption`` broken at the space nearest its middle when it is long and has one."""
    if len(caption) <= longer_than or " " not in caption:
        return caption
    middle = len(caption) / 2
    at = min((i for i, c in enumerate(caption) if c == " "), key=lambda i: abs(i - middle))
    return caption[:at] + "\n" + caption[at + 1 :]


def fit_to_values(
    view: QTableView | QTreeView,
    *,
    stretch: int,
    widest: int = 260,
    keep: frozenset[int] = frozenset(),
) -> None:
    """Size ``view``'s columns for their captions and the values shown; ``stretch`` takes the
    room left (see :class:`FillColumn`); ``keep`` columns keep their width unless their caption
    needs more."""
    header = _header(view)
    for column in range(header.count()):
        if column == stretch:
            continue
        caption = header.sectionSizeHint(column)
        if column in keep:
            header.resizeSection(column, max(header.sectionSize(column), caption))
            continue
        values = view.sizeHintForColumn(column)
        header.resizeSection(column, max(caption, min(values, widest)))
    filler = view.findChild(FillColumn) or FillColumn(view, stretch)
    filler.fill()


class FillColumn(QObject):
    """Gives ``column`` of ``view`` the room the other columns leave whenever the view changes
    size, but never less than ``minimum`` pixels (then the table scrolls sideways rather than
    squeeze it to nothing, e.g. at 150 % scaling)."""

    def __init__(self, view: QTableView | QTreeView, column: int, minimum: int = 100) -> None:
        super().__init__(view)
        self._view, self._column, self._minimum = view, column, minimum
        view.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fill()
        return False

    def fill(self) -> None:
        header = _header(self._view)
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != self._column and not header.isSectionHidden(column)
        )
        room = self._view.viewport().width() - others
        header.resizeSection(self._column, max(self._minimum, room))


def _header(view: QTableView | QTreeView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def words_below(caption: str) -> str:
    """``caption`` with each word on a line of its own: a column as narrow as its longest word."""
    return caption.replace(" ", "\n")


def breakable(name: str) -> str:
    """A file name that may wrap after its ``_``, ``-`` and ``.`` (a zero-width space there)."""
    for mark in "_-.":
        name = name.replace(mark, mark + "\u200b")
    return name


def wrapping_rows(view: QTreeView) -> None:
    """``view``'s rows as high as their wrapped texts need (see :func:`fit_wrapping`)."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.header().setStretchLastSection(False)
    view.setItemDelegate(WrappingDelegate(view))


class WrappingDelegate(QStyledItemDelegate):
    """Rows as high as their texts wrapped at their column's width (a tree view measures
    them unwrapped otherwise, and cuts what wraps)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, self._view.header().sectionSize(index.column()), 1 << 16)
        return super().sizeHint(wrapped, index)


def fit_wrapping(view: QTreeView, *, stretch: int) -> None:
    """Size ``view``'s columns for their captions and values on one line where the view is wide
    enough for all of them, else for their longest words (the values wrap); ``stretch`` takes
    the room left, never less than its longest word (see :class:`WrappingFill`)."""
    filler = view.findChild(WrappingFill) or WrappingFill(view, stretch)
    filler.fill()


class WrappingFill(FillColumn):
    """A :class:`FillColumn` that, when the view is too narrow for the other columns' values on
    one line (the filling column wraps first), narrows every column to its longest word and
    lets the texts wrap (no text cut, no scrolling sideways)."""

    def fill(self) -> None:
        view, header = self._view, _header(self._view)
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        whole = {c: max(header.sectionSizeHint(c), self._widest(c, words=False)) for c in shown}
        words = {c: max(header.sectionSizeHint(c), self._widest(c, words=True)) for c in shown}
        room = view.viewport().width()
        others = sum(width for column, width in whole.items() if column != self._column)
        widths = whole if others + words.get(self._column, 0) <= room else words
        for column in shown:
            if column != self._column:
                header.resizeSection(column, widths[column])
        self._minimum = words.get(self._column, self._minimum)
        super().fill()
        view.doItemsLayout()  # the rows' heights for the texts wrapped at the new widths

    def _widest(self, column: int, *, words: bool) -> int:
        """The width of ``column``'s widest text (``words``: its longest word), with its icon and
        margins."""
        view, model = self._view, self._view.model()
        metrics = view.fontMetrics()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        widest = 0
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = str(index.data() or "")
            parts = text.replace("\u200b", " ").split() if words else text.splitlines()
            width = max((metrics.horizontalAdvance(part) for part in parts), default=0)
            if index.data(Qt.ItemDataRole.DecorationRole) is not None:
                width += view.iconSize().width() if view.iconSize().isValid() else 16
                width += margin
            widest = max(widest, width + 2 * margin + 4)  # + the layout's rounding: no wrap
        return widest
