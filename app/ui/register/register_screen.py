"""The register screen: filters, the table of measures, and the selected measure's details."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import Translator
from app.models import Status, labels
from app.operations.measures import MeasureHistory, MeasureInput
from app.operations.register_view import Filter, Vocabulary
from app.ui.qt_setup import set_tab_order
from app.ui.reflow import Reflow, move_to, turn
from app.ui.register.details_html import details_html, selection_html
from app.ui.register.filter_fold import FilterFold
from app.ui.register.history_view import HistoryView
from app.ui.register.measure_model import COLUMN_WIDTHS, MeasureTableModel
from app.ui.table_fit import fit_to_values
from app.ui.widgets import result_label, say

SIDE_PANE = 300
WIDEST = 200
"""A value column's widest (logical pixels) when the window is wide; longer values elide."""
NARROW_WIDEST = 110
"""The same in a narrow window (150 % on 1366 pixels), so that the title keeps some room."""
INSTRUMENT_COLUMN = 2
"""The details and history pane's width (pixels) until the user moves the divider."""
FILTERS = ("instrument", "section", "department", "status", "goal", "partner")


class RegisterScreen(QWidget):
    filter_changed = Signal()
    selection_changed = Signal(str)  # the one selected measure's code, "" for none or many
    edit_requested = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        _ = tr.gettext
        self._vocabulary: Vocabulary | None = None
        self.model = MeasureTableModel(tr)
        # The selection belongs to measures, not to rows: kept by code when the table is
        # sorted, filtered or loaded again (e.g. while an editor is open).
        self._kept: tuple[list[str], str | None] = ([], None)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Code, title or department"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search measures"))
        for clear in self.search.findChildren(QAction):  # the clear button's action
            clear.setText(_("Clear the search"))
        self.search.installEventFilter(self)  # Enter or Down: into the hits (see eventFilter)
        search_label = QLabel(_("&Search:"))
        search_label.setBuddy(self.search)
        self.combos: dict[str, QComboBox] = {}
        captions = {
            "instrument": _("&Instrument:"),
            "section": _("Sectio&n:"),
            "department": _("&Department:"),
            "status": _("S&tatus:"),
            "goal": _("&Goal:"),
            "partner": _("&Partner:"),
        }
        self.grid = grid = QGridLayout()
        grid.addWidget(search_label, 0, 0)
        self.show_archived = QCheckBox(_("Show a&rchived"))
        self.show_archived.setAccessibleName(_("Show archived measures"))
        self.filter_labels: dict[str, QLabel] = {}
        for key in FILTERS:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            label = QLabel(captions[key])
            label.setBuddy(combo)
            combo.setAccessibleName(label.text().replace("&", "").rstrip(":"))
            combo.addItem(_("All"), None)
            self.combos[key] = combo
            self.filter_labels[key] = label
            combo.currentIndexChanged.connect(self._apply_filter)
        self.fold = FilterFold(tr, self.combos, self.filter_labels, self)  # narrow: filters fold
        self._place_filters(3)
        self.search.textChanged.connect(self._apply_filter)
        self.show_archived.toggled.connect(self._apply_filter)
        # The measures of a part of the overview (e.g. those overdue), until "Show all".
        self._codes: frozenset[str] | None = None
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.show_all_button = QPushButton(_("Sho&w all"))
        self.show_all_button.setAccessibleName(_("Show all measures again"))
        self.show_all_button.clicked.connect(lambda: self.show_chosen(None, ""))
        chosen = QHBoxLayout()
        chosen.addWidget(self.chosen_label, 1)
        chosen.addWidget(self.show_all_button)
        self.chosen_bar = QWidget()
        self.chosen_bar.setLayout(chosen)
        chosen.setContentsMargins(0, 0, 0, 0)
        self.chosen_bar.hide()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Measures"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)  # bold captions of a selected row would be cut
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        # The status column fits its longest text in this language (", archived" may be cut:
        # an archived measure's row is in grey italics, too).
        metrics = self.table.fontMetrics()
        status_width = max(metrics.horizontalAdvance(labels.status(tr, s)) for s in Status)
        header.resizeSection(4, status_width + 16)
        # The code says the instrument ("II.03"), and the filter above chooses it: its column
        # stays hidden, so that the titles get the room.
        self.table.setColumnHidden(INSTRUMENT_COLUMN, True)
        self._fitted = False  # the columns fit the values once the first rows are there
        self._widest = WIDEST  # a value column's widest; narrower in a narrow window
        self._restored = False  # the user's own column widths, kept as they are
        self.model.modelReset.connect(self._fit_columns)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _index: self.edit_requested.emit())

        self.new_button = QPushButton(_("&New…"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.archive_button = QPushButton(_("&Archive"))
        self.delete_button = QPushButton(_("De&lete…"))
        self.bulk_button = QPushButton(_("C&hange selected…"))
        self.result = result_label(tr)
        self.count_label = QLabel()
        self.count_label.setAccessibleDescription(_("Number of measures shown"))
        # Room for the longest the counter gets (five-digit numbers) in this language.
        widest = tr.ngettext("{shown} of {n} measure", "{shown} of {n} measures", 88888)
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(widest.format(shown=88888, n=88888))
            + 8
        )
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons = QHBoxLayout()
        for button in (
            self.new_button, self.edit_button, self.bulk_button, self.archive_button,
            self.delete_button,
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.count_label)
        self.buttons_row = buttons
        self.status_row = QHBoxLayout()  # the result and the counter, in a narrow window

        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Details of the measure"))
        self.details.setOpenLinks(False)
        self.history = HistoryView(tr, compact=True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Measure"))
        self.tabs.tabBar().setAccessibleName(_("Measure"))
        self.tabs.addTab(self.details, _("Details"))
        self.tabs.addTab(self.history, _("History"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(grid)
        left_layout.addWidget(self.chosen_bar)
        self.no_hits = QLabel(_("No measure matches the search and the filters."))
        self.no_hits.setWordWrap(True)
        self.no_hits.hide()
        left_layout.addWidget(self.no_hits)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        left_layout.addLayout(self.status_row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.reflow = Reflow(self, self._arrange)  # the panes' first sizes when first shown
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        # Search, filters, the table, the selected measure, then the buttons that act on it.
        set_tab_order(
            [self.search, self.show_archived, self.fold, *self.combos.values(),
             self.show_all_button, self.table,
             self.tabs, self.details, self.history, self.new_button, self.edit_button,
             self.bulk_button, self.archive_button, self.delete_button]
        )  # fmt: skip
        self._update_buttons()
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Down in the search field goes into the table, the first hit selected."""
        into = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in into
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.enter_hits()
            return True
        return super().eventFilter(watched, event)

    def enter_hits(self) -> None:
        """Focus the table with its first row selected (nothing happens without a hit)."""
        if self.model.rowCount() == 0:
            return
        self.select(self.model.row_at(0).code)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()  # rows loaded while the page was hidden

    def _place_filters(self, columns: int) -> None:
        """The search in the first row, the filters below in ``columns`` pairs of caption and
        list."""
        grid = self.grid
        for widget in (self.search, self.show_archived, self.fold):
            grid.removeWidget(widget)
        grid.addWidget(self.search, 0, 1, 1, 2 * columns - 3)
        grid.addWidget(self.show_archived, 0, 2 * columns - 2, 1, 1 if columns == 2 else 2)
        if columns == 2:  # the button that shows the filters, beside "Show archived"
            grid.addWidget(self.fold, 0, 3)
        for n, key in enumerate(FILTERS):
            label, combo = self.filter_labels[key], self.combos[key]
            grid.removeWidget(label)
            grid.removeWidget(combo)
            grid.addWidget(label, 1 + n // columns, (n % columns) * 2)
            grid.addWidget(combo, 1 + n // columns, (n % columns) * 2 + 1)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1 if column < 2 * columns else 0)

    def _arrange(self, narrow: bool) -> None:
        """Wide (1366 pixels at 100 %): the filters in three columns, the details beside the
        table (300 pixels), the counter beside the buttons. Narrow (150 %): two columns, the
        details below the table, the counter below the buttons; nothing scrolls sideways."""
        self._place_filters(2 if narrow else 3)
        self.fold.fold(narrow)
        self.model.shorten_captions(narrow)
        move_to(
            self.status_row if narrow else self.buttons_row,
            [(self.result, 1), (self.count_label, 0)],
        )
        turn(self.splitter, narrow, SIDE_PANE, below=0.25)
        self._widest = NARROW_WIDEST if narrow else WIDEST
        if not self._restored:  # fitted again for the new width (the title takes the rest)
            self._fitted = False
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Every column on screen at 1366 pixels: the title takes the room the others leave."""
        if self._fitted or self.model.rowCount() == 0 or not self.table.isVisible():
            return  # hidden, Qt would measure the first 1,000 rows, not those on screen
        self._fitted = True
        keep = frozenset() if self._widest == NARROW_WIDEST else frozenset({4})  # the status
        fit_to_values(self.table, stretch=1, widest=self._widest, keep=keep)

    # -- content -----------------------------------------------------------------------------
    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        lang = self._tr.lang
        entries: dict[str, list[tuple[str, Any]]] = {
            "instrument": [(f"{i.key} – {i.name(lang)}", i.key) for i in vocabulary.instruments],
            "section": [
                (f"{s.parent} {s.key} – {s.name(lang)}", s.key) for s in vocabulary.sections
            ],
            "department": [(d.key, d.key) for d in vocabulary.departments],
            "status": [(labels.status(self._tr, s), s.value) for s in Status],
            "goal": [(f"{g.key} – {g.name(lang)}", int(g.key)) for g in vocabulary.goals],
            "partner": [
                (p.name(lang), p.key)
                for p in self._tr.sorted(vocabulary.partners, key=lambda p: p.name(lang))
            ],
        }
        for key, items in entries.items():
            combo = self.combos[key]
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in items:
                combo.addItem(text, data)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        for d, department in enumerate(vocabulary.departments, start=1):
            self.combos["department"].setItemData(
                d, department.name(lang), Qt.ItemDataRole.ToolTipRole
            )
        self._apply_filter()

    def current_filter(self) -> Filter:
        values = {key: combo.currentData() for key, combo in self.combos.items()}
        return Filter(
            text=self.search.text(),
            instrument=values["instrument"],
            section=values["section"],
            department=values["department"],
            status=Status(values["status"]) if values["status"] else None,
            goal=values["goal"],
            partner=values["partner"],
            show_archived=self.show_archived.isChecked(),
            codes=self._codes,
        )

    def show_filtered(
        self,
        choices: dict[str, Any],
        codes: frozenset[str] | None,
        text: str,
        select: str | None = None,
    ) -> None:
        """Show what a part of the overview counted: the filters ``choices`` (filter → value,
        the others on "All"), no search, and with ``codes`` only those measures (said by
        ``text`` above the table, until "Show all"); ``select`` selected, the table focused."""
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(choices.get(key)), 0))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.show_archived.blockSignals(True)
        self.show_archived.setChecked(False)
        self.show_archived.blockSignals(False)
        self.show_chosen(codes, text)
        if select is not None:
            self.select(select)
        self.table.setFocus()

    def show_chosen(self, codes: frozenset[str] | None, text: str) -> None:
        self._codes = codes
        self.chosen_label.setText(text)
        self.chosen_label.setAccessibleName(text)
        self.chosen_bar.setVisible(codes is not None)
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())  # the selection stays (by code)
        self._update_count()
        self.filter_changed.emit()

    def _update_count(self) -> None:
        tr = self._tr
        shown, total = self.model.rowCount(), self.model.total
        self.no_hits.setVisible(shown == 0 and total > 0)
        count = tr.ngettext("{shown} of {n} measure", "{shown} of {n} measures", total)
        count = count.format(shown=shown, n=total)
        if self.model.loading:  # the first rows only: more to come
            count = tr.gettext("{count}, loading more…").format(count=count)
        say(self.count_label, count)

    def select(self, code: str | None) -> None:
        """Select the measure ``code`` alone (``None``: none)."""
        self.select_codes([code] if code else [], code)

    def select_codes(
        self, codes: list[str], current: str | None = None, *, quiet: bool = False
    ) -> None:
        """Select the measures ``codes`` (those shown), ``current`` the one with the focus;
        ``quiet``: not announced when these measures were selected already."""
        wanted = set(codes)
        rows = sorted(self.model.rows_of(wanted)) if wanted else []
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        start = 0
        for n, row in enumerate(rows):  # one range per run of adjacent rows
            if n + 1 == len(rows) or rows[n + 1] != row + 1:
                selection.select(self.model.index(rows[start], 0), self.model.index(row, last))
                start = n + 1
        model = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        model.blockSignals(True)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        focus = self.model.row_of(current) if current else None
        if focus is None and rows:
            focus = rows[0]
        if focus is not None:
            model.setCurrentIndex(self.model.index(focus, 0), flags.NoUpdate)
        model.blockSignals(False)
        self.table.viewport().update()
        if focus is not None:
            self.table.scrollTo(self.model.index(focus, 0))
        if not (quiet and set(self.selected_codes()) == wanted):
            self._selected()

    def selected_codes(self) -> list[str]:
        """The codes of the selected measures, in the table's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row).code for row in rows]

    def selected_code(self) -> str | None:
        """The selected measure's code when exactly one is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).code if len(rows) == 1 else None

    def _keep_selection(self) -> None:
        index = self.table.currentIndex()
        current = self.model.row_at(index.row()).code if index.isValid() else None
        self._kept = (self.selected_codes(), current)

    def _restore_selection(self) -> None:
        codes, current = self._kept
        self._kept = ([], None)
        # Filtered, the same measures selected show nothing new; loaded again, they may.
        self.select_codes(codes, current, quiet=self.model.filtering)

    def _selected(self, *_args: QItemSelection) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected_code() or "")

    def _update_buttons(self) -> None:
        code = self.selected_code()
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(code is not None)
        self.bulk_button.setEnabled(self.table.selectionModel().hasSelection())
        _ = self._tr.gettext
        row = self.model.row_of(code) if code else None
        archived = row is not None and self.model.row_at(row).archived
        self.archive_button.setText(_("Rest&ore") if archived else _("&Archive"))

    # -- detail panel ------------------------------------------------------------------------
    def show_details(self, code: str, data: MeasureInput | None, history: MeasureHistory) -> None:
        row = self.model.row_of(code) if code else None
        archived = row is not None and self.model.row_at(row).archived
        if data is not None:
            shown = details_html(self._tr, self._vocabulary, code, data, archived=archived)
        else:
            shown = selection_html(self._tr, self.selected_codes())
        self.details.setHtml(shown)
        self.history.show_events(*history)

    # -- remembered state ---------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("register/columns", self.table.horizontalHeader().saveState())
        settings.setValue("register/columns_lang", self._tr.lang)  # widths fit its captions
        settings.setValue("register/splitter", self.splitter.saveState())
        settings.setValue("register/archived", self.show_archived.isChecked())
        for key, combo in self.combos.items():
            value = combo.currentData()
            settings.setValue(f"register/filter_{key}", "" if value is None else str(value))

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("register/columns")  # fitted since 2026-12, to this language
        same = settings.value("register/columns_lang", self._tr.lang) == self._tr.lang
        if header is not None and same:
            self._fitted = self._restored = self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("register/splitter")
        if splitter is not None:
            self._split = self.splitter.restoreState(splitter)
        self.show_archived.setChecked(str(settings.value("register/archived", "false")) == "true")

    def restore_filters(self, settings: QSettings) -> None:
        """After the vocabulary is known: choose the remembered filter values again."""
        for key, combo in self.combos.items():
            wanted = str(settings.value(f"register/filter_{key}", ""))
            for index in range(1, combo.count()):
                if str(combo.itemData(index)) == wanted:
                    combo.setCurrentIndex(index)
                    break
