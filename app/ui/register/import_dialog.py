"""Importing measures from a spreadsheet: first a preview of every change the file would make
(measure, field, old → new, and the new measures), or the refusal with every problem the file
has (sheet, row, column, what is wrong); only "Apply" writes, all of it or nothing. The core
(:mod:`app.spreadsheets.measures`) reads, plans and applies on the database worker; the dialog
only shows what it says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import Translator
from app.spreadsheets.measures import ImportPlan, ImportResult
from app.spreadsheets.tables import SpreadsheetRefused
from app.ui.widgets import error_label, fill_table, text_table

Apply = Callable[[ImportPlan, Callable[[ImportResult], None], Callable[[UserError], None]], None]


class ImportDialog(QDialog):
    """Opened while the file is read; :meth:`show_plan` or :meth:`show_refusal` fill it."""

    def __init__(
        self, tr: Translator, path: Path, apply: Apply, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._apply = apply
        self.plan: ImportPlan | None = None
        self.imported: ImportResult | None = None
        _ = tr.gettext
        self.setWindowTitle(_("Import measures from {name}").format(name=path.name))
        self.summary = QLabel(_("Reading {name}…").format(name=path.name))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary"))
        self.changes = text_table(
            _("Changes"), [_("Measure"), _("Field"), _("Old value"), _("New value")], 3
        )
        self.problems = text_table(
            _("Problems"), [_("Sheet"), _("Row"), _("Column"), _("Problem")], 3
        )
        self.problems.hide()
        self.error = error_label(tr)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(_("&Apply"))
        self.apply_button.setEnabled(False)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.summary.setBuddy(self.changes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 480)

    def show_plan(self, plan: ImportPlan) -> None:
        tr = self._tr
        self.plan = plan
        if plan.empty:
            text = tr.gettext(
                "The file {name} changes nothing: the register holds its values already."
            ).format(name=plan.source)
        else:
            text = tr.ngettext(
                "Importing {name} changes {n} field.",
                "Importing {name} changes {n} fields.",
                len(plan.changes),
            ).format(name=plan.source, n=len(plan.changes))
            if plan.created:
                text += " " + tr.ngettext(
                    "{n} new measure ({codes}).",
                    "{n} new measures ({codes}).",
                    len(plan.created),
                ).format(n=len(plan.created), codes=", ".join(plan.created))
            text += " " + tr.gettext("Nothing is written before “Apply”.")
        self.summary.setText(text)
        fill_table(
            self.changes,
            [[c.code, tr.gettext(c.label), c.old or "–", c.new or "–"] for c in plan.changes],
        )
        self.apply_button.setEnabled(not plan.empty)
        if not plan.empty:
            self.apply_button.setDefault(True)

    def show_refusal(self, error: UserError) -> None:
        """The file cannot be imported: every problem it has, nothing changed."""
        tr = self._tr
        self.summary.setText(tr.render(error.message))
        self.summary.setStyleSheet("font-weight: bold;")
        self.changes.hide()
        self.problems.show()
        if isinstance(error, SpreadsheetRefused):
            fill_table(
                self.problems,
                [
                    [p.sheet or "", "" if p.row is None else str(p.row), p.column or "",
                     tr.render(p.message)]
                    for p in error.problems
                ],
            )  # fmt: skip
        self.apply_button.setEnabled(False)

    def submit(self) -> None:
        if self.plan is None or self.plan.empty:
            return
        self.apply_button.setEnabled(False)
        self._apply(self.plan, self._applied, self._failed)

    def _applied(self, result: ImportResult) -> None:
        self.imported = result
        self.accept()

    def _failed(self, error: UserError) -> None:
        self.error.setText(self._tr.render(error.message))
        self.error.show()
