"""The left side of the department's workspace: the measures (or, in a partnership round, the
partnerships) of the round with the state of each answer, a filter for those still to answer,
and how many are answered. Enter on a row goes into its form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import Translator
from app.rounds.kinds import ALL_KINDS, MEASURES
from app.ui.rounds.round_labels import state_icon, title_in
from app.ui.widgets import current_key, item_with_key, tree, tree_items
from app.ui.workspace.round_state import State


class ItemList(QWidget):
    chosen = Signal()
    """Another measure (or partnership) was chosen, or the same one again."""
    entered = Signal()
    """Enter (or a double click) on a row: the user wants to answer it."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.states: dict[str, State] = {}
        """The state of each answer (by the code of its measure or partnership)."""
        self.shown: str | None = None
        """The code whose form is shown: it stays in the list while the filter is on."""
        self.partnerships = False
        self.state_labels: Mapping[str, str] = MEASURES.item_state_labels
        """The names of an answer's states in the round shown (its kind's)."""
        _ = tr.gettext
        self.only_open = QCheckBox(_("Only missing and &incomplete"))
        self.only_open.toggled.connect(lambda _c: self.apply_filter())
        self.list = tree(_("Measures of the round"), [_("Measure"), _("Title"), _("State")])
        self.list.currentItemChanged.connect(lambda *_a: self.chosen.emit())
        self.list.itemActivated.connect(lambda *_a: self.entered.emit())
        columns = self.list.header()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        # The state column fits its longest text in this language, with the colour dot.
        metrics = self.list.fontMetrics()
        columns.resizeSection(
            2,
            max(
                metrics.horizontalAdvance(_(text))
                for kind in ALL_KINDS
                for text in kind.item_state_labels.values()
            )
            + 48,
        )
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.only_open)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)

    def set_partnerships(self, partnerships: bool, state_labels: Mapping[str, str]) -> None:
        """Name the list and its columns for partnerships (or measures), and the answers'
        states with ``state_labels``."""
        _ = self._tr.gettext
        self.partnerships = partnerships
        self.state_labels = state_labels
        self.list.setAccessibleName(
            _("Partnerships of the round") if partnerships else _("Measures of the round")
        )
        self.list.headerItem().setText(0, _("Partnership") if partnerships else _("Measure"))
        self.list.headerItem().setText(1, _("Partner") if partnerships else _("Title"))

    def fill(self, items: list[dict[str, Any]], select: str | None) -> None:
        """List ``items`` (with their :attr:`states`) and choose ``select``, else the first not
        answered yet."""
        tr = self._tr
        self.list.blockSignals(True)
        self.list.clear()
        for item in items:
            code = item["code"]
            key = "name" if self.partnerships else "title"
            title = title_in(tr, {lang: item.get(f"{key}_{lang}") for lang in ("de", "pl", "cs")})
            row = QTreeWidgetItem([code, title, ""])
            row.setData(0, Qt.ItemDataRole.UserRole, code)
            row.setToolTip(1, title)
            self.list.addTopLevelItem(row)
            self.show_state(code)
        self.list.blockSignals(False)
        self.apply_filter()
        target = select if select in self.states else None
        if target is None:
            target = next(
                (code for code, (state, _p) in self.states.items() if state != "answered"),
                items[0]["code"] if items else None,
            )
        self.select(target)

    def show_state(self, code: str) -> None:
        """Show the state of the answer for ``code`` (as :attr:`states` has it) in its row."""
        row = item_with_key(self.list, code)
        if row is None:
            return
        state, problem = self.states[code]
        row.setText(2, self._tr.gettext(self.state_labels[state]))
        row.setIcon(2, state_icon(state))
        row.setToolTip(2, self._tr.render(problem) if problem else row.text(2))

    def select(self, code: str | None) -> None:
        row = item_with_key(self.list, code)
        if row is not None:
            row.setHidden(False)
            self.list.setCurrentItem(row)
        self.chosen.emit()

    def current(self) -> str | None:
        return current_key(self.list)

    def next_open(self, after: str | None) -> str | None:
        """The first code after ``after`` in the list (from its top again at the end) whose
        answer is missing or incomplete; ``None`` when every other one is answered."""
        codes = [row.data(0, Qt.ItemDataRole.UserRole) for row in tree_items(self.list)]
        start = codes.index(after) + 1 if after in codes else 0
        for code in codes[start:] + codes[:start]:
            if code != after and self.states.get(code, ("missing", None))[0] != "answered":
                return str(code)
        return None

    def apply_filter(self) -> None:
        only_open = self.only_open.isChecked()
        for row in tree_items(self.list):
            code = row.data(0, Qt.ItemDataRole.UserRole)
            answered = self.states.get(code, ("missing", None))[0] == "answered"
            row.setHidden(only_open and answered and code != self.shown)
        self.update_count()

    def update_count(self) -> None:
        total = len(self.states)
        answered = sum(1 for state, _p in self.states.values() if state == "answered")
        incomplete = sum(1 for state, _p in self.states.values() if state == "incomplete")
        if self.partnerships:
            text = self._tr.ngettext(
                "{answered} of {n} partnership assessed, {incomplete} incomplete",
                "{answered} of {n} partnerships assessed, {incomplete} incomplete",
                total,
            )
        else:
            text = self._tr.ngettext(
                "{answered} of {n} measure answered, {incomplete} incomplete",
                "{answered} of {n} measures answered, {incomplete} incomplete",
                total,
            )
        self.count.setText(text.format(answered=answered, n=total, incomplete=incomplete))
