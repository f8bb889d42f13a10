"""Who makes a change and from where: recorded with every audit event an operation writes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, SessionTransaction


@dataclass(frozen=True)
class Actor:
    """The user's name (from the local profile) and the source of the change (``app``, ``cli``);
    ``department``: the department the profile answers for (``None`` for the secretariat or a
    profile without a department) — a round package for another department is refused."""

    name: str
    source: str = "app"
    department: str | None = None


def transaction(session: Session) -> SessionTransaction:
    """``session.begin()``, after ending a read-only transaction the session may have started
    on its own (reading autobegins); refuses if that transaction holds unsaved changes.

    A statement, flush or commit inside the block that fails for a storage cause (a full disk,
    a register another program holds locked for longer than the busy timeout, a failing medium)
    raises the :class:`~app.errors.UserError` the register's engine makes of it
    (:mod:`app.storage.errors`), after the transaction is rolled back: nothing of the block is
    saved. Reads outside a transaction block are sorted the same way."""
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("the session holds changes outside a transaction block")
        session.commit()
    return session.begin()


@contextmanager
def many_objects() -> Iterator[None]:
    """Python's cycle collector paused while tens of thousands of measures are read, compared
    or written: their many small objects hold no cycles, and the collector's repeated passes
    over all of them would cost as much as the work itself (measured: a third to a half of
    importing 20,000 measures). It runs again afterwards as it did before."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@contextmanager
def one_connection(session: Session) -> Iterator[None]:
    """The session's transactions in the block on one connection of its engine, not a new one
    each (the register file's engine opens a connection per transaction, and SQLite reads the
    schema anew for each: a few milliseconds, as much as a small transaction's own work).
    A session already in a transaction, or bound to a connection, is left as it is."""
    engine = session.bind
    if not isinstance(engine, Engine) or session.in_transaction():
        yield
        return
    with engine.connect() as connection:
        session.bind = connection
        try:
            yield
        finally:
            if session.in_transaction():  # a read begun after the last change: ended here
                if session.new or session.dirty or session.deleted:
                    session.rollback()
                else:
                    session.commit()
            session.bind = engine
