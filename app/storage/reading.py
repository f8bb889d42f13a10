"""A register file opened for reading: the checks every read-only open makes first, and a plain
``sqlite3`` connection for a reader that needs neither SQLAlchemy nor the models (the JSON
export streamed from the file). No Qt here.
"""

from __future__ import annotations

import sqlite3

from app.enums import RegisterKind
from app.errors import NotFound, NotWritable
from app.i18n import N_, Message
from app.paths import AppPaths
from app.storage import fileformat
from app.storage.recovery import Recovery, recover_at_start


def checked_for_reading(
    paths: AppPaths, *, checked: bool = True
) -> tuple[fileformat.FileFacts, Recovery | None]:
    """The register file of ``paths`` checked for reading (SQLite rolls back an interrupted
    change first; not ``checked``: only its header), with that recovery if there was one.
    Refuses a missing file, and one of an older schema (it must be migrated first)."""
    path = paths.register_file
    recovery = recover_at_start(paths)
    if not path.exists():
        raise NotFound(Message(N_("There is no register at {path}."), path=path))
    facts = fileformat.inspect(path) if checked else fileformat.read_header(path)
    if facts.schema_version < fileformat.SCHEMA_VERSION:
        raise NotWritable(
            Message(
                N_(
                    "The register {path} has an older format and must be updated first; "
                    "open it once with the program (not read-only)."
                ),
                path=path,
            )
        )
    return facts, recovery


def open_for_reading(paths: AppPaths) -> sqlite3.Connection:
    """A connection that cannot write to the register file of ``paths``, after the checks of
    :func:`checked_for_reading`."""
    checked_for_reading(paths)
    return fileformat.readonly_connection(paths.register_file)


def is_demo(connection: sqlite3.Connection) -> bool:
    """Whether the register is a demonstration register (its values invented)."""
    row = connection.execute("SELECT value FROM register_meta WHERE key = 'kind'").fetchone()
    return row is not None and row[0] == RegisterKind.DEMO.value
