"""The references of a measure's input looked up in the register: instrument, section,
successor, departments, goals and partners (unknown or retired ones are refused).

:func:`lookup` reads, in a few queries, what the inputs of one or many measures name;
:func:`resolve` checks one input against it and gives the ids its references stand for. Editing
one measure (:func:`resolve_references`, with the ORM objects) and changing many at once
(:mod:`app.operations.measure_batch`) follow the same rules with the same messages.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Department, Goal, Instrument, Measure, Partner, Section


@dataclass(frozen=True)
class Lookup:
    """What the inputs name, by code (or number), with the ids found in the register."""

    instruments: dict[str, int]
    sections: dict[tuple[int, str], int]
    departments: dict[str, tuple[int, bool]]
    """A department's id and whether it is retired."""
    goals: dict[int, int]
    partners: dict[str, int]
    measures: dict[str, int]
    """The measures named as successors."""


@dataclass(frozen=True)
class Resolved:
    """The ids an input's references stand for (lists in the input's order)."""

    instrument: int
    section: int | None
    successor: int | None
    departments: dict[str, int]
    goals: list[int]
    partners: list[int]


def _department_codes(data: Any) -> tuple[str, ...]:
    return tuple(filter(None, (data.lead_department, *data.participating)))


def lookup(session: Session, inputs: Iterable[Any]) -> Lookup:
    """Everything ``inputs`` name, looked up at once (what is not found is left out)."""
    inputs = list(inputs)
    instruments = dict(
        _named(session, (Instrument.numeral, Instrument.id), {d.instrument for d in inputs})
    )
    wanted = {
        (instruments[data.instrument], data.section)
        for data in inputs
        if data.section is not None and data.instrument in instruments
    }
    sections: dict[tuple[int, str], int] = {}
    for chunk in _chunks(sorted(wanted)):
        for instrument_id, code, id_ in session.execute(
            select(Section.instrument_id, Section.code, Section.id).where(
                tuple_(Section.instrument_id, Section.code).in_(chunk)
            )
        ):
            sections[instrument_id, code] = id_
    departments = {
        code: (id_, retired)
        for code, id_, retired in _named(
            session,
            (Department.code, Department.id, Department.retired),
            {code for data in inputs for code in _department_codes(data)},
        )
    }
    goals = dict(_named(session, (Goal.number, Goal.id), {n for d in inputs for n in d.goals}))
    partners = dict(
        _named(session, (Partner.code, Partner.id), {c for d in inputs for c in d.partners})
    )
    successors = {data.successor for data in inputs if data.successor is not None}
    measures = dict(_named(session, (Measure.code, Measure.id), successors))
    return Lookup(instruments, sections, departments, goals, partners, measures)


def _named(session: Session, columns: tuple[Any, ...], keys: Collection[Any]) -> list[Any]:
    """The rows of ``columns`` whose first column is one of ``keys``."""
    rows: list[Any] = []
    for chunk in _chunks(sorted(keys)):
        rows += session.execute(select(*columns).where(columns[0].in_(chunk))).all()
    return rows


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _unknown(what: str, code: Any) -> InvalidInput:
    return InvalidInput(Message(N_("Unknown {what}: {code}."), what=Message(what), code=code))


def resolve(data: Any, found: Lookup, measure_id: int | None, linked: Collection[str]) -> Resolved:
    """The ids of ``data``'s references; refuses unknown ones, the measure itself as its
    successor and a retired department not ``linked`` to the measure already."""
    instrument = found.instruments.get(data.instrument)
    if instrument is None:
        raise _unknown(N_("instrument"), data.instrument)
    section = None
    if data.section is not None:
        section = found.sections.get((instrument, data.section))
        if section is None:
            raise _unknown(N_("section"), data.section)
    successor = None
    if data.successor is not None:
        successor = found.measures.get(data.successor)
        if successor is None or successor == measure_id:
            raise InvalidInput(Message(N_("{code} cannot be the successor."), code=data.successor))
    departments: dict[str, int] = {}
    for code in _department_codes(data):
        if code not in found.departments:
            raise _unknown(N_("department"), code)
        departments[code] = found.departments[code][0]
    for code in departments:
        if found.departments[code][1] and code not in linked:
            raise InvalidInput(
                Message(N_("The department {code} is retired and cannot be assigned."), code=code)
            )
    if any(number not in found.goals for number in data.goals):
        raise _unknown(N_("goal"), data.goals)
    for code in data.partners:
        if code not in found.partners:
            raise _unknown(N_("partner"), code)
    return Resolved(
        instrument,
        section,
        successor,
        departments,
        [found.goals[number] for number in data.goals],
        [found.partners[code] for code in data.partners],
    )


def resolve_references(session: Session, data: Any, measure: Measure | None) -> dict[str, Any]:
    """Look up the references as ORM objects; refuse unknown or retired ones."""
    linked = {link.department.code for link in measure.department_links} if measure else set()
    ids = resolve(data, lookup(session, [data]), measure.id if measure else None, linked)
    return {
        "instrument": session.get_one(Instrument, ids.instrument),
        "section": session.get_one(Section, ids.section) if ids.section is not None else None,
        "successor": session.get_one(Measure, ids.successor) if ids.successor else None,
        "departments": {
            code: session.get_one(Department, id_) for code, id_ in ids.departments.items()
        },
        "goals": [session.get_one(Goal, id_) for id_ in ids.goals],
        "partners": [session.get_one(Partner, id_) for id_ in ids.partners],
    }
