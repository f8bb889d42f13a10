"""The frozen state of a closed round: a compressed copy of the whole register as it was when
the round was closed (measures, reference data, the round with its accepted returns and
conflicts, the audit trail), kept inside the register in ``round_snapshot``, which triggers
make immutable. Reports for a closed round are built from it, so they come out the same, byte
for byte, however the register changes afterwards.

The copy holds no keys (the register has none since they moved to the profile; a department's
format-1 return keys are wiped from it). Nor does it hold the snapshots of earlier rounds, or
those a reopening set aside (each is kept once, in the register itself): otherwise every
snapshot would carry all earlier ones, and their size would double with each round.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app.errors import RegisterDamaged
from app.i18n import N_, Message
from app.models import RegisterKind, RegisterMeta, Round, RoundSnapshot
from app.models.rounds import SNAPSHOT_TRIGGERS
from app.operations import audit
from app.operations.context import transaction
from app.storage import fileformat, migrate
from app.storage.copy import write_register_file
from app.storage.engine import readonly_engine
from app.storage.fileformat import readonly_connection
from app.storage.integrity import install_functions


def _database_path(session: Session) -> Path:
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    with bind.connect() as connection:
        for row in connection.exec_driver_sql("PRAGMA database_list"):
            if row[1] == "main":
                return Path(row[2])
    raise RuntimeError("the register has no main database")  # pragma: no cover


Carried = dict[str, list[tuple[object, ...]]]
"""Rows (table → whole rows) the caller's open transaction wrote, to carry into a snapshot."""


def _copy_register(session: Session, copy: Path) -> None:
    """The register as it is now (committed) into the new file ``copy``: a file by SQLite's
    ``VACUUM INTO``, a register on a server by a logical copy into a new register file."""
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    if bind.dialect.name != "sqlite":
        write_register_file(bind, copy)
        return
    reader = readonly_connection(_database_path(session))
    try:
        reader.execute("VACUUM INTO ?", (str(copy),))
    finally:
        reader.close()


def carried(session: Session, round_: Round, audit_after: int) -> Carried:
    """The round's row and the audit events after ``audit_after`` as the session's open
    transaction sees them (written, not yet committed)."""
    return {
        "round": [tuple(row) for row in session.execute(ROUND_ROW, {"id": round_.id})],
        "audit_event": [tuple(row) for row in session.execute(AUDIT_ROWS, {"id": audit_after})],
    }


ROUND_ROW = text("SELECT * FROM round WHERE id = :id")
AUDIT_ROWS = text("SELECT * FROM audit_event WHERE id > :id ORDER BY id")


def build(session: Session, round_: Round, carry: Carried) -> RoundSnapshot:
    """The round's snapshot of the committed register with the rows of ``carry`` written into
    it: a close and its snapshot are then committed together, in one transaction."""
    with tempfile.TemporaryDirectory(prefix="imag-snapshot-") as folder:
        copy = Path(folder) / "snapshot.sqlite"
        _copy_register(session, copy)
        writer = sqlite3.connect(str(copy), isolation_level=None)
        install_functions(writer)  # the copy's triggers chain the events and digest the rows
        try:
            writer.execute("BEGIN")
            for table, rows in carry.items():
                for row in rows:
                    marks = ", ".join("?" * len(row))
                    writer.execute(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", row)
            writer.execute("UPDATE ws_round SET return_key = zeroblob(32)")
            # earlier snapshots stay in the register only (the triggers forbid the delete:
            # lifted for it on this copy, then put back as they were)
            writer.execute("DROP TRIGGER round_snapshot_no_update")
            writer.execute("DROP TRIGGER round_snapshot_no_delete")
            writer.execute("DELETE FROM round_snapshot")
            writer.execute("DELETE FROM round_snapshot_superseded")
            for statement in SNAPSHOT_TRIGGERS:
                writer.execute(statement)
            writer.execute("COMMIT")
            writer.execute("VACUUM")  # no freed page keeps a key
            version = writer.execute("PRAGMA user_version").fetchone()[0]
        finally:
            writer.close()
        data = copy.read_bytes()
    return RoundSnapshot(
        round_id=round_.id,
        created_at=audit.now_iso(),
        schema_version=int(version),
        sha256=hashlib.sha256(data).hexdigest(),
        data=zlib.compress(data, 6),
    )


@dataclass
class SnapshotRegister:
    """A closed round's snapshot, opened read-only; quacks like a register for the reports."""

    path: Path
    engine: Engine
    meta: dict[str, str]

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def kind(self) -> RegisterKind:
        return RegisterKind(self.meta.get("kind", RegisterKind.REAL.value))

    @property
    def is_demo(self) -> bool:
        return self.kind == RegisterKind.DEMO

    @property
    def readonly(self) -> bool:
        return True


@contextlib.contextmanager
def opened(session: Session, round_: Round) -> Iterator[SnapshotRegister]:
    """The snapshot of the closed ``round_``, unpacked into a temporary file (brought up to
    this program's schema if it is older) and opened read-only."""
    with transaction(session):
        record = session.get(RoundSnapshot, round_.id)
        if record is None:
            raise RegisterDamaged(
                Message(
                    N_(
                        "The round “{name}” has no snapshot; close it again to take one "
                        "(imag round close)."
                    ),
                    name=round_.name,
                )
            )
        compressed, expected = record.data, record.sha256
    folder = Path(tempfile.mkdtemp(prefix="imag-snapshot-"))
    engine: Engine | None = None
    try:
        try:
            data = zlib.decompress(compressed)
        except zlib.error:
            data = b""
        if hashlib.sha256(data).hexdigest() != expected:
            raise RegisterDamaged(
                Message(
                    N_("The snapshot of the round “{name}” is damaged (its checksum differs)."),
                    name=round_.name,
                )
            )
        path = folder / "snapshot.sqlite"
        path.write_bytes(data)
        if fileformat.inspect(path).schema_version < fileformat.SCHEMA_VERSION:
            migrate.upgrade(path, fileformat.SCHEMA_VERSION)
        engine = readonly_engine(path)
        with Session(engine) as reader:
            meta = {
                str(k): str(v)
                for k, v in reader.execute(select(RegisterMeta.key, RegisterMeta.value))
            }
        yield SnapshotRegister(path=path, engine=engine, meta=meta)
    finally:
        if engine is not None:
            engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
