"""Accessibility in the window itself (the screen reader's view over AT-SPI is walked in
tests/a11y/): messages that change are exposed and announced, Tab on the Register page goes
round without a loop, and Ctrl+1…5 leaves the focus on a named control."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui import widgets
from app.ui.main_window import REGISTER_PAGE
from tests.support.qt import activate, wait

pytestmark = pytest.mark.gui


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QObject, str]]:
    """The announcements sent to screen readers, as (widget, text)."""
    sent: list[tuple[QObject, str]] = []
    real = QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            sent.append((event.object(), event.message()))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    return sent


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


def test_result_and_error_lines_expose_and_announce_their_text(qtbot, announced) -> None:
    from app.i18n import translator

    tr = translator("de")
    parent = QWidget()
    qtbot.addWidget(parent)
    result, error = widgets.result_label(tr), widgets.error_label(tr)
    result.setParent(parent)
    error.setParent(parent)
    parent.show()
    widgets.show_result(result, "3 Maßnahmen exportiert.")
    widgets.say(error, "Eine Maßnahme braucht einen deutschen Titel.")
    assert error.isVisible()
    assert accessible_name(result) == "3 Maßnahmen exportiert."  # not a fixed "Ergebnis"
    assert accessible_name(error) == "Eine Maßnahme braucht einen deutschen Titel."
    assert announced == [
        (result, "3 Maßnahmen exportiert."),
        (error, "Eine Maßnahme braucht einen deutschen Titel."),
    ]


def test_count_of_shown_measures_is_exposed_and_announced(make_window, announced) -> None:
    window = make_window("de")
    window.show()
    window.show_page(REGISTER_PAGE)  # a page not shown announces nothing
    screen = window.register_screen
    screen.search.setText("zzz-nothing")
    assert accessible_name(screen.count_label) == "0 von 66 Maßnahmen"
    assert (screen.count_label, "0 von 66 Maßnahmen") in announced


def tab_cycle(qtbot, start: QWidget, limit: int = 40) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (fails on a loop)."""
    visited = [start]
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is start:
            return visited
        assert focused not in visited, f"Tab loops: {[type(w).__name__ for w in visited]}"
        visited.append(focused)
    raise AssertionError("Tab never comes back")


def test_tab_on_register_page_goes_round_without_a_loop(make_window, qtbot) -> None:
    window = make_window("de")
    window.show()
    activate(qtbot, window)
    window.focus_search()
    screen = window.register_screen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    if screen.fold.isVisible():  # a narrow window: the filters behind their button, shown
        assert screen.fold in tab_cycle(qtbot, screen.search)
        screen.fold.click()
        window.focus_search()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    visited = tab_cycle(qtbot, screen.search)
    for control in (window.nav, screen.show_archived, *screen.combos.values(), screen.table):
        assert control in visited
    assert all(accessible_name(w) for w in visited if w is not screen.new_button)


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_focus_lands_on_a_named_control_after_ctrl_number(make_window, qtbot, lang) -> None:
    window = make_window(lang)
    window.show()
    activate(qtbot, window)
    for page in range(1, 6):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + page), Qt.KeyboardModifier.ControlModifier)
        wait(qtbot, window)
        focused = QApplication.focusWidget()
        assert focused is not None
        assert focused is not window.stack.currentWidget()
        assert window.stack.currentWidget().isAncestorOf(focused)
        assert accessible_name(focused).strip(), (page, focused)
