"""What the register page does with many measures at once: change the selected ones together
(the bulk dialog). The main window puts these actions into its menus and the table's context
menu; each runs its work through the core on the database worker and says in the register's
result line what it changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.errors import UserError
from app.operations.bulk import BulkChange, apply_bulk
from app.operations.register_view import Vocabulary
from app.ui.register.bulk_dialog import BulkDialog
from app.ui.register.register_screen import RegisterScreen
from app.ui.widgets import ScreenContext, show_result


class RegisterActions(QObject):
    def __init__(
        self,
        context: ScreenContext,
        screen: RegisterScreen,
        vocabulary: Callable[[], Vocabulary | None],
        reload: Callable[[], None],
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
        self.bulk_dialog: BulkDialog | None = None

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
        measures = [(model.row_at(r).code, model.row_at(r).title(lang)[0]) for r in rows]
        worker, actor = self._context.worker, self._context.actor()

        def apply(
            change: BulkChange, done: Callable[[int], None], failed: Callable[[UserError], None]
        ) -> None:
            def job(session: Session) -> int:
                return apply_bulk(session, actor, codes, change)

            worker.run(job, done, on_error=failed)

        dialog = BulkDialog(self._tr, vocabulary, measures, apply, self._parent)
        dialog.accepted.connect(lambda: self._changed(dialog.changed or 0))
        self.bulk_dialog = dialog
        dialog.open()

    def _changed(self, changed: int) -> None:
        tr = self._tr
        if changed:
            text = tr.ngettext("{n} measure changed.", "{n} measures changed.", changed)
        else:
            text = tr.gettext("Nothing changed: the measures had these values already.")
        show_result(self._screen.result, text.format(n=changed))
        self._reload()
