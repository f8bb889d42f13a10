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
    QHBoxLayout,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import Translator
from app.rounds import workspace
from app.spreadsheets.answers import AnswerPlan, apply_answers, export_answers, plan_answers
from app.ui.preview_dialog import Apply, PreviewDialog
from app.ui.widgets import (
    Screen,
    ScreenContext,
    choose_file,
    choose_target,
    documents_folder,
)

SHEET_SUFFIX = ".xlsx"
FOLDER_KEY = "workspace/sheets"


class AnswerSheetDialog(PreviewDialog):
    """Opened while the file is read; :meth:`show_plan` or :meth:`show_refusal` fill it."""

    plan: AnswerPlan | None

    def __init__(
        self, tr: Translator, path: Path, apply: Apply, parent: QWidget | None = None
    ) -> None:
        title = tr.gettext("Import answers from {name}").format(name=path.name)
        super().__init__(tr, path, title, apply, parent)

    @property
    def saved(self) -> int | None:
        """How many answers were saved, once applied."""
        result: int | None = self.result
        return result

    def show_plan(self, plan: AnswerPlan) -> None:
        tr = self._tr
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
        rows = [[c.code, c.label, c.old or "–", c.new or "–"] for c in plan.changes]
        self.show_changes(plan, text, rows, empty=plan.empty)


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
