"""Qt helpers several UI tests share: waiting for the window, its worker and the keyboard focus,
typing, choosing, the pages of the main window, and the keyboard and screen-reader checks
(mnemonic clashes, controls without an accessible name) run over every screen and dialog."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.ui.partnerships.criteria_editor import CriteriaEditor

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.partnerships.partnerships_screen import PartnershipsScreen
    from app.ui.workspace.workspace_screen import WorkspaceScreen

OVERVIEW_PAGE, REGISTER_PAGE, ROUNDS_PAGE, PARTNERSHIPS_PAGE, REPORTS_PAGE = 0, 1, 2, 3, 4

# -- waiting ------------------------------------------------------------------------------------


def wait(qtbot, window: MainWindow) -> None:
    """Until the window has loaded the register and its worker is idle."""
    qtbot.waitUntil(lambda: window.worker.idle and window.vocabulary is not None, timeout=10000)


def idle(qtbot, window: MainWindow) -> None:
    """Until the window's worker has nothing left to do."""
    qtbot.waitUntil(lambda: window.worker.idle, timeout=20000)


def department_workspace(qtbot, window: MainWindow) -> WorkspaceScreen:
    """The department's workspace ("My returns"), shown and loaded with the round opened."""
    window.rounds.set_role("department")
    window.show_page(ROUNDS_PAGE)
    ws = window.rounds.workspace
    window.show()
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is not None, timeout=20000)
    return ws


def shown(qtbot, window: MainWindow) -> PartnershipsScreen:
    """The Partnerships page, shown and loaded with the register's partnerships."""
    window.show_page(PARTNERSHIPS_PAGE)
    screen = window.partnerships
    qtbot.waitUntil(lambda: screen.loaded and window.worker.idle, timeout=20000)
    qtbot.waitUntil(lambda: bool(screen.data.partnerships), timeout=20000)
    return screen


# -- focus and typing ---------------------------------------------------------------------------


def wait_for_focus(qtbot, widget: QWidget, timeout: int = 5000) -> None:
    """Until ``widget`` has the keyboard focus: a window may move it only with the next turn of
    its event loop, so the focus is never read right after a key or ``setFocus``."""

    def has_it() -> None:
        focused = QApplication.focusWidget()
        assert focused is widget, f"the focus is on {focused!r}, not on {widget!r}"

    qtbot.waitUntil(has_it, timeout=timeout)


def activate(qtbot, widget: QWidget) -> None:
    """Until the window of ``widget`` is the active one. A progress dialog of the window's worker
    (shown when a job takes longer than 0.6 s, as on a busy machine) takes the activation, and
    the offscreen platform does not give it back when the dialog closes."""
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def focus_on(qtbot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus, and wait until it has it."""
    activate(qtbot, widget)
    widget.setFocus()
    wait_for_focus(qtbot, widget)


def press_to(qtbot, widget: QWidget, key: Qt.Key | None = None) -> None:
    """Press Tab (or ``key``) on the widget with the focus, and wait until ``widget`` has it."""
    current = QApplication.focusWidget()
    assert current is not None, "nothing has the keyboard focus"
    qtbot.keyClick(current, Qt.Key.Key_Tab if key is None else key)
    wait_for_focus(qtbot, widget)


def type_into(qtbot, widget, text: str, *, replace: bool = True) -> None:
    """Type ``text`` as keystrokes (QTest types ASCII only: other letters are inserted)."""
    widget.setFocus()
    if replace:
        widget.selectAll()
    elif isinstance(widget, QLineEdit):
        widget.end(False)
    else:
        widget.moveCursor(QTextCursor.MoveOperation.End)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        elif isinstance(widget, QLineEdit):
            widget.insert(char)
        else:
            widget.insertPlainText(char)


def choose(combo, data: object) -> None:
    """Choose the item of ``combo`` that carries ``data``."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


# -- mnemonics ----------------------------------------------------------------------------------

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


# -- screen readers -----------------------------------------------------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QPlainTextEdit, QTextEdit)  # fmt: skip


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader would announce without a name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root.window()):
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
                inner = True  # a part of a compound control (its editor, viewport, buttons)
            parent = parent.parentWidget()
        if inner or type(widget).__name__ == "QTableCornerButton":
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


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
