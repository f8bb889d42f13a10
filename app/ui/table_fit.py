"""Tables that fit a 1366-pixel-wide screen in every language: long column captions go on two
lines (never clipped at both ends), each column gets what its caption and its widest shown value
need (as Qt measures them, up to a limit that never cuts the caption), and one column (a title,
a name) takes the room left, eliding what does not fit; its full text stays in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView, QTreeView


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
