"""A window on a shared register hears what another process changes (the server's notices)
and refreshes only that: a measure changed elsewhere is put in place row by row (the register
is not read again); a change of other data reads everything again."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from app.i18n import translator
from app.models import Measure
from app.operations.changes import OpChanges
from app.paths import resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from tests.support.postgres import TemporaryCluster, new_register
from tests.support.qt import wait

pytestmark = pytest.mark.gui


def _elsewhere(url: str, folder: str, code: str) -> None:
    """Another person's program changes a measure's progress."""
    from app.operations import measures
    from app.operations.context import Actor

    with open_register(resolve(folder, database=url)) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, code)
        with register.session() as session:
            measures.update_measure(session, Actor("Jan"), code, replace(data, progress=42))


def _department_elsewhere(url: str, folder: str) -> None:
    from app.operations import departments
    from app.operations.context import Actor

    with open_register(resolve(folder, database=url)) as register, register.session() as session:
        departments.edit_department(session, Actor("Jan"), "SK", {"email": "jan@sk.sachsen.de"})


def _in_another_process(target, *args: str) -> None:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args)
    process.start()
    process.join(timeout=120)
    assert process.exitcode == 0


def test_a_window_hears_another_process_and_refreshes_what_changed(
    qtbot, postgres: TemporaryCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres.new_database()
    paths = resolve(tmp_path / "data", database=url)
    new_register(paths)
    with open_register(paths) as register:
        with register.session() as session:
            code = session.scalars(select(Measure.code).order_by(Measure.id)).first()
        assert code is not None
        window = MainWindow(translator("de"), register, paths, Profile(name="Erika Muster"))
        qtbot.addWidget(window)
        wait(qtbot, window)
        listener = window.watcher.listener
        assert listener is not None
        qtbot.waitUntil(listener.listening.is_set, timeout=20000)
        reloads: list[bool] = []
        applied: list[OpChanges] = []
        reload, apply = window.reload, window.apply_changes

        def counted_reload() -> None:
            reloads.append(True)
            reload()

        def counted_apply(changes: OpChanges) -> None:
            applied.append(changes)
            apply(changes)

        monkeypatch.setattr(window, "reload", counted_reload)
        monkeypatch.setattr(window.watcher, "apply", counted_apply)
        _in_another_process(_elsewhere, url, str(tmp_path / "jan"), code)
        model = window.register_screen.model
        qtbot.waitUntil(lambda: model.row_at(model.row_of(code) or 0).progress == 42, timeout=20000)
        assert [changes.measures for changes in applied] == [frozenset({code})]
        assert reloads == []  # only the row, not the register
        _in_another_process(_department_elsewhere, url, str(tmp_path / "jan"))
        qtbot.waitUntil(lambda: reloads == [True], timeout=20000)
        window.close()
        assert window.watcher.listener is None  # stopped with the window
        assert not listener.listening.is_set()
