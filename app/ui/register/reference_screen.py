"""Reference data: the departments (add, edit names, e-mail address and language of reminders,
retire without orphaning measures)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import N_, Translator
from app.operations import departments
from app.operations.context import Actor
from app.operations.departments import DepartmentRow
from app.ui.profile_dialog import LANGUAGE_NAMES
from app.ui.table_fit import two_lines
from app.ui.widgets import ask, dialog_buttons
from app.ui.worker import DbWorker


class DepartmentDialog(QDialog):
    def __init__(
        self, tr: Translator, row: DepartmentRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Edit department") if row else _("Add department"))
        self.code = QLineEdit(row.code if row else "")
        self.code.setReadOnly(row is not None)
        self.name_de = QLineEdit(row.name_de if row else "")
        self.name_pl = QLineEdit((row.name_pl or "") if row else "")
        self.name_cs = QLineEdit((row.name_cs or "") if row else "")
        self.email = QLineEdit((row.email or "") if row else "")
        self.email.setPlaceholderText(_("name@example.org"))
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(row.language if row else "de")))
        form = QFormLayout()
        for caption, widget in (
            (_("&Code:"), self.code),
            (_("Name (&German):"), self.name_de),
            (_("Name (&Polish):"), self.name_pl),
            (_("Name (C&zech):"), self.name_cs),
            (_("&E-mail address:"), self.email),
            (_("&Language of reminders:"), self.language),
        ):
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(caption, widget)
        buttons = dialog_buttons(self, self.accept, save=False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def values(self) -> dict[str, str | None]:
        """What the dialog holds, as :func:`app.operations.departments.edit_department` takes
        it."""
        return {
            "name_de": self.name_de.text(),
            "name_pl": self.name_pl.text(),
            "name_cs": self.name_cs.text(),
            "email": self.email.text(),
            "language": self.language.currentData(),
        }


class ReferenceScreen(QWidget):
    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        actor: Callable[[], Actor],
        on_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr, self._worker, self._actor, self._on_changed = tr, worker, actor, on_changed
        _ = tr.gettext
        self.rows: list[DepartmentRow] = []
        self._stale = False
        title = QLabel(f"<h2>{_('Departments')}</h2>")
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName(_("Departments"))
        captions = (N_("Code"), N_("Name"), N_("E-mail address"), N_("Language"),
                    N_("Measures led"), N_("State"))  # fmt: skip
        # Long captions on two lines; a long name wraps (its row as high as it needs), so that
        # names stay whole in a narrow window (150 %).
        self.table.setHorizontalHeaderLabels([two_lines(_(caption)) for caption in captions])
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("A&dd department…"))
        self.rename_button = QPushButton(_("&Edit…"))
        self.retire_button = QPushButton(_("Re&tire…"))
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.retire)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        self._stale = False
        self._worker.run(departments.list_departments, self._show)

    def invalidate(self) -> None:
        """Measures changed (the counts of measures led may have): read again at once if shown,
        else when next shown, so that an edit does not wait for a list nobody looks at."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _show(self, rows: list[DepartmentRow]) -> None:
        _ = self._tr.gettext
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            values = (
                row.code,
                row.name(self._tr.lang),
                row.email or "",
                LANGUAGE_NAMES.get(row.language, row.language),
                str(row.leads),
                _("retired") if row.retired else _("active"),
            )
            for column, value in enumerate(values):
                self.table.setItem(n, column, QTableWidgetItem(value))
        for column in (0, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)

    def selected(self) -> DepartmentRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _write(self, job: Callable[[Session], object]) -> None:
        def done(_result: object) -> None:
            self.reload()
            self._on_changed()

        self._worker.run(job, done)

    def add(self) -> None:
        dialog = DepartmentDialog(self._tr, None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, values = dialog.code.text(), dialog.values()
        actor = self._actor()
        self._write(lambda s: departments.create_department(s, actor, code, values))

    def rename(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = DepartmentDialog(self._tr, row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        actor = self._actor()
        self._write(lambda s: departments.edit_department(s, actor, row.code, values))

    def ask_successor(self, row: DepartmentRow) -> str | None:
        """Which department takes over the measures ``row`` leads (``None``: cancelled)."""
        _ = self._tr.gettext
        choices = [r for r in self.rows if not r.retired and r.code != row.code]
        texts = [f"{r.code} – {r.name(self._tr.lang)}" for r in choices]
        text, ok = QInputDialog.getItem(
            self,
            _("Retire department"),
            self._tr.ngettext(
                "{code} leads {n} measure. Which department takes it over?",
                "{code} leads {n} measures. Which department takes them over?",
                row.leads,
            ).format(code=row.code, n=row.leads),
            texts,
            0,
            False,
        )
        return choices[texts.index(text)].code if ok and text in texts else None

    def confirm(self, row: DepartmentRow) -> bool:
        _ = self._tr.gettext
        return ask(
            self,
            _("Retire department"),
            _("Retire the department {code}? It can no longer be assigned.").format(code=row.code),
        )

    def retire(self) -> None:
        row = self.selected()
        if row is None or row.retired:
            return
        successor = None
        if row.leads:
            successor = self.ask_successor(row)
            if successor is None:
                return
        elif not self.confirm(row):
            return
        actor = self._actor()
        self._write(
            lambda s: departments.retire_department(s, actor, row.code, reassign_to=successor)
        )
