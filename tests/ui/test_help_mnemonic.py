"""The Help menu opens with Alt and its letter in German, Polish and Czech: the letter is used
by no other menu and no control of any page (each tab of each page looked at)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from app.paths import AppPaths
from tests.support.qt import check_window, idle, mnemonic

pytestmark = pytest.mark.gui

PAGES = range(6)


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_help_menu_has_a_free_letter(make_window, qtbot, demo_copy: AppPaths, lang: str) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    menus = [action for action in window.menuBar().actions() if isinstance(action.menu(), QMenu)]
    letters = [mnemonic(action.text()) for action in menus]
    assert None not in letters, [action.text() for action in menus]
    assert len(set(letters)) == len(letters)
    problems = []
    for page in PAGES:
        window.show_page(page)
        idle(qtbot, window)
        problems += check_window(window, f"{lang} page {page}")
    assert problems == [], "\n".join(problems)
