"""Someone else saves a measure while it is open in the editor: the save is refused and the
conflict dialog shows both versions; merging keeps the user's fields and the other person's,
take mine and keep theirs do what they say. Nothing is overwritten without the choice."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from app.i18n import translator
from app.models import Measure
from app.operations import measures
from app.operations.context import Actor
from app.ui.register import conflict_dialog
from app.ui.register.conflict_dialog import MERGE, THEIRS, ConflictDialog
from tests.support.qt import wait

pytestmark = pytest.mark.gui
CODE = "I.01"


def _someone_else_saves(window) -> None:
    with window.register.session() as session:
        data, _revision = measures.measure_input(session, CODE)
    with window.register.session() as session:
        changed = replace(data, comment="Mit Wrocław abgestimmt", progress=70)
        measures.update_measure(session, Actor("Jan Nowak"), CODE, changed)


def _measure(window) -> Measure:
    with window.register.session() as session:
        measure = session.scalars(select(Measure).where(Measure.code == CODE)).one()
        session.expunge(measure)
        return measure


@pytest.mark.parametrize("outcome", [MERGE, THEIRS])
def test_a_save_after_someone_elses_change(make_window, qtbot, monkeypatch, outcome) -> None:
    window = make_window()
    window.register_screen.select(CODE)
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    _someone_else_saves(window)
    editor.progress.setValue(55)
    editor.extras.next_steps.setPlainText("Workshop in Ústí")
    shown: list[ConflictDialog] = []

    def choose(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        dialog.choices[dialog.names.index("progress")].setCurrentIndex(0)  # mine
        dialog.outcome = outcome
        return 1

    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec", choose)
    editor.submit()
    qtbot.waitUntil(lambda: not editor.isVisible() and window.worker.idle)
    wait(qtbot, window)
    (dialog,) = shown
    assert {"progress", "comment", "next_steps"} <= set(dialog.names)
    cells = [
        [cell.text() if (cell := dialog.table.item(r, c)) else "" for c in range(3)]
        for r in range(dialog.table.rowCount())
    ]
    assert ["Fortschritt", "55 %", "70 %"] in cells
    # defaults: a field only I changed keeps mine, one only they changed keeps theirs
    assert dialog.choices[dialog.names.index("next_steps")].currentData() == "mine"
    assert dialog.choices[dialog.names.index("comment")].currentData() == "theirs"
    measure = _measure(window)
    assert measure.comment == "Mit Wrocław abgestimmt"  # theirs, kept either way
    if outcome == MERGE:
        assert (measure.progress, measure.next_steps) == (55, "Workshop in Ústí")
    else:
        assert (measure.progress, measure.next_steps) == (70, None)


def test_a_window_on_a_shared_register_notices_others_changes(qtbot, postgres, tmp_path) -> None:
    from app.i18n import translator
    from app.paths import resolve
    from app.profile import Profile
    from app.storage.register import open_register
    from app.ui.main_window import MainWindow
    from tests.support.postgres import new_register

    paths = resolve(tmp_path / "data", database=postgres.new_database())
    new_register(paths)
    with open_register(paths) as register:
        window = MainWindow(translator("de"), register, paths, Profile(name="Erika Muster"))
        qtbot.addWidget(window)
        wait(qtbot, window)
        assert window.file_label.text().startswith("Gemeinsames Register: ")
        assert window.file_label.text().endswith(", als imag_admin")
        assert window.watcher.timer.isActive()
        # the listener hears the server (tests/ui/test_change_notices.py); here the poll alone,
        # as while the listener is not connected
        assert window.watcher.listener is not None
        window.watcher.listener.stop()
        window.watcher.listener = None
        window.watcher.look()  # the first look only notes where the audit trail stands
        qtbot.waitUntil(lambda: window.worker.idle and window.watcher.seen > 0)
        with open_register(paths) as other:
            with other.session() as session:
                data, _revision = measures.measure_input(session, CODE)
            with other.session() as session:
                changed = replace(data, progress=42)
                measures.update_measure(session, Actor("Jan Nowak"), CODE, changed)
        window.watcher.look()
        model = window.register_screen.model
        qtbot.waitUntil(lambda: model.row_at(model.row_of(CODE) or 0).progress == 42)
        window.close()


def test_the_register_set_in_the_window_is_the_one_opened(qtbot, cli, tmp_path) -> None:
    from app import profile
    from app.paths import resolve
    from app.profile import Profile
    from app.ui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(translator("de"), Profile(name="Erika"), [], first_start=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.database.setText("postgresql://erika:geheim@db.example/imag")
    dialog.submit()
    assert dialog.error.isVisible()
    assert "Passwort" in dialog.error.text()  # refused: never stored
    elsewhere = tmp_path / "elsewhere.imag.sqlite"
    dialog.database.setText(str(elsewhere))
    data = tmp_path / "data"
    profile.save(resolve(data).profile_file, dialog.profile())
    assert cli("--data-dir", data, "db", "create").code == 0
    assert elsewhere.is_file()
    assert not (data / "register.imag.sqlite").exists()
