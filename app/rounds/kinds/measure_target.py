"""What a measure round's returned answers are merged into, at the database's speed.

The measures a return answers for are read with two Core queries (the measures' merged columns,
their indicators), not as ORM objects; each unit the merge applies is collected on its
:class:`MeasureTarget`, and :func:`write_targets` writes them all at the end: one executemany
UPDATE per set of changed columns (the time and the revision with them) and one for the
indicators. The stored result, the revisions (one step per applied unit) and the audit trail
are those of setting the units one by one on the ORM's objects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, inspect, select, update
from sqlalchemy.orm import Session

from app.models import Indicator, Measure, Status, TrafficLight
from app.operations import audit
from app.operations.context import Actor
from app.rounds import values
from app.rounds.answer import SCALARS
from app.rounds.kinds.base import MergeTarget

_CHUNK = 500
"""Ids per ``IN (...)`` list (well below SQLite's limit of parameters)."""


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


class MeasureTarget(MergeTarget):
    """One measure's merged values as stored, and the changes the merge applied to them."""

    def __init__(self, measure_id: int | None, code: str | None, stored: dict[str, Any] | None):
        self.measure_id = measure_id
        self.code = code
        self._units = values.units(stored) if stored is not None else None
        self._indicator_ids = {item["id"] for item in (stored or {}).get("indicators", ())}
        self.columns: dict[str, Any] = {}  # the measure's changed columns
        self.indicators: dict[int, dict[str, Any]] = {}  # indicator id -> changed columns
        self.steps = 0  # units applied: the revision goes up by as many

    @property
    def units(self) -> dict[str, Any] | None:
        return self._units

    def apply(
        self, session: Session, actor: Actor, *, unit: str, old: Any, new: Any, now: str
    ) -> None:
        assert self._units is not None
        if unit == "status":
            self.columns["status"] = Status(new["status"])
            self.columns["status_reason"] = new["reason"]
        elif unit == "traffic_light":
            self.columns["traffic_light"] = TrafficLight(new) if new else None
        elif unit in values.PLAIN_UNITS:
            self.columns[unit] = new
        elif unit.startswith("indicator:") and int(unit[10:]) in self._indicator_ids:
            date = new["actual_date"]
            self.indicators[int(unit[10:])] = {
                "actual": new["actual"],
                "actual_date": dt.date.fromisoformat(date) if date else None,
            }
        else:
            raise KeyError(unit)
        self._units[unit] = new
        self.steps += 1
        audit.log(
            session,
            actor,
            action="update",
            entity="measure",
            code=self.code,
            field=unit,
            old=old,
            new=new,
            at=now,
        )


def read_targets(session: Session, measure_ids: Sequence[int]) -> dict[int, MeasureTarget]:
    """The targets of the measures with ``measure_ids`` that exist, by id."""
    measure, indicator = _table(Measure), _table(Indicator)
    rows: dict[int, SimpleNamespace] = {}
    wanted = sorted(set(measure_ids))
    # the ids as one expanding parameter: the statements' cache keys are made without them
    # (an IN of literal values is coerced and keyed value by value, on every call)
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    measures = select(measure.c.id, measure.c.code, *(measure.c[name] for name in SCALARS))
    indicators = select(indicator).where(indicator.c.measure_id.in_(ids))
    indicators = indicators.order_by(indicator.c.measure_id, indicator.c.position, indicator.c.id)
    for start in range(0, len(wanted), _CHUNK):
        part = {"ids": wanted[start : start + _CHUNK]}
        found = session.execute(measures.where(measure.c.id.in_(ids)), part)
        names = list(found.keys())  # once: a row's own ``_asdict`` builds them for each row
        for row in found:
            rows[row.id] = SimpleNamespace(**dict(zip(names, row, strict=True)), indicators=[])
        for item in session.execute(indicators, part):
            rows[item.measure_id].indicators.append(item)
    return {
        id_: MeasureTarget(id_, row.code, values.measure_values(row)) for id_, row in rows.items()
    }


def write_targets(session: Session, targets: Iterable[MergeTarget], now: str) -> None:
    """Write what the merge applied to ``targets`` (each :class:`MeasureTarget` once)."""
    measure, indicator = _table(Measure), _table(Indicator)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    changed_indicators: list[dict[str, Any]] = []
    written: list[int | None] = []
    for target in targets:
        if not isinstance(target, MeasureTarget) or not target.steps:
            continue
        groups[tuple(sorted(target.columns))].append(
            {"m_id": target.measure_id, "m_steps": target.steps}
            | {f"v_{name}": value for name, value in target.columns.items()}
        )
        changed_indicators += [
            {"i_id": id_, "v_actual": item["actual"], "v_actual_date": item["actual_date"]}
            for id_, item in target.indicators.items()
        ]
        target.steps, target.columns, target.indicators = 0, {}, {}
        written.append(target.measure_id)
    _expire(session, Measure, written)
    for columns, rows in groups.items():
        statement = (
            update(measure)
            .where(measure.c.id == bindparam("m_id"))
            .values(
                {name: bindparam(f"v_{name}", type_=measure.c[name].type) for name in columns}
                | {"updated_at": now, "revision": measure.c.revision + bindparam("m_steps")}
            )
        )
        session.execute(statement, rows)
    if changed_indicators:
        statement = (
            update(indicator)
            .where(indicator.c.id == bindparam("i_id"))
            .values(
                {
                    name: bindparam(f"v_{name}", type_=indicator.c[name].type)
                    for name in ("actual", "actual_date")
                }
            )
        )
        session.execute(statement, changed_indicators)
        _expire(session, Indicator, [row["i_id"] for row in changed_indicators])


def _expire(session: Session, model: type[Any], ids: Iterable[int | None]) -> None:
    """The session's copies of rows written with Core (those it holds) read again when used."""
    if not len(session.identity_map):
        return
    mapper = inspect(model)  # once: the key of each id without inspecting the class again
    for id_ in ids:
        held = session.identity_map.get(mapper.identity_key_from_primary_key([id_]))
        if held is not None:
            session.expire(held)
