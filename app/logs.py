"""Logging to a file in the data folder's ``logs`` folder (no network, nothing else).

A log that cannot be written (a full disk, a read-only folder) never hides what the user must
be told: the failure is remembered by the handler, not printed as a traceback of its own.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from app.i18n import N_, Message
from app.paths import AppPaths

LOG_NAME = "imag.log"


class LogFile(logging.handlers.RotatingFileHandler):
    """``logs/imag.log``; :attr:`failure` holds the last reason a record could not be written."""

    failure: BaseException | None = None

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: ARG002 - an override
        self.failure = sys.exc_info()[1]

    def emit(self, record: logging.LogRecord) -> None:
        """The file is opened at the first record only (``delay``), its folder made then: a
        command that logs nothing leaves the data folder as it was."""
        if self.stream is None:
            try:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                self.handleError(record)
                return
        super().emit(record)


def setup(paths: AppPaths) -> logging.Logger:
    """Log to ``logs/imag.log`` (rotated), opened when the first record is written; a record
    that cannot be written is remembered by the handler (:attr:`LogFile.failure`)."""
    logger = logging.getLogger("app")
    logger.setLevel(logging.INFO)
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        return logger
    handler = LogFile(
        paths.logs_dir / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return logger


def log_internal_error(paths: AppPaths) -> Message:
    """Log the exception being handled as a bug; the message for the user says where its
    details are. If the log cannot be written, the details go to standard error instead."""
    logger = setup(paths)
    files = [h for h in logger.handlers if isinstance(h, LogFile)]
    for handler in files:
        handler.failure = None
    logger.exception("internal error")
    log = paths.logs_dir / LOG_NAME
    if files and all(handler.failure is None for handler in files):
        return Message(N_("imag: internal error (a bug). The details are in {log}."), log=log)
    traceback.print_exc(file=sys.stderr)
    return Message(
        N_(
            "imag: internal error (a bug). The log {log} could not be written either; the "
            "details are above."
        ),
        log=log,
    )
