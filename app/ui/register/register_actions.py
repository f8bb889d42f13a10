"""What the register page does with many measures at once: change the selected ones together
(the bulk dialog), export them to a spreadsheet and import one back (with a preview of every
change). The main window puts these actions into its menus and the table's context
menu; each runs its work through the core on the database worker and says in the register's
result line what it changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import translator
from app.operations.changes import EVERYTHING, OpChanges
from app.operations.register_view import Vocabulary
from app.ui.register.measure_model import FALLBACK_MARK
from app.ui.register.register_screen import RegisterScreen
from app.ui.widgets import ScreenContext, choose_file, choose_target, documents_folder, show_result

if TYPE_CHECKING:  # the spreadsheets, the bulk change and the dialogs load when first used
    from app.operations.bulk import BulkChange
    from app.spreadsheets.measures import ImportPlan, ImportResult
    from app.ui.register.bulk_dialog import BulkDialog
    from app.ui.register.import_dialog import ImportDialog

FOLDER_KEY = "folders/spreadsheets"


class RegisterActions(QObject):
    def __init__(
        self,
        context: ScreenContext,
        screen: RegisterScreen,
        vocabulary: Callable[[], Vocabulary | None],
        reload: Callable[[OpChanges], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._tr = context.tr
        self._screen = screen
        self._vocabulary = vocabulary
        self._reload = reload
        self._parent = parent
        _ = self._tr.gettext
        self.bulk_action = QAction(_("C&hange selected…"), parent)
        self.bulk_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.bulk_action.triggered.connect(self.change_selected)
        screen.bulk_button.clicked.connect(self.change_selected)
        screen.selection_changed.connect(lambda _code: self._update())
        self._update()
        self.import_action = QAction(_("&Import measures from spreadsheet…"), parent)
        self.import_action.triggered.connect(self.import_measures)
        self.export_action = QAction(_("E&xport measures…"), parent)
        self.export_action.triggered.connect(self.export_measures)
        self.bulk_dialog: BulkDialog | None = None
        self.import_dialog: ImportDialog | None = None

    def _update(self) -> None:
        self.bulk_action.setEnabled(bool(self._screen.selected_codes()))

    # -- bulk change ------------------------------------------------------------------------
    def change_selected(self) -> None:
        vocabulary = self._vocabulary()
        codes = self._screen.selected_codes()
        if vocabulary is None or not codes:
            return
        model, lang = self._screen.model, self._tr.lang
        rows = model.rows_of(set(codes))
        measures = []
        for row in map(model.row_at, rows):
            title, fallback = row.title(lang)
            measures.append((row.code, FALLBACK_MARK + title if fallback else title))
        worker, actor = self._context.worker, self._context.actor()
        from app.operations.bulk import apply_bulk
        from app.ui.register.bulk_dialog import BulkDialog

        def apply(
            change: BulkChange, done: Callable[[int], None], failed: Callable[[UserError], None]
        ) -> None:
            def job(session: Session) -> int:
                return apply_bulk(session, actor, codes, change)

            worker.run(job, done, on_error=failed)

        dialog = BulkDialog(self._tr, vocabulary, measures, apply, self._parent)
        dialog.accepted.connect(lambda: self._changed(dialog.changed or 0, codes))
        self.bulk_dialog = dialog
        dialog.open()

    def _changed(self, changed: int, codes: list[str]) -> None:
        tr = self._tr
        if changed:
            text = tr.ngettext("{n} measure changed.", "{n} measures changed.", changed)
        else:
            text = tr.gettext("Nothing changed: the measures had these values already.")
        show_result(self._screen.result, text.format(n=changed))
        self._reload(OpChanges.of_measures(codes))

    # -- spreadsheets ---------------------------------------------------------------------------
    def import_measures(self) -> None:
        """Choose a spreadsheet and show what importing it would do."""
        _ = self._tr.gettext
        settings = self._context.settings
        path = choose_file(
            self._parent,
            settings,
            FOLDER_KEY,
            _("Import measures from spreadsheet"),
            _("Spreadsheets (*.xlsx *.csv)"),
        )
        if path is not None:
            settings.setValue(FOLDER_KEY, str(path.parent))
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read ``path`` on the worker and show its preview (or its problems) in a dialog."""
        _ = self._tr.gettext
        worker, actor = self._context.worker, self._context.actor()

        def apply(
            plan: ImportPlan,
            done: Callable[[ImportResult], None],
            failed: Callable[[UserError], None],
        ) -> None:
            from app.spreadsheets.measures import apply_import

            worker.run(lambda s: apply_import(s, actor, plan), done, on_error=failed)

        from app.ui.register.import_dialog import ImportDialog

        dialog = ImportDialog(self._tr, path, apply, self._parent)
        dialog.accepted.connect(lambda: self._imported(dialog))
        self.import_dialog = dialog
        dialog.open()
        from app.spreadsheets.measures import plan_import

        worker.run(
            lambda s: plan_import(s, path),
            dialog.show_plan,
            on_error=dialog.show_refusal,
            progress=_("Reading {name}…").format(name=path.name),
        )

    def _imported(self, dialog: ImportDialog) -> None:
        result, plan = dialog.imported, dialog.plan
        if result is None or plan is None:
            return
        text = self._tr.ngettext(
            "{name}: {n} measure changed, {created} created.",
            "{name}: {n} measures changed, {created} created.",
            result.changed,
        )
        show_result(
            self._screen.result,
            text.format(name=plan.source, n=result.changed, created=result.created),
        )
        self._reload(EVERYTHING)

    def export_measures(self) -> None:
        """Ask for the format and language, then the file, and write every measure to it."""
        from app.ui.register.export_dialog import ExportDialog

        _ = self._tr.gettext
        options = ExportDialog(self._tr, self._parent)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        fmt, lang = options.choice()
        settings = self._context.settings
        name = _("measures")  # the file name suggested
        suggested = documents_folder(settings, FOLDER_KEY) / f"{name}.{fmt}"
        chosen = choose_target(self._parent, _("Export measures"), str(suggested), f"*.{fmt}")
        if chosen:
            settings.setValue(FOLDER_KEY, str(Path(chosen).parent))
            self.export_to(Path(chosen), fmt, lang)

    def export_to(self, path: Path, fmt: str, lang: str) -> None:
        """Write every measure to ``path`` as ``fmt`` in ``lang`` (on the worker)."""
        _ = self._tr.gettext
        tr = translator(lang)

        def done(count: int) -> None:
            text = self._tr.ngettext(
                "{n} measure written to {path}.", "{n} measures written to {path}.", count
            )
            show_result(self._screen.result, text.format(n=count, path=path))

        def failed(error: UserError) -> None:
            show_result(self._screen.result, self._tr.render(error.message), error=True)

        from app.spreadsheets.measures import export_measures

        self._context.worker.run(
            lambda s: export_measures(s, path, fmt=fmt, tr=tr),
            done,
            on_error=failed,
            progress=_("Writing {name}…").format(name=path.name),
        )
