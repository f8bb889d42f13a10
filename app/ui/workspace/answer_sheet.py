"""The department's answers as a spreadsheet in the window: "Answers as spreadsheet…" writes
them as XLSX to fill in Excel, "Import spreadsheet…" reads the filled-in file back. Before
anything is saved the import dialog shows every change (measure, field, old → new), or the
refusal with every problem of the file (sheet, row, column, what is wrong); only "Apply" saves,
all of it or nothing. The core (:mod:`app.spreadsheets.answers`) reads, checks and saves on the
database worker."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import Translator
from app.rounds import workspace
from app.spreadsheets.answers import AnswerPlan, apply_answers, export_answers, plan_answers
from app.spreadsheets.workbook import SpreadsheetRefused
from app.ui.widgets import (
    Screen,
    ScreenContext,
    choose_file,
    choose_target,
    documents_folder,
    error_label,
    fill_table,
    text_table,
)

SHEET_SUFFIX = ".xlsx"
FOLDER_KEY = "workspace/sheets"
Apply = Callable[[AnswerPlan, Callable[[int], None], Callable[[UserError], None]], None]


class AnswerSheetDialog(QDialog):
    """Opened while the file is read; :meth:`show_plan` or :meth:`show_refusal` fill it."""

    def __init__(
        self, tr: Translator, path: Path, apply: Apply, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._apply = apply
        self.plan: AnswerPlan | None = None
        self.saved: int | None = None
        _ = tr.gettext
        self.setWindowTitle(_("Import answers from {name}").format(name=path.name))
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 480)

    def show_plan(self, plan: AnswerPlan) -> None:
        tr = self._tr
        self.plan = plan
        if plan.empty:
            text = tr.gettext(
                "The file {name} changes nothing: the answers hold its values already."
            ).format(name=plan.source)
        else:
            text = tr.ngettext(
                "Importing {name} changes {n} answer.",
                "Importing {name} changes {n} answers.",
                len(plan.answers),
            ).format(name=plan.source, n=len(plan.answers))
            text += " " + tr.gettext("Nothing is saved before “Apply”.")
        self.summary.setText(text)
        fill_table(
            self.changes, [[c.code, c.label, c.old or "–", c.new or "–"] for c in plan.changes]
        )
        self.apply_button.setEnabled(not plan.empty)
        if not plan.empty:
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
        if self.plan is None or self.plan.empty:
            return
        self.apply_button.setEnabled(False)
        self._apply(self.plan, self._applied, self._failed)

    def _applied(self, saved: int) -> None:
        self.saved = saved
        self.accept()

    def _failed(self, error: UserError) -> None:
        self.error.setText(self._tr.render(error.message))
        self.error.show()


class AnswerSheets(Screen):
    """The two buttons under the answers of a measure round, and what they do."""

    imported = Signal(str)
    """Answers of the round (its name) were saved from a spreadsheet."""
    said = Signal(str, bool)
    """What an action did (or, ``True``, why it failed), as HTML for the screen's banner."""

    def __init__(
        self, context: ScreenContext, flush: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        _ = self._tr.gettext
        self._flush = flush
        self.round_name: str | None = None
        self.file_name = ""
        """The name the export suggests (without its ending)."""
        self.dialog: AnswerSheetDialog | None = None
        self.export_button = QPushButton(_("Ans&wers as spreadsheet…"))
        self.export_button.setToolTip(
            _("Write the answers as an Excel workbook (XLSX), to fill in and import again")
        )
        self.export_button.clicked.connect(self.choose_and_export)
        self.import_button = QPushButton(_("Im&port spreadsheet…"))
        self.import_button.setToolTip(
            _("Read answers filled in an Excel workbook back; every change is shown first")
        )
        self.import_button.clicked.connect(self.choose_and_import)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.import_button)

    def show_round(self, name: str | None, file_name: str, *, measures: bool) -> None:
        """The round shown (``None``: none); only a measure round's answers have a sheet."""
        self.round_name = name if measures else None
        self.file_name = file_name
        self.setVisible(name is not None and measures)

    # -- export ------------------------------------------------------------------------------
    def choose_and_export(self) -> None:
        if self.round_name is None:
            return
        _ = self._tr.gettext
        suggested = documents_folder(self._settings, FOLDER_KEY) / f"{self.file_name}{SHEET_SUFFIX}"
        path = choose_target(
            self,
            _("Save the answers as"),
            str(suggested),
            _("Excel workbooks (*{suffix})").format(suffix=SHEET_SUFFIX),
        )
        if path:
            self.export(Path(path if path.endswith(SHEET_SUFFIX) else path + SHEET_SUFFIX))

    def export(self, target: Path) -> None:
        """Write the answers of the round shown to ``target`` (on the worker)."""
        name, tr = self.round_name, self._tr
        if name is None:
            return
        self._settings.setValue(FOLDER_KEY, str(target.parent))
        self._flush()  # what was typed goes into the file

        def done(count: int) -> None:
            text = tr.ngettext(
                "The answers for {n} measure written to {path}.",
                "The answers for {n} measures written to {path}.",
                count,
            ).format(n=count, path=target)
            self.said.emit(html.escape(text), False)

        self._worker.run(
            lambda s: export_answers(s, workspace.find(s, name), target, tr=tr),
            done,
            on_error=lambda error: self.said.emit(html.escape(tr.render(error.message)), True),
        )

    # -- import ------------------------------------------------------------------------------
    def choose_and_import(self) -> None:
        _ = self._tr.gettext
        path = choose_file(
            self,
            self._settings,
            FOLDER_KEY,
            _("Import answers from a spreadsheet"),
            _("Excel workbooks (*{suffix});;All files (*)").format(suffix=SHEET_SUFFIX),
        )
        if path:
            self.read(path)

    def read(self, path: Path) -> None:
        """Read ``path`` on the worker and show what it would change in the import dialog."""
        name, tr = self.round_name, self._tr
        if name is None:
            return
        self._settings.setValue(FOLDER_KEY, str(path.parent))
        self._flush()  # the preview compares with every answer typed so far

        def apply(
            plan: AnswerPlan, done: Callable[[int], None], failed: Callable[[UserError], None]
        ) -> None:
            def saved(count: int) -> None:
                done(count)
                text = tr.ngettext(
                    "Imported {source}: {n} answer saved.",
                    "Imported {source}: {n} answers saved.",
                    count,
                ).format(source=plan.source, n=count)
                self.said.emit(html.escape(text), False)
                self.imported.emit(name)

            self._worker.run(
                lambda s: apply_answers(s, workspace.find(s, name), plan), saved, on_error=failed
            )

        self.dialog = dialog = AnswerSheetDialog(tr, path, apply, self)
        dialog.open()

        def job(session: Session) -> AnswerPlan:
            return plan_answers(session, workspace.find(session, name), path, tr=tr)

        self._worker.run(job, dialog.show_plan, on_error=dialog.show_refusal)
