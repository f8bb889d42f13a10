"""What the spreadsheet imports' dialogs share (the register's measures, a department's answers):
opened while the file is read, then either a preview of every change the file would make
(measure, field, old → new) or the refusal with every problem the file has (sheet, row, column,
what is wrong); only "Apply" saves, all of it or nothing. The core reads, plans and applies on
the database worker; the dialog only shows what it says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from app.spreadsheets.tables import SpreadsheetRefused
from app.ui.widgets import error_label, fill_table, say, text_table

Apply = Callable[[Any, Callable[[Any], None], Callable[[UserError], None]], None]
"""``apply(plan, done, failed)``: save the plan on the worker, then ``done(result)``."""


class PreviewDialog(QDialog):
    """The preview of an import, or its refusal: :meth:`show_changes` or :meth:`show_refusal`
    fill it; "Apply" hands the plan to ``apply`` and closes the dialog when it is saved."""

    def __init__(
        self, tr: Translator, path: Path, title: str, apply: Apply, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._apply = apply
        self.plan: Any = None
        self.result: Any = None
        """What ``apply`` reported when it saved the plan."""
        _ = tr.gettext
        self.setWindowTitle(title)
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

    def show_changes(self, plan: Any, text: str, rows: list[list[str]], *, empty: bool) -> None:
        """The plan: ``text`` above, one row per change (measure, field, old, new); ``empty``:
        it changes nothing (nothing to apply)."""
        self.plan = plan
        self.summary.setText(text)
        fill_table(self.changes, rows)
        self.apply_button.setEnabled(not empty)
        if not empty:
            self.apply_button.setDefault(True)
            self.apply_button.setFocus()

    def show_refusal(self, error: UserError) -> None:
        """The file cannot be imported: every problem it has; nothing changed."""
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
        if self.plan is None or not self.apply_button.isEnabled():
            return
        self.apply_button.setEnabled(False)
        self._apply(self.plan, self.applied, self.failed)

    def applied(self, result: Any) -> None:
        self.result = result
        self.accept()

    def failed(self, error: UserError) -> None:
        say(self.error, self._tr.render(error.message))
