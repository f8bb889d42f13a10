"""Noticing changes that others make to a shared register (on a server): a light poll of the
audit trail's newest event; when it has grown since the last look, the window reloads."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.operations import audit
from app.ui.worker import DbWorker

POLL_SECONDS = 20
"""How often a window on a shared register looks whether someone else changed it."""


class ChangeWatcher(QObject):
    """Every :data:`POLL_SECONDS`, while the worker is idle, read the newest audit event's id
    and call ``changed`` when it moved since the last look."""

    def __init__(self, worker: DbWorker, changed: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.worker = worker
        self.changed = changed
        self.seen = -1
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.look)
        self.timer.start(POLL_SECONDS * 1000)

    def look(self) -> None:
        if not self.worker.idle:
            return

        def seen(latest: int) -> None:
            if self.seen not in (-1, latest):
                self.changed()
            self.seen = latest

        self.worker.run(audit.latest_event, seen)
