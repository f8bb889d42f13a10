"""The register table updates only the rows an operation changed (issue 18): after any mix of
edits, with any filter and sort, the view shows what a full reload would show, and an edited row
that stays in place is repainted without a reset (the selection stays)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from app.i18n import translator
from app.models.enums import Status, TrafficLight
from app.operations.register_view import Filter, MeasureRow, fold
from app.ui.register.measure_model import MeasureTableModel

pytestmark = pytest.mark.gui


def row(n: int, *, archived: bool = False, progress: int = 0) -> MeasureRow:
    title = f"Maßnahme {n % 7} Łódź"
    return MeasureRow(
        code=f"I.{n:03d}", position=n, instrument="I", section=None, title_de=title,
        title_pl=None, title_cs=None, status=Status.PLANNED, traffic_light=TrafficLight.GREEN,
        progress=progress, updated_at="2026-01-01", archived=archived,
        search_key=fold(f"I.{n:03d} {title}"),
    )  # fmt: skip


def shown(model: MeasureTableModel) -> list[tuple[str, bool, int | None]]:
    return [(r.code, r.archived, r.progress) for r in map(model.row_at, range(model.rowCount()))]


@pytest.mark.parametrize("show_archived", [False, True])
@pytest.mark.parametrize(
    "sort", [None, (0, Qt.SortOrder.AscendingOrder), (6, Qt.SortOrder.DescendingOrder)]
)
def test_partial_update_shows_what_a_reload_shows(qapp, show_archived, sort) -> None:
    tr = translator("de")
    rows = [row(n, archived=n % 5 == 0, progress=n % 4 * 10) for n in range(40)]
    model = MeasureTableModel(tr, list(rows))
    reference = MeasureTableModel(tr)
    for each in (model, reference):
        each.set_filter(Filter(show_archived=show_archived))
        if sort:
            each.sort(*sort)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    edits = [
        replace(rows[3], archived=True),
        replace(rows[5], archived=False),
        replace(rows[7], progress=90),
        replace(rows[8], progress=None),
        replace(rows[11], title_de="Wrocław"),
    ]
    for edited in edits:
        rows[rows.index(next(r for r in rows if r.code == edited.code))] = edited
        model.update_rows([edited])
        reference.set_rows(list(rows))
        assert shown(model) == shown(reference)
    assert resets == []  # no edit above reset the view
    new, gone = row(41), rows[2].code
    rows = [r for r in rows if r.code != gone] + [new]
    model.update_rows([new], [gone])
    reference.set_rows(rows)
    assert shown(model) == shown(reference)


def test_an_edited_row_keeps_the_selection(qtbot) -> None:
    from PySide6.QtWidgets import QTableView

    rows = [row(n) for n in range(10)]
    model = MeasureTableModel(translator("de"), rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(4)
    model.update_rows([replace(rows[4], progress=55)])
    assert [index.row() for index in view.selectionModel().selectedRows()] == [4]
    assert model.data(model.index(4, 6)) == "55 %"


def test_typing_on_tests_only_the_rows_shown_and_shows_what_a_new_search_shows(qapp) -> None:
    """A letter typed on narrows the search: only the rows shown are tested again (issue 18),
    with the same result as searching afresh, in any sort order."""
    tr = translator("de")
    rows = [row(n, archived=n % 5 == 0) for n in range(60)]
    rows[10] = replace(rows[10], search_key=fold("I.010 Wrocław Łódź"))
    model = MeasureTableModel(tr, rows)
    model.sort(6, Qt.SortOrder.DescendingOrder)
    typed = ("m", "ma", "maß", "maßnahme 3", "maßnahme 3 ł", "maßnahme", "w", "wro", "wroclaw lodz")
    for text, archived in [*((text, True) for text in typed), ("lodz", False), ("", False),
                           ("i.0", False), ("i.0", True), ("i.01", True)]:  # fmt: skip
        flt = Filter(text=text, show_archived=archived)
        model.set_filter(flt)
        fresh = MeasureTableModel(tr, rows)
        fresh.sort(6, Qt.SortOrder.DescendingOrder)
        fresh.set_filter(flt)
        assert shown(model) == shown(fresh), text
    assert model.rowCount() > 0


def test_an_edit_in_the_window_updates_its_row_and_details_without_a_reload(
    make_window, qtbot
) -> None:
    from tests.support.qt import wait

    window = make_window()
    wait(qtbot, window)
    screen = window.register_screen
    screen.show_archived.setChecked(True)
    code = screen.model.row_at(3).code
    screen.select(code)
    qtbot.waitUntil(lambda: window.worker.idle and code in screen.details.toPlainText())
    resets: list[int] = []
    screen.model.modelReset.connect(lambda: resets.append(1))
    window.archive_measure()
    qtbot.waitUntil(lambda: window.worker.idle and screen.model.row_at(3).archived)
    qtbot.waitUntil(lambda: "Archiviert:" in screen.details.toPlainText())
    assert screen.selected_code() == code
    assert resets == []  # the one row changed, the register was not read again


def cells(model: MeasureTableModel) -> list[object]:
    roles = [*Qt.ItemDataRole][:16]  # display … accessible text, and those answered "nothing"
    return [
        (r, c, role, model.data(model.index(r, c), role))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in roles
    ]


def test_the_cells_painted_once_show_an_edit_like_a_fresh_model(qapp) -> None:
    """The table's texts are made once per row shown (a screenful is painted many times): an
    edited row's cells are those a model made afresh shows, in every role."""
    tr = translator("pl")
    rows = [row(n, archived=n % 3 == 0, progress=n) for n in range(12)]
    model = MeasureTableModel(tr, list(rows))
    model.set_filter(Filter(show_archived=True))
    cells(model)  # every cell painted once
    rows[4] = replace(rows[4], archived=True, progress=None, title_pl="Wrocław", title_de="W")
    rows[5] = replace(rows[5], traffic_light=None, status=Status.COMPLETED)
    model.update_rows([rows[4], rows[5]])
    fresh = MeasureTableModel(tr, rows)
    fresh.set_filter(Filter(show_archived=True))
    assert cells(model) == cells(fresh)
    assert model.data(model.index(4, 1)) == "Wrocław"


def test_a_search_that_keeps_the_selected_measure_does_not_announce_it_again(qtbot) -> None:
    """Typing on while a measure is selected and stays shown does not say "selection changed"
    (the main window would read its details again at every keystroke); when the search hides
    it, the empty selection is announced once."""
    from app.ui.register.register_screen import RegisterScreen

    screen = RegisterScreen(translator("de"))
    qtbot.addWidget(screen)
    screen.model.set_rows([row(n) for n in range(30)])
    screen.select("I.013")
    announced: list[str] = []
    screen.selection_changed.connect(announced.append)
    for text in ("m", "ma", "maßnahme", "maßnahme 6", "maßnahm", "i.01"):
        screen.search.setText(text)
    assert screen.selected_code() == "I.013"
    assert announced == []
    screen.search.setText("i.02")
    assert announced == [""]
    assert screen.selected_code() is None
