"""150 % scaling on a 1366×768 screen leaves 910×512 logical pixels, less the title bar and the
taskbar: the main window (on every page) and each main dialog must fit into that room with their
buttons, and none opens larger than the screen it is on."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from app.i18n import translator
from app.profile import Profile
from app.ui.profile_dialog import ProfileDialog
from tests.support.qt import criteria_dialogs, wait

pytestmark = pytest.mark.gui

ROOM = (round(1366 / 1.5), round(768 / 1.5) - 32 - 27)  # title bar and taskbar at 150 %


def fits(widget: QWidget, what: str) -> None:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert hint.width() <= ROOM[0], f"{what} needs {hint.width()} px wide"
    assert hint.height() <= ROOM[1], f"{what} needs {hint.height()} px high"
    screen = QApplication.primaryScreen().availableGeometry()
    assert widget.width() <= screen.width(), f"{what} opens wider than the screen"
    assert widget.height() <= screen.height(), f"{what} opens higher than the screen"


def buttons_shown(dialog: QDialog, what: str) -> None:
    """At the smallest room, the dialog's buttons are inside it."""
    dialog.resize(*ROOM)
    QApplication.processEvents()
    box = dialog.findChildren(QDialogButtonBox)[-1]
    bottom = box.mapTo(dialog, box.rect().bottomRight())
    assert bottom.y() <= dialog.height(), f"{what}: buttons below the window"
    assert bottom.x() <= dialog.width(), f"{what}: buttons right of the window"


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_window_and_dialogs_fit_150_percent_on_1366x768(make_window, qtbot, lang) -> None:
    window = make_window(lang)
    window.show()
    for page in range(window.stack.count()):
        window.show_page(page)
        wait(qtbot, window)
        fits(window, f"the main window on page {page + 1}")
    window.show_page(0)
    window.new_measure()
    dialogs: list[tuple[QDialog, str]] = [(window.editor, "the measure editor")]
    window.show_page(1)
    wait(qtbot, window)
    window.rounds.secretariat.new_round()
    assert window.rounds.secretariat.new_dialog is not None
    dialogs.append((window.rounds.secretariat.new_dialog, "the new-round dialog"))
    dialogs += [(editor, "the criteria editor") for editor in criteria_dialogs(window)]
    settings = ProfileDialog(translator(lang), Profile(), [], first_start=False, parent=window)
    dialogs.append((settings, "the settings"))
    for dialog, what in dialogs:
        dialog.show()
        fits(dialog, what)
        buttons_shown(dialog, what)
        dialog.reject()
