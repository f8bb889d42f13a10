"""Keyboard use: mnemonics (Alt+letter) unique within each window and dialog in every language,
a mnemonic in every translation whose English label has one, and a sensible tab order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

from app.i18n import translator
from app.operations.departments import DepartmentRow
from app.operations.register_view import Named
from app.profile import Profile
from app.ui import qt_setup
from app.ui.main_window import MainWindow
from app.ui.partnerships.criteria_editor import CriteriaEditor
from app.ui.profile_dialog import ProfileDialog
from app.ui.register.reference_screen import DepartmentDialog
from tests.conftest import focus_on, press_to, wait_for_focus

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("de", "pl", "cs")
MNEMONIC = re.compile(r"&(?!&)(.)")


def mnemonic(text: str) -> str | None:
    found = MNEMONIC.findall(text.replace("&&", ""))
    return found[0].casefold() if found else None


def labelled(root: QWidget) -> list[str]:
    """The texts that can carry a mnemonic and are active now (visible within the window)."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(n) for n in range(widget.count())]
    if isinstance(root, QMainWindow):
        texts += [action.text() for action in root.menuBar().actions()]
    return texts


def clashes(texts: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            seen.setdefault(letter, []).append(text)
    return {letter: found for letter, found in seen.items() if len(found) > 1}


def check_window(root: QWidget, where: str) -> list[str]:
    """Clashes in ``root`` as it is shown now, on each of its tabs, and in each of its menus."""
    problems = []
    views: list[tuple[QTabBar | None, int]] = [
        (tabs, index)
        for tabs in root.findChildren(QTabBar)
        if tabs.isVisibleTo(root)
        for index in range(tabs.count())
    ] or [(None, 0)]
    for tabs, index in views:
        if tabs is not None:
            tabs.setCurrentIndex(index)
        texts = labelled(root)
        for letter, found in clashes(texts).items():
            problems.append(f"{where}: Alt+{letter} on {found}")
        for text in texts:
            key = mnemonic(text)
            if "&" in text.replace("&&", "") and (key is None or not key.isalnum()):
                problems.append(f"{where}: no letter after & in {text!r}")
    if isinstance(root, QMainWindow):
        for menu in root.menuBar().findChildren(QMenu):
            for letter, found in clashes([a.text() for a in menu.actions()]).items():
                problems.append(f"{where}, menu {menu.title()!r}: {letter} on {found}")
    return sorted(set(problems))


@pytest.fixture
def qt_language(qapp):
    """Qt's own texts (standard buttons) in the language under test, as the program loads them."""
    before = QLocale()

    def install(lang: str) -> None:
        qt_setup.install_qt_translations(qapp, lang)

    yield install
    for old in qt_setup._translators:
        QApplication.removeTranslator(old)
    qt_setup._translators.clear()
    QLocale.setDefault(before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_mnemonic_clashes(make_window, qtbot, qt_language, lang: str) -> None:
    qt_language(lang)
    tr = translator(lang)
    window = make_window(lang)
    problems = []
    for page in range(window.stack.count()):
        window.show_page(page)
        problems += check_window(window, f"{lang} page {page}")
    window.show_page(0)
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


def round_dialogs(window: MainWindow) -> list[QDialog]:
    """The dialogs of the rounds screens (their own contents are checked with a round open in
    tests/e2e/test_rounds_screen.py)."""
    from app.ui.rounds.new_round_dialog import NewRoundDialog
    from app.ui.rounds.round_dialogs import ReminderDialog, ResultLine, ResultsDialog
    from app.ui.workspace.workspace_dialogs import ExportDialog, ProposalDialog

    tr = window.tr_
    assert window.vocabulary is not None
    instruments = [
        (i.key, {"de": i.de, "pl": i.pl, "cs": i.cs}) for i in window.vocabulary.instruments
    ]

    def never(*_args: object) -> None:
        raise AssertionError("not submitted in this test")

    line = ResultLine("refused", "refused", "x.imag-return", "SK", "a reason")
    return [
        NewRoundDialog(tr, window.vocabulary, [], never, parent=window),
        ReminderDialog(tr, window.worker, "–", "SK", sender="", folder=Path.home, parent=window),
        ResultsDialog(tr, "", "", [line], folder=Path.home(), parent=window),
        ProposalDialog(tr, instruments, never, parent=window),
        ExportDialog(
            tr,
            counts={"missing": 1, "incomplete": 1, "answered": 1},
            incomplete=["I.01: –"],
            proposals=1,
            target=Path.home() / "x.imag-return",
            export=never,
            parent=window,
        ),
    ]


def criteria_dialogs(window: MainWindow) -> list[CriteriaEditor]:
    """The criteria-set editor, for a new set and for one in use by an open round (its use by
    the Partnerships page is checked in tests/ui/test_criteria_editor.py)."""
    from app.partnerships import criteria

    def never(*_args: object) -> None:
        raise AssertionError("not submitted in this test")

    document = criteria.default_document()
    return [
        CriteriaEditor(window.tr_, document, never, new=True, copied_from="X", parent=window),
        CriteriaEditor(
            window.tr_, document, never, new=False, rounds=[("R", "open")], parent=window
        ),
    ]


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
    window.focus_search()
    wait_for_focus(qtbot, screen.search)
    for widget in [screen.show_archived, *screen.combos.values(), screen.table]:
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
