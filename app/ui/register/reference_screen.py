"""Reference data: the departments (add, rename, retire without orphaning measures)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.i18n import Translator
from app.operations import departments
from app.operations.context import Actor
from app.operations.departments import DepartmentRow
from app.ui.widgets import ask, dialog_buttons
from app.ui.worker import DbWorker


class DepartmentDialog(QDialog):
    def __init__(
        self, tr: Translator, row: DepartmentRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Rename department") if row else _("Add department"))
        self.code = QLineEdit(row.code if row else "")
        self.code.setReadOnly(row is not None)
        self.name_de = QLineEdit(row.name_de if row else "")
        self.name_pl = QLineEdit((row.name_pl or "") if row else "")
        self.name_cs = QLineEdit((row.name_cs or "") if row else "")
        form = QFormLayout()
        for caption, widget in (
            (_("&Code:"), self.code),
            (_("Name (&German):"), self.name_de),
            (_("Name (&Polish):"), self.name_pl),
            (_("Name (C&zech):"), self.name_cs),
        ):
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(caption, widget)
        buttons = dialog_buttons(self, self.accept, save=False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


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
        title = QLabel(f"<h2>{_('Departments')}</h2>")
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Departments"))
        self.table.setHorizontalHeaderLabels([_("Code"), _("Name"), _("Measures led"), _("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("A&dd department…"))
        self.rename_button = QPushButton(_("Re&name…"))
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
        self._worker.run(departments.list_departments, self._show)

    def _show(self, rows: list[DepartmentRow]) -> None:
        _ = self._tr.gettext
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            values = (
                row.code,
                row.name(self._tr.lang),
                str(row.leads),
                _("retired") if row.retired else _("active"),
            )
            for column, value in enumerate(values):
                self.table.setItem(n, column, QTableWidgetItem(value))
        for column in (0, 2, 3):
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
        code, de, pl, cs = (
            w.text() for w in (dialog.code, dialog.name_de, dialog.name_pl, dialog.name_cs)
        )
        actor = self._actor()
        self._write(
            lambda s: departments.add_department(s, actor, code, name_de=de, name_pl=pl, name_cs=cs)
        )

    def rename(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = DepartmentDialog(self._tr, row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        de, pl, cs = (w.text() for w in (dialog.name_de, dialog.name_pl, dialog.name_cs))
        actor = self._actor()
        self._write(
            lambda s: departments.rename_department(
                s, actor, row.code, name_de=de, name_pl=pl, name_cs=cs
            )
        )

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
