"""Pages that reflow in a narrow window (150 % scaling on 1366×768 leaves ~910 logical pixels):
the register, the partnerships and the rounds page (both views) need no more than the room the
window gives them, in German, Polish and Czech; wide again, they are as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from app.paths import AppPaths
from app.ui.register.register_screen import NARROW_WIDEST
from tests.support.qt import idle

pytestmark = pytest.mark.gui

NARROW = (910, 512)  # 1366×768 at 150 %


def _room(window) -> tuple[int, int]:
    """What the page shown asks for and what the window gives it (wide)."""
    area = window.stack.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return window.stack.minimumSizeHint().width(), area.viewport().width()


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_register_and_rounds_reflow(make_window, qtbot, demo_copy: AppPaths, lang: str) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    window.resize(*NARROW)
    window.show_page(1)
    idle(qtbot, window)
    screen = window.register_screen
    qtbot.waitUntil(lambda: screen.reflow.narrow is True)
    assert screen.splitter.orientation() == Qt.Orientation.Vertical
    needed, given = _room(window)
    assert needed <= given, f"{lang}: the register needs {needed} of {given} pixels"
    header = screen.table.horizontalHeader()  # fitted again for the narrow width
    status = header.sectionSize(4)
    assert status <= max(NARROW_WIDEST, header.sectionSizeHint(4)), f"{lang}: status {status}"
    for role in ("secretariat", "department"):
        window.rounds.set_role(role)
        window.show_page(2)
        idle(qtbot, window)
        qtbot.waitUntil(lambda: window.rounds.views.currentWidget().isVisible())
        needed, given = _room(window)
        assert needed <= given, f"{lang} {role}: the rounds page needs {needed} of {given}"
    window.show_page(3)  # the partnerships: the details below the table
    idle(qtbot, window)
    qtbot.waitUntil(lambda: window.partnerships.reflow.narrow is True)
    assert window.partnerships.splitter.orientation() == Qt.Orientation.Vertical
    needed, given = _room(window)
    assert needed <= given, f"{lang}: the partnerships page needs {needed} of {given}"
    workspace = window.rounds.workspace
    assert workspace.open_button.geometry().top() > workspace.round.geometry().bottom()
    assert workspace.splitter.orientation() == Qt.Orientation.Vertical  # the form below
    window.resize(1366, 768)
    window.show_page(1)
    qtbot.waitUntil(lambda: screen.reflow.narrow is False)
    assert screen.splitter.orientation() == Qt.Orientation.Horizontal
    qtbot.waitUntil(lambda: abs(screen.splitter.sizes()[1] - 300) <= 2)
