"""Many rows into one table with one statement, without SQLAlchemy's work per row.

A Core ``INSERT`` of many rows builds each row's parameters in Python (tenths of a millisecond
a row: most of an import's own time with thousands of audit events). On a register file the
rows go to the driver's ``executemany`` as they are (tuples in column order); on a server they
take the Core path (its dialect's batched inserts). The values must be those the columns store
(texts, numbers, ``None``): no column type converts them here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from app.storage.integrity import quoted


def insert_rows(
    session: Session, model: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into the table of the mapped class
    ``model``, in order; the session's pending objects are written first (as a statement
    through the session would)."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        names = ", ".join(quoted(column) for column in columns)
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(
            f"INSERT INTO {quoted(table.name)} ({names}) VALUES ({marks})", list(rows)
        )
    else:
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
