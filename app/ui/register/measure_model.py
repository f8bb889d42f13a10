"""The register's measures as a Qt table model over the core's rows.

Filtering and sorting happen on plain Python lists (:mod:`app.operations.register_view`), not
in a proxy model calling back into Python per row, so they stay fast at 20,000 measures.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app import labels
from app.enums import Status, TrafficLight
from app.i18n import N_, Translator
from app.operations.register_rows import (
    Filter,
    MeasureRow,
    matching,
    narrowed,
    narrows,
    with_words,
)
from app.ui.table_fit import two_lines

COLUMNS = (
    ("code", N_("Code")),
    ("title", N_("Title")),
    ("instrument", N_("Instrument")),
    ("lead_department", N_("Lead department")),
    ("status", N_("Status")),
    ("traffic_light", N_("Traffic light")),
    ("progress", N_("Progress")),
    ("updated_at", N_("Last change")),
)
COLUMN_WIDTHS = (70, 300, 90, 130, 110, 120, 80, 100)  # until fitted to the values or moved
SHORT = {3: N_("Lead")}
"""The captions a narrow window shortens (column → caption): the values are short codes."""
LIGHT_COLOURS = {
    TrafficLight.GREEN: QColor("#2e7d32"),
    TrafficLight.AMBER: QColor("#b26a00"),
    TrafficLight.RED: QColor("#c62828"),
}
ARCHIVED_COLOUR = QColor("#6b6b6b")  # grey and italic; the status text also says "archived"
STATUS_ORDER = {status: n for n, status in enumerate(Status)}
LIGHT_ORDER = {TrafficLight.GREEN: 1, TrafficLight.AMBER: 2, TrafficLight.RED: 3}
FALLBACK_MARK = "[DE] "
Index = QModelIndex | QPersistentModelIndex
# The roles as plain numbers: a painted screenful asks ~1,700 times (8 roles per cell), and
# most roles are answered "nothing" before anything else is looked at.
DISPLAY, DECORATION, TOOLTIP, FONT, FOREGROUND, ACCESSIBLE = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
    )
)
ANSWERED = frozenset((DISPLAY, DECORATION, TOOLTIP, FONT, FOREGROUND, ACCESSIBLE))
KEYS = tuple(key for key, _caption in COLUMNS)
TITLE, LIGHT = KEYS.index("title"), KEYS.index("traffic_light")


class _Reversed:
    """A sort key that orders the other way round (for descending views)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Reversed) -> bool:
        return bool(other.key < self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and bool(other.key == self.key)

    __hash__ = None  # type: ignore[assignment]


class MeasureTableModel(QAbstractTableModel):
    def __init__(self, tr: Translator, rows: list[MeasureRow] | None = None) -> None:
        super().__init__()
        self._tr = tr
        self._rows: list[MeasureRow] = []
        self.loading = False  # only the first rows are in; the rest is being read
        self.filtering = False  # the rows shown change, not the rows (while set_filter runs)
        self._days: dict[str, str] = {}  # a moment of change → its day as shown
        self._visible: list[int] = []
        self.short = False  # a narrow window's shorter captions (the whole one in the tooltip)
        self._filter = Filter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._keys: dict[int, list[Any]] = {}
        self._index: dict[str, int] | None = None  # code → register row, made when needed
        self._texts: dict[int, tuple[str, ...]] = {}  # register row → its cells, once shown
        # The rows the filter's choices show (no search words), register order: a search
        # changed otherwise than by a letter typed on (one taken back, a new word) tests only
        # these. Made again when the choices or the rows change.
        self._chosen: tuple[Filter, list[int]] | None = None
        self._status = {s: labels.status(tr, s) for s in Status}
        self._light = {t: labels.traffic_light(tr, t) for t in TrafficLight}
        self._archived = tr.gettext("{status}, archived")
        self._archived_font = QFont()
        self._archived_font.setItalic(True)
        self.set_rows(rows or [])

    # -- content -----------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[MeasureRow]:
        """Every row of the register (not only those shown), register order."""
        return self._rows

    def set_rows(self, rows: list[MeasureRow], *, loading: bool = False) -> None:
        self.loading = loading
        self._refresh(rows)

    def update_rows(self, changed: list[MeasureRow], removed: Collection[str] = ()) -> None:
        """Put the ``changed`` rows (new or edited measures) in place and take out ``removed``
        codes. An edited row that keeps its place in the view is repainted alone, one that
        enters or leaves the view is inserted or removed alone; only new or deleted measures,
        or a new register position, filter and sort the list again."""
        index_of = self._index_of()
        known = [(index_of.get(row.code), row) for row in changed]
        if removed or any(
            index is None or self._rows[index].position != row.position for index, row in known
        ):
            gone = set(removed) | {row.code for row in changed}
            rows = [row for row in self._rows if row.code not in gone] + changed
            rows.sort(key=lambda row: row.position)  # stable: ties keep their order
            self._refresh(rows)
            return
        for index, row in known:
            assert index is not None
            self._replace(index, row)

    def _replace(self, index: int, row: MeasureRow) -> None:
        """Row ``index`` of the register becomes ``row``; the view changes only where it must."""
        self._rows[index] = row
        self._texts.pop(index, None)
        self._chosen = None  # the row may enter or leave what the choices show
        for column, keys in self._keys.items():
            keys[index] = self._sort_key(column)(row)
        try:
            at: int | None = self._visible.index(index)
        except ValueError:
            at = None
        shown = bool(matching([row], self._filter))
        visible = self._visible
        if at is not None:
            del visible[at]
        place = bisect.bisect_left(visible, self._rank(index), key=self._rank) if shown else None
        if at is not None:
            visible.insert(at, index)
        if at is not None and place is None:
            self.beginRemoveRows(QModelIndex(), at, at)
            del visible[at]
            self.endRemoveRows()
        elif at is None and place is not None:
            self.beginInsertRows(QModelIndex(), place, place)
            visible.insert(place, index)
            self.endInsertRows()
        elif at is not None and place is not None:
            if place != at:  # a move keeps the selection (persistent indexes follow it)
                self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), place + (place > at))
                del visible[at]
                visible.insert(place, index)
                self.endMoveRows()
                at = place
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def _rank(self, index: int) -> tuple[Any, ...]:
        """Where register row ``index`` stands in the view's order (as :meth:`_refresh` sorts:
        stable, so ties keep register order, also when descending)."""
        if self._sort is None:
            return (index,)
        column, order = self._sort
        key = self._sort_keys(column)[index]
        if order == Qt.SortOrder.DescendingOrder:
            return (_Reversed(key), index)
        return (key, index)

    def set_filter(self, flt: Filter) -> None:
        self.filtering = True
        try:
            if narrows(flt, self._filter):  # a letter typed on: its word, on the rows shown
                self.beginResetModel()
                self._visible = narrowed(self._rows, flt, self._filter, self._visible)
                self._filter = flt
                self.endResetModel()
            else:
                self._filter = flt
                self._refresh()
        finally:
            self.filtering = False

    def row_at(self, row: int) -> MeasureRow:
        return self._rows[self._visible[row]]

    def rows_of(self, codes: set[str]) -> list[int]:
        """The rows (in view order) of the measures ``codes`` that are shown."""
        if len(codes) <= 16:  # a few: looked up, not searched for
            return sorted(row for code in codes if (row := self.row_of(code)) is not None)
        rows = self._rows
        return [row for row, index in enumerate(self._visible) if rows[index].code in codes]

    def row_of(self, code: str) -> int | None:
        index = self._index_of().get(code)
        if index is None:
            return None
        try:
            return self._visible.index(index)  # a search in C, not a loop in Python
        except ValueError:
            return None

    def _index_of(self) -> dict[str, int]:
        """Code → register row (made when first needed, again only with new rows)."""
        if self._index is None:
            self._index = {row.code: index for index, row in enumerate(self._rows)}
        return self._index

    def _refresh(self, rows: list[MeasureRow] | None = None) -> None:
        """Filter and sort again (over new ``rows``); the old rows are still there when
        ``modelAboutToBeReset`` is emitted (the view keeps its selection by code)."""
        self.beginResetModel()
        if rows is not None:
            self._rows = rows
            self._keys.clear()
            self._texts.clear()
            self._index = None
            self._chosen = None
        choices = replace(self._filter, text="")
        if self._chosen is None or self._chosen[0] != choices:
            self._chosen = (choices, matching(self._rows, choices))
        visible = with_words(self._rows, self._filter.words, self._chosen[1])
        if self._sort is not None:
            column, order = self._sort
            keys = self._sort_keys(column)
            visible.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = visible
        self.endResetModel()

    def _sort_keys(self, column: int) -> list[Any]:
        if column not in self._keys:
            key = self._sort_key(column)
            self._keys[column] = [key(row) for row in self._rows]
        return self._keys[column]

    def _sort_key(self, column: int) -> Callable[[MeasureRow], Any]:
        key: Callable[[MeasureRow], Any] = {
            "code": lambda r: r.position,
            # the language's alphabetical order (CLDR): "Cesta", "Čechy", "Hrad", "Chrudim"
            "title": lambda r: self._tr.sort_key(r.title(self._tr.lang)[0]),
            "instrument": lambda r: (len(r.instrument), r.instrument, r.position),
            "lead_department": lambda r: (
                r.lead_department is None,
                self._tr.sort_key(r.lead_department or ""),
            ),
            "status": lambda r: STATUS_ORDER[r.status],
            "traffic_light": lambda r: (
                LIGHT_ORDER.get(r.traffic_light, 0) if r.traffic_light else 0
            ),
            "progress": lambda r: -1 if r.progress is None else r.progress,
            "updated_at": lambda r: r.updated_at,
        }[COLUMNS[column][0]]
        return key

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Column -1 (no sort indicator) means register order.
        self._sort = (column, order) if 0 <= column < len(COLUMNS) else None
        self._refresh()

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (DISPLAY, TOOLTIP):
            return None
        caption = self._tr.gettext(COLUMNS[section][1])
        if role == DISPLAY and self.short and section in SHORT:
            return self._tr.gettext(SHORT[section])
        return two_lines(caption) if role == DISPLAY else caption

    def shorten_captions(self, short: bool) -> None:
        """The captions :data:`SHORT` names short (a narrow window) or whole."""
        self.short = short
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        at = self._visible[index.row()]
        column = index.column()
        if role in (DISPLAY, ACCESSIBLE):
            texts = self._texts.get(at)
            if texts is None:
                row = self._rows[at]
                texts = self._texts[at] = tuple(self._display(row, key) for key in KEYS)
            return texts[column]
        row = self._rows[at]
        if role == FONT:
            return self._archived_font if row.archived else None
        if role == FOREGROUND:
            return ARCHIVED_COLOUR if row.archived else None
        if role == DECORATION:
            light = row.traffic_light if column == LIGHT else None
            return LIGHT_COLOURS.get(light) if light else None
        if column == TITLE:  # the tooltip
            title, fallback = row.title(self._tr.lang)
            if fallback:
                return self._tr.gettext("Not translated yet; the German text is shown.")
            return title
        return None

    def _day(self, iso: str) -> str:
        """The day of a change (UTC in the register) in local time, as the language writes
        it in tables ("04.12.2026"); remembered, as many measures share a moment."""
        found = self._days.get(iso)
        if found is None:
            try:
                moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
                day = moment.astimezone().date() if moment.tzinfo else moment.date()
                found = self._tr.date(day, "short")
            except ValueError:
                found = iso[:10]
            self._days[iso] = found
        return found

    def _display(self, row: MeasureRow, key: str) -> str:
        if key == "title":
            title, fallback = row.title(self._tr.lang)
            return FALLBACK_MARK + title if fallback else title
        if key == "status":
            if row.archived:
                return self._archived.format(status=self._status[row.status])
            return self._status[row.status]
        if key == "traffic_light":
            return self._light[row.traffic_light] if row.traffic_light else "–"
        if key == "progress":
            return "" if row.progress is None else f"{row.progress} %"
        if key == "updated_at":
            return self._day(row.updated_at)
        value = getattr(row, key)
        return "" if value is None else str(value)
