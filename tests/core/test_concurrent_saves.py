"""Two people save the same measure on a shared register (real separate processes on a real
PostgreSQL server), both from the same starting revision: one save goes through, the other is
refused with the other's change in hand; nothing is lost and nothing is overwritten."""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import AuditEvent, Measure
from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster, new_register


def _save(where: tuple[str, str], who: str, code: str, barrier: Any, results: Any) -> None:
    url, folder = where
    from app.errors import EditConflict
    from app.operations import measures
    from app.operations.context import Actor

    try:
        register = open_register(resolve(folder, database=url))
        with register.session() as session:
            data, revision = measures.measure_input(session, code)
    except Exception as error:  # the parent must not wait for a result that never comes
        results.put((who, "failed", repr(error)))
        raise
    with register:
        barrier.wait(timeout=60)
        try:
            with register.session() as session:
                measures.update_measure(
                    session, Actor(who), code, replace(data, comment=f"by {who}"), revision=revision
                )
            results.put((who, "saved", None))
        except EditConflict as conflict:
            theirs = conflict.theirs
            results.put((who, "conflict", (conflict.by, getattr(theirs, "comment", None))))


def test_two_processes_one_saves_the_other_gets_the_conflict(
    postgres: TemporaryCluster, tmp_path: Path
) -> None:
    url = postgres.new_database()
    paths = resolve(tmp_path / "data", database=url)
    new_register(paths)
    with open_register(paths, readonly=True) as register, register.session() as session:
        code = session.scalars(select(Measure.code).order_by(Measure.id)).first()
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [
        spawn.Process(target=_save, args=((url, str(tmp_path / who)), who, code, barrier, results))
        for who in ("Anna", "Bert")
    ]
    for worker in workers:
        worker.start()
    outcome = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    states = sorted(state for _who, state, _theirs in outcome)
    assert states == ["conflict", "saved"]
    winner = next(who for who, state, _ in outcome if state == "saved")
    loser_sees = next(theirs for _who, state, theirs in outcome if state == "conflict")
    assert loser_sees == (winner, f"by {winner}")
    with open_register(paths, readonly=True) as register, register.session() as session:
        comments = session.scalars(
            select(AuditEvent.new_value).where(
                AuditEvent.entity_code == code, AuditEvent.field == "comment"
            )
        ).all()
    assert [json.loads(comment or "null") for comment in comments] == [f"by {winner}"]
