"""Tables that fit a 1366-pixel-wide screen in every language: long column captions go on two
lines (never clipped at both ends), each column gets what its caption and its widest shown value
need (as Qt measures them, up to a limit that never cuts the caption), and one column (a title,
a name) takes the room left, eliding what does not fit; its full text stays in the tooltip."""

from __future__ import annotations

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
    room left; ``keep`` columns keep their width unless their caption needs more."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    for column in range(header.count()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        caption = header.sectionSizeHint(column)
        if column in keep:
            header.resizeSection(column, max(header.sectionSize(column), caption))
            continue
        values = view.sizeHintForColumn(column)
        header.resizeSection(column, max(caption, min(values, widest)))
