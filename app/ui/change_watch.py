"""Noticing changes that others make to a shared register (on a server).

The server says what changed (``LISTEN/NOTIFY``, :mod:`app.storage.change_notices`): a listener
thread hears the notices, and the window refreshes only that — the rows of the measures
changed or deleted, or everything for other changes (a round, reference data, ...) — through
the same ``apply`` as after its own operations (``MainWindow.apply_changes``). While the
listener is not connected (at first, or after a lost connection until it is back) a light
poll of the audit trail's newest event stands in for it: when it has grown since the last
look, the window reloads. The listener stops when the window closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from app.operations import audit
from app.operations.changes import OpChanges
from app.storage.change_notices import ChangeListener, Notice, changes_heard
from app.ui.worker import DbWorker

POLL_SECONDS = 20
"""How often a window on a shared register looks whether someone else changed it (while the
listener is not connected)."""


class ChangeWatcher(QObject):
    """Hears the server's notices (``apply`` gets what they changed); every
    :data:`POLL_SECONDS`, while the listener is not connected and the worker is idle, reads
    the newest audit event's id and calls ``changed`` when it moved since the last look."""

    heard = Signal(object)  # the listener's notices, handed from its thread to the window's

    def __init__(
        self,
        worker: DbWorker,
        changed: Callable[[], None],
        parent: QObject,
        apply: Callable[[OpChanges], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.changed = changed
        self.apply = apply
        self.seen = -1
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.look)
        self.timer.start(POLL_SECONDS * 1000)
        self.listener: ChangeListener | None = None
        register = worker.register
        url = register.paths.server_url
        if apply is not None and url is not None:
            self.heard.connect(self._apply)
            self.listener = ChangeListener(
                url, self.heard.emit, own=register.engine, password=register.password
            ).start()
            parent.installEventFilter(self)

    def look(self) -> None:
        if not self.worker.idle:
            return
        if self.listener is not None and self.listener.listening.is_set():
            self.seen = -1  # the listener hears what changes; look anew when it is not
            return

        def seen(latest: int) -> None:
            if self.seen not in (-1, latest):
                self.changed()
            self.seen = latest

        self.worker.run(audit.latest_event, seen)

    def _apply(self, notices: list[Notice]) -> None:
        if self.apply is not None and self.listener is not None:
            self.apply(changes_heard(notices))

    def stop(self) -> None:
        self.timer.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.stop()
        return False
