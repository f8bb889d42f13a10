"""Files dropped on the window open as the menus and buttons would open them: departments'
returns (``.imag-return``) are imported on the secretariat's rounds page, a round package
(``.imag-round``) opens in the department's workspace, a spreadsheet (``.xlsx``, ``.csv``) shows
what importing it would change. A drop the window cannot take (another kind of file, several
packages at once, a register that may not be changed) is not accepted: the pointer says so
while the files are dragged, and nothing happens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from app.rounds.lookup import RETURN_SUFFIX, ROUND_SUFFIX
from app.ui.pages import PAGES, REGISTER_PAGE

if TYPE_CHECKING:
    from app.storage.register import Register
    from app.ui.register.register_actions import RegisterActions
    from app.ui.rounds.rounds_page import RoundsPage

SPREADSHEETS = (".xlsx", ".csv")
ROUNDS_PAGE = [key for key, _caption in PAGES].index("rounds")


class Host(Protocol):
    register: Register
    rounds: RoundsPage
    register_actions: RegisterActions

    def show_page(self, index: int) -> None: ...


def dropped_paths(data: QMimeData) -> list[Path]:
    """The local files of a drag (none when anything in it is not a local file)."""
    if not data.hasUrls():
        return []
    urls = data.urls()
    if not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


def what_to_do(paths: list[Path], writes: bool) -> str | None:
    """``"returns"``, ``"package"``, ``"spreadsheet"`` or ``None`` (not taken) for a drop of
    ``paths`` on the window of a register that may (``writes``) or may not be changed."""
    if not paths or not writes:
        return None
    suffixes = {path.suffix.lower() for path in paths}
    if suffixes == {RETURN_SUFFIX}:
        return "returns"  # several returns: imported one after the other, as chosen in a dialog
    if len(paths) == 1 and suffixes == {ROUND_SUFFIX}:
        return "package"
    if len(paths) == 1 and suffixes <= set(SPREADSHEETS):
        return "spreadsheet"
    return None


class FileDrop(QObject):
    """Takes the files dropped anywhere on ``window`` (see the module's description)."""

    def __init__(self, window: QWidget, host: Host) -> None:
        super().__init__(window)
        self._host = host
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def _kind(self, data: QMimeData) -> str | None:
        return what_to_do(dropped_paths(data), self._host.register.capabilities.writes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if self._kind(event.mimeData()) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            kind = self._kind(event.mimeData())
            if kind is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            self.take(kind, dropped_paths(event.mimeData()))
            return True
        return super().eventFilter(watched, event)

    def take(self, kind: str, paths: list[Path]) -> None:
        """Open ``paths`` as :func:`what_to_do` found them: ``kind``."""
        host = self._host
        if kind == "spreadsheet":
            host.show_page(REGISTER_PAGE)
            host.register_actions.import_file(paths[0])
            return
        host.show_page(ROUNDS_PAGE)
        rounds = host.rounds
        if kind == "returns":
            rounds.views.setCurrentWidget(rounds.secretariat)
            rounds.secretariat.import_paths(paths)
        else:
            rounds.views.setCurrentWidget(rounds.workspace)
            rounds.workspace.open_package(paths[0])
