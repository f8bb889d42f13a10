"""Widgets and small helpers every screen shares: the base of a screen, lists and tables
(read-only, to tick, with a key per row), the first control of a page, what keeps a window
within a small screen (the page stack, scroll areas, the opening size), the red error line and
the result line (their text announced to screen readers), the yes/no question, date fields, and
the file dialogs (starting in the folder last used)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.errors import UserError
from app.i18n import Translator
from app.ui.input_state import InputState, changed_fields, input_state

if TYPE_CHECKING:  # the shared widgets serve the first screen, too (before SQLAlchemy)
    from app.operations.context import Actor
    from app.ui.worker import DbWorker

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


@dataclass(frozen=True)
class ScreenContext:
    """What a screen that changes the register works with: the translator, the database
    worker, who acts (asked at each change), and the settings (where the folders last used are
    kept)."""

    tr: Translator
    worker: DbWorker
    actor: Callable[[], Actor]
    settings: QSettings


class Screen(QWidget):
    """A page's screen (or a part of one) that changes the register, with its
    :class:`ScreenContext`."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tr = context.tr
        self._worker = context.worker
        self._actor = context.actor
        self._settings = context.settings


# -- lists and tables ---------------------------------------------------------------------------
def tree(name: str, headers: list[str]) -> QTreeWidget:
    """A flat list of rows with columns, one row selected at a time."""
    widget = QTreeWidget()
    widget.setAccessibleName(name)
    widget.setHeaderLabels(headers)
    widget.setRootIsDecorated(False)
    widget.setAlternatingRowColors(True)
    widget.setUniformRowHeights(True)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setAllColumnsShowFocus(True)
    return widget


class WrappingTable(QTableWidget):
    """A table whose rows fit their wrapped texts at the width the table has when shown."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.resizeRowsToContents)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.resizeRowsToContents)


def text_table(name: str, headers: list[str], stretch: int) -> QTableWidget:
    """A read-only table whose long texts wrap (rows grow to fit them)."""
    table = WrappingTable(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for number, texts in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(number, column, item)
    table.resizeRowsToContents()


def current_key(widget: QTreeWidget) -> str | None:
    """The key (user data of column 0) of the current item."""
    item = widget.currentItem()
    return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None


def tree_items(widget: QTreeWidget) -> list[QTreeWidgetItem]:
    """The top-level items of ``widget``, in order."""
    found = []
    for index in range(widget.topLevelItemCount()):
        item = widget.topLevelItem(index)
        assert item is not None
        found.append(item)
    return found


def item_with_key(widget: QTreeWidget, key: object) -> QTreeWidgetItem | None:
    """The top-level item whose key (user data of column 0) is ``key``."""
    return next(
        (item for item in tree_items(widget) if item.data(0, Qt.ItemDataRole.UserRole) == key),
        None,
    )


def fit_columns(widget: QTreeWidget, stretch: int | None = None) -> None:
    for column in range(widget.columnCount()):
        if column != stretch:
            widget.resizeColumnToContents(column)
    widget.header().setStretchLastSection(stretch is None or stretch == widget.columnCount() - 1)
    if stretch is not None and stretch != widget.columnCount() - 1:
        widget.header().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def checkable_tree(
    name: str, headers: list[str], rows: list[tuple[str, str, bool, str]]
) -> QTreeWidget:
    """A list to tick, two columns wide: each row's key (kept with it), its text (cut, with a
    tooltip), ticked or not, and the second column's text (empty: a count filled in later,
    centred)."""
    widget = QTreeWidget()
    widget.setAccessibleName(name)
    widget.setHeaderLabels(headers)
    widget.setRootIsDecorated(False)
    for key, text, checked, second in rows:
        item = QTreeWidgetItem([text, second])
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(0, text)
        if not second:
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        widget.addTopLevelItem(item)
    header = widget.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return widget


def ticked(widget: QTreeWidget) -> list[str]:
    """The keys of the rows ticked, in the list's order."""
    return [
        str(item.data(0, Qt.ItemDataRole.UserRole))
        for item in tree_items(widget)
        if item.checkState(0) == Qt.CheckState.Checked
    ]


def checked_list(name: str, items: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    """A one-column list to tick: each row's key (kept with it) and text."""
    widget = QListWidget()
    widget.setAccessibleName(name)
    for key, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> list[str]:
    """The keys of the rows ticked in a :func:`checked_list`, in the list's order."""
    return [
        str(widget.item(n).data(Qt.ItemDataRole.UserRole))
        for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    ]


def side_by_side(lists: list[tuple[str, QWidget, int]], note: QLabel) -> QWidget:
    """Lists side by side, each under its caption (with its Alt-letter) and with its share of
    the width, and a note under all of them."""
    widget = QWidget()
    grid = QGridLayout(widget)
    grid.setContentsMargins(0, 0, 0, 0)
    for column, (caption, box, stretch) in enumerate(lists):
        label = QLabel(caption)
        label.setBuddy(box)
        grid.addWidget(label, 0, column)
        grid.addWidget(box, 1, column)
        grid.setColumnStretch(column, stretch)
    grid.addWidget(note, 2, 0, 1, len(lists))
    return widget


def dialog_buttons(
    dialog: QDialog, accept: Callable[[], None], *, save: bool = True
) -> QDialogButtonBox:
    """A dialog's Save (or OK) and Cancel buttons: the first calls ``accept``, Cancel closes."""
    first = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(first | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class EditDialog(QDialog):
    """A dialog that hands its input to the core to save: while the core works its buttons
    are off; a refusal shows in its :attr:`error` line and it stays open, a success closes it
    with :attr:`saved_code` set."""

    error: QLabel
    buttons: QDialogButtonBox

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.saved_code: str | None = None
        self._clean: InputState | None = None
        self._shown = False

    def ask_before_discarding(self) -> None:
        """From now on, Escape, Cancel or closing the window with changed input asks whether to
        throw the changes away (Discard) or go on (Keep editing, the default). The input as it
        is now counts as unchanged; it is taken again when the dialog first shows (after it
        filled itself) and whenever :meth:`mark_unchanged` is called."""
        self._clean = input_state(self)

    def mark_unchanged(self) -> None:
        """The input as it is now counts as unchanged (call after filling fields later)."""
        if self._clean is not None:
            self._clean = input_state(self)

    def input_changed(self) -> bool:
        return self._clean is not None and bool(changed_fields(self._clean, input_state(self)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.mark_unchanged()

    def discard(self) -> None:
        """Close without asking (the changes are settled otherwise)."""
        self._clean = None
        self.reject()

    def reject(self) -> None:
        if self.saved_code is None and self.input_changed() and not self._discard():
            return
        super().reject()

    def _discard(self) -> bool:
        _ = self._tr.gettext
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("You have changed this dialog's input. Throw the changes away?"))
        discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def _saved(self, code: str) -> None:
        self.saved_code = code
        self.buttons.setEnabled(True)
        self.accept()

    def show_error(self, error: UserError) -> None:
        self.buttons.setEnabled(True)
        say(self.error, self._tr.render(error.message))


# -- messages -----------------------------------------------------------------------------------
# A message line's accessible name is its text (a QLabel's default), so that a screen reader reads
# what it says; what kind of line it is goes into the description. Each new text is announced.
def say(label: QLabel, text: str) -> None:
    """Show ``text`` in a message line (shown if it was hidden) and have screen readers announce
    it."""
    label.setText(text)
    label.setVisible(bool(text) or label.isVisible())
    if text and label.isVisible():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(label, text))


def error_label(tr: Translator) -> QLabel:
    """The red line where a dialog shows why the core refused its input (hidden until then)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleDescription(tr.gettext("Error"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def result_label(tr: Translator) -> QLabel:
    """The line where a screen says what an action did (or, in red, why it failed)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleDescription(tr.gettext("Result"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_result(label: QLabel, text: str, *, error: bool = False) -> None:
    """Say ``text`` in a result line: in red when it is why something failed."""
    label.setStyleSheet(ERROR_STYLE if error else "")
    say(label, text)


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question; "no" is the default answer."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


# -- texts ------------------------------------------------------------------------------------
def in_language(tr: Translator, record: dict[str, Any], key: str) -> str:
    """``record[key_<lang>]`` in the interface language, else the German one."""
    return str(record.get(f"{key}_{tr.lang}") or record.get(f"{key}_de") or "")


# -- dates and files ----------------------------------------------------------------------------
def documents_folder(settings: QSettings, key: str) -> Path:
    """The folder last used for ``key``, else the user's documents folder."""
    saved = settings.value(key)
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def choose_file(
    parent: QWidget, settings: QSettings, key: str, title: str, file_filter: str
) -> Path | None:
    """A file to open, chosen starting in the folder last used for ``key``."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, str(documents_folder(settings, key)), file_filter
    )
    return Path(path) if path else None


def choose_files(
    parent: QWidget, settings: QSettings, key: str, title: str, file_filter: str
) -> list[Path]:
    """Files to open, chosen starting in the folder last used for ``key``."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, title, str(documents_folder(settings, key)), file_filter
    )
    return [Path(p) for p in paths]


def choose_folder(parent: QWidget, settings: QSettings, key: str, title: str) -> Path | None:
    """A folder, chosen starting in the folder last used for ``key``."""
    folder = QFileDialog.getExistingDirectory(parent, title, str(documents_folder(settings, key)))
    return Path(folder) if folder else None


def choose_target(parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
    """The file to write, starting from ``suggested`` (empty: the user cancelled)."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


class CollatedItem(QTreeWidgetItem):
    """A tree row whose name columns sort in the language's alphabetical order (CLDR collation
    through the translator: "Lublin", "Lwów", "Łódź" in Polish), not by code point: clicking the
    header of one of ``collated`` sorts that column by the language. The other columns (codes,
    numbers) compare their texts as Qt does, character by character."""

    def __init__(self, tr: Translator, texts: list[str], collated: Collection[int]) -> None:
        super().__init__(texts)
        self._tr = tr
        self._collated = collated

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if column not in self._collated:
            return self.text(column) < other.text(column)
        return self._tr.sort_key(self.text(column)) < self._tr.sort_key(other.text(column))
