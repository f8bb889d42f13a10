"""What an IMAG register file looks like from the outside, checked without opening it for writing.

:func:`inspect` reads the SQLite header and asks SQLite, through a read-only connection, whether
the file is sound. It never writes a byte, so a damaged, foreign or newer file is left exactly as
it was.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import RegisterDamaged, RegisterTooNew
from app.i18n import N_, Message

if TYPE_CHECKING:
    from app.storage.values import BadValue

# The file and storage helpers (SQLAlchemy's errors, the models' value checks) are imported
# where they are used: SCHEMA_VERSION is read before the window's first rows, without them.

APPLICATION_ID = 0x494D4147  # "IMAG", in the SQLite header (PRAGMA application_id)
SCHEMA_VERSION = 14  # PRAGMA user_version written by the newest migration this program has
SQLITE_MAGIC = b"SQLite format 3\x00"
TABLES = (
    "audit_chain",
    "audit_event",
    "criteria_set",
    "department",
    "partner",
    "reference_item",
    "register_meta",
    "round",
    "row_digest",
    "strategy",
    "ws_issuer",
    "criteria_translation",
    "criterion",
    "department_key",
    "goal",
    "instrument",
    "issued_package",
    "partnership",
    "round_criteria",
    "round_department",
    "round_snapshot",
    "round_snapshot_superseded",
    "round_text",
    "ws_round",
    "imported_return",
    "partnership_assessment",
    "partnership_conclusion",
    "round_amendment",
    "round_partnership",
    "section",
    "ws_answer",
    "ws_export",
    "ws_proposal",
    "measure",
    "proposal",
    "conflict",
    "indicator",
    "issued_item",
    "measure_department",
    "measure_goal",
    "measure_partner",
    "milestone",
    "return_entry",
    "text_translation",
)
"""The tables of a register of :data:`SCHEMA_VERSION`, in the order of the models' metadata
(``sorted_tables``): the models' own list, written out so that checking a file needs neither
SQLAlchemy nor the models (a test holds the two together)."""


@dataclass(frozen=True)
class FileFacts:
    path: Path
    schema_version: int
    application_id: int
    page_size: int
    page_count: int


def readonly_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: SQLite's ``mode=ro`` through a ``file:`` URI."""
    from app.storage.errors import BUSY_TIMEOUT_SECONDS

    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_SECONDS,
        check_same_thread=False,
    )


def _damaged(path: Path, reason: Message) -> RegisterDamaged:
    return RegisterDamaged(
        Message(
            N_(
                "The register file {path} is damaged or not a register: {reason} "
                "The file was not changed. Restore a backup with “imag db restore FILE”."
            ),
            path=path,
            reason=reason,
        )
    )


def read_header(path: Path) -> FileFacts:
    """Check the header of an existing file; raise :class:`RegisterDamaged` if it is not ours."""
    from app.fileio import checked_input, os_reason

    try:
        size = checked_input(path)
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise _damaged(
            path, Message(N_("it cannot be read ({error})."), error=os_reason(exc))
        ) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _damaged(path, Message(N_("it is not an SQLite database.")))
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    user_version, application_id = (
        struct.unpack(">I", header[60:64])[0],
        struct.unpack(">I", header[68:72])[0],
    )
    if application_id != APPLICATION_ID:
        raise _damaged(path, Message(N_("it is an SQLite database of another program.")))
    if page_count and size < page_size * page_count:
        raise _damaged(
            path,
            Message(
                N_("it is truncated ({size} of {expected} bytes)."),
                size=size,
                expected=page_size * page_count,
            ),
        )
    return FileFacts(path, user_version, application_id, page_size, page_count)


def check_integrity(path: Path, *, thorough: bool = False, current: bool = True) -> None:
    """Ask SQLite whether the file is sound (``quick_check``, or ``integrity_check``); a file of
    the ``current`` schema must hold all the register's tables and, ``thorough``, only values
    the program can use (:mod:`app.storage.values`)."""
    from app.storage.errors import register_error

    pragma = "integrity_check" if thorough else "quick_check"
    try:
        connection = readonly_connection(path)
        try:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
            problems = [str(row[0]) for row in rows if row[0] != "ok"]
            missing = missing_tables(connection) if current and not problems else []
            bad: list[BadValue] = []
            if thorough and current and not missing:
                from app.storage import values

                bad = values.invalid_values(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        storage = register_error(exc, path)
        if storage is not None and not isinstance(storage, RegisterDamaged):
            raise storage from None  # busy, failing medium: the file itself may be sound
        raise _damaged(path, Message(N_("SQLite reports: {error}."), error=str(exc))) from None
    if problems:
        raise _damaged(path, Message(N_("SQLite reports: {error}."), error="; ".join(problems[:5])))
    if missing:
        raise _damaged(
            path, Message(N_("tables are missing ({tables})."), tables=", ".join(missing[:10]))
        )
    if bad:
        from app.storage import values

        raise values.values_invalid(path, bad)


def missing_tables(connection: sqlite3.Connection) -> list[str]:
    """The register's tables (:data:`TABLES`) that the file lacks; cheap enough for every
    start."""
    present = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    return [table for table in TABLES if table not in present]


def check_values(path: Path) -> None:
    """Refuse a register holding values the program cannot use (:mod:`app.storage.values`)."""
    from app.storage import values

    connection = readonly_connection(path)
    try:
        bad = values.invalid_values(connection)
    finally:
        connection.close()
    if bad:
        raise values.values_invalid(path, bad)


def check_not_newer(facts: FileFacts) -> None:
    known = SCHEMA_VERSION
    if facts.schema_version > known:
        raise RegisterTooNew(
            Message(
                N_(
                    "The register {path} was written by a newer version of this program "
                    "(schema {found}, this version knows up to {known}). It was not opened and "
                    "not changed. Please use the newer version."
                ),
                path=facts.path,
                found=facts.schema_version,
                known=known,
            )
        )


def inspect(path: Path, *, thorough: bool = False) -> FileFacts:
    """All read-only checks on an existing register file, in order."""
    facts = read_header(path)
    check_not_newer(facts)
    check_integrity(path, thorough=thorough, current=facts.schema_version == SCHEMA_VERSION)
    return facts


def change_stamp(path: Path) -> str | None:
    """What tells this state of the register file from any other: the file's identity (device,
    inode), size and modification time, and the header's change counter, which SQLite raises
    with every committed write in the rollback-journal mode the register runs in. ``None``
    while a journal lies beside it (a write under way, or one a killed process left to be
    rolled back), or for a file that is not an SQLite database of this program's schema."""
    try:
        if path.with_name(path.name + "-journal").exists():
            return None
        with path.open("rb") as fh:
            before = os.fstat(fh.fileno())
            header = fh.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    counter, user_version, application_id = (
        struct.unpack(">I", header[at : at + 4])[0] for at in (24, 60, 68)
    )
    if application_id != APPLICATION_ID or user_version != SCHEMA_VERSION:
        return None
    return ":".join(
        str(part)
        for part in (before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, counter)
    )
