"""Traps in the window: a round package for another department than the profile answers for is
refused with an explanation (nothing created); Escape or Cancel in the measure editor asks
before typed changes are thrown away."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.errors import UserError
from app.profile import Profile
from tests.support.project import isolated
from tests.support.qt import ROUNDS_PAGE, department_workspace
from tests.support.rounds_kit import start_round, table_dump

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("traps")
    with isolated(root / "home"):
        return start_round(demo_dir, root / "cycle", departments=("SK", "SMWK"))


def test_another_departments_package_is_refused(cycle, tmp_path: Path, make_window, qtbot) -> None:
    folder = tmp_path / "laptop"
    shutil.copytree(cycle.laptops["SK"], folder, ignore=shutil.ignore_patterns("*.lock"))
    before = table_dump(folder)
    window = make_window("de", folder)
    window.user = Profile(name="Jana", role="department", department="SK")
    ws = department_workspace(qtbot, window)
    ws.open_package(cycle.packages["SMWK"])
    qtbot.waitUntil(lambda: window.worker.idle and ws.open_button.isEnabled(), timeout=20000)
    text = ws.banner.text()
    assert "zurückgewiesen" in text
    assert "SMWK" in text
    assert "Geschäftsstelle" in text
    window.register.close()
    assert table_dump(folder) == before


def _answer_question(choice: str, seen: list[str]) -> None:
    """Once a question box is up: note its text, then press the button whose text has
    ``choice``."""

    def act() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        shown = [box for box in boxes if box.isVisible()]
        if not shown:
            QTimer.singleShot(50, act)
            return
        seen.append(shown[0].text())
        next(b for b in shown[0].buttons() if choice in b.text().replace("&", "")).click()

    QTimer.singleShot(50, act)


def test_escape_and_cancel_ask_before_typed_changes_are_lost(make_window, qtbot) -> None:
    window = make_window("de")
    window.register_screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    editor.comment.setPlainText("Getippt, noch nicht gespeichert")
    seen: list[str] = []
    _answer_question("Weiter bearbeiten", seen)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert "verwerfen" in seen[0]
    assert editor.isVisible()
    assert editor.comment.toPlainText() == "Getippt, noch nicht gespeichert"
    _answer_question("Verwerfen", seen)
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert len(seen) == 2
    # without changes, Escape closes at once
    window.edit_measure()
    qtbot.waitUntil(lambda: window.editor is not editor and window.editor.isVisible())
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.editor.isVisible())
    assert len(seen) == 2


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
@pytest.mark.parametrize(
    ("lang", "shown"),
    [("de", "30.06.2027"), ("pl", "30 cze 2027"), ("cs", "30. 6. 2027")],
)
def test_the_editor_takes_dates_as_the_details_pane_shows_them(
    lang: str, shown: str, make_window, qtbot
) -> None:
    import datetime as dt

    from app.i18n import translator

    assert translator(lang).date(dt.date(2027, 6, 30)) == shown  # as the details pane writes
    window = make_window(lang)
    window.register_screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    editor.start.setText("")
    editor.end.setText(shown)
    assert editor.collect().end_date == dt.date(2027, 6, 30)
    # the calendar button puts the picked day in the language's numeric form
    editor.end.show_calendar()
    editor.end.calendar.activated.emit(QDate(2027, 7, 1))
    assert editor.end.text() == translator(lang).date(dt.date(2027, 7, 1), "short")
    assert editor.collect().end_date == dt.date(2027, 7, 1)
    editor.end.setText("31.02.2027")
    with pytest.raises(UserError):
        editor.collect()
    editor.discard()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
@pytest.mark.parametrize("code", ["I.01", None])
def test_an_unchanged_editor_closes_without_asking(code: str | None, make_window, qtbot) -> None:
    """Looking through every tab and opening a calendar changes nothing: Escape closes at once
    (the check used to compare the fields in the order of the widget tree, which showing a tab
    changes)."""
    window = make_window("pl")
    if code is None:
        window.new_measure()
    else:
        window.register_screen.select(code)
        window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
    editor.tabs.setCurrentIndex(0)
    editor.end.show_calendar()
    editor.end.calendar.setSelectedDate(QDate(2031, 1, 1))
    editor.end.calendar.close()
    assert not editor.input_changed()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    # a typed-over value that means the same day is no change either; a new day is
    editor = _open_again(window, qtbot, code)
    if code is None:
        editor.end.setText(" ")
        assert not editor.input_changed()
    editor.end.setText("2031-01-01")
    assert editor.input_changed()
    editor.discard()


def _open_again(window, qtbot, code: str | None):
    old = window.editor
    window.new_measure() if code is None else window.edit_measure()
    qtbot.waitUntil(lambda: window.editor is not old and window.editor.isVisible())
    return window.editor


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
def test_a_round_from_the_wrong_package_can_be_closed(
    cycle, tmp_path: Path, make_window, qtbot
) -> None:
    """The SMWK workspace cannot take SK's package; "Close round…" names the answers not
    exported, offers the export first, and closes the round: SK's package opens then."""
    from app.rounds import workspace
    from tests.support.rounds_kit import session_of

    folder = tmp_path / "laptop"
    shutil.copytree(cycle.laptops["SMWK"], folder, ignore=shutil.ignore_patterns("*.lock"))
    with session_of(folder) as session:
        ws_round = workspace.find(session, None)
        code = workspace.items(ws_round)[0]["code"]
        workspace.set_answer(session, ws_round, code, {"progress": 7})
    window = make_window("de", folder)
    ws = department_workspace(qtbot, window)
    ws.open_package(cycle.packages["SK"])
    qtbot.waitUntil(lambda: window.worker.idle and ws.open_button.isEnabled(), timeout=20000)
    assert "SMWK" in ws.banner.text()
    assert ws.view is not None
    assert ws.view.department == "SMWK"
    seen: list[str] = []
    _answer_question("Zuerst exportieren", seen)
    ws.close_button.click()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    assert "1 Antwort" in seen[0]
    assert "nicht exportiert" in seen[0]
    assert ws.export_dialog is not None
    ws.export_dialog.reject()
    assert ws.view is not None
    assert ws.view.department == "SMWK"
    _answer_question("verwerfen", seen)
    ws.close_button.click()
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is None, timeout=20000)
    assert len(seen) == 2
    assert "geschlossen" in ws.banner.text()
    ws.open_package(cycle.packages["SK"])
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is not None, timeout=20000)
    assert ws.view.department == "SK"
    window.register.close()


def test_the_profile_chosen_at_first_start_takes_effect_at_once(make_window, qtbot) -> None:
    """The role shows without a restart (the rounds page puts the department's returns first);
    the restart question after choosing Polish is asked in Polish."""
    from app.ui.main import ask_profile
    from app.ui.profile_dialog import ProfileDialog

    window = make_window("de")
    window.show()
    window.show_page(ROUNDS_PAGE)
    assert window.rounds.views.currentWidget() is window.rounds.secretariat
    seen: list[str] = []

    def fill() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProfileDialog)]
        if not any(dialog.isVisible() for dialog in dialogs):
            QTimer.singleShot(50, fill)
            return
        dialog = next(dialog for dialog in dialogs if dialog.isVisible())
        dialog.name.setText("Jana Nowak")
        dialog.role.setCurrentIndex(dialog.role.findData("department"))
        dialog.language.setCurrentIndex(dialog.language.findData("pl"))
        _answer_question("Później", seen)
        dialog.submit()

    QTimer.singleShot(50, fill)
    ask_profile(window)
    assert window.user.role == "department"
    assert window.rounds.views.currentWidget() is window.rounds.workspace
    assert seen
    assert "ponownym uruchomieniu" in seen[0]
    assert not window.restart_requested


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return])
def test_enter_or_down_in_the_search_goes_to_the_first_hit(key, make_window, qtbot) -> None:
    window = make_window("de")
    window.show()
    screen = window.register_screen
    window.focus_search()
    qtbot.waitUntil(screen.search.hasFocus)
    qtbot.keyClicks(screen.search, "I.0")
    first = screen.model.row_at(0).code
    qtbot.keyClick(screen.search, key)
    qtbot.waitUntil(screen.table.hasFocus)
    assert screen.selected_code() == first
    assert screen.table.currentIndex().row() == 0
    # without a hit the focus stays in the search field
    window.focus_search()
    qtbot.waitUntil(screen.search.hasFocus)
    qtbot.keyClicks(screen.search, "kein Treffer xyz")
    assert screen.model.rowCount() == 0
    qtbot.keyClick(screen.search, key)
    assert screen.search.hasFocus()
