"""The "Rounds" page: the secretariat's rounds and the department's returns, as two tabs.

Which one comes first follows the profile's role (a department's working-group member sees
"My returns", the secretariat its rounds); the other stays one click away, since one program
serves every role. Nothing of it is built, imported or read from the register before the page
is first shown, so the window starts as fast as without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from app.operations.register_view import Vocabulary
from app.ui.reflow import Reflow, move_to, turn
from app.ui.widgets import Screen, ScreenContext

if TYPE_CHECKING:
    from app.ui.rounds.rounds_screen import RoundsScreen
    from app.ui.workspace.workspace_screen import WorkspaceScreen


class RoundsPage(Screen):
    def __init__(
        self,
        context: ScreenContext,
        *,
        on_changed: Callable[[], None],
        role: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        tr = context.tr
        self._on_changed = on_changed
        self._role = role
        self._vocabulary: Vocabulary | None = None
        self._screens: tuple[RoundsScreen, WorkspaceScreen] | None = None
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.setAccessibleName(tr.gettext("Rounds"))
        self.views.currentChanged.connect(lambda _i: self._activate())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)

    # -- the two screens, made when first needed ---------------------------------------------
    def _built(self) -> tuple[RoundsScreen, WorkspaceScreen]:
        if self._screens is None:
            from app.ui.rounds.rounds_screen import RoundsScreen
            from app.ui.workspace.workspace_screen import WorkspaceScreen

            self._screens = (
                RoundsScreen(self._context, on_changed=self._on_changed),
                WorkspaceScreen(self._context),
            )
            if self._vocabulary is not None:
                self._screens[0].set_vocabulary(self._vocabulary)
            workspace = self._screens[1]
            buttons = QHBoxLayout()  # its buttons below its title in a narrow window
            buttons.addStretch(1)
            box = workspace.layout()
            assert isinstance(box, QVBoxLayout)
            box.insertLayout(1, buttons)

            def arrange(narrow: bool) -> None:  # the form below the list in a narrow window
                move_to(
                    buttons if narrow else workspace.header,
                    [(workspace.open_button, 0), (workspace.close_button, 0)],
                )
                width = workspace.splitter.width() or 900
                turn(workspace.splitter, narrow, width * 3 // 5, below=0.65)

            self._reflow = Reflow(workspace, arrange)
            self._arrange()
        return self._screens

    @property
    def secretariat(self) -> RoundsScreen:
        return self._built()[0]

    @property
    def workspace(self) -> WorkspaceScreen:
        return self._built()[1]

    def _arrange(self) -> None:
        """The view for the role first (and shown)."""
        assert self._screens is not None
        _ = self._tr.gettext
        secretariat, workspace = self._screens
        tabs = [
            (secretariat, _("Evaluation rounds (secretariat)")),
            (workspace, _("My returns (department)")),
        ]
        if self._role == "department":
            tabs.reverse()
        self.views.blockSignals(True)
        self.views.clear()
        for widget, caption in tabs:
            self.views.addTab(widget, caption)
        self.views.setCurrentIndex(0)
        self.views.blockSignals(False)
        if self.isVisible():
            self._activate()

    def set_role(self, role: str) -> None:
        self._role = role
        if self._screens is not None:
            self._arrange()

    def showEvent(self, event: QShowEvent) -> None:
        self._built()
        super().showEvent(event)
        self._activate()

    def _activate(self) -> None:
        current = self.views.currentWidget()
        for screen in self._screens or ():  # the hidden view asks for no room (150 %)
            policy = (
                QSizePolicy.Policy.Preferred if screen is current else QSizePolicy.Policy.Ignored
            )
            screen.setSizePolicy(policy, policy)  # not QSizePolicy(): that is Fixed, its full size
            if screen is current:
                screen.activate()

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """The register's vocabulary, for the secretariat's new rounds."""
        self._vocabulary = vocabulary
        if self._screens is not None:
            self._screens[0].set_vocabulary(vocabulary)

    def shutdown(self) -> None:
        """The window closes: hand every draft typed so far to the worker."""
        if self._screens is not None:
            self._screens[1].flush()
