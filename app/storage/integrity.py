"""What makes a register prove its own content: the audit trail's hash chain and row digests.

**Hash chain.** Every audit event has a row in ``audit_chain``: the SHA-256 of its predecessor's
hash and its own canonical content (:func:`chain_hash`). A trigger on ``audit_event`` writes it
in the same statement as the event, so every way an event is inserted (ORM, Core bulk inserts,
a round's import) is chained; on a server the trigger takes a transaction-level advisory lock
first, so concurrent writers append one after another and the chain stays linear. The newest
row (:func:`chain_head`) is the chain's head: it is in every backup and round snapshot (both
are copies of the register) and in the manifest of every package the secretariat issues.

**Row digests.** On a register file every other table has triggers that keep ``row_digest``
(table, rowid → a short SHA-256 per field, :func:`row_digest`) in step with each INSERT,
UPDATE and DELETE. The digest functions exist only on the program's own connections
(:func:`install_functions`): a change made with an SQLite shell fails, and a change made after
dropping the triggers no longer matches its digest. :mod:`app.storage.deep_check` recomputes
both. The migration that introduced them (0009) holds a frozen copy of these definitions; they
must stay byte for byte the same.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

from sqlalchemy import Connection

CHAIN_FIELDS = (
    "id",
    "at",
    "actor",
    "os_user",
    "db_role",
    "source",
    "action",
    "entity",
    "entity_code",
    "field",
    "old_value",
    "new_value",
)
"""The audit event's columns its chain hash covers, in this order."""

NOT_DIGESTED = ("row_digest", "audit_chain", "audit_event")
"""Tables without row digests: the digests themselves, and the chained audit trail."""

FIELD_DIGEST_LENGTH = 8
"""Hex digits per field in a row digest (32 bits: a changed field goes unnoticed with a chance
of one in four billion)."""


def chain_hash(previous: str | None, *fields: Any) -> str:
    """An event's chain hash from its predecessor's (``None``: the first event) and its
    :data:`CHAIN_FIELDS` values (texts and the id): the SHA-256 of each value written as
    ``<length>:<text>`` (``-`` for none), one after another (a trigger calls it for every
    event written: one loop, no call per value)."""
    parts = ["-" if previous is None else f"{len(previous)}:{previous}"]
    for value in fields:
        if value is None:
            parts.append("-")
        else:
            text = value if type(value) is str else str(value)
            parts.append(f"{len(text)}:{text}")
    return hashlib.sha256("".join(parts).encode("utf-8")).hexdigest()


def _field_digest(value: Any) -> str:
    kind = type(value)
    if kind is str:  # the most frequent first: the same as the last branch gives
        tagged = "t" + value
    elif kind is int:
        tagged = "i" + str(value)
    elif value is None:
        tagged = "n"
    elif isinstance(value, bytes):
        tagged = "b" + value.hex()
    elif isinstance(value, float):
        tagged = "f" + repr(value)
    elif isinstance(value, int):
        tagged = "i" + str(value)
    else:
        tagged = "t" + str(value)
    return hashlib.sha256(tagged.encode("utf-8", "surrogatepass")).hexdigest()[:FIELD_DIGEST_LENGTH]


_REMEMBERED: dict[tuple[type, Any], str] = {}
"""Digests of short values by type and value: most recur (empty fields, states, codes, the time
of a change); the type keeps 1 and 1.0 apart. Blobs and long texts are never kept."""
_REMEMBER_AT_MOST = 1 << 14


def _remembered(key: tuple[type, Any]) -> str:
    """The digest of a value not remembered yet (``key``: its type and the value)."""
    kind, value = key
    digest = _field_digest(value)
    if kind is not bytes and (kind is not str or len(value) <= 200):
        if len(_REMEMBERED) >= _REMEMBER_AT_MOST:
            _REMEMBERED.clear()
        _REMEMBERED[key] = digest
    return digest


def row_digest(*values: Any) -> str:
    """A row's digest: :data:`FIELD_DIGEST_LENGTH` hex digits per column, in column order
    (called by a trigger for every row written: one dictionary look-up per remembered value)."""
    known = _REMEMBERED.get
    digests = []
    for value in values:
        key = (type(value), value)
        digests.append(known(key) or _remembered(key))
    return "".join(digests)


def install_functions(connection: sqlite3.Connection) -> None:
    """Make the functions the triggers call known to a raw SQLite connection."""
    connection.create_function("imag_chain", len(CHAIN_FIELDS) + 1, chain_hash, deterministic=True)
    connection.create_function("imag_digest", -1, row_digest, deterministic=True)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def columns_of(connection: Connection, table: str) -> list[str]:
    rows = connection.exec_driver_sql(f"PRAGMA table_info({quoted(table)})").fetchall()
    return [str(row[1]) for row in rows]


def digested_tables(connection: Connection) -> list[str]:
    """The tables of a register file that carry row digests."""
    rows = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows if row[0] not in NOT_DIGESTED]


def digest_call(prefix: str, columns: list[str]) -> str:
    return "imag_digest(" + ", ".join(f"{prefix}{quoted(column)}" for column in columns) + ")"


def digest_triggers(table: str, columns: list[str]) -> dict[str, str]:
    """The triggers (name → statement) that keep ``table``'s row digests."""
    name = table.replace('"', "")
    upsert = (
        f"INSERT OR REPLACE INTO row_digest (tbl, row_id, digest) VALUES ('{name}', NEW.rowid, "
        f"{digest_call('NEW.', columns)});"
    )
    drop = f"DELETE FROM row_digest WHERE tbl = '{name}' AND row_id = OLD.rowid;"
    on = quoted(table)
    return {
        f"imag_digest_{name}_insert": (
            f"CREATE TRIGGER imag_digest_{name}_insert AFTER INSERT ON {on} BEGIN {upsert} END"
        ),
        f"imag_digest_{name}_update": (
            f"CREATE TRIGGER imag_digest_{name}_update AFTER UPDATE ON {on} "
            f"BEGIN {drop} {upsert} END"
        ),
        f"imag_digest_{name}_delete": (
            f"CREATE TRIGGER imag_digest_{name}_delete AFTER DELETE ON {on} BEGIN {drop} END"
        ),
    }


AUDIT_TRIGGERS = {
    "audit_event_no_update": "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_event_no_delete": "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_chain_no_update": "CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_chain_no_delete": "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_event_chain": "CREATE TRIGGER audit_event_chain AFTER INSERT ON audit_event BEGIN "
    "INSERT INTO audit_chain (event_id, hash) VALUES (NEW.id, imag_chain("
    "(SELECT hash FROM audit_chain ORDER BY position DESC LIMIT 1), "
    + ", ".join(f"NEW.{field}" for field in CHAIN_FIELDS)
    + ")); END",
}
"""The audit trail's triggers on a register file (append-only, chained)."""


def expected_triggers(connection: Connection) -> dict[str, str]:
    """Every trigger a sound register file has, by name (the round snapshots' own included)."""
    from app.models.rounds import SNAPSHOT_TRIGGERS

    expected = dict(AUDIT_TRIGGERS)
    for statement in SNAPSHOT_TRIGGERS:
        expected[statement.split()[2]] = statement
    for table in digested_tables(connection):
        expected.update(digest_triggers(table, columns_of(connection, table)))
    return expected


def recreate_triggers(connection: Connection) -> list[str]:
    """Create every missing or altered trigger of a register file anew (content untouched);
    the names of the triggers that were recreated."""
    found = {
        str(name): str(sql)
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    recreated = []
    for name, statement in expected_triggers(connection).items():
        if found.get(name) == statement:
            continue
        if name in found:
            connection.exec_driver_sql(f"DROP TRIGGER {quoted(name)}")
        connection.exec_driver_sql(statement)
        recreated.append(name)
    return recreated


def redigest(connection: Connection, tables: list[str]) -> None:
    """Recompute the row digests of ``tables`` (after a migration changed them: the program's
    own code only; never to make a changed register pass)."""
    for table in tables:
        connection.exec_driver_sql("DELETE FROM row_digest WHERE tbl = ?", (table,))
        call = digest_call("", columns_of(connection, table))
        connection.exec_driver_sql(
            f"INSERT INTO row_digest (tbl, row_id, digest) "
            f"SELECT '{table}', rowid, {call} FROM {quoted(table)}"
        )


SCHEMA_KEY = "sqlite_master"
"""The ``row_digest`` table name (row 0) of :func:`schema_digest` as the last migration left it."""

SCHEMA_ROWS = (
    "SELECT type, name, tbl_name, CAST(sql AS BLOB) FROM sqlite_master "
    "WHERE type IN ('table', 'index') ORDER BY type, name"
)


def schema_digest(connection: Connection) -> str:
    """A SHA-256 over a register file's tables and indexes as declared (their SQL's bytes)."""
    digest = hashlib.sha256()
    for row in connection.exec_driver_sql(SCHEMA_ROWS):
        for value in row:
            data = value if isinstance(value, bytes) else str(value).encode("utf-8")
            digest.update(len(data).to_bytes(4, "big") + data)
    return digest.hexdigest()


def record_schema(connection: Connection) -> None:
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO row_digest (tbl, row_id, digest) VALUES (?, 0, ?)",
        (SCHEMA_KEY, schema_digest(connection)),
    )


def chain_head(connection: Connection) -> tuple[int, str] | None:
    """The newest chained event's id and hash (``None``: no event yet)."""
    row = connection.exec_driver_sql(
        "SELECT event_id, hash FROM audit_chain ORDER BY position DESC LIMIT 1"
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def head_text(head: tuple[int, str] | None) -> str:
    """A chain head as people compare it: ``<event id>:<first 16 hex digits>``."""
    return "-" if head is None else f"{head[0]}:{head[1][:16]}"
