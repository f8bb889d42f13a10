"""Work on many measures in the window: the bulk change dialog, the selection that stays
with its measures when the table is sorted or loaded again, the measure editor's every field,
and the spreadsheet import with its preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import AuditEvent
from app.operations import measures
from app.storage.register import Register
from tests.support.qt import wait

THREE = ["I.01", "I.02", "II.01"]
pytestmark = pytest.mark.gui


def _events(register: Register, field: str) -> list[AuditEvent]:
    with register.session() as s:
        return list(
            s.scalars(select(AuditEvent).where(AuditEvent.field == field).order_by(AuditEvent.id))
        )


# -- the window ---------------------------------------------------------------------------------
def _open_bulk(qtbot, window, codes: list[str]):
    screen = window.register_screen
    screen.select_codes(codes)
    assert screen.selected_codes() == codes
    assert window.register_actions.bulk_action.isEnabled()
    window.register_actions.bulk_action.trigger()
    dialog = window.register_actions.bulk_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.selection.count() == len(codes)
    return dialog


def test_bulk_dialog_sets_the_lead_of_three_measures(make_window, qtbot) -> None:
    window = make_window()
    dialog = _open_bulk(qtbot, window, THREE)
    dialog.set_lead.setChecked(True)
    dialog.lead.setCurrentIndex(dialog.lead.findData("SMWK"))
    goals, box = dialog.lists["goals"]
    goals.setCurrentIndex(goals.findData("add"))
    box.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() and window.worker.idle)
    wait(qtbot, window)
    screen = window.register_screen
    assert screen.result.text() == "3 Maßnahmen geändert."
    assert screen.selected_codes() == THREE  # the selection stays after the reload
    rows = {screen.model.row_at(r).code: screen.model.row_at(r) for r in range(66)}
    assert all(rows[code].lead_department == "SMWK" for code in THREE)
    assert all(rows[code].goals == {2} for code in THREE)
    assert rows["I.03"].lead_department is None
    events = _events(window.register, "lead_department")
    assert sorted(str(e.entity_code) for e in events) == sorted(THREE)
    assert {e.actor for e in events} == {"Erika Muster"}


def test_bulk_dialog_refused_shows_every_measure_and_changes_nothing(make_window, qtbot) -> None:
    window = make_window()
    dialog = _open_bulk(qtbot, window, THREE)
    dialog.set_status.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData("dropped"))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and window.worker.idle)
    assert dialog.isVisible()
    assert "Nichts wurde geändert" in dialog.error.text()
    assert dialog.problems.count() == 3
    assert dialog.problems.item(2).text().startswith("II.01: ")
    assert _events(window.register, "status") == []
    dialog.reason.setText("Zusammengelegt")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible() and window.worker.idle)
    assert len(_events(window.register, "status")) == 3


def test_selection_stays_with_its_measure_when_sorted_and_reloaded(make_window, qtbot) -> None:
    window = make_window()
    screen = window.register_screen
    screen.select("I.05")
    screen.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert screen.selected_code() == "I.05"
    assert screen.model.row_at(screen.table.currentIndex().row()).code == "I.05"
    screen.select_codes(["II.02", "I.05", "III.A.01"])
    screen.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    window.reload()
    wait(qtbot, window)
    assert sorted(screen.selected_codes()) == ["I.05", "II.02", "III.A.01"]
    assert screen.selected_code() is None
    assert not window.edit_action.isEnabled()

    # an editor opened on I.05: the table is sorted and loaded again while it is open, and the
    # change is written to I.05, which stays selected
    screen.select("I.05")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    screen.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    window.reload()
    wait(qtbot, window)
    assert screen.selected_code() == "I.05"
    window.editor.progress.setValue(55)
    window.editor.submit()
    qtbot.waitUntil(lambda: not window.editor.isVisible() and window.worker.idle)
    wait(qtbot, window)
    assert [e.entity_code for e in _events(window.register, "progress")] == ["I.05"]
    assert screen.selected_code() == "I.05"


# -- the editor edits every field ---------------------------------------------------------------
def _edit(qtbot, window, code: str):
    window.register_screen.select(code)
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    return window.editor


def _save(qtbot, window, editor) -> None:
    editor.submit()
    qtbot.waitUntil(lambda: window.worker.idle)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    wait(qtbot, window)


def test_editor_saves_indicator_milestone_budget_and_contact(make_window, qtbot) -> None:
    import datetime as dt

    window = make_window()
    editor = _edit(qtbot, window, "I.03")
    extras = editor.extras
    qtbot.mouseClick(extras.indicators.add_button, Qt.MouseButton.LeftButton)
    table = extras.indicators.table
    for column, text in enumerate(["Projekte", "Anzahl", "2", "12,5", "1.204", "31.03.2026"]):
        table.item(0, column).setText(text)
    extras.milestones.add_row(None, ["Auftaktkonferenz", "1. 9. 2026", ""])
    extras.planned.setText("12.500,50 €")
    extras.contact_email.setText("referat@sk.sachsen.de")
    editor.start.setText("01.02.2026")
    _save(qtbot, window, editor)
    with window.register.session() as s:
        data = measures.measure_input(s, "I.03")[0]
    (indicator,) = data.indicators
    assert (indicator.name, indicator.unit, indicator.baseline, indicator.target) == (
        "Projekte", "Anzahl", 2.0, 12.5
    )  # fmt: skip
    assert (indicator.actual, indicator.actual_date) == (1204.0, dt.date(2026, 3, 31))
    (milestone,) = data.milestones
    assert (milestone.title, milestone.due_date) == ("Auftaktkonferenz", dt.date(2026, 9, 1))
    assert data.budget_planned_cents == 1_250_050
    assert data.contact_email == "referat@sk.sachsen.de"
    assert data.start_date == dt.date(2026, 2, 1)
    assert {e.field for e in _events(window.register, "indicators")} == {"indicators"}

    # opened again: the values as German writes them; a change keeps the indicator (its id)
    editor = _edit(qtbot, window, "I.03")
    table = editor.extras.indicators.table
    assert [table.item(0, c).text() for c in range(6)] == [
        "Projekte", "Anzahl", "2", "12,5", "1.204", "31.03.2026"
    ]  # fmt: skip
    assert editor.extras.planned.text() == "12.500,50"
    assert editor.start.text() == "01.02.2026"
    table.item(0, 4).setText("1.300")
    editor.extras.milestones.table.item(0, 2).setText("kein Datum")
    editor.submit()
    qtbot.waitUntil(lambda: editor.error.isVisible() and window.worker.idle)
    assert "Meilensteine, Zeile 1" in editor.error.text()
    editor.extras.milestones.table.item(0, 2).setText("")
    _save(qtbot, window, editor)
    with window.register.session() as s:
        again = measures.measure_input(s, "I.03")[0]
    assert again.indicators[0].id == indicator.id
    assert again.indicators[0].actual == 1300.0


# -- the import dialog ----------------------------------------------------------------------------
def _cells(table, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_import_dialog_previews_then_applies_or_cancels(qtbot) -> None:
    from app.i18n import translator
    from app.spreadsheets.measures import FieldChange, ImportPlan, ImportResult
    from app.ui.register.import_dialog import ImportDialog

    applied: list[ImportPlan] = []

    def apply(plan, done, _failed) -> None:
        applied.append(plan)
        done(ImportResult(changed=1, created=1))

    dialog = ImportDialog(translator("de"), Path("liste.xlsx"), apply)
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled()  # nothing before the plan is there
    plan = ImportPlan(
        "liste.xlsx",
        [FieldChange("I.01", "lead_department", "Lead department", "", "SK")],
        ["I.13"],
    )
    dialog.show_plan(plan)
    assert "1 Feld" in dialog.summary.text()
    assert "I.13" in dialog.summary.text()
    assert _cells(dialog.changes, 0) == ["I.01", "Federführendes Ressort", "–", "SK"]
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert applied == [plan]
    assert dialog.imported == ImportResult(1, 1)


def test_import_dialog_lists_every_problem_of_a_refused_file(qtbot) -> None:
    from app.i18n import N_, Message, translator
    from app.spreadsheets.tables import SheetProblem, SpreadsheetRefused
    from app.ui.register.import_dialog import ImportDialog

    dialog = ImportDialog(translator("de"), Path("liste.xlsx"), lambda *_a: None)
    qtbot.addWidget(dialog)
    problems = [
        SheetProblem("Maßnahmen", 17, "Federführendes Ressort (K)", Message(N_("Unit"))),
        SheetProblem(None, None, None, Message(N_("Target"))),
    ]
    dialog.show_refusal(SpreadsheetRefused("liste.xlsx", problems))
    assert "2 Probleme" in dialog.summary.text()
    assert _cells(dialog.problems, 0) == [
        "Maßnahmen", "17", "Federführendes Ressort (K)", "Einheit"
    ]  # fmt: skip
    assert dialog.problems.rowCount() == 2
    assert not dialog.apply_button.isEnabled()


def _set_column(path: Path, header: str, values: dict[int, str]) -> None:
    """Fill cells of the measures sheet as Excel would (``values``: row number → text)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c.column for c in sheet[1] if c.value == header)
    for row, value in values.items():
        sheet.cell(row=row, column=column, value=value)
    book.save(path)


def test_import_dialog_round_trip_of_a_real_xlsx(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    actions, screen = window.register_actions, window.register_screen
    path = tmp_path / "liste.xlsx"
    actions.export_to(path, "xlsx", "de")
    qtbot.waitUntil(lambda: window.worker.idle and path.exists())
    assert screen.result.text().startswith("66 Maßnahmen in ")
    leads = ["SK", "SMWK", "SMI", "SMWA"]
    _set_column(path, "Federführendes Ressort", {r: leads[r % 4] for r in range(2, 68)})

    actions.import_file(path)
    dialog = actions.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: window.worker.idle and dialog.plan is not None)
    assert dialog.changes.rowCount() == 66
    assert "66 Felder" in dialog.summary.text()
    assert _cells(dialog.changes, 0)[:2] == ["I.01", "Federführendes Ressort"]
    assert screen.model.row_at(0).lead_department is None  # nothing written before "Apply"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() and window.worker.idle)
    wait(qtbot, window)
    assert screen.result.text() == "liste.xlsx: 66 Maßnahmen geändert, 0 neu angelegt."
    assert [screen.model.row_at(r).lead_department for r in range(4)] == leads[2:] + leads[:2]

    # the same file again changes nothing
    actions.import_file(path)
    dialog = actions.import_dialog
    qtbot.waitUntil(lambda: window.worker.idle and dialog.plan is not None)
    assert dialog.plan.empty
    assert "ändert nichts" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()

    # an unknown department in row 17: refused with its row, nothing changed
    _set_column(path, "Federführendes Ressort", {17: "XYZ"})
    actions.import_file(path)
    dialog = actions.import_dialog
    qtbot.waitUntil(lambda: window.worker.idle and dialog.problems.rowCount() > 0)
    assert dialog.plan is None
    assert not dialog.apply_button.isEnabled()
    rows = [_cells(dialog.problems, r) for r in range(dialog.problems.rowCount())]
    assert any(row[1] == "17" and "XYZ" in row[3] for row in rows), rows
    dialog.reject()
    assert len(_events(window.register, "lead_department")) == 66
