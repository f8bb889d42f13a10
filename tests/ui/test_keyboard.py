"""Keyboard use: mnemonics (Alt+letter) unique within each window and dialog in every language,
a mnemonic in every translation whose English label has one, and a sensible tab order."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.i18n import translator
from app.operations.departments import DepartmentRow
from app.operations.register_view import Named
from app.profile import Profile
from app.ui.profile_dialog import ProfileDialog
from app.ui.register.reference_screen import DepartmentDialog
from tests.support.project import ROOT
from tests.support.qt import (
    check_window,
    criteria_dialogs,
    focus_on,
    mnemonic,
    press_to,
    wait_for_focus,
)
from tests.support.round_dialogs import round_dialogs

pytestmark = pytest.mark.gui
LANGUAGES = ("de", "pl", "cs")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_mnemonic_clashes(make_window, qtbot, qt_language, lang: str) -> None:
    qt_language(lang)
    tr = translator(lang)
    window = make_window(lang)
    problems = []
    for page in range(window.stack.count()):
        window.show_page(page)
        problems += check_window(window, f"{lang} page {page}")
    window.show_page(1)
    screen = window.register_screen
    screen.archive_button.setText(tr.gettext("Rest&ore"))  # its text for an archived measure
    problems += check_window(window, f"{lang} page 0, archived measure")
    screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    problems += check_window(window.editor, f"{lang} editor")
    window.editor.reject()
    window.new_measure()
    problems += check_window(window.editor, f"{lang} new measure")
    window.editor.reject()
    departments = [Named("SK", "Staatskanzlei")]
    dialogs: list[QDialog] = [
        ProfileDialog(tr, Profile(), departments, first_start=True, parent=window),
        ProfileDialog(tr, Profile(), departments, first_start=False, parent=window),
        DepartmentDialog(tr, None, window),
        DepartmentDialog(tr, DepartmentRow("SK", "Staatskanzlei", None, None, False, 0), window),
        *round_dialogs(window),
        *criteria_dialogs(window),
    ]
    for dialog in dialogs:
        problems += check_window(dialog, f"{lang} {dialog.windowTitle()}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_advertised_mnemonic_is_translated(lang: str) -> None:
    """A label with a mnemonic in English has exactly one in the translation, on a letter."""
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "imag.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    problems = []
    for message in catalog:
        if not isinstance(message.id, str) or mnemonic(message.id) is None:
            continue
        text = str(message.string).replace("&&", "")
        letter = mnemonic(text)
        if text.count("&") != 1 or letter is None or not letter.isalnum():
            problems.append(f"{message.id!r} → {message.string!r}")
    assert problems == []


def test_tab_order_main_window(make_window, qtbot) -> None:
    window = make_window()
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    screen = window.register_screen
    screen.fold.setChecked(True)  # the filters shown (a narrow window: behind their button)
    window.focus_search()
    wait_for_focus(qtbot, screen.search)
    fold = [screen.fold] if screen.fold.isVisible() else []
    for widget in [screen.show_archived, *fold, *screen.combos.values(), screen.table]:
        press_to(qtbot, widget)
    press_to(qtbot, screen.tabs.tabBar())  # the detail panel
    press_to(qtbot, screen.table, Qt.Key.Key_Backtab)


def test_tab_order_editor(make_window, qtbot) -> None:
    window = make_window()
    window.show()
    with qtbot.waitActive(window):
        window.new_measure()
    editor = window.editor
    qtbot.waitUntil(editor.isActiveWindow)
    focus_on(qtbot, editor.progress)
    for widget in [editor.start, editor.end, editor.comment, editor.budget]:
        press_to(qtbot, widget)
    editor.reject()
