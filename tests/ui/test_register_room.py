"""The register at 1366 pixels in every language: the titles get the room (the instrument,
which the code says, is no column of its own), the day of the last change is written as the
language writes it, and the history's values in the side pane wrap instead of being cut."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.operations import measures
from app.operations.context import Actor
from app.paths import AppPaths
from app.storage.register import open_register
from app.ui.main_window import REGISTER_PAGE
from tests.support.qt import idle

pytestmark = pytest.mark.gui

LONG = (
    "Die Maßnahme läuft im Plan; die Ressorts stimmen sich mit dem Verbindungsbüro und der "
    "Staatskanzlei ab."
)


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_titles_dates_and_history(make_window, qtbot, demo_copy: AppPaths, lang: str) -> None:
    with open_register(demo_copy) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, "I.01")
        with register.session() as session:
            measures.update_measure(
                session, Actor("Erika Muster"), "I.01", replace(data, comment=LONG)
            )
    window = make_window(lang, demo_copy.data_dir)
    window.resize(1366, 740)
    window.show()
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    screen = window.register_screen
    header = screen.table.horizontalHeader()
    assert header.sectionSize(1) >= 170, header.sectionSize(1)  # ~100 before
    last = screen.model.index(0, header.count() - 1).data()
    assert not re.fullmatch(r"\d{4}-\d\d-\d\d", last), last  # no ISO date
    assert re.fullmatch(r"\d{1,2}\. ?\d{1,2}\. ?\d{4}", last), last
    screen.select("I.01")
    screen.tabs.setCurrentWidget(screen.history)
    history = screen.history
    qtbot.waitUntil(lambda: history.topLevelItemCount() > 1)
    changed = next(
        history.topLevelItem(n)
        for n in range(history.topLevelItemCount())
        if "Verbindungsbüro" in history.topLevelItem(n).text(4)
    )
    index = history.indexFromItem(changed, 4)
    one_line = history.fontMetrics().lineSpacing()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: history.visualRect(index).height() > 2 * one_line)
    assert history.textElideMode() == Qt.TextElideMode.ElideNone
    assert "\n" in changed.text(0)  # the day above the time
