"""The measures a measure round's packages carry, read with Core: the items of every lead
department's package in three queries (the measures with their instrument and section, their
lead departments, their indicators), no ORM objects. The items are those
:func:`app.rounds.departments.measures_in_scope` and the measures' ORM objects would give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.models import (
    DepartmentRole,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    Section,
)
from app.rounds import values
from app.rounds.answer import SCALARS

LANGUAGES = ("de", "pl", "cs")


@dataclass(frozen=True)
class LedMeasure:
    """A measure as its lead department's package carries it."""

    id: int
    revision: int
    item: dict[str, Any]  # the payload's item


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def led_measures(session: Session, instruments: Sequence[str]) -> dict[int, list[LedMeasure]]:
    """The measures (not archived) of ``instruments`` (numerals; empty: all) that have a lead
    department, by its id, each list in the register's order."""
    measure, instrument, section = _table(Measure), _table(Instrument), _table(Section)
    statement = (
        select(
            measure.c.id,
            measure.c.code,
            measure.c.revision,
            *(measure.c[f"title_{lang}"] for lang in LANGUAGES),
            *(measure.c[name] for name in SCALARS),
            instrument.c.numeral,
            section.c.title_de.label("section_title"),
        )
        .join(instrument, measure.c.instrument_id == instrument.c.id)
        .outerjoin(section, measure.c.section_id == section.c.id)
        .where(measure.c.archived.is_(False))
        .order_by(measure.c.position, measure.c.id)
    )
    if instruments:
        statement = statement.where(instrument.c.numeral.in_(list(instruments)))
    rows = session.execute(statement).all()
    leads = _leads(session)
    indicators = _indicators(session)
    led: dict[int, list[LedMeasure]] = {}
    for row in rows:
        lead = leads.get(row.id)
        if lead is None:
            continue
        stored = SimpleNamespace(**row._asdict(), indicators=indicators.get(row.id, []))
        item = {
            "code": row.code,
            "instrument": row.numeral,
            "section": row.section_title,
            **{f"title_{lang}": getattr(row, f"title_{lang}") for lang in LANGUAGES},
            "role": DepartmentRole.LEAD.value,
            "values": values.measure_values(stored),
        }
        led.setdefault(lead, []).append(LedMeasure(row.id, row.revision, item))
    return led


def _leads(session: Session) -> dict[int, int]:
    """Each measure's lead department (the first link, as the ORM's list of links has it)."""
    link = _table(MeasureDepartment)
    found: dict[int, int] = {}
    for measure_id, department_id in session.execute(
        select(link.c.measure_id, link.c.department_id).where(link.c.role == DepartmentRole.LEAD)
    ):
        found.setdefault(measure_id, department_id)
    return found


def _indicators(session: Session) -> dict[int, list[Any]]:
    indicator = _table(Indicator)
    found: dict[int, list[Any]] = {}
    for row in session.execute(
        select(indicator).order_by(indicator.c.measure_id, indicator.c.position, indicator.c.id)
    ):
        found.setdefault(row.measure_id, []).append(row)
    return found
