"""Importing measures from a spreadsheet: first a preview of every change the file would make
(measure, field, old → new, and the new measures), or the refusal with every problem the file
has (sheet, row, column, what is wrong); only "Apply" writes, all of it or nothing. The core
(:mod:`app.spreadsheets.measures`) reads, plans and applies on the database worker; the dialog
only shows what it says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.i18n import Translator
from app.spreadsheets.measures import ImportPlan, ImportResult
from app.ui.preview_dialog import Apply, PreviewDialog


class ImportDialog(PreviewDialog):
    """Opened while the file is read; :meth:`show_plan` or :meth:`show_refusal` fill it."""

    plan: ImportPlan | None

    def __init__(
        self, tr: Translator, path: Path, apply: Apply, parent: QWidget | None = None
    ) -> None:
        title = tr.gettext("Import measures from {name}").format(name=path.name)
        super().__init__(tr, path, title, apply, parent)

    @property
    def imported(self) -> ImportResult | None:
        """What the import changed, once applied."""
        result: ImportResult | None = self.result
        return result

    def show_plan(self, plan: ImportPlan) -> None:
        tr = self._tr
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
        rows = [[c.code, tr.gettext(c.label), c.old or "–", c.new or "–"] for c in plan.changes]
        self.show_changes(plan, text, rows, empty=plan.empty)
