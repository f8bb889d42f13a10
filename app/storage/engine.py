"""SQLAlchemy engines for a register file, with the connection settings the register relies on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from app.storage.fileformat import readonly_connection


def _configure(engine: Engine, *, foreign_keys: bool) -> Engine:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that DDL
        # (migrations) and DML share one real transaction.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        dbapi_connection.execute("PRAGMA busy_timeout = 5000")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def writable_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(str(path), check_same_thread=False)
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    return _configure(engine, foreign_keys=foreign_keys)


def readonly_engine(path: Path) -> Engine:
    engine = create_engine(
        "sqlite://", creator=lambda: readonly_connection(path), poolclass=NullPool
    )
    return _configure(engine, foreign_keys=True)
