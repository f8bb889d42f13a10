"""The bulk dialog's lists at their default size in Polish: long department names (“Saksońskie
Ministerstwo …”) go on further lines, none is cut or makes a list scroll sideways."""

from __future__ import annotations

import pytest

from tests.support.qt import idle

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_bulk_lists_wrap_long_names(make_window, qtbot, lang: str) -> None:
    window = make_window(lang)
    screen = window.register_screen
    window.show()
    window.show_page(1)
    idle(qtbot, window)
    screen.select_codes(["I.01", "I.02"])
    window.register_actions.bulk_action.trigger()
    dialog = window.register_actions.bulk_dialog
    qtbot.waitUntil(dialog.isVisible)
    _mode, box = dialog.lists["participating"]
    idle(qtbot, window)
    width = box.viewport().width()
    line = box.fontMetrics().lineSpacing()
    texts = [box.item(n).text() for n in range(box.count())]
    longest = max(range(box.count()), key=lambda n: len(texts[n]))
    assert box.fontMetrics().horizontalAdvance(texts[longest]) > width  # it needs wrapping
    assert box.horizontalScrollBar().maximum() == 0
    for n in range(box.count()):
        rect = box.visualItemRect(box.item(n))
        assert rect.right() <= width + 1, texts[n]
    assert box.visualItemRect(box.item(longest)).height() >= 2 * line
    dialog.discard()
