"""Two people save the same measure on a shared register (real separate processes on a real
PostgreSQL server), both from the same starting revision: one save goes through, the other is
refused with the other's change in hand; nothing is lost and nothing is overwritten."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EditConflict
from app.models import AuditEvent, Measure
from app.operations import measures
from app.operations.context import Actor
from app.operations.measures import MeasureInput
from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster, new_register
from tests.support.races import race


def _read(session: Session, code: str) -> tuple[MeasureInput, int]:
    return measures.measure_input(session, code)


def _save(session: Session, who: str, code: str, start: tuple[MeasureInput, int]) -> None:
    data, revision = start
    changed = replace(data, comment=f"by {who}")
    measures.update_measure(session, Actor(who), code, changed, revision=revision)


def _seen(conflict: EditConflict) -> tuple[str | None, Any]:
    return conflict.by, getattr(conflict.theirs, "comment", None)


def test_two_processes_one_saves_the_other_gets_the_conflict(
    postgres: TemporaryCluster, tmp_path: Path
) -> None:
    url = postgres.new_database()
    paths = resolve(tmp_path / "data", database=url)
    new_register(paths)
    with open_register(paths, readonly=True) as register, register.session() as session:
        code = session.scalars(select(Measure.code).order_by(Measure.id)).first()
    assert code is not None
    outcome = race(url, tmp_path, code, (_read, _save, _seen))
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
