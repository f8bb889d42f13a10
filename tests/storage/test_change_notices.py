"""A shared register's change notices: each audit event sends ``action:entity:code`` when its
transaction commits (migration 0014); a listener with its own connection hears those of other
connections (not its own register's), and after a lost connection listens again and says that
it missed what changed meanwhile."""

from __future__ import annotations

import queue
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Measure
from app.operations import measures
from app.operations.changes import EVERYTHING, OpChanges
from app.operations.context import Actor
from app.paths import resolve
from app.storage import change_notices
from app.storage.change_notices import MISSED, ChangeListener, Notice, changes_heard
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster, new_register


def test_what_a_batch_of_notices_changed() -> None:
    heard = [Notice.parse("update:measure:I.01"), Notice.parse("delete:measure:I.02")]
    assert changes_heard(heard) == OpChanges(frozenset({"I.01"}), frozenset({"I.02"}))
    assert changes_heard([*heard, Notice.parse("import:round:Runde 2026/SMWA:x")]) == EVERYTHING
    assert Notice.parse("import:round:Runde 2026/SMWA:x").code == "Runde 2026/SMWA:x"
    assert changes_heard([MISSED]) == EVERYTHING
    many = [Notice("update", "measure", f"X.{n}") for n in range(change_notices.MANY + 1)]
    assert changes_heard(many) == EVERYTHING


def _change(paths, code: str, progress: int) -> None:
    with open_register(paths) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, code)
        with register.session() as session:
            measures.update_measure(session, Actor("Jan"), code, replace(data, progress=progress))


def test_a_listener_hears_other_connections_and_comes_back(
    postgres: TemporaryCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_notices, "RETRY_SECONDS", 0.2)
    url = postgres.new_database()
    paths = resolve(tmp_path / "data", database=url)
    new_register(paths)
    heard: queue.Queue[list[Notice]] = queue.Queue()
    with open_register(paths) as mine:
        with mine.session() as session:
            code = session.scalars(select(Measure.code).order_by(Measure.id)).first() or ""
        listener = ChangeListener(url, heard.put, own=mine.engine).start()
        try:
            assert listener.listening.wait(20)
            _change(paths, code, 41)  # another connection (another engine)
            assert heard.get(timeout=20) == [Notice("update", "measure", code)]
            with mine.session() as session:  # this register's own change: not handed over
                data, _revision = measures.measure_input(session, code)
            with mine.session() as session:
                measures.update_measure(session, Actor("Erika"), code, replace(data, progress=7))
            _change(paths, code, 43)
            assert heard.get(timeout=20) == [Notice("update", "measure", code)]
            assert heard.empty()
            postgres.admin_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
            )
            assert heard.get(timeout=20) == [MISSED]  # back, and what changed meanwhile is unknown
            _change(paths, code, 44)
            assert heard.get(timeout=20) == [Notice("update", "measure", code)]
        finally:
            listener.stop()
