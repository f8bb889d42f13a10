"""Which departments a round asks: the codes the secretariat names, checked once for every kind
of round, and the departments a measure round asks by default (the leads of the measures in its
scope; retired departments are never asked)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Department, Instrument, Measure, MeasureDepartment


def resolve(session: Session, codes: Iterable[str]) -> list[Department]:
    """The departments with ``codes`` (in that order, each once); refused if one is unknown or
    retired."""
    wanted = [code.strip().upper() for code in codes if code.strip()]
    found = {
        department.code: department
        for department in session.scalars(select(Department).where(Department.code.in_(wanted)))
    }
    for code in wanted:
        if code not in found:
            raise InvalidInput(
                Message(N_("There is no department with the code {code}."), code=code)
            )
        if found[code].retired:
            raise InvalidInput(Message(N_("The department {code} is retired."), code=code))
    return [found[code] for code in dict.fromkeys(wanted)]


def measures_in_scope(session: Session, instruments: Sequence[str]) -> list[Measure]:
    """The measures (not archived) of the ``instruments`` (numerals; empty: all), in the
    register's order, with what a package needs of them loaded."""
    statement = (
        select(Measure)
        .join(Instrument, Measure.instrument_id == Instrument.id)
        .where(Measure.archived.is_(False))
        .options(
            selectinload(Measure.department_links).selectinload(MeasureDepartment.department),
            selectinload(Measure.indicators),
            selectinload(Measure.instrument),
            selectinload(Measure.section),
        )
        .order_by(Measure.position, Measure.id)
    )
    if instruments:
        statement = statement.where(Instrument.numeral.in_(list(instruments)))
    return list(session.scalars(statement))


def lead_counts(session: Session, instruments: Sequence[str]) -> dict[str, int]:
    """How many measures in the scope of ``instruments`` each department (not retired) leads."""
    counts: dict[str, int] = {}
    for department in _leads(measures_in_scope(session, instruments)):
        counts[department.code] = counts.get(department.code, 0) + 1
    return counts


def default_departments(session: Session, instruments: Sequence[str]) -> list[Department]:
    """The departments a measure round over ``instruments`` asks unless told otherwise: those
    leading a measure in its scope, retired ones left out, in the register's order."""
    leads = {
        department.id: department for department in _leads(measures_in_scope(session, instruments))
    }
    return sorted(leads.values(), key=lambda department: (department.position, department.code))


def _leads(measures: Iterable[Measure]) -> Iterable[Department]:
    for measure in measures:
        lead = measure.lead_department
        if lead is not None and not lead.retired:
            yield lead
