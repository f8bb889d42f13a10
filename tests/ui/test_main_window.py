"""The register window: every measure, filters and search, editing, history, first start,
reference data and an accessibility walk over every screen and dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app import profile
from app.i18n import translator
from app.paths import resolve
from app.profile import Profile
from app.ui.profile_dialog import ProfileDialog
from tests.support.qt import criteria_dialogs, unnamed, wait

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("lang", "header", "title"),
    [
        ("de", "Kennung", "Umsetzung von bilateralen"),
        ("pl", "Kod", "Realizacja dwustronnych"),  # the catalogue's proposed translations
        ("cs", "Kód", "Realizace dvoustranných"),
    ],
)
def test_window_lists_every_measure(make_window, lang: str, header: str, title: str) -> None:
    window = make_window(lang)
    model = window.register_screen.model
    assert model.rowCount() == 66
    assert model.headerData(0, Qt.Orientation.Horizontal) == header
    assert model.data(model.index(0, 1)).startswith(title)
    assert "Demo" not in window.windowTitle()
    assert str(window.register.path) in window.file_label.text()


def test_demo_is_marked(make_window, tmp_path: Path) -> None:
    from app.demo import create_demo

    create_demo(resolve(tmp_path / "demo")).close()
    window = make_window("de", tmp_path / "demo")
    assert "Demo" in window.windowTitle()


def test_filters_search_and_sorting(make_window) -> None:
    window = make_window()
    screen = window.register_screen
    model = screen.model
    combo = screen.combos["instrument"]
    combo.setCurrentIndex(combo.findData("III"))
    in_three = model.rowCount()
    assert 0 < in_three < 66
    assert all(model.row_at(r).instrument == "III" for r in range(in_three))
    section = screen.combos["section"]
    section.setCurrentIndex(section.findData("C"))
    assert 0 < model.rowCount() < in_three
    screen.search.setText("FACHKRÄFTE")
    assert all("fachkrafte" in model.row_at(r).search_key for r in range(model.rowCount()))
    screen.search.setText("zzz-nothing")
    assert model.rowCount() == 0
    assert screen.count_label.text() == "0 von 66 Maßnahmen"
    screen.search.clear()
    combo.setCurrentIndex(0)
    section.setCurrentIndex(0)
    assert model.rowCount() == 66
    screen.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).code.startswith("VII.")
    # Remembered between starts.
    combo.setCurrentIndex(combo.findData("II"))
    window.close()
    window.register.close()
    again = make_window()
    assert again.register_screen.combos["instrument"].currentData() == "II"
    assert again.register_screen.model.rowCount() < 66


def test_edit_with_validation_error_then_history(make_window, qtbot) -> None:
    window = make_window()
    screen = window.register_screen
    screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    editor.status.setCurrentIndex(editor.status.findData("dropped"))
    editor.end.setText("2026-01-01")
    editor.start.setText("2026-06-01")
    editor.submit()
    qtbot.waitUntil(editor.error.isVisible)
    assert "Ende" in editor.error.text()
    editor.start.setText("2025-06-01")
    editor.submit()
    qtbot.waitUntil(lambda: window.worker.idle)
    assert "Grund oder einen Nachfolger" in editor.error.text()
    assert editor.isVisible()
    editor.reason.setText("In I.02 aufgegangen")
    editor.progress.setValue(30)
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible() and window.worker.idle)
    wait(qtbot, window)
    row = screen.model.row_at(screen.model.row_of("I.01") or 0)
    assert (row.status.value, row.progress) == ("dropped", 30)
    screen.select("I.01")
    qtbot.waitUntil(lambda: screen.history.topLevelItemCount() > 0)
    lines = {
        item.text(2): [item.text(c) for c in range(6)]
        for item in map(screen.history.topLevelItem, range(screen.history.topLevelItemCount()))
    }
    assert lines["Status"][1] == "Erika Muster"
    assert lines["Status"][3:] == ["geplant", "entfallen", "Programm"]  # labels, translated
    assert lines["Ende"][3:5] == ["–", "01.01.2026"]  # dates in the language's format
    assert lines["Fortschritt"][3:5] == ["–", "30 %"]
    # The editor shows the same history on a tab of its own.
    window.edit_measure()
    qtbot.waitUntil(lambda: window.editor is not editor and window.editor.isVisible())
    history = window.editor.history
    assert history is not None
    assert window.editor.tabs.indexOf(history) == window.editor.tabs.count() - 1
    assert history.topLevelItemCount() == screen.history.topLevelItemCount()
    assert history.topLevelItem(0).text(2) == screen.history.topLevelItem(0).text(2)
    window.editor.reject()


def test_the_editor_confirms_a_proposed_translation(make_window, qtbot) -> None:
    """The catalogue's Polish title shows the state "proposal"; choosing "translated" stores it
    and the history says "proposal" -> "translated"."""
    window = make_window()
    screen = window.register_screen
    screen.select("I.04")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    states = editor.states
    assert states["pl"].currentData() == states["cs"].currentData() == "proposal"
    assert states["pl"].currentText() == "Vorschlag (nicht geprüft)"
    states["pl"].setCurrentIndex(states["pl"].findData("translated"))
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible() and window.worker.idle)
    wait(qtbot, window)
    screen.select("I.04")
    qtbot.waitUntil(lambda: screen.history.topLevelItemCount() > 0)
    item = screen.history.topLevelItem(0)
    assert [item.text(c) for c in (3, 4)] == ["Vorschlag (nicht geprüft)", "übersetzt"]
    assert screen.history.topLevelItemCount() == 2  # created by the catalogue, then this


def test_new_archive_delete(make_window, qtbot, monkeypatch) -> None:
    window = make_window()
    window.new_measure()
    editor = window.editor
    editor.titles["de"].setText("Austausch mit Wrocław")
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible())
    wait(qtbot, window)
    screen = window.register_screen
    screen.search.setText("wroclaw")
    assert screen.model.rowCount() == 1
    code = screen.model.row_at(0).code
    screen.select(code)
    window.archive_measure()
    qtbot.waitUntil(lambda: window.worker.idle and screen.model.rowCount() == 0)
    screen.show_archived.setChecked(True)
    assert screen.model.rowCount() == 1
    screen.select(code)
    # Archived shows in words, not only in grey italics; and in the detail panel.
    model = screen.model
    assert model.data(model.index(0, 4)) == "geplant, archiviert"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.FontRole).italic()
    qtbot.waitUntil(lambda: "Archiviert:" in screen.details.toPlainText())
    assert screen.archive_button.text() == "&Wiederherstellen"
    monkeypatch.setattr(window, "confirm_delete", lambda _code: True)
    window.delete_measure()
    qtbot.waitUntil(lambda: window.worker.idle and screen.model.rowCount() == 0)


def test_first_start_dialog_saves_profile(qtbot, tmp_path: Path) -> None:
    from app.operations.register_view import Named

    dialog = ProfileDialog(
        translator("pl"), Profile(), [Named("SK", "Staatskanzlei")], first_start=True
    )
    qtbot.addWidget(dialog)
    dialog.submit()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.name.setText("Jan Kowalski")
    dialog.role.setCurrentIndex(dialog.role.findData("liaison_office"))
    dialog.department.setCurrentIndex(dialog.department.findData("SK"))
    dialog.language.setCurrentIndex(dialog.language.findData("pl"))
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    path = tmp_path / "profile.json"
    profile.save(path, dialog.profile())
    assert profile.load(path) == Profile("Jan Kowalski", "liaison_office", "SK", "pl")


def test_retiring_a_lead_department_asks_for_a_successor(make_window, qtbot, monkeypatch) -> None:
    from dataclasses import replace

    from app.operations import measures
    from app.operations.context import Actor

    window = make_window()
    with window.register.session() as s:
        data, _ = measures.measure_input(s, "I.01")
    with window.register.session() as s:
        measures.update_measure(s, Actor("t"), "I.01", replace(data, lead_department="SMI"))
    reference = window.reference
    reference.reload()
    qtbot.waitUntil(lambda: window.worker.idle)
    row = next(n for n, r in enumerate(reference.rows) if r.code == "SMI")
    reference.table.selectRow(row)
    asked: list[str] = []

    def cancel(r):
        asked.append(r.code)

    monkeypatch.setattr(reference, "ask_successor", cancel)
    reference.retire()
    assert asked == ["SMI"]  # cancelled: nothing retired
    monkeypatch.setattr(reference, "ask_successor", lambda _r: "SK")
    reference.retire()
    qtbot.waitUntil(lambda: window.worker.idle and reference.rows[row].retired)
    wait(qtbot, window)
    assert window.register_screen.model.row_at(0).lead_department == "SK"


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_every_control_has_an_accessible_name(make_window, qtbot, lang: str) -> None:
    window = make_window(lang)
    window.show()
    for page in range(window.stack.count()):
        window.show_page(page)
        assert unnamed(window) == [], window.stack.currentWidget()
    window.register_screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    for tab in range(window.editor.tabs.count()):
        window.editor.tabs.setCurrentIndex(tab)
        assert unnamed(window.editor) == []
    window.editor.reject()
    dialog = ProfileDialog(translator(lang), Profile(), [], first_start=True, parent=window)
    dialog.show()
    assert unnamed(dialog) == []
    dialog.reject()
    for editor in criteria_dialogs(window):
        editor.show()
        for tab in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(tab)
            assert unnamed(editor) == [], editor.windowTitle()
        editor.reject()
