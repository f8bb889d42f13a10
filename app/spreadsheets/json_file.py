"""The JSON export read from a register file with ``sqlite3`` alone: the queries of
:mod:`app.spreadsheets.json_queries` as SQLite text, without SQLAlchemy and the models (their
import took a quarter of exporting 100,000 measures). The rows are the same, so the records are
too (``tests/spreadsheets/test_streamed_exports.py`` compares the two byte for byte).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from app.enums import DepartmentRole, Modality, Status, TrafficLight
from app.spreadsheets.json_records import (
    FETCH,
    INDICATOR,
    MILESTONE,
    STATES,
    Runs,
    texts_of,
    write_texts,
)

MEASURES = """
SELECT measure.code, instrument.numeral, section.title_de, section.code, measure.position,
  measure.title_de, measure.title_pl, measure.title_cs, measure.state_pl, measure.state_cs,
  measure.description_de, measure.lead_in_de, measure.modality, measure.status,
  measure.status_reason, measure.traffic_light, measure.progress, measure.start_date,
  measure.end_date, measure.budget_reservation, measure.archived, measure.updated_at,
  successor.code, measure.description_pl, measure.description_cs, measure.comment,
  measure.next_steps, measure.budget_planned_cents, measure.budget_committed_cents,
  measure.contact_name, measure.contact_email, measure.contact_phone, measure.id,
  measure.source_first_line, measure.source_last_line
FROM measure JOIN instrument ON instrument.id = measure.instrument_id
LEFT OUTER JOIN section ON section.id = measure.section_id
LEFT OUTER JOIN measure AS successor ON successor.id = measure.successor_id
ORDER BY measure.position, measure.id
"""


def _ordered(table: str, columns: str, order: str, join: str = "") -> str:
    """The rows of ``columns`` of ``table``, each led by its measure's position and id, in
    register order, then ``order``."""
    return (
        f"SELECT measure.position, measure.id, {columns} FROM {table} "
        f"JOIN measure ON measure.id = {table}.measure_id {join} "
        f"ORDER BY measure.position, measure.id{', ' + order if order else ''}"
    )


LINKS = {
    "departments": _ordered(
        "measure_department",
        "department.code, measure_department.role",
        "department.position, department.code",
        "JOIN department ON department.id = measure_department.department_id",
    ),
    "goals": _ordered(
        "measure_goal", "goal.number", "goal.number", "JOIN goal ON goal.id = measure_goal.goal_id"
    ),
    "partners": _ordered(
        "measure_partner",
        "partner.code",
        "partner.code",
        "JOIN partner ON partner.id = measure_partner.partner_id",
    ),
    "indicators": _ordered(
        "indicator",
        ", ".join(f"indicator.{name}" for name in INDICATOR),
        "indicator.position, indicator.id",
    ),
    "milestones": _ordered(
        "milestone",
        ", ".join(f"milestone.{name}" for name in MILESTONE),
        "milestone.position, milestone.id",
    ),
    "free_text": _ordered(
        "text_translation",
        "text_translation.field, text_translation.lang, text_translation.text, "
        "text_translation.state, text_translation.source_de",
        "",
    ),
}
"""The queries of each kind of link or item of the measures, by the name
:func:`~app.spreadsheets.json_records.texts_of` knows it by."""

_IN_MEASURE = "measure JOIN instrument ON instrument.id = measure.instrument_id"
CHECKS: tuple[tuple[str, str, str, Sequence[str]], ...] = (
    (_IN_MEASURE, "measure.state_pl", "state_pl", STATES),
    (_IN_MEASURE, "measure.state_cs", "state_cs", STATES),
    (_IN_MEASURE, "measure.modality", "modality", [item.value for item in Modality]),
    (_IN_MEASURE, "measure.status", "status", [item.value for item in Status]),
    (_IN_MEASURE, "measure.traffic_light", "traffic_light", [item.value for item in TrafficLight]),
    (
        "measure_department",
        "measure_department.role",
        "department_role",
        [item.value for item in DepartmentRole],
    ),
    ("text_translation", "text_translation.state", "state", STATES),
)
"""Where, which column, its field's name and its allowed values, in the order
:func:`app.spreadsheets.json_queries.refuse_invalid_values` checks them."""
_PROGRESS = "(measure.progress < 0 OR measure.progress > 100)"


def _not_in(column: str, allowed: Sequence[str]) -> str:
    return f"{column} NOT IN ({', '.join(_quoted(value) for value in allowed)})"


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def refuse_invalid_values(connection: sqlite3.Connection) -> None:
    """Refuse a value the program cannot use as :class:`~app.errors.RegisterValuesInvalid`
    naming the field and the value (as :func:`~app.spreadsheets.json_queries.refuse_invalid_values`
    does); one query per table, before anything is written."""
    tables: dict[str, list[str]] = {}
    for table, column, _name, allowed in CHECKS:
        tables.setdefault(table, []).append(_not_in(column, allowed))
    tables[_IN_MEASURE].append(_PROGRESS)
    if not any(
        connection.execute(f"SELECT 1 FROM {table} WHERE {' OR '.join(found)} LIMIT 1").fetchone()
        for table, found in tables.items()
    ):
        return
    from app.models.base import invalid_value  # a damaged register only

    for table, column, name, allowed in CHECKS:
        row = connection.execute(
            f"SELECT {column} FROM {table} WHERE {_not_in(column, allowed)} LIMIT 1"
        ).fetchone()
        if row is not None and row[0] is not None:
            raise invalid_value(name, row[0])
    row = connection.execute(
        f"SELECT measure.progress FROM {_IN_MEASURE} WHERE {_PROGRESS} LIMIT 1"
    ).fetchone()
    if row is not None and row[0] is not None:
        raise invalid_value("progress", row[0])


def _rows(connection: sqlite3.Connection, query: str) -> Iterator[Sequence[Any]]:
    cursor = connection.cursor()
    cursor.arraysize = FETCH
    return iter(cursor.execute(query))


def texts(connection: sqlite3.Connection) -> Iterator[tuple[str, int]]:
    """Every measure's record as text, a batch of measures at a time, with their number (see
    :func:`app.spreadsheets.json_records.texts_of`)."""
    refuse_invalid_values(connection)
    links = {kind: Runs(_rows(connection, query)) for kind, query in LINKS.items()}
    return texts_of(_rows(connection, MEASURES), links)


def write(connection: sqlite3.Connection, stream: TextIO) -> int:
    """Write the JSON to ``stream`` as it is read; returns the number of measures."""
    return write_texts(texts(connection), stream)


def write_file(connection: sqlite3.Connection, target: Path) -> int:
    """Write the JSON to ``target`` (atomically); returns the number of measures."""
    from app.spreadsheets.json_records import write_texts_file

    return write_texts_file(lambda: texts(connection), target)
