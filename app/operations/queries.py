"""Read-only views of the register used by the command line, the exports and the reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Partner,
    Section,
)
from app.spreadsheets.json_records import (  # the export's keys: one list for both
    EXPORT_FIELDS,
    HEAD,
    MIDDLE,
)


def load_measures(session: Session, *, include_archived: bool = True) -> list[Measure]:
    """All measures in register order, with what hangs on them loaded in a few queries."""
    statement = (
        select(Measure)
        .options(
            selectinload(Measure.instrument),
            selectinload(Measure.section),
            selectinload(Measure.goal_links).selectinload(MeasureGoal.goal),
            selectinload(Measure.department_links).selectinload(MeasureDepartment.department),
            selectinload(Measure.partner_links).selectinload(MeasurePartner.partner),
        )
        .order_by(Measure.position, Measure.id)
    )
    if not include_archived:
        statement = statement.where(Measure.archived.is_(False))
    return list(session.scalars(statement))


def measure_record(measure: Measure) -> dict[str, Any]:
    """One measure as a plain, JSON-ready record (the shape of ``imag measures export``)."""
    lead = measure.lead_department
    return {
        "code": measure.code,
        "instrument": measure.instrument.numeral,
        "section": measure.section.title_de if measure.section else None,
        "section_code": measure.section.code if measure.section else None,
        "position": measure.position,
        "title_de": measure.title_de,
        "title_pl": measure.title_pl,
        "title_cs": measure.title_cs,
        "state_pl": measure.state_pl.value,
        "state_cs": measure.state_cs.value,
        "description_de": measure.description_de,
        "lead_in_de": measure.lead_in_de,
        "modality": measure.modality.value if measure.modality else None,
        "source_lines": (
            [measure.source_first_line, measure.source_last_line]
            if measure.source_first_line is not None
            else None
        ),
        "lead_department": lead.code if lead else None,
        "participating_departments": [
            d.code
            for d in sorted(measure.participating_departments, key=lambda d: (d.position, d.code))
        ],
        "goals": [goal.number for goal in measure.goals],
        "partners": sorted(partner.code for partner in measure.partners),
        "status": measure.status.value,
        "status_reason": measure.status_reason,
        "traffic_light": measure.traffic_light.value if measure.traffic_light else None,
        "progress": measure.progress,
        "start_date": measure.start_date.isoformat() if measure.start_date else None,
        "end_date": measure.end_date.isoformat() if measure.end_date else None,
        "budget_reservation": measure.budget_reservation,
        "archived": measure.archived,
        "updated_at": measure.updated_at,
    }


_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


def restricted(query: _Query, column: Any, ids: Collection[int] | None) -> _Query:
    """``query`` restricted to the rows whose ``column`` is one of ``ids`` (``None``: all)."""
    return query if ids is None else query.where(column.in_(list(ids)))


def measure_records(
    session: Session, *, include_archived: bool = True, ids: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """All measures (or those of ``ids``) as :func:`measure_record` dicts, read with five plain
    queries (no ORM objects): fast enough for tens of thousands of measures."""
    m = Measure.__table__.c
    instrument = Instrument.__table__.c
    section = Section.__table__.c
    statement = restricted(
        select(
            *(m[name] for name in _PLAIN_COLUMNS),
            m.id,
            m.source_first_line,
            m.source_last_line,
            instrument.numeral,
            section.title_de.label("section_title"),
            section.code.label("section_code"),
        )
        .select_from(Measure.__table__)
        .join(Instrument.__table__, instrument.id == m.instrument_id)
        .outerjoin(Section.__table__, section.id == m.section_id),
        m.id,
        ids,
    ).order_by(m.position, m.id)
    if not include_archived:
        statement = statement.where(m.archived.is_(False))
    leads: dict[int, str] = {}
    participating: dict[int, list[str]] = defaultdict(list)
    link = MeasureDepartment.__table__.c
    department = Department.__table__.c
    for measure_id, code, role in session.execute(
        restricted(
            select(link.measure_id, department.code, link.role).join(
                Department.__table__, department.id == link.department_id
            ),
            link.measure_id,
            ids,
        ).order_by(department.position, department.code)
    ):
        if role == DepartmentRole.LEAD.value:
            leads[measure_id] = code
        else:
            participating[measure_id].append(code)
    goals, partners = _goals_and_partners(session, ids)
    records: list[dict[str, Any]] = []
    for row in session.execute(statement).mappings():
        measure_id = row["id"]
        record = {name: _plain(row[name]) for name in _PLAIN_COLUMNS}
        first = row["source_first_line"]
        record.update(
            instrument=row["numeral"],
            section=row["section_title"],
            section_code=row["section_code"],
            source_lines=[first, row["source_last_line"]] if first is not None else None,
            lead_department=leads.get(measure_id),
            participating_departments=participating.get(measure_id, []),
            goals=goals.get(measure_id, []),
            partners=partners.get(measure_id, []),
        )
        records.append({name: record[name] for name in EXPORT_FIELDS})
    return records


def _goals_and_partners(
    session: Session, ids: Collection[int] | None
) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """The goal numbers and partner codes of the measures ``ids`` (``None``: all) by id."""
    goals: dict[int, list[int]] = defaultdict(list)
    goal_link, goal = MeasureGoal.__table__.c, Goal.__table__.c
    for measure_id, number in session.execute(
        restricted(
            select(goal_link.measure_id, goal.number).join(
                Goal.__table__, goal.id == goal_link.goal_id
            ),
            goal_link.measure_id,
            ids,
        ).order_by(goal.number)
    ):
        goals[measure_id].append(number)
    partners: dict[int, list[str]] = defaultdict(list)
    partner_link, partner = MeasurePartner.__table__.c, Partner.__table__.c
    for measure_id, code in session.execute(
        restricted(
            select(partner_link.measure_id, partner.code).join(
                Partner.__table__, partner.id == partner_link.partner_id
            ),
            partner_link.measure_id,
            ids,
        ).order_by(partner.code)
    ):
        partners[measure_id].append(code)
    return goals, partners


_JOINED = ("instrument", "section", "section_code")
_PLAIN_COLUMNS = tuple(name for name in (*HEAD, *MIDDLE) if name not in _JOINED)
"""The record's keys that are the measure table's own columns (the rest come from joins)."""


def _plain(value: Any) -> Any:
    """Enum members as their values, dates as ISO text: the JSON-ready form of a column."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
