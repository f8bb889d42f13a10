"""Readable at 1366×768 in every language: every column of the register on screen with its
caption whole, the history's values visible, a search without hits said in words."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHeaderView

from app.ui.main_window import REGISTER_PAGE
from tests.support.qt import idle

pytestmark = pytest.mark.gui
LANGUAGES = ("de", "pl", "cs")


def _right_edge(header: QHeaderView, column: int) -> int:
    return header.sectionViewportPosition(column) + header.sectionSize(column)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_register_fits_1366_pixels(lang: str, make_window, qtbot) -> None:
    window = make_window(lang)
    window.resize(1366, 740)
    window.show()
    window.show_page(REGISTER_PAGE)  # the overview comes first
    idle(qtbot, window)
    screen = window.register_screen
    screen.select("I.01")
    qtbot.waitUntil(lambda: screen.history.topLevelItemCount() > 0)
    table, header = screen.table, screen.table.horizontalHeader()
    width = table.viewport().width()
    last = header.count() - 1
    assert _right_edge(header, last) <= width  # traffic light, progress, last change on screen
    assert header.sectionSize(1) >= 100  # the titles keep room
    for column in range(header.count()):
        # the title's column takes the room left (its titles elided); the instrument's is
        # hidden (the code says it)
        if column != 1 and not header.isSectionHidden(column):
            caption = screen.model.headerData(column, header.orientation())
            assert header.sectionSize(column) >= header.sectionSizeHint(column), caption
    # the history's old and new values are within the pane
    history = screen.history.header()
    for column in (3, 4):
        assert not screen.history.isColumnHidden(column)
        assert _right_edge(history, column) <= screen.history.viewport().width() + 1


def test_a_search_without_hits_says_so(make_window, qtbot) -> None:
    window = make_window("de")
    window.show()
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    screen = window.register_screen
    assert not screen.no_hits.isVisible()
    screen.search.setText("kein Treffer xyz")
    assert screen.model.rowCount() == 0
    assert screen.no_hits.isVisible()
    assert "Keine Maßnahme" in screen.no_hits.text()
    screen.search.setText("I.0")
    assert not screen.no_hits.isVisible()


def test_a_narrow_window_scrolls_rather_than_squeeze_the_titles(make_window, qtbot) -> None:
    """At 150 % scaling a 1366-pixel screen is 910 pixels wide: the columns are fitted again
    for it, the titles keep 100 pixels, and what does not fit scrolls sideways."""
    window = make_window("pl")
    window.resize(910, 500)
    window.show()
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    table = window.register_screen.table
    qtbot.waitUntil(lambda: window.register_screen.reflow.narrow is True)
    idle(qtbot, window)
    header = table.horizontalHeader()
    shown = sum(
        header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)
    )
    assert header.sectionSize(1) >= 100
    assert shown <= table.viewport().width() or table.horizontalScrollBar().maximum() > 0


def test_the_editors_long_titles_show_from_their_start(make_window, qtbot) -> None:
    window = make_window("pl")
    window.show()
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    window.register_screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    editor.tabs.setCurrentIndex(1)  # the texts
    for title in editor.titles.values():
        qtbot.waitUntil(title.isVisible)
        assert title.fontMetrics().horizontalAdvance(title.text()) > title.width()  # too long
        assert title.cursorPosition() == 0  # shown from "Realizacja …", not from its end
    editor.reject()
