"""Closing the round shown in the department's workspace ("Close round…"): a round opened from
the wrong package, or one that is over, is removed from this computer with what was typed in it
(:mod:`app.rounds.discarding`). Answers or proposals not exported yet are named first, with the
choice to export them before (the export dialog opens), to throw them away, or to keep the
round; closing is never silent."""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from sqlalchemy.orm import Session

from app.errors import UserError
from app.rounds import workspace
from app.rounds.discarding import Unsent, discard_round, unsent
from app.rounds.view import WorkspaceView
from app.ui.widgets import ScreenContext, show_result


class Workspace(Protocol):
    """What the button needs of the workspace screen."""

    view: WorkspaceView | None
    banner: QLabel

    def flush(self) -> None: ...
    def open_export(self) -> None: ...
    def reload(self, select: str | None = None) -> None: ...


class CloseRoundButton(QPushButton):
    """Closes the round ``screen`` shows, after asking."""

    def __init__(self, context: ScreenContext, screen: Workspace) -> None:
        super().__init__(context.tr.gettext("C&lose round…"))
        self._context = context
        self._screen = screen
        self.setToolTip(
            context.tr.gettext(
                "Remove the round shown, with its answers, from this computer (e.g. one opened "
                "from another department's package); the package can be opened again."
            )
        )
        self.clicked.connect(self.start)

    def start(self) -> None:
        if self._screen.view is None:
            return
        name = self._screen.view.name
        self._screen.flush()  # what was typed counts among the answers that would be lost
        self._context.worker.run(
            lambda session: unsent(session, workspace.find(session, name)),
            lambda lost: self._ask(name, lost),
        )

    def _ask(self, name: str, lost: Unsent) -> None:
        tr, _ = self._context.tr, self._context.tr.gettext
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning if lost else QMessageBox.Icon.Question)
        box.setWindowTitle(_("Close round"))
        text = _(
            "Close the round “{name}” on this computer? Its answers, proposals and the list of "
            "exported returns are removed here; the round package can be opened again."
        ).format(name=name)
        if lost:
            n = lost.answers + lost.proposals
            text += "\n\n" + tr.ngettext(
                "{n} answer or proposal has not been exported yet and would be lost.",
                "{n} answers and proposals have not been exported yet and would be lost.",
                n,
            ).format(n=n)
            export = box.addButton(_("&Export first…"), QMessageBox.ButtonRole.AcceptRole)
            close = box.addButton(_("Close and &discard"), QMessageBox.ButtonRole.DestructiveRole)
        else:
            export = None
            close = box.addButton(_("C&lose round"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setText(text)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        if export is not None and box.clickedButton() is export:
            self._screen.open_export()
        elif box.clickedButton() is close:
            self._discard(name)

    def _discard(self, name: str) -> None:
        actor = self._context.actor()

        def job(session: Session) -> str:
            message = discard_round(session, actor, workspace.find(session, name))
            return self._context.tr.render(message)

        def done(text: str) -> None:
            self._say(text)
            self._screen.reload()

        def failed(error: UserError) -> None:
            self._say(self._context.tr.render(error.message), error=True)

        self._context.worker.run(job, done, on_error=failed)

    def _say(self, text: str, *, error: bool = False) -> None:
        show_result(self._screen.banner, html.escape(text), error=error)
        self._screen.banner.show()
