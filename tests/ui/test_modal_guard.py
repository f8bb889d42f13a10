"""The guard that keeps a test from hanging on a modal box nobody answers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.support.modal_guard import ModalGuard

pytestmark = pytest.mark.gui


def test_an_unanswered_box_is_closed_and_reported(qtbot) -> None:
    guard = ModalGuard(limit=0.5)
    box = QMessageBox(QMessageBox.Icon.Question, "Frage", "Wirklich?")
    qtbot.addWidget(box)
    assert box.exec() == 0  # returns instead of waiting for ever
    assert guard.stop() == ["QMessageBox 'Frage': 'Wirklich?'"]
