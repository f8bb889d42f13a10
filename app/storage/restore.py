"""Putting a backup (or a colleague's copy) in the register's place: what would be lost, and the
replacement itself in one step.

:func:`losses` compares the current register with the file to restore, by content: the history
entries, measures and rounds the register holds and the file lacks, and the latest of those
changes. :func:`replace_register` builds the new register beside the current one (a copy of the
file, brought to the current schema, with the "restore" entry already in its history), makes it
durable and renames it into place, all under the instance lock: a crash at any moment leaves
either the old register or the restored one, never something between, and no "restore" without
its history entry.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.models import RegisterMeta
from app.operations.audit import record
from app.paths import AppPaths
from app.storage import backup, fileformat, migrate
from app.storage.engine import writable_engine
from app.storage.fileformat import readonly_connection
from app.storage.recovery import pending, set_aside

LATEST_SHOWN = 5
AUDIT_COLUMNS = "at, actor, action, entity, entity_code, field, old_value, new_value, source"


@dataclass
class Loss:
    """What the current register holds and the file to restore lacks."""

    events: int = 0
    measures: int = 0
    rounds: int = 0
    latest: list[tuple[str, ...]] = field(default_factory=list)  # (at, actor, action, ...)
    readable: bool = True  # False: the current register could not be read (it is damaged)

    @property
    def empty(self) -> bool:
        return not (self.events or self.measures or self.rounds)


def losses(current: Path, source: Path) -> Loss:
    """Compare ``current`` with ``source`` (both checked SQLite files) by content."""
    try:
        mine = _content(current)
    except sqlite3.DatabaseError:
        return Loss(readable=False)
    theirs = _content(source)
    missing = mine["events"] - theirs["events"]
    latest = sorted(missing.elements(), reverse=True)[:LATEST_SHOWN]
    return Loss(
        events=sum(missing.values()),
        measures=len(set(mine["measures"]) - set(theirs["measures"])),
        rounds=len(set(mine["rounds"]) - set(theirs["rounds"])),
        latest=[tuple(str(part) if part is not None else "" for part in row) for row in latest],
    )


def _content(path: Path) -> dict[str, Counter[tuple[object, ...]]]:
    connection = readonly_connection(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}

        def rows(table: str, columns: str) -> Counter[tuple[object, ...]]:
            if table not in tables:
                return Counter()
            return Counter(connection.execute(f"SELECT {columns} FROM {table}"))

        return {
            "events": rows("audit_event", AUDIT_COLUMNS),
            "measures": rows("measure", "code"),
            "rounds": rows("round", "uid"),
        }
    finally:
        connection.close()


def replace_register(
    paths: AppPaths, source: Path, audit: Callable[[Session, str | None], None]
) -> None:
    """Put a copy of ``source`` in the register's place in one step; ``audit`` records the
    restore in the copy (given the register's id) before the rename. The caller holds the
    instance lock and has backed up the current register."""
    target = paths.register_file
    temporary = target.with_name(f".{target.name}.{os.getpid()}.restore")
    try:
        shutil.copyfile(source, temporary)
        facts = fileformat.read_header(temporary)
        if facts.schema_version < fileformat.SCHEMA_VERSION:
            migrate.upgrade(temporary, fileformat.SCHEMA_VERSION, shown_as=target)
        engine = writable_engine(temporary, shown_as=target)
        try:
            with Session(engine) as session, session.begin():
                meta = session.get(RegisterMeta, "register_id")
                audit(session, None if meta is None else meta.value)
        finally:
            engine.dispose()
        if pending(target):  # the old register's journal (it could not be rolled back)
            set_aside(paths)
        backup.put_in_place(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def record_restore(
    actor: str, source: Path, *, via: str = "cli"
) -> Callable[[Session, str | None], None]:
    """The history entry of a restore from ``source`` by ``actor`` on the command line (or
    ``via`` the window: "app")."""

    def audit(session: Session, register_id: str | None) -> None:
        record(
            session,
            actor=actor,
            source=via,
            action="restore",
            entity="register",
            code=register_id,
            new=str(source),
        )

    return audit
