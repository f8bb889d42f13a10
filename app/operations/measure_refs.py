"""The references of a measure's input looked up in the register: instrument, section,
successor, departments, goals and partners (unknown or retired ones are refused)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Department, Goal, Instrument, Measure, Partner, Section


def _by_code(session: Session, model: Any, codes: tuple[str, ...], what: Message) -> list[Any]:
    found = {
        item.code: item for item in session.scalars(select(model).where(model.code.in_(codes)))
    }
    for code in codes:
        if code not in found:
            raise InvalidInput(Message(N_("Unknown {what}: {code}."), what=what, code=code))
    return [found[code] for code in codes]


def resolve_references(session: Session, data: Any, measure: Measure | None) -> dict[str, Any]:
    """Look up the references; refuse unknown or retired ones."""
    instrument = session.scalar(select(Instrument).where(Instrument.numeral == data.instrument))
    if instrument is None:
        raise InvalidInput(
            Message(
                N_("Unknown {what}: {code}."), what=Message(N_("instrument")), code=data.instrument
            )
        )
    section = None
    if data.section is not None:
        section = session.scalar(
            select(Section).where(
                Section.instrument_id == instrument.id, Section.code == data.section
            )
        )
        if section is None:
            raise InvalidInput(
                Message(
                    N_("Unknown {what}: {code}."), what=Message(N_("section")), code=data.section
                )
            )
    successor = None
    if data.successor is not None:
        successor = session.scalar(select(Measure).where(Measure.code == data.successor))
        if successor is None or (measure is not None and successor.id == measure.id):
            raise InvalidInput(Message(N_("{code} cannot be the successor."), code=data.successor))
    codes = tuple(filter(None, (data.lead_department, *data.participating)))
    departments = {
        d.code: d for d in _by_code(session, Department, codes, Message(N_("department")))
    }
    current = {link.department.code for link in measure.department_links} if measure else set()
    for code, department in departments.items():
        if department.retired and code not in current:
            raise InvalidInput(
                Message(N_("The department {code} is retired and cannot be assigned."), code=code)
            )
    goals = list(session.scalars(select(Goal).where(Goal.number.in_(data.goals))))
    if len(goals) != len(data.goals):
        raise InvalidInput(
            Message(N_("Unknown {what}: {code}."), what=Message(N_("goal")), code=data.goals)
        )
    partners = _by_code(session, Partner, data.partners, Message(N_("partner")))
    return {
        "instrument": instrument,
        "section": section,
        "successor": successor,
        "departments": departments,
        "goals": goals,
        "partners": partners,
    }
