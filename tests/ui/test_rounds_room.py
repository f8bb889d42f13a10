"""The rounds and partnerships pages at 150 % scaling on 1366×768 (911×480 logical pixels for
the window) in every language: the page asks for no more room than the window has (no
scrolling of the whole page), the completeness table shows each department's name whole (it
wraps; never cut, never scrolled sideways), and the partnerships table keeps rows in sight."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea, QTreeWidget

from app.operations.context import Actor
from app.paths import AppPaths
from app.rounds import secretariat
from app.rounds.secretariat import RoundInput
from app.storage.register import open_register
from tests.support.qt import PARTNERSHIPS_PAGE, ROUNDS_PAGE, idle

pytestmark = pytest.mark.gui

SMALL = (911, 480)
ROUND = "Sachstand 2026/1"


def page_room(window) -> QScrollArea:
    area = window.stack.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return area


def fits_without_scrolling(window, what: str) -> None:
    area = page_room(window)
    needed = window.stack.minimumSizeHint()
    room = area.viewport().size()
    assert needed.height() <= room.height(), f"{what} needs {needed.height()} px high"
    assert needed.width() <= room.width(), f"{what} needs {needed.width()} px wide"
    assert not area.verticalScrollBar().isVisible(), f"{what} scrolls"


def cells_whole(table: QTreeWidget) -> None:
    """Every cell's text is shown: each word fits its column, the wrapped text its row, and the
    columns the table's width."""
    header = table.header()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= table.viewport().width(), f"the table scrolls sideways: {widths}"
    metrics = table.fontMetrics()
    for row in range(table.topLevelItemCount()):
        item = table.topLevelItem(row)
        assert item is not None
        for column, width in enumerate(widths):
            text = item.text(column).replace("\u200b", " ")  # a file name's break points
            for word in text.split():
                assert metrics.horizontalAdvance(word) <= width, f"{word!r} cut in {text!r}"
            lines = 1 + sum(
                metrics.horizontalAdvance(text) > width * n for n in range(1, len(text.split()))
            )
            height = table.visualItemRect(item).height()
            assert height >= lines * metrics.lineSpacing() * 0.9, f"{text!r} cut at {height} px"


@pytest.fixture
def with_round(demo_copy: AppPaths, tmp_path):
    with open_register(demo_copy) as register:
        with register.session() as session:
            secretariat.create_round(
                session,
                Actor("Erika Muster", "app"),
                RoundInput(name=ROUND, deadline=dt.date(2026, 6, 30), departments=()),
            )
        with register.session() as session:
            secretariat.issue(session, Actor("Erika Muster", "app"), ROUND, tmp_path / "out")
    return demo_copy


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_rounds_page_fits_150_percent(make_window, qtbot, with_round, lang) -> None:
    window = make_window(lang, with_round.data_dir)
    window.resize(*SMALL)
    window.show()
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.secretariat
    qtbot.waitUntil(lambda: screen.loaded and window.worker.idle, timeout=20000)
    qtbot.waitUntil(lambda: screen.selected() is not None, timeout=20000)
    idle(qtbot, window)
    table = screen.completeness.table
    qtbot.waitUntil(lambda: table.topLevelItemCount() > 0, timeout=20000)
    for tab in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        fits_without_scrolling(window, f"the rounds page, tab {tab + 1}")
    screen.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert table.height() >= 3 * table.sizeHintForRow(0)
    cells_whole(table)
    view = screen.completeness  # the measures no department is asked about: on request
    assert not view.unassigned.isVisible()
    if view.unassigned_button.isVisible():
        view.unassigned_button.click()
        assert view.unassigned.isVisible()
        assert "." in view.unassigned.text()
        view.unassigned_button.click()
    window.resize(1340, 720)  # wide again: one line each
    QApplication.processEvents()
    cells_whole(table)
    assert table.sizeHintForRow(0) < 1.5 * table.fontMetrics().lineSpacing() + 8


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_partnerships_page_fits_150_percent(make_window, qtbot, lang) -> None:
    window = make_window(lang)
    window.resize(*SMALL)
    window.show()
    window.show_page(PARTNERSHIPS_PAGE)
    idle(qtbot, window)
    qtbot.wait(200)  # the narrow arrangement settles
    fits_without_scrolling(window, "the partnerships page")
    table = window.partnerships.table
    assert table.viewport().height() >= 4 * table.sizeHintForRow(0)
    window.partnerships.tabs.setCurrentIndex(1)  # the criteria sets: no scrolling sideways
    idle(qtbot, window)
    qtbot.wait(100)
    criteria = window.partnerships.sets.criteria_table
    assert criteria.rowCount() > 0
    header = criteria.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= criteria.viewport().width(), widths


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_returns_fit_a_narrow_tab(qtbot, lang) -> None:
    from app.i18n import translator
    from app.rounds.view import ReturnRow
    from app.ui.rounds.round_detail import ReturnsView

    returns = ReturnsView(translator(lang))
    qtbot.addWidget(returns)
    returns.resize(700, 300)  # the tab page in a 911-pixel-wide window (150 % on 1366×768)
    returns.show()
    qtbot.waitExposed(returns)
    row = ReturnRow(
        "SMWK", 2, "2026-12-05T02:14:00", "2026-12-05T02:15:00", "Erika Muster", None, True,
        "Sachstand_2026-1_SMWK_v2.imag-return", 12, True,
    )  # fmt: skip
    returns.show_returns([row])
    QApplication.processEvents()
    cells_whole(returns.table)


def test_a_page_with_wrapped_text_fits_the_room_it_is_given(qtbot) -> None:
    """A page whose text wraps (the department's workspace) takes the window's height, not the
    height its preferred sizes add up to: nothing below its fold at 150 %."""
    from PySide6.QtWidgets import QLabel, QTreeWidget, QVBoxLayout, QWidget

    from app.ui.sizing import PageStack, scrolled

    page = QWidget()
    layout = QVBoxLayout(page)
    summary = QLabel("Department: State Chancellery (SK) · Deadline: 2 December 2026 · " * 4)
    summary.setWordWrap(True)
    layout.addWidget(summary)
    layout.addWidget(QTreeWidget(), 1)  # prefers ~190 px, needs ~70
    layout.addWidget(QTreeWidget(), 1)
    stack = PageStack()
    stack.addWidget(page)
    area = scrolled(stack)
    qtbot.addWidget(area)
    area.resize(600, 300)
    area.show()
    qtbot.waitExposed(area)
    assert stack.minimumSizeHint().height() <= area.viewport().height()
    assert stack.height() == area.viewport().height()
    assert not area.verticalScrollBar().isVisible()


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_a_departments_proposals_wrap_instead_of_cutting_the_title(qtbot, lang) -> None:
    from types import SimpleNamespace

    from app.i18n import translator
    from app.ui.workspace.proposals_pane import ProposalsPane

    pane = ProposalsPane(translator(lang), worker=None)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane.resize(650, 300)  # the workspace's tab at 150 % on 1366×768
    pane.show()
    qtbot.waitExposed(pane)
    proposal = {
        "instrument": "IV",
        "title_de": "Sommerschule für Nachwuchskräfte der Verwaltung mit Partnern in Polen",
        "rationale": "Ergänzt die Kooperation der Verwaltungsfachhochschulen in der Grenzregion.",
    }
    pane.show_round(SimpleNamespace(proposals=[(1, proposal)]))  # type: ignore[arg-type]
    QApplication.processEvents()
    cells_whole(pane.table)


def test_the_round_dialogs_open_no_larger_than_the_screen(make_window, qtbot) -> None:
    """The reminder and the results of importing or of the reminders to all: at 150 % on
    1366×768 they opened 1,140×840 and 1,500×630 pixels large, buttons off-screen."""
    from tests.support.round_dialogs import round_dialogs

    window = make_window("pl")
    room = QApplication.primaryScreen().availableGeometry()
    for dialog in round_dialogs(window)[1:3]:  # the reminder, the results
        qtbot.addWidget(dialog)
        assert dialog.width() <= room.width(), dialog.windowTitle()
        assert dialog.height() <= room.height() - 32, dialog.windowTitle()
