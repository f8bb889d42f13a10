"""Many rows with one statement, without SQLAlchemy's work per row.

A Core ``INSERT`` or ``UPDATE`` of many parameter sets builds each set's parameters in Python
(tenths of a millisecond a row: most of an import's own time with thousands of audit events
and links). On a register file the rows go to the driver's ``executemany`` as they are (tuples
in the order of the statement's parameters); on a server they take the Core path (its
dialect's batched statements).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from app.storage.integrity import quoted


def _file_connection(session: Session) -> Connection | None:
    """The session's connection, its pending objects written first (as a statement through the
    session would write them), when it is a register file's; ``None`` on a server."""
    session.flush()
    connection = session.connection()
    return connection if connection.dialect.name == "sqlite" else None


def insert_rows(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into the table of the mapped class
    ``model``, in order; the session's pending objects are written first (as a statement
    through the session would). The values must be those the columns store (texts, numbers,
    ``None``): no column type converts them here."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = _file_connection(session)
    if connection is not None:
        names = ", ".join(quoted(column) for column in columns)
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(
            f"INSERT INTO {quoted(table.name)} ({names}) VALUES ({marks})", list(rows)
        )
    else:
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def delete_rows(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Delete the rows of the mapped class ``model``'s table whose ``columns`` hold the values
    of one of ``rows`` (in the order of ``columns``; as stored, as for :func:`insert_rows`)."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = _file_connection(session)
    if connection is not None:
        where = " AND ".join(f"{quoted(column)} = ?" for column in columns)
        connection.exec_driver_sql(f"DELETE FROM {quoted(table.name)} WHERE {where}", list(rows))
    else:
        condition = [table.c[column] == bindparam(f"p_{column}") for column in columns]
        session.execute(
            delete(table).where(*condition),
            [{f"p_{c}": value for c, value in zip(columns, row, strict=True)} for row in rows],
        )


def execute_many(
    session: Session, statement: UpdateBase, rows: Sequence[Mapping[str, Any]]
) -> None:
    """``session.execute(statement, rows)`` (an ``INSERT``, ``UPDATE`` or ``DELETE`` with a
    parameter set per row, each naming the statement's parameters), in order; on a register
    file the statement is compiled once and the rows go to the driver as tuples, each value
    converted by its parameter's type as SQLAlchemy would (a date, an enum)."""
    if not rows:
        return
    connection = _file_connection(session)
    if connection is None:
        session.execute(statement, list(rows))
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    names = list(compiled.positiontup or ())
    given = compiled.params  # the values bound in the statement itself
    converters = [
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    fixed = [name not in rows[0] for name in names]
    parameters = []
    for row in rows:
        values = []
        for name, convert, constant in zip(names, converters, fixed, strict=True):
            value = given[name] if constant else row[name]
            values.append(value if convert is None else convert(value))
        parameters.append(tuple(values))
    connection.exec_driver_sql(compiled.string, parameters)
