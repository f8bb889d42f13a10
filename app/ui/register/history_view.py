"""A measure's history from the audit trail, as the detail panel and the editor show it: when,
who, what, old value, new value and the source of each change, in the interface's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.i18n import N_, Translator
from app.models import AuditEvent, Status, TrafficLight, TranslationState, labels
from app.models.labels import field_label
from app.operations import audit
from app.ui.table_fit import two_lines
from app.ui.wrapping import WrappingDelegate

ACTIONS = {
    "create": N_("created"),
    "update": N_("changed"),
    "archive": N_("archived"),
    "restore": N_("restored"),
    "delete": N_("deleted"),
}
LONGEST = 80  # characters of a value shown in a cell; the tooltip holds all of it


def value_text(tr: Translator, field: str, value: Any) -> str:
    """A recorded value, readable: labels translated, dates in the language's format."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    if isinstance(value, list):
        return ", ".join(_entry_text(tr, item) for item in value)
    texts: dict[str, Callable[[Any], str]] = {
        "status": lambda v: labels.status(tr, Status(v)),
        "traffic_light": lambda v: labels.traffic_light(tr, TrafficLight(v)),
        "state_pl": lambda v: tr.gettext(labels.TRANSLATION_STATE[TranslationState(v)]),
        "state_cs": lambda v: tr.gettext(labels.TRANSLATION_STATE[TranslationState(v)]),
        "progress": lambda v: f"{v} %",
        "start_date": lambda v: tr.date(dt.date.fromisoformat(v)),
        "end_date": lambda v: tr.date(dt.date.fromisoformat(v)),
    }
    if field.endswith(("_state_pl", "_state_cs")):  # a free text's translation state
        field = field[-8:]
    try:
        return texts[field](value) if field in texts else str(value)
    except (ValueError, KeyError):  # a value from an older version of the program
        return str(value)


def _entry_text(tr: Translator, entry: object) -> str:
    """One milestone (its title, due date) or indicator (its name, actual value) of a list."""
    if not isinstance(entry, dict):
        return str(entry)
    name = str(entry.get("title") or entry.get("name") or "–")
    detail = entry.get("due_date") if "title" in entry else entry.get("actual")
    if "title" in entry and detail:
        detail = value_text(tr, "end_date", detail)
    return f"{name} ({detail})" if detail not in (None, "") else name


def when_text(tr: Translator, iso: str) -> str:
    """An audit time (UTC, ISO 8601) as local date and time in the language's format."""
    return tr.timestamp(iso, local=True)


def describe_event(
    tr: Translator, event: AuditEvent, returns: Mapping[str, str] | None = None
) -> tuple[str, str, str, str, str, str]:
    """One history line: when, who, what, old value, new value, source (a return named by its
    department, from ``returns``: source → department code)."""
    what = tr.gettext(ACTIONS.get(event.action, event.action))
    old = new = ""
    if event.action == "update" and event.field:
        what = field_label(tr, event.field)
        old = value_text(tr, event.field, audit.decode(event.old_value))
        new = value_text(tr, event.field, audit.decode(event.new_value))
    source = labels.audit_source(tr, event.source, (returns or {}).get(event.source))
    return when_text(tr, event.at), event.actor, what, old, new, source


def elide_middle(text: str, keep: int = 24) -> str:
    """``text`` with its middle left out when longer than ``keep`` characters."""
    if len(text) <= keep:
        return text
    return text[: keep // 2] + "…" + text[len(text) - keep // 2 + 1 :]


class HistoryView(QTreeWidget):
    """The list of a measure's audit events, newest first. The old and new values take the
    room the other columns leave (a cut value is whole in the tooltip); ``compact`` (the
    narrow side pane) leaves out who and the source, which every row's tooltip still says."""

    def __init__(
        self, tr: Translator, parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._compact = compact
        _ = tr.gettext
        self.setAccessibleName(_("History of the measure"))
        captions = (N_("When"), N_("Who"), N_("What"), N_("Old value"), N_("New value"),
                    N_("Source"))  # fmt: skip
        self.setHeaderLabels([two_lines(_(caption), 8) for caption in captions])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        # A value longer than its column goes on further lines instead of being cut (the
        # narrow side pane); its row grows to hold it.
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.header()
        # Only the columns that share the room wrap; the others are as wide as their texts.
        self.setItemDelegate(WrappingDelegate(self, lambda index: self._room(index.column())))
        header.sectionResized.connect(lambda *_a: self.scheduleDelayedItemsLayout())
        header.setStretchLastSection(False)
        fit = QHeaderView.ResizeMode.ResizeToContents
        share = QHeaderView.ResizeMode.Stretch  # what changed and both values share the room
        for column, mode in enumerate((fit, fit, share, share, share, fit)):
            header.setSectionResizeMode(column, mode)
        if compact:
            for column in (1, 5):
                self.setColumnHidden(column, True)

    def _room(self, column: int) -> int:
        stretched = self.header().sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        return self.columnWidth(column) if stretched else 0

    def show_events(
        self, events: list[AuditEvent], returns: Mapping[str, str] | None = None
    ) -> None:
        """The events, newest first; ``returns`` names the department of a return's changes
        (:func:`app.operations.audit.return_departments`)."""
        self.clear()
        for event in events:
            texts = describe_event(self._tr, event, returns)
            shown = [self._short(text) for text in texts]
            shown[5] = elide_middle(shown[5], 36)  # a long file name: whole in the tooltip
            shown[0] = "\n".join(shown[0].rsplit(" ", 1))  # the day above the time
            item = QTreeWidgetItem(shown)
            whole = " · ".join(text for text in texts if text)
            for column, text in enumerate(texts):
                item.setToolTip(column, whole if self._compact else text)
            self.addTopLevelItem(item)

    @staticmethod
    def _short(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
