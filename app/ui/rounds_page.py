"""The "Rounds" page: the secretariat's rounds and the department's returns, as two tabs.

Which one comes first follows the profile's role (a department's working-group member sees
"My returns", the secretariat its rounds); the other stays one click away, since one program
serves every role. Nothing is read from the register before the page is first shown, so the
window starts as fast as without it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.i18n import Translator
from app.operations.context import Actor
from app.operations.register_view import MeasureRow, Vocabulary
from app.ui.rounds_screen import RoundsScreen
from app.ui.worker import DbWorker
from app.ui.workspace_screen import WorkspaceScreen


class RoundsPage(QWidget):
    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        *,
        actor: Callable[[], Actor],
        settings: QSettings,
        on_changed: Callable[[], None],
        role: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self._tr = tr
        self.secretariat = RoundsScreen(
            tr, worker, actor=actor, settings=settings, on_changed=on_changed
        )
        self.workspace = WorkspaceScreen(tr, worker, actor=actor, settings=settings)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.setAccessibleName(_("Rounds"))
        self.views.currentChanged.connect(lambda _i: self._activate())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        self.set_role(role)

    def set_role(self, role: str) -> None:
        """Put the view for ``role`` first (and show it)."""
        _ = self._tr.gettext
        self.views.blockSignals(True)
        self.views.clear()
        tabs = [
            (self.secretariat, _("Evaluation rounds (secretariat)")),
            (self.workspace, _("My returns (department)")),
        ]
        if role == "department":
            tabs.reverse()
        for widget, caption in tabs:
            self.views.addTab(widget, caption)
        self.views.setCurrentIndex(0)
        self.views.blockSignals(False)
        if self.isVisible():
            self._activate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._activate()

    def _activate(self) -> None:
        current = self.views.currentWidget()
        if isinstance(current, RoundsScreen | WorkspaceScreen):
            current.activate()

    def set_register_data(self, rows: list[MeasureRow], vocabulary: Vocabulary) -> None:
        self.secretariat.set_register_data(rows, vocabulary)

    def shutdown(self) -> None:
        """The window closes: hand every draft typed so far to the worker."""
        self.workspace.flush()
