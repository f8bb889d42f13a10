"""SQLAlchemy engines for a register file, with the connection settings the register relies on.

Every statement and commit that fails for a cause of the environment (a full disk, a lock held
by another program, a failing drive, ...) raises the user error :mod:`app.storage.errors` makes
of it, naming the register; anything else is left as it is (a bug).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import NullPool

from app.errors import RegisterReadOnly
from app.i18n import N_, Message
from app.storage.errors import BUSY_TIMEOUT_SECONDS, register_error
from app.storage.fileformat import readonly_connection
from app.storage.integrity import install_functions


def _configure(engine: Engine, *, foreign_keys: bool, shown_as: Path) -> Engine:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that DDL
        # (migrations) and DML share one real transaction.
        dbapi_connection.isolation_level = None
        install_functions(dbapi_connection)  # the audit chain's and the row digests' triggers
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        error = register_error(context.original_exception, shown_as)
        if error is not None:
            raise error from context.original_exception

    return engine


def writable_engine(
    path: Path, *, foreign_keys: bool = True, shown_as: Path | None = None
) -> Engine:
    """An engine that writes ``path``; messages name ``shown_as`` (the register a temporary
    file becomes) if given."""

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )
        # A rollback journal, synced before the file is written: an interrupted change is
        # rolled back by the next read-write open (app.storage.recovery).
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
        # A statement's own journal (kept to undo a failed statement inside a transaction:
        # every statement that fires the row digests' triggers has one) in memory, not in a
        # temporary file: writing it cost as much as the change itself (20,000 links or audit
        # events inserted: twice the time). The rollback journal above stays on disk.
        connection.execute("PRAGMA temp_store = MEMORY")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    return _configure(engine, foreign_keys=foreign_keys, shown_as=shown_as or path)


READING = ("SELECT", "PRAGMA", "WITH", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
"""The statements a read-only register runs; any other is a change and refused."""


def refused_change(path: Path) -> RegisterReadOnly:
    return RegisterReadOnly(
        Message(
            N_(
                "The register {path} is open read-only: changes are not possible and nothing "
                "was changed. Restore a sound backup (File › Backups…) to work with it again."
            ),
            path=path,
        )
    )


def readonly_engine(path: Path) -> Engine:
    """An engine that only reads ``path``: every change is refused with
    :class:`~app.errors.RegisterReadOnly` before SQLite sees it (the one place that refuses
    writes to a register opened read-only)."""
    engine = create_engine(
        "sqlite://", creator=lambda: readonly_connection(path), poolclass=NullPool
    )

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _refuse_changes(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> tuple[str, Any]:
        if not statement.lstrip().upper().startswith(READING):
            raise refused_change(path)
        return statement, parameters

    return _configure(engine, foreign_keys=True, shown_as=path)
