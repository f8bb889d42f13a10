"""Writing one report on the reports screen's export thread, with its own read-only connection
to the register (SQLite connections are not shared between threads); progress and the outcome
come back as signals, and setting :attr:`ExportJob.stop` cancels (the core then writes
nothing)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from app.errors import UserError
from app.paths import AppPaths
from app.reports import ReportRequest

log = logging.getLogger(__name__)

STEPS = 1000
"""The progress bar's steps for a whole report."""


class ExportJob(QObject):
    """Writes one report on the export thread; every outcome comes back as a signal."""

    progressed = Signal(int)  # 0…STEPS
    succeeded = Signal(object)  # ReportResult
    failed = Signal(object)  # UserError, or None for an internal error
    cancelled = Signal()

    def __init__(self, paths: AppPaths, request: ReportRequest, target: Path) -> None:
        super().__init__()
        self.paths = paths
        self.request = request
        self.target = target
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from app.reports import write_report
        from app.reports.document import Cancelled
        from app.storage.register import open_register

        try:
            with open_register(self.paths, readonly=True) as register:
                result = write_report(
                    register,
                    self.request,
                    self.target,
                    progress=lambda share: self.progressed.emit(round(share * STEPS)),
                    cancelled=self.stop.is_set,
                )
        except Cancelled:
            self.cancelled.emit()
        except UserError as error:
            self.failed.emit(error)
        except Exception:
            log.exception("writing a report failed")
            self.failed.emit(None)
        else:
            self.succeeded.emit(result)
