"""A department answers a whole package fast: "Save and next" (Ctrl+Enter) and "Keep values
unchanged" go on to the next measure still to answer with the focus in its first field, Enter on
the list goes into the form, Escape back to the list, and at the end the focus waits on the
export. A package of 20 measures is answered and exported with the keyboard alone."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Measure
from app.operations import measures
from app.rounds import workspace
from app.ui.main_window import MainWindow
from app.ui.workspace.workspace_screen import WorkspaceScreen
from tests.support.project import isolated
from tests.support.qt import ROUNDS_PAGE, activate, focus_on, idle, wait_for_focus
from tests.support.rounds_kit import SECRETARIAT, session_of, start_round

pytestmark = pytest.mark.gui
DEPARTMENT = "SMI"
PACKAGE_SIZE = 20


def lead_measures(secretariat: Path) -> None:
    """Let the department lead 20 measures of the demo register (it leads 4 there)."""
    with session_of(secretariat) as session:
        codes = list(session.scalars(select(Measure.code).order_by(Measure.id)))
        session.rollback()
        inputs = {}
        for code in codes:
            inputs[code], _revision = measures.measure_input(session, code)
            session.rollback()
        led = sum(data.lead_department == DEPARTMENT for data in inputs.values())
        for code, data in inputs.items():
            if led >= PACKAGE_SIZE:
                break
            if data.lead_department != DEPARTMENT:
                measures.update_measure(
                    session, SECRETARIAT, code, replace(data, lead_department=DEPARTMENT)
                )
                led += 1


@pytest.fixture(scope="module")
def laptop(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department's data folder with a round package of 20 measures opened (made once)."""
    root = tmp_path_factory.mktemp("fast")
    secretariat = root / "secretariat"
    secretariat.mkdir()
    shutil.copy2(demo_dir / "register.imag.sqlite", secretariat / "register.imag.sqlite")
    with isolated(root / "home"):
        lead_measures(secretariat)
        cycle = start_round(demo_dir, root, departments=(DEPARTMENT,))
    assert len(cycle.codes(DEPARTMENT)) == PACKAGE_SIZE
    return cycle.laptops[DEPARTMENT]


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch) -> None:
    """A message box or file dialog would wait for a click forever: fail at once instead."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    def fail(*args, **_kwargs):
        raise AssertionError(f"a modal dialog opened: {args[1:3]}")

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)
    for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, fail)


@pytest.fixture
def screen(laptop: Path, tmp_path: Path, make_window, qtbot) -> tuple[MainWindow, WorkspaceScreen]:
    """The department's window on a copy of the laptop, shown and active, on "My returns"."""
    folder = tmp_path / "laptop"
    shutil.copytree(laptop, folder, ignore=shutil.ignore_patterns("*.lock"))
    window = make_window("de", folder)
    window.rounds.set_role("department")
    window.resize(1340, 760)
    window.show_page(ROUNDS_PAGE)
    ws = window.rounds.workspace
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is not None, timeout=20000)
    return window, ws


class Keyboard:
    """Keys pressed on whatever has the focus, as a user at the keyboard would, counted."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.presses = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        activate(self.qtbot, focused)
        self.qtbot.keyClick(focused, key, modifier)
        self.presses += 1

    def type(self, text: str) -> None:
        for char in text:
            focused = QApplication.focusWidget()
            assert focused is not None
            self.qtbot.keyClicks(focused, char)
            self.presses += 1


def stored(window: MainWindow) -> dict[str, dict[str, Any]]:
    with window.register.session() as session:
        return workspace.answers(session, workspace.find(session, None))


def test_a_package_of_20_answered_and_exported_by_keyboard_alone(screen, qtbot, tmp_path) -> None:
    window, ws = screen
    form = ws.forms.form
    assert ws.view is not None
    codes = [item["code"] for item in ws.view.items]
    assert len(codes) == PACKAGE_SIZE
    assert ws.code == codes[0]  # the first one still to answer is chosen
    focus_on(qtbot, ws.items.list)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_Return)  # into the form of the chosen measure
    wait_for_focus(qtbot, form.status)
    changed: dict[str, int] = {}
    dropped = codes[7]
    for number, code in enumerate(codes):
        assert ws.code == code
        wait_for_focus(qtbot, form.status)  # each measure starts in its first field
        if code == dropped:  # status "entfallen" by its first letter, then the reason
            keys.type("e")
            assert form.status.currentData() == "dropped"
            keys.press(Qt.Key.Key_Tab)
            wait_for_focus(qtbot, form.reason)
            keys.type("ersetzt")
        elif number % 4 == 1:  # a new progress: three fields on, type it
            for widget in (form.reason, form.light, form.progress):
                keys.press(Qt.Key.Key_Tab)
                wait_for_focus(qtbot, widget)
            changed[code] = 50 + number
            keys.type(str(changed[code]))
        # else: the values as the package carried them are the answer
        keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # every measure is answered: the focus waits on the export
    wait_for_focus(qtbot, ws.export_button)
    assert {state for state, _p in ws.items.states.values()} == {"answered"}
    assert "Rückmeldung" in ws.banner.text() or ws.banner.text()
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    assert dialog is not None
    target = tmp_path / "ruecklauf.imag-return"
    dialog.path.setText(str(target))  # (the documents folder of a test machine may not exist)
    wait_for_focus(qtbot, dialog.path)
    keys.press(Qt.Key.Key_Return)  # the dialog's default button: export
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20000)
    assert target.is_file()
    dialog.reject()
    idle(qtbot, window)

    answers = stored(window)
    assert set(answers) == set(codes)
    for code, progress in changed.items():
        assert answers[code]["progress"] == progress
    assert answers[dropped]["status"] == "dropped"
    assert answers[dropped]["status_reason"] == "ersetzt"
    # The count is reported (before: ~40 clicks for 20 measures and no way by keyboard). Typing
    # the values and Tab to their fields aside, it is one key per measure, one into the first
    # form, two for the export.
    typing = 5 * (3 + 2) + (1 + 1 + len("ersetzt"))  # five progresses, one dropped
    print(f"\nkey presses for {PACKAGE_SIZE} measures and the export: {keys.presses}")
    assert keys.presses == 1 + PACKAGE_SIZE + 2 + typing
    assert sorted(changed) == [codes[n] for n in (1, 5, 9, 13, 17)]


def test_keep_moves_on_escape_goes_back_enter_goes_in(screen, qtbot) -> None:
    window, ws = screen
    assert ws.view is not None
    codes = [item["code"] for item in ws.view.items]
    form = ws.forms.form
    ws.select(codes[3])
    focus_on(qtbot, form.comment)
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_Escape)
    wait_for_focus(qtbot, ws.items.list)
    keys.press(Qt.Key.Key_Down)
    assert ws.code == codes[4]  # the arrows choose, the focus stays in the list
    wait_for_focus(qtbot, ws.items.list)
    keys.press(Qt.Key.Key_Enter)
    wait_for_focus(qtbot, form.status)
    # "Keep values unchanged" answers and goes on to the next one still to answer
    ws.forms.keep_button.click()
    assert ws.items.states[codes[4]][0] == "answered"
    assert ws.code == codes[5]
    wait_for_focus(qtbot, form.status)
    # the next one still to answer is looked for after the one answered, then from the top
    ws.select(codes[-1])
    ws.forms.next_button.click()
    assert ws.code == codes[0]
    ws.items.only_open.setChecked(True)
    ws.forms.next_button.click()  # the answered ones leave the filtered list
    assert ws.code == codes[1]
    hidden = {
        row.data(0, Qt.ItemDataRole.UserRole)
        for row in (ws.items.list.topLevelItem(n) for n in range(ws.items.list.topLevelItemCount()))
        if row is not None and row.isHidden()
    }
    assert hidden == {codes[0], codes[4], codes[-1]}
    idle(qtbot, window)
    assert set(stored(window)) == {codes[0], codes[4], codes[-1]}


def test_an_incomplete_answer_stays_with_its_problem(screen, qtbot) -> None:
    window, ws = screen
    assert ws.view is not None
    code = ws.view.items[2]["code"]
    form = ws.forms.form
    ws.select(code)
    focus_on(qtbot, form.status)
    form.status.setCurrentIndex(form.status.findData("dropped"))
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ws.code == code  # not on: the reason is missing
    assert ws.items.states[code][0] == "incomplete"
    assert form.problem.text() == "Eine entfallene Maßnahme braucht eine Begründung."
    idle(qtbot, window)
    assert stored(window)[code]["status"] == "dropped"  # the draft is kept all the same


def test_the_titles_of_the_measures_are_readable(screen, qtbot) -> None:
    _window, ws = screen
    assert ws.view is not None
    column = ws.items.list.columnWidth(1)
    letters = column / max(ws.items.list.fontMetrics().averageCharWidth(), 1)
    assert letters >= 35, f"the title column holds only ~{letters:.0f} letters"
    row = ws.items.list.topLevelItem(0)
    assert row is not None
    assert row.toolTip(1) == row.text(1)  # the whole title also as its tooltip


def test_answers_through_a_spreadsheet_with_a_preview(screen, qtbot, tmp_path, monkeypatch) -> None:
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    window, ws = screen
    assert ws.view is not None
    codes = [item["code"] for item in ws.view.items]
    sheets = ws.sheets
    assert sheets.isVisible()
    target = tmp_path / "antworten.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    sheets.export_button.click()
    qtbot.waitUntil(lambda: "antworten.xlsx" in ws.banner.text(), timeout=20000)
    book = openpyxl.load_workbook(target)
    book.worksheets[0]["F2"] = 33  # the first measure's progress
    book.save(tmp_path / "good.xlsx")
    book.worksheets[0]["C3"] = "entfallen"  # no reason
    book.worksheets[0]["E4"] = "lila"
    book.save(tmp_path / "bad.xlsx")

    # a bad file: every problem with its sheet, row and column; nothing saved
    chosen = {"path": tmp_path / "bad.xlsx"}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(chosen["path"]), ""))
    sheets.import_button.click()
    dialog = sheets.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.problems.isVisible, timeout=20000)
    rows = [
        [dialog.problems.item(n, c).text() for c in range(4)]
        for n in range(dialog.problems.rowCount())
    ]
    assert ["Antworten", "4", "Ampel (E)"] in [row[:3] for row in rows]
    assert ["Antworten", "3", ""] in [row[:3] for row in rows]
    assert not dialog.apply_button.isEnabled()
    dialog.reject()
    idle(qtbot, window)
    assert stored(window) == {}

    # a good one: the change shown first, saved only by "Apply"
    chosen["path"] = tmp_path / "good.xlsx"
    sheets.import_button.click()
    dialog = sheets.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.apply_button.isEnabled, timeout=20000)
    assert [dialog.changes.item(0, c).text() for c in range(4)][:2] == [
        codes[0],
        "Fortschritt (%)",
    ]
    assert dialog.changes.item(0, 3).text() == "33"
    assert stored(window) == {}
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.saved == 1, timeout=20000)
    idle(qtbot, window)
    assert stored(window)[codes[0]]["progress"] == 33
    qtbot.waitUntil(lambda: ws.items.states.get(codes[0], ("", None))[0] == "answered")
    assert "1 Antwort gespeichert" in ws.banner.text()


def test_an_indicators_date_is_typed_as_the_language_writes_it(screen, qtbot) -> None:
    window, ws = screen
    assert ws.view is not None
    code = next(item["code"] for item in ws.view.items if item["values"].get("indicators"))
    ws.select(code)
    form = ws.forms.form
    [identifier] = list(form.actuals)[:1]
    date = form.dates[identifier]
    focus_on(qtbot, form.actuals[identifier])
    form.actuals[identifier].setText("12,5")
    date.clear()
    qtbot.keyClicks(date, "30.06.2027")  # as the details pane and the reports write it
    [indicator] = [i for i in form.answer()["indicators"] if i["id"] == identifier]
    assert indicator == {"id": identifier, "actual": 12.5, "actual_date": "2027-06-30"}
    assert form.problem.text() != ""  # the form checked it ...
    assert "YYYY" not in form.problem.text()  # ... and found the day fine
    qtbot.waitUntil(lambda: code in stored(window), timeout=10000)  # the draft is saved
    idle(qtbot, window)
    [kept] = [i for i in stored(window)[code]["indicators"] if i["id"] == identifier]
    assert kept["actual_date"] == "2027-06-30"
    ws.select(next(item["code"] for item in ws.view.items if item["code"] != code))
    ws.select(code)  # shown again from the stored draft: in the language's form
    assert ws.forms.form.dates[identifier].text() == "30.06.2027"
    # What is not a day is kept as typed and named by the check.
    ws.forms.form.dates[identifier].setText("31.02.2027")
    assert "31.02.2027" in ws.forms.form.problem.text()
