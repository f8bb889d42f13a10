"""The overview page: the window's first page, its charts say their numbers as text, and a
click (or Enter) on a part of a chart shows exactly those measures in the register."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.overview import OVERDUE
from app.paths import AppPaths
from tests.support.overview_kit import register_with_rounds
from tests.support.qt import OVERVIEW_PAGE, REGISTER_PAGE

pytestmark = pytest.mark.gui


def shown_codes(window) -> set[str]:
    model = window.register_screen.model
    return {model.row_at(row).code for row in range(model.rowCount())}


def loaded(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.worker.idle and window.overview.data is not None, timeout=20000)


def test_a_click_on_a_bar_shows_its_measures_in_the_register(
    make_window, qtbot, demo_copy: AppPaths
) -> None:
    window = make_window("de", demo_copy.data_dir)
    window.show()
    assert window.stack.currentIndex() == OVERVIEW_PAGE  # the first page
    loaded(qtbot, window)
    page = window.overview
    data = page.data
    chart = page.instruments
    assert chart.accessibleName() == "Maßnahmen je Instrument"
    # the numbers as text, the traffic lights by name (not by colour alone)
    assert "III – " in chart.accessibleDescription()
    assert "gefährdet: 3" in chart.accessibleDescription()
    group = next(g for g in data.instruments if g.key == "III")
    row = [r.key for r in chart.rows].index("III")
    red = [p.key for p in chart.parts].index("red")
    at = chart.segment_center(row, red).toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=at)

    assert window.stack.currentIndex() == REGISTER_PAGE
    screen = window.register_screen
    assert shown_codes(window) == group.light_codes["red"]
    assert len(group.light_codes["red"]) == 3
    assert screen.combos["instrument"].currentData() == "III"
    assert screen.chosen_bar.isVisibleTo(window)
    assert screen.chosen_label.text() == "Ampel „gefährdet“: 3"
    assert screen.count_label.text() == "3 von 66 Maßnahmen"
    screen.show_all_button.click()
    assert not screen.chosen_bar.isVisibleTo(window)
    assert len(shown_codes(window)) == group.total  # the instrument's filter stays


def test_by_keyboard_a_status_segment_and_the_overdue(
    make_window, qtbot, demo_copy: AppPaths
) -> None:
    window = make_window("de", demo_copy.data_dir)
    window.show()
    loaded(qtbot, window)
    page = window.overview
    page.mode.setCurrentIndex(page.mode.findData("status"))
    chart = page.departments
    assert "in Umsetzung" in chart.accessibleDescription()
    chart.setFocus()
    sk = [r.key for r in chart.rows].index("SK")
    qtbot.keyClick(chart, Qt.Key.Key_Home)  # nothing: stays on the first row
    for _ in range(sk):
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    for _ in range(2):  # the row, then "planned", then "in progress"
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    screen = window.register_screen
    assert screen.combos["department"].currentData() == "SK"
    assert screen.combos["status"].currentData() == "in_progress"
    group = next(g for g in page.data.departments if g.key == "SK")
    assert screen.model.rowCount() == group.by_status["in_progress"]
    assert not screen.chosen_bar.isVisibleTo(window)

    window.show_page(OVERVIEW_PAGE)
    page.overdue_button.click()
    assert shown_codes(window) == page.data.due_codes(OVERDUE) == {"III.C.05", "VII.01", "IV.01"}
    assert screen.combos["department"].currentData() is None  # the filters back on "All"
    # a row of the table: its measure selected among them
    window.show_page(OVERVIEW_PAGE)
    page.due_table.cellActivated.emit(1, 0)
    assert screen.selected_code() == page.data.due[1].code


def test_returns_and_trend_with_rounds(make_window, qtbot, demo_dir: Path, tmp_path: Path) -> None:
    folder = register_with_rounds(demo_dir, tmp_path)
    window = make_window("pl", folder)
    window.show()
    loaded(qtbot, window)
    page = window.overview
    assert "Herbst 2026" in page.returns_box.title()
    smwk = [r.key for r in page.returns.rows].index("SMWK")
    missing = page.data.round.departments[smwk].missing_codes
    qtbot.mouseClick(
        page.returns,
        Qt.MouseButton.LeftButton,
        pos=page.returns.segment_center(smwk, 1).toPoint(),
    )
    assert shown_codes(window) == set(missing)
    window.show_page(OVERVIEW_PAGE)
    trend = page.trend
    assert trend.points[:2] == ["Herbst 2025", "Frühjahr 2026"]
    assert "Herbst 2025: 36 %" in trend.accessibleDescription()
    # a click near a point of instrument I's line: the register shows instrument I
    first = trend.series[0]
    assert first.key == "I"
    at = trend._at(trend._plot(), 2, first.values[2])
    qtbot.mouseClick(trend, Qt.MouseButton.LeftButton, pos=QPoint(int(at.x()), int(at.y())))
    assert window.register_screen.combos["instrument"].currentData() == "I"


def test_the_table_lists_the_first_200_due_and_the_button_shows_all(qtbot) -> None:
    import datetime as dt

    from app import overview_data as core
    from app.i18n import translator
    from app.ui.overview.overview_page import DUE_ROWS, Chosen, OverviewPage

    due = tuple(
        core.DueMeasure(f"X.{n:03d}", {"de": f"M {n}"}, dt.date(2026, 1, 1), OVERDUE, "planned",
                        None, "SK")
        for n in range(250)
    )  # fmt: skip
    data = core.Overview(dt.date(2026, 12, 4), 250, None, (), (), due, ())
    page = OverviewPage(translator("de"), None, None)
    qtbot.addWidget(page)
    page.set_data(data)
    assert page.due_table.rowCount() == DUE_ROWS == 200
    assert "die ersten 200" in page.due_label.text()
    assert page.overdue_button.text() == "Überfällige &zeigen (250)"
    with qtbot.waitSignal(page.show_in_register) as shown:
        page.overdue_button.click()
    chosen = shown.args[0]
    assert isinstance(chosen, Chosen)
    assert chosen.codes == frozenset(m.code for m in due)
