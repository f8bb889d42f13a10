"""The three-way merge of a returned answer into the register, the same for every kind of round.

Per merge unit (a measure's status, one indicator's value, a criterion's score, …) it compares
the *base* (what the department last saw or sent: its previous answer, else the values issued to
it), the register's *current* value and the *returned* one. Where the department changed
nothing, nothing happens; where only the department changed the unit, it is applied to the
register; where both changed it differently, a conflict is raised for the secretariat. An open
conflict from an earlier return on the same unit is superseded by the new answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Conflict,
    ConflictState,
    Department,
    ImportedReturn,
    IssuedItem,
    ReturnEntry,
    Round,
)
from app.operations import audit
from app.operations.context import Actor
from app.rounds.kinds.base import MergeTarget, RoundKindSpec


@dataclass
class Merged:
    applied: int = 0
    conflicts: int = 0


def merge_answer(
    session: Session,
    actor: Actor,
    *,
    kind: RoundKindSpec,
    record: ImportedReturn,
    item: IssuedItem,
    target: MergeTarget,
    answer: dict[str, Any],
    previous: dict[str, Any] | None,
    open_conflicts: dict[tuple[str, str], list[Conflict]],
    now: str,
) -> Merged:
    """Merge one returned ``answer`` for ``item`` into ``target``; ``open_conflicts`` (the
    department's earlier open conflicts by code and unit) loses those this answer supersedes."""
    issued_units = kind.units(json.loads(item.values))
    base_units = kind.units(previous) if previous is not None else issued_units
    register_units = target.units
    merged = Merged()
    for unit, returned in kind.units(answer).items():
        base = base_units.get(unit)
        if returned == base:
            continue  # the department did not change it
        # an earlier return's open conflict on the same unit is answered by this one
        for old in open_conflicts.pop((item.code, unit), []):
            old.state = ConflictState.SUPERSEDED
            old.resolved_at = now
            old.resolved_by = actor.name
        current = register_units.get(unit) if register_units is not None else None
        if register_units is not None and unit in register_units and current == base:
            target.apply(session, actor, unit=unit, old=current, new=returned, now=now)
            merged.applied += 1
        elif register_units is not None and current == returned:
            continue
        else:
            session.add(
                Conflict(
                    round_id=record.round_id,
                    return_id=record.id,
                    code=item.code,
                    measure_id=target.measure_id,
                    field=unit,
                    register_value=audit.encode(current),
                    issued_value=audit.encode(issued_units.get(unit)),
                    returned_value=audit.encode(returned),
                    state=ConflictState.OPEN,
                )
            )
            merged.conflicts += 1
    return merged


def previous_answers(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[str, dict[str, Any]]:
    """Per code, the answer of the department's latest earlier return that has one."""
    rows = session.execute(
        select(ReturnEntry.code, ReturnEntry.values)
        .join(ImportedReturn, ReturnEntry.return_id == ImportedReturn.id)
        .where(
            ImportedReturn.round_id == round_.id,
            ImportedReturn.department_id == department.id,
            ImportedReturn.id != current.id,
            ImportedReturn.withdrawn_at.is_(None),
        )
        .order_by(ImportedReturn.sequence)
    )
    return {code: dict(json.loads(encoded)) for code, encoded in rows}


def open_conflicts_of(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[tuple[str, str], list[Conflict]]:
    """The department's open conflicts from earlier returns, by (code, field)."""
    found: dict[tuple[str, str], list[Conflict]] = {}
    for conflict in session.scalars(
        select(Conflict)
        .join(ImportedReturn, Conflict.return_id == ImportedReturn.id)
        .where(
            Conflict.round_id == round_.id,
            Conflict.state == ConflictState.OPEN,
            Conflict.return_id != current.id,
            ImportedReturn.department_id == department.id,
        )
    ):
        found.setdefault((conflict.code, conflict.field), []).append(conflict)
    return found
