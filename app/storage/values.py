"""What SQLite does not check in a file it opens read-only: values against the models' CHECK
constraints (enum values, progress 0–100, date order), references between tables, and the
tables themselves. ``integrity_check`` skips CHECK constraints on a read-only connection, and
a value written past them with a SQLite shell (``PRAGMA ignore_check_constraints``) would
otherwise surface as a crash where it is read.

:func:`invalid_values` lists each problem by table, row and field (for ``imag db check``);
the tables themselves are checked on every start (:func:`app.storage.fileformat.missing_tables`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import CheckConstraint, Column, Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.sql import visitors

from app.errors import RegisterValuesInvalid
from app.i18n import NP_, Message

MAX_REPORTED = 50
"""At most this many problems are listed (the count says how many more there are)."""


@dataclass(frozen=True)
class BadValue:
    table: str
    row: int
    field: str
    what: str  # the constraint broken, or the table a reference points to


def _tables() -> list[Table]:
    from app.models import Base

    return list(Base.metadata.sorted_tables)


def _fields(check: CheckConstraint) -> str:
    names = sorted(
        {element.name for element in visitors.iterate(check.sqltext) if isinstance(element, Column)}
    )
    if names:
        return ", ".join(names)
    return str(check.name).removeprefix(f"ck_{check.table.name}_")  # a constraint given as text


def _conditions(table: Table) -> list[tuple[CheckConstraint, str]]:
    """``table``'s CHECK constraints with their conditions as SQLite text (compiled once)."""
    if table.name not in _COMPILED:
        _COMPILED[table.name] = [
            (check, str(check.sqltext.compile(**_LITERAL)))
            for check in table.constraints
            if isinstance(check, CheckConstraint)
        ]
    return _COMPILED[table.name]


_COMPILED: dict[str, list[tuple[CheckConstraint, str]]] = {}
_LITERAL = {"dialect": sqlite_dialect.dialect(), "compile_kwargs": {"literal_binds": True}}


def _broken_checks(connection: sqlite3.Connection, table: Table) -> list[BadValue]:
    conditions = _conditions(table)
    if not conditions:
        return []
    # One pass over the table for all its constraints (a sound register, the usual case, is
    # read once, not once per constraint); each constraint is asked alone only if one fails.
    # ``NOT c`` is NULL where ``c`` is: a CHECK passes on NULL, and so does the pass.
    any_broken = " OR ".join(f"NOT ({condition})" for _check, condition in conditions)
    if (
        connection.execute(f'SELECT 1 FROM "{table.name}" WHERE {any_broken} LIMIT 1').fetchone()
        is None
    ):
        return []
    found: list[BadValue] = []
    for check, condition in conditions:
        rows = connection.execute(
            f'SELECT rowid FROM "{table.name}" WHERE NOT ({condition}) LIMIT {MAX_REPORTED}'
        )
        found += [BadValue(table.name, row[0], _fields(check), str(check.name)) for row in rows]
    return found


def _broken_references(connection: sqlite3.Connection) -> list[BadValue]:
    found: list[BadValue] = []
    fields: dict[tuple[str, int], str] = {}
    for table, row, parent, key in connection.execute("PRAGMA foreign_key_check").fetchall():
        if (table, key) not in fields:
            for entry in connection.execute(f'PRAGMA foreign_key_list("{table}")'):
                fields[(table, entry[0])] = entry[3]
        found.append(BadValue(table, row, fields.get((table, key), "?"), parent))
    return found


def invalid_values(connection: sqlite3.Connection) -> list[BadValue]:
    """Every value that breaks a CHECK constraint, and every broken reference (read only)."""
    found: list[BadValue] = []
    for table in _tables():
        found += _broken_checks(connection, table)
    return found + _broken_references(connection)


def values_invalid(path: Path, found: list[BadValue]) -> RegisterValuesInvalid:
    """The error for ``found`` in the register ``path``: each problem as table/row/field."""
    listed = "; ".join(
        f"{bad.table}/{bad.row}/{bad.field} ({bad.what})" for bad in found[:MAX_REPORTED]
    )
    return RegisterValuesInvalid(
        Message(
            *NP_(
                "The register {path} holds {n} value the program cannot use (table/row/field): "
                "{values}. The file was not changed. Correct the value in the window or "
                "restore a backup with “imag db restore FILE”.",
                "The register {path} holds {n} values the program cannot use "
                "(table/row/field): {values}. The file was not changed. Correct the values in "
                "the window or restore a backup with “imag db restore FILE”.",
            ),
            path=path,
            n=len(found),
            values=listed,
        )
    )
