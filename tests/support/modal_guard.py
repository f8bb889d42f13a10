"""No test hangs on a modal box: a box or dialog running its own event loop (``exec``, which
makes it application-modal) that nobody answers within :data:`LIMIT` seconds is closed as if
cancelled, and the test fails at its end naming the box's title and text."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

LIMIT = 15.0
"""Seconds a test may leave a modal box unanswered (answers from a test come within ms)."""


class ModalGuard:
    def __init__(self, limit: float = LIMIT) -> None:
        self.limit = limit
        self.left_open: list[str] = []
        self._seen: dict[QWidget, float] = {}
        self._timer = QTimer()
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        now = time.monotonic()
        modal = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and widget.windowModality() == Qt.WindowModality.ApplicationModal
        ]
        self._seen = {widget: self._seen.get(widget, now) for widget in modal}
        for widget, since in self._seen.items():
            if now - since > self.limit:
                self._close(widget)

    def _close(self, widget: QWidget) -> None:
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        self.left_open.append(f"{type(widget).__name__} {widget.windowTitle()!r}: {text!r}")
        if isinstance(widget, QDialog):
            widget.done(QDialog.DialogCode.Rejected)
        else:
            widget.close()

    def stop(self) -> list[str]:
        """Stop watching; the boxes that were left open."""
        self._timer.stop()
        return self.left_open
