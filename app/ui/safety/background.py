"""Work off the UI thread where no register is open yet (the recovery dialog at start): one job
at a time, its result delivered on the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.errors import UserError
from app.i18n import N_, Message

log = logging.getLogger(__name__)
INTERNAL = N_("An internal error occurred; details are in the log file.")


class Background(QObject):
    _finished = Signal(object, object)  # the job's future, (on_done, on_error)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rescue")
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[UserError], None],
    ) -> None:
        self.pending += 1
        future = self._executor.submit(job)
        future.add_done_callback(lambda f: self._finished.emit(f, (on_done, on_error)))

    def _deliver(self, future: Future[Any], callbacks: tuple[Any, Any]) -> None:
        self.pending -= 1
        on_done, on_error = callbacks
        error = future.exception()
        if error is None:
            on_done(future.result())
        elif isinstance(error, UserError):
            on_error(error)
        else:
            log.error("a rescue job failed", exc_info=error)
            on_error(UserError(Message(INTERNAL)))

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
