"""Moving a register between a file and a server: a logical copy of every table, verified.

A register file and a register on a server hold the same tables (the same models and
migrations). :func:`copy_content` copies every row of every table (the audit trail, rounds,
snapshots, criteria, keys, ...) from one to the other, parents before children, in the
caller's transactions; :func:`content_digest` sums up the logical content of a register (per
table, a hash of its rows in a canonical order), so that a copy can be verified to hold the
same. A register file written from a server (``imag db backup``, ``imag db copy --to FILE``, a
closed round's snapshot) is made by the file's own migrations first, so it is a register this
program opens and restores like any other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from app.models import Base
from app.storage import fileformat, migrate
from app.storage.engine import writable_engine
from app.storage.integrity import record_schema

BATCH_ROWS = 500


DERIVED = ("audit_chain", "row_digest")
"""Written by the target's own triggers as the rows come in (app.storage.integrity), not
copied: the copy's chain is the chain of the events in the order they are copied."""


def _tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name not in DERIVED]


def _rows(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    result = connection.execute(select(table)).mappings()
    while batch := result.fetchmany(BATCH_ROWS):
        yield [dict(row) for row in batch]


def copy_content(source: Connection, target: Connection) -> dict[str, int]:
    """Replace the content of ``target`` (a register whose schema is as new as ``source``'s)
    with that of ``source``; the number of rows copied per table."""
    tables = _tables()
    for table in reversed(tables):
        if target.execute(select(func.count()).select_from(table)).scalar():
            target.execute(delete(table))  # what a new register's migrations put in (criteria)
    counts: dict[str, int] = {}
    for table in tables:
        counts[table.name] = _copy_table(source, target, table)
    if target.dialect.name == "postgresql":
        _advance_sequences(target, tables)
    return counts


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    """Copy one table; a reference to a row of the same table (a measure's successor) is set
    once all rows are in, as a server checks it at once."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    key = [column.name for column in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    count = 0
    for batch in _rows(source, table):
        for row in batch:
            if any(row[name] is not None for name in own):
                later.append({**{f"k_{k}": row[k] for k in key}, **{n: row[n] for n in own}})
                row.update(dict.fromkeys(own))
        target.execute(insert(table), batch)
        count += len(batch)
    if later:
        where = [table.c[k] == bindparam(f"k_{k}") for k in key]
        target.execute(update(table).where(*where), later)
    return count


def _advance_sequences(connection: Connection, tables: list[Table]) -> None:
    """After rows came in with their ids, a server's id sequences continue after the largest."""
    for table in tables:
        if "id" not in table.c or len(table.primary_key.columns) != 1:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            ).bindparams(table=table.name)
        )


def _canonical(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return "b:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dt.date | dt.datetime):
        return "d:" + value.isoformat()
    return f"{type(value).__name__}:{value}"


def content_digest(connection: Connection) -> dict[str, tuple[int, str]]:
    """Per table its row count and a hash of its rows, in an order that does not depend on the
    database (sorted here, not by the server's collation)."""
    digest: dict[str, tuple[int, str]] = {}
    for table in _tables():
        rows = sorted(
            "\x1f".join(_canonical(row[column.name]) for column in table.columns)
            for batch in _rows(connection, table)
            for row in batch
        )
        digest[table.name] = (len(rows), hashlib.sha256("\x1e".join(rows).encode()).hexdigest())
    return digest


@contextlib.contextmanager
def consistent(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one consistent state of the register for as long as it is open
    (one REPEATABLE READ transaction on a server; a read transaction on a file)."""
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect() as plain:
        connection = plain.execution_options(**options)
        with connection.begin():
            yield connection


def write_register_file(source: Engine, target: Path) -> dict[str, int]:
    """Write the register ``source`` (as one consistent state) as a new register file
    ``target``, which must not exist; built beside it and moved into place in one step."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.copy")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        migrate.upgrade(temporary, fileformat.SCHEMA_VERSION, shown_as=target)
        engine = writable_engine(temporary, foreign_keys=False, shown_as=target)
        try:
            with consistent(source) as reader, engine.begin() as writer:
                counts = copy_content(reader, writer)
                record_schema(writer)  # the file's own schema (a server records none)
        finally:
            engine.dispose()
        with temporary.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return counts


def copy_to_server(source: Engine, url: str) -> dict[str, int]:
    """Create the register at ``url`` (an empty database) as a copy of ``source``."""
    from app.storage.server import migrate_server

    counts: dict[str, int] = {}
    with consistent(source) as reader:
        migrate_server(url, create=lambda writer: counts.update(copy_content(reader, writer)))
    return counts


def same_content(first: Engine, second: Engine) -> list[str]:
    """The tables whose logical content differs between two registers (empty: the same)."""
    with consistent(first) as one, consistent(second) as other:
        mine, theirs = content_digest(one), content_digest(other)
    return sorted(name for name in mine if mine[name] != theirs.get(name))
