"""One serialized worker for the database: jobs run off the UI thread, one after another, and
their results come back to the UI thread through a signal. A progress dialog appears only when a
job takes longer than 600 ms, so quick work does not flicker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import Translator
from app.keystore import KeyLocked
from app.storage.errors import register_error
from app.storage.register import Register
from app.ui.passphrase_dialog import PassphraseDialog

T = TypeVar("T")
PROGRESS_DELAY_MS = 600
log = logging.getLogger(__name__)


class DbWorker(QObject):
    _finished = Signal(object, object)  # the job's future, its callbacks
    idle_changed = Signal(bool)

    def __init__(self, register: Register, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self._tr = tr
        self._parent = parent
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run(
        self,
        job: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_error: Callable[[UserError], None] | None = None,
        progress: str | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        """Run ``job(session)`` on the worker; ``on_done(result)`` then runs on the UI thread
        (``on_error`` for a :class:`UserError`), and ``on_finished()`` after either, and also
        after an internal error (e.g. to hide a progress bar). After :meth:`shutdown` (the
        window closed) nothing runs any more: a result that arrives late asks for no more work."""
        if self._closed:
            log.debug("a database job after shutdown was dropped")
            return
        dialog = None
        if progress is not None:
            dialog = QProgressDialog(progress, "", 0, 0, self._parent)
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setValue(0)
        self._pending += 1
        if self._pending == 1:
            self.idle_changed.emit(False)

        def work() -> T:
            with self.register.session() as session:
                return job(session)

        future = self._executor.submit(work)
        callbacks = (on_done, on_error, dialog, on_finished, job)
        future.add_done_callback(lambda f: self._finished.emit(f, callbacks))

    def _deliver(self, future: Future[Any], callbacks: tuple[Any, Any, Any, Any, Any]) -> None:
        on_done, on_error, dialog, on_finished, _job = callbacks
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        locked = future.exception()
        if isinstance(locked, KeyLocked):
            self._ask_passphrase(locked, callbacks)  # still pending until unlocked or cancelled
            return
        self._pending -= 1
        try:
            error = future.exception()
            if error is not None and not isinstance(error, UserError):
                # a full disk, a busy register, ... that escaped the core: not a bug
                error = register_error(error, self.register.location) or error
            if error is None:
                if on_done is not None:
                    on_done(future.result())
            elif isinstance(error, UserError):
                if on_error is not None:
                    on_error(error)
                else:
                    QMessageBox.warning(
                        self._parent,
                        self._tr.gettext("IMAG register"),
                        self._tr.render(error.message),
                    )
            else:
                log.error("a database job failed", exc_info=error)
                QMessageBox.critical(
                    self._parent,
                    self._tr.gettext("IMAG register"),
                    self._tr.gettext("An internal error occurred; details are in the log file."),
                )
        finally:
            if on_finished is not None:
                on_finished()
            if self._pending == 0:
                self.idle_changed.emit(True)

    def _ask_passphrase(self, locked: KeyLocked, callbacks: tuple[Any, ...]) -> None:
        """The job needs the keys and the key file is sealed: ask for the passphrase (a wrong
        one is said in the dialog, which asks again), unlock for this session, run the job
        again. Cancel ends the job as refused (``on_error``), without a further message."""
        on_done, on_error, _progress, on_finished, job = callbacks
        from app.rounds import keys  # the key store: only once a job needs the keys

        def submit(given: bytes) -> None:
            self.run(
                lambda session: keys.unlock(session, given),
                lambda _unlocked: asking.accept(),
                on_error=asking.show_error,
            )

        def answered(result: int) -> None:
            asking.deleteLater()
            self._pending -= 1
            if result == PassphraseDialog.DialogCode.Accepted.value:
                self.run(job, on_done, on_error=on_error, on_finished=on_finished)
            else:
                if on_error is not None:
                    on_error(locked)
                if on_finished is not None:
                    on_finished()
            if self._pending == 0:
                self.idle_changed.emit(True)

        asking = PassphraseDialog(self._tr, submit, self._parent)
        asking.finished.connect(answered)
        asking.setWindowModality(Qt.WindowModality.WindowModal)
        asking.open()

    def shutdown(self) -> None:
        """Finish the jobs handed over so far (e.g. the last drafts), then take no more."""
        self._closed = True
        self._executor.shutdown(wait=True)
