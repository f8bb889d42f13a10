"""Every measure's record of the JSON export as text, read as the register's rows come.

One query reads the measures, one each their departments, goals, partners, indicators,
milestones and the translations of their free texts; every query is in register order
(position, id) and fetched a batch of rows at a time, and the rows are merged measure by measure
(:class:`Runs`). So the export of 100,000 measures needs the memory of a batch; no ORM objects,
no inputs for the editor and no lists of the whole register are made, and the text is laid out
by ``json``'s C encoder (:mod:`app.spreadsheets.json_layout`).

A record is what :func:`app.spreadsheets.measure_json.records` reads (the same keys, values and
order; tested on registers with every field filled): the columns of :func:`measure_records`,
the fields of the editor's normalized input it lacked, and the Polish and Czech versions of the
free texts with their states as :func:`app.free_text.segments.record_fields` gives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from sqlalchemy import Integer, String, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.free_text.segments import FIELDS as FREE_TEXT_FIELDS
from app.free_text.segments import LANGUAGES as FREE_TEXT_LANGUAGES
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
    TranslationState,
)
from app.models.base import invalid_value
from app.spreadsheets.json_layout import Layout, encoded, list_template

FETCH = 1000
"""Rows fetched at a time from each query."""
BATCH = 64
"""Records laid out at a time: their texts stay small enough for the allocator to reuse the
memory of the batch before (with 1,000 the texts of a batch are megabytes, mapped anew each
time: the export of 100,000 measures took a fifth longer)."""

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
_CLEANED = ("successor", "description_pl", "description_cs", "comment", "next_steps")
_AMOUNTS = ("budget_planned_cents", "budget_committed_cents")
_CONTACT = ("contact_name", "contact_email", "contact_phone")
_LINKS = ("source_lines", "lead_department", "participating_departments", "goals", "partners")
_ITEMS = ("indicators", "milestones")
_FREE_TEXT = tuple(
    f"{field}{part}_{lang}"
    for lang in FREE_TEXT_LANGUAGES
    for field in FREE_TEXT_FIELDS
    for part in ("", "_state")
)
KEYS = (
    *(key for key, _ in _FIELDS),
    *_LINKS,
    *(key for key, _ in _MIDDLE),
    *_CLEANED,
    *_AMOUNTS,
    *_CONTACT,
    *_ITEMS,
    *_FREE_TEXT,
)
"""The keys of a record, in order."""

_INDICATOR = ("id", "name", "unit", "baseline", "target", "actual", "actual_date")
_MILESTONE = ("id", "title", "due_date", "done_date")
_STATES = tuple(state.value for state in TranslationState)

_LAYOUT = Layout(KEYS, 1)
_LAYOUT_PLAIN = Layout(KEYS, 1, dict.fromkeys(_FREE_TEXT))
"""A record without German free text (or archived): its translation fields are all null."""

_COLUMN_AT = {key: index for index, (key, _) in enumerate((*_FIELDS, *_MIDDLE))}
_POSITION, _ARCHIVED = _COLUMN_AT["position"], _COLUMN_AT["archived"]
_SUCCESSOR = len(_COLUMN_AT)
_ID = _SUCCESSOR + len(_CLEANED) + len(_AMOUNTS) + len(_CONTACT)
_AT = {"comment": _SUCCESSOR + 3, "next_steps": _SUCCESSOR + 4, **_COLUMN_AT}
_SOURCES = tuple(_AT[name] for name in FREE_TEXT_FIELDS)
"""Where a row holds the German free texts (as stored, not stripped)."""


class Runs:
    """The rows of a query in register order, whose first two columns are the measure's
    position and id, taken a batch of measures at a time as the measures come."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._rows = iter(rows)
        self._next: Sequence[Any] | None = next(self._rows, None)

    def upto(self, last: tuple[int, int]) -> dict[int, list[Sequence[Any]]]:
        """The rows of the measures up to ``last`` (position, id) by the measure's id; the
        rows of measures left out of the measures query are among them, never asked for."""
        found: dict[int, list[Sequence[Any]]] = {}
        row, rows = self._next, self._rows
        while row is not None and (row[0], row[1]) <= last:
            if row[1] in found:
                found[row[1]].append(row)
            else:
                found[row[1]] = [row]
            row = next(rows, None)
        self._next = row
        return found


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


def _batches(rows: Iterator[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    """``rows`` a batch at a time."""
    while batch := list(islice(rows, BATCH)):
        yield batch


def _measures_query() -> Any:
    successor = Measure.__table__.alias("successor")
    instrument, section = Instrument.__table__.c, Section.__table__.c
    return (
        select(
            *(column for _, column in _FIELDS),
            *(column for _, column in _MIDDLE),
            successor.c.code.label("successor_code"),
            *(_m[name] for name in _CLEANED[1:]),
            *(_m[name] for name in (*_AMOUNTS, *_CONTACT)),
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
            [indicator[name] for name in _INDICATOR],
            (indicator.position, indicator.id),
        ),
        "milestones": _ordered(
            session,
            milestone.measure_id,
            [milestone[name] for name in _MILESTONE],
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
    """Every measure's record as text (``indent=2``, nested one level, records separated as in
    the top-level list), register order, a batch of measures at a time, with their number."""
    refuse_invalid_values(session)
    links = _links(session)
    for rows in _batches(_streamed(session, _measures_query())):
        yield _batch_text(rows, links), len(rows)


class _Batch:
    """The values of a batch of records and of the lists in them (laid out apart: a list's
    template goes where the record has it, its values are encoded with the other lists')."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.nested_at: list[int] = []
        self.nested_templates: list[str] = []
        self.nested_values: list[Any] = []

    def nest(self, at: int, template: str, values: Iterable[Any]) -> None:
        self.nested_at.append(at)
        self.nested_templates.append(template)
        self.nested_values += values

    def texts(self) -> list[str]:
        """The records' values encoded, the lists laid out in their places."""
        texts = encoded(self.values)
        if self.nested_at:
            nested = _NESTED.join(self.nested_templates) % tuple(encoded(self.nested_values))
            for at, text in zip(self.nested_at, nested.split(_NESTED), strict=True):
                texts[at] = text
        return texts


_NESTED = "\x1e"
"""Between the lists laid out: a control character, escaped in every encoded text."""


def _batch_text(rows: Sequence[Sequence[Any]], links: dict[str, Runs]) -> str:
    """The records of ``rows``: the values of all of them encoded by one call of the C encoder
    (those of the lists in them by another) and put in their places by one ``%`` of the
    records' templates joined."""
    batch = _Batch()
    last = (rows[-1][_POSITION], rows[-1][_ID])
    found = {kind: runs.upto(last) for kind, runs in links.items()}
    templates = [_record(row, found, batch) for row in rows]
    return _BETWEEN.join(templates) % tuple(batch.texts())


def _record(
    row: Sequence[Any], links: dict[str, dict[int, list[Sequence[Any]]]], batch: _Batch
) -> str:
    """A measure's record: its values added to the batch's (texts of the editor's input
    stripped), its lists that are not empty nested there; returns the record's template."""
    measure_id = row[_ID]
    values = batch.values
    at = len(values)
    values += row[:13]
    values += _LINKS_EMPTY
    values += row[13:_ID]
    values += _ITEMS_EMPTY
    for index in _FLAGS_AT:  # 0 or 1 from the register file
        values[at + index] = bool(values[at + index])
    for index in _CLEANED_AT:
        value = values[at + index]
        if value is not None:
            values[at + index] = value.strip() or None
    if row[_ID + 1] is not None:
        batch.nest(at + _LINES_AT, list_template("%s", 2, 2), row[_ID + 1 : _ID + 3])
    rows = links["departments"].get(measure_id)
    if rows:
        participating = [code for _p, _i, code, role in rows if role != "lead"]
        values[at + _LEAD_AT] = next((code for _p, _i, code, role in rows if role == "lead"), None)
        if participating:
            template = list_template("%s", len(participating), 2)
            batch.nest(at + _LEAD_AT + 1, template, participating)
    for kind, index in _LISTS_AT:
        rows = links[kind].get(measure_id)
        if rows:
            batch.nest(at + index, list_template("%s", len(rows), 2), [row[2] for row in rows])
    for kind, index, layout, unit in _OBJECTS_AT:
        rows = links[kind].get(measure_id)
        if rows:
            template = list_template(layout.template, len(rows), 2)
            batch.nest(
                at + index, template, chain.from_iterable(_item_values(r, unit) for r in rows)
            )
    if not row[_ARCHIVED] and (row[_SOURCES[0]] or row[_SOURCES[1]] or row[_SOURCES[2]]):
        free_text = _free_text(row, links["free_text"].get(measure_id, _EMPTY))
        if free_text:
            values += free_text
            return _LAYOUT.template
    return _LAYOUT_PLAIN.template


_BETWEEN = ",\n  "
"""Between the records in the top-level list."""
_EMPTY: list[Any] = []
_LINKS_EMPTY = (None, None, _EMPTY, _EMPTY, _EMPTY)
_ITEMS_EMPTY = (_EMPTY, _EMPTY)
_LINES_AT, _LEAD_AT = KEYS.index("source_lines"), KEYS.index("lead_department")
_FLAGS_AT = (KEYS.index("budget_reservation"), KEYS.index("archived"))
_CLEANED_AT = tuple(KEYS.index(key) for key in (*_CLEANED, *_CONTACT))
_LISTS_AT = (("goals", KEYS.index("goals")), ("partners", KEYS.index("partners")))
_OBJECTS_AT = (
    ("indicators", KEYS.index("indicators"), Layout(_INDICATOR, 3), True),
    ("milestones", KEYS.index("milestones"), Layout(_MILESTONE, 3), False),
)
"""Each kind of item: where the record has it, its layout, whether it has a unit."""


def _item_values(row: Sequence[Any], unit: bool) -> list[Any]:
    """An indicator's or milestone's values: its name or title stripped, its unit too (empty:
    ``None``), as the editor's input is normalized."""
    values = [*row[2:]]
    values[1] = (values[1] or "").strip()
    if unit and values[2] is not None:
        values[2] = values[2].strip() or None
    return values


def refuse_invalid_values(session: Session) -> None:
    """Refuse a value that the column's type would refuse where the row is read (written past
    the register's checks), as :class:`~app.errors.RegisterValuesInvalid` naming the field
    and the value; one query per table, before anything is written."""
    instrument = Instrument.__table__.c
    checks: list[tuple[Any, Sequence[Any], str, Any]] = [
        (_m.state_pl, _STATES, "state_pl", Measure),
        (_m.state_cs, _STATES, "state_cs", Measure),
        (_m.modality, [modality.value for modality in Modality], "modality", Measure),
        (_m.status, [status.value for status in Status], "status", Measure),
        (_m.traffic_light, [light.value for light in TrafficLight], "traffic_light", Measure),
        (
            MeasureDepartment.__table__.c.role,
            [role.value for role in DepartmentRole],
            "department_role",
            MeasureDepartment,
        ),
        (TextTranslation.__table__.c.state, _STATES, "state", TextTranslation),
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


def _free_text(row: Sequence[Any], rows: list[Sequence[Any]]) -> list[str | None]:
    """The Polish and Czech versions of the measure's German free texts with their states, or
    nothing for a measure archived or without German free text. A text without German words
    has none; a translation made from another German text needs an update."""
    sources = [row[index] for index in _SOURCES]
    if not any(source and source.strip() for source in sources):
        return []
    found = {(field, lang): rest for _p, _i, field, lang, *rest in rows}
    values: list[str | None] = []
    for lang in FREE_TEXT_LANGUAGES:
        for field, source in zip(FREE_TEXT_FIELDS, sources, strict=True):
            translation = found.get((field, lang))
            if not source or not source.strip():
                values += (None, None)
            elif translation is None:
                values += (None, TranslationState.MISSING.value)
            else:
                text, state, source_de = translation
                if source_de != source:
                    state = TranslationState.NEEDS_UPDATE.value
                values += (text, state)
    return values


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
