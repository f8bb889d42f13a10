"""The queries of the JSON export through SQLAlchemy (a register on a server, or a session
already open): the rows :mod:`app.spreadsheets.json_records` lays out as the records.
:mod:`app.spreadsheets.json_file` reads the same rows from a register file with ``sqlite3``
alone (the tests compare the two)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Integer, String, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Modality,
    Partner,
    Section,
    Status,
    TextTranslation,
    TrafficLight,
)
from app.models.base import invalid_value
from app.spreadsheets.json_records import (
    AMOUNTS,
    CLEANED,
    CONTACT,
    FETCH,
    HEAD,
    INDICATOR,
    MIDDLE,
    MILESTONE,
    STATES,
    Runs,
    texts_of,
)

_m = Measure.__table__.c


def _raw(column: Any) -> Any:
    """``column`` as the driver gives it: an enum's stored value, a progress as the number,
    without their types' conversion row by row (:func:`refuse_invalid_values` checks them)."""
    return type_coerce(column, Integer if column.key == "progress" else String).label(column.key)


_FIELDS: tuple[tuple[str, Any], ...] = (
    # the record's keys up to the lists of links, with their columns
    ("code", _m.code),
    ("instrument", Instrument.__table__.c.numeral),
    ("section", Section.__table__.c.title_de),
    ("section_code", Section.__table__.c.code),
    ("position", _m.position),
    ("title_de", _m.title_de),
    ("title_pl", _m.title_pl),
    ("title_cs", _m.title_cs),
    ("state_pl", _raw(_m.state_pl)),
    ("state_cs", _raw(_m.state_cs)),
    ("description_de", _m.description_de),
    ("lead_in_de", _m.lead_in_de),
    ("modality", _raw(_m.modality)),
)
_MIDDLE: tuple[tuple[str, Any], ...] = (
    ("status", _raw(_m.status)),
    ("status_reason", _m.status_reason),
    ("traffic_light", _raw(_m.traffic_light)),
    ("progress", _raw(_m.progress)),
    ("start_date", _m.start_date),
    ("end_date", _m.end_date),
    ("budget_reservation", _m.budget_reservation),
    ("archived", _m.archived),
    ("updated_at", _m.updated_at),
)
assert tuple(key for key, _ in _FIELDS) == HEAD
assert tuple(key for key, _ in _MIDDLE) == MIDDLE


def _streamed(session: Session, query: Any) -> Iterator[Sequence[Any]]:
    """The rows of ``query`` as the driver gives them, fetched a batch at a time: from the
    register file through the driver's own cursor (plain tuples, without SQLAlchemy's rows and
    their conversions: a date is its ISO text, a flag 0 or 1), on a server through a cursor
    there."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        result = session.execute(query.execution_options(yield_per=FETCH))
        return chain.from_iterable(result.partitions())
    compiled = query.compile(dialect=connection.dialect)
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.arraysize = FETCH
    return iter(cursor.execute(str(compiled), parameters))


def _measures_query() -> Any:
    successor = Measure.__table__.alias("successor")
    instrument, section = Instrument.__table__.c, Section.__table__.c
    return (
        select(
            *(column for _, column in _FIELDS),
            *(column for _, column in _MIDDLE),
            successor.c.code.label("successor_code"),
            *(_m[name] for name in CLEANED[1:]),
            *(_m[name] for name in (*AMOUNTS, *CONTACT)),
            _m.id,
            _m.source_first_line,
            _m.source_last_line,
        )
        .select_from(Measure.__table__)
        .join(Instrument.__table__, instrument.id == _m.instrument_id)
        .outerjoin(Section.__table__, section.id == _m.section_id)
        .outerjoin(successor, successor.c.id == _m.successor_id)
        .order_by(_m.position, _m.id)
    )


def _ordered(
    session: Session, measure_id: Any, columns: Sequence[Any], order: Sequence[Any], *joins: Any
) -> Runs:
    """The rows of ``columns`` of the table of ``measure_id`` (joined to ``joins``: table and
    condition), each led by its measure's position and id, in register order, then ``order``."""
    query = (
        select(_m.position, _m.id, *columns)
        .select_from(measure_id.table)
        .join(Measure.__table__, _m.id == measure_id)
    )
    for table, condition in joins:
        query = query.join(table, condition)
    return Runs(_streamed(session, query.order_by(_m.position, _m.id, *order)))


def _links(session: Session) -> dict[str, Runs]:
    """A :class:`Runs` for each kind of link or item of the measures."""
    link, department = MeasureDepartment.__table__.c, Department.__table__.c
    goal_link, goal = MeasureGoal.__table__.c, Goal.__table__.c
    partner_link, partner = MeasurePartner.__table__.c, Partner.__table__.c
    indicator, milestone = Indicator.__table__.c, Milestone.__table__.c
    text = TextTranslation.__table__.c
    return {
        "departments": _ordered(
            session,
            link.measure_id,
            (department.code, _raw(link.role)),
            (department.position, department.code),
            (Department.__table__, department.id == link.department_id),
        ),
        "goals": _ordered(
            session,
            goal_link.measure_id,
            (goal.number,),
            (goal.number,),
            (Goal.__table__, goal.id == goal_link.goal_id),
        ),
        "partners": _ordered(
            session,
            partner_link.measure_id,
            (partner.code,),
            (partner.code,),
            (Partner.__table__, partner.id == partner_link.partner_id),
        ),
        "indicators": _ordered(
            session,
            indicator.measure_id,
            [indicator[name] for name in INDICATOR],
            (indicator.position, indicator.id),
        ),
        "milestones": _ordered(
            session,
            milestone.measure_id,
            [milestone[name] for name in MILESTONE],
            (milestone.position, milestone.id),
        ),
        "free_text": _ordered(
            session,
            text.measure_id,
            (text.field, text.lang, text.text, _raw(text.state), text.source_de),
            (),
        ),
    }


def texts(session: Session) -> Iterator[tuple[str, int]]:
    """Every measure's record as text, a batch of measures at a time, with their number (see
    :func:`app.spreadsheets.json_records.texts_of`)."""
    refuse_invalid_values(session)
    links = _links(session)
    return texts_of(_streamed(session, _measures_query()), links)


def refuse_invalid_values(session: Session) -> None:
    """Refuse a value that the column's type would refuse where the row is read (written past
    the register's checks), as :class:`~app.errors.RegisterValuesInvalid` naming the field
    and the value; one query per table, before anything is written."""
    instrument = Instrument.__table__.c
    checks: list[tuple[Any, Sequence[Any], str, Any]] = [
        (_m.state_pl, STATES, "state_pl", Measure),
        (_m.state_cs, STATES, "state_cs", Measure),
        (_m.modality, [modality.value for modality in Modality], "modality", Measure),
        (_m.status, [status.value for status in Status], "status", Measure),
        (_m.traffic_light, [light.value for light in TrafficLight], "traffic_light", Measure),
        (
            MeasureDepartment.__table__.c.role,
            [role.value for role in DepartmentRole],
            "department_role",
            MeasureDepartment,
        ),
        (TextTranslation.__table__.c.state, STATES, "state", TextTranslation),
    ]
    progress = _raw(_m.progress)
    if not _any_invalid(session, checks, progress):
        return
    for column, allowed, name, model in checks:
        query = select(_raw(column)).where(_raw(column).not_in(allowed))
        if model is Measure:
            query = query.join(Instrument.__table__, instrument.id == _m.instrument_id)
        value = session.execute(query.limit(1)).scalar()
        if value is not None:
            raise invalid_value(name, value)
    value = session.execute(
        select(progress)
        .join(Instrument.__table__, instrument.id == _m.instrument_id)
        .where((progress < 0) | (progress > 100))
        .limit(1)
    ).scalar()
    if value is not None:
        raise invalid_value("progress", value)


def _any_invalid(
    session: Session, checks: Sequence[tuple[Any, Sequence[Any], str, Any]], progress: Any
) -> bool:
    """Whether any of ``checks`` (or the progress) finds an invalid value: one query per
    table instead of one per column, as in all but a damaged register every value is valid."""
    instrument = Instrument.__table__.c
    found: dict[Any, list[Any]] = {}
    for column, allowed, _name, model in checks:
        found.setdefault(model, []).append(_raw(column).not_in(allowed))
    found[Measure].append((progress < 0) | (progress > 100))
    for model, conditions in found.items():
        query = select(literal(1)).select_from(model.__table__).where(or_(*conditions))
        if model is Measure:
            query = query.join(Instrument.__table__, instrument.id == _m.instrument_id)
        if session.execute(query.limit(1)).first() is not None:
            return True
    return False
