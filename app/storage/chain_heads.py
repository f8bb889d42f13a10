"""The audit chain's head a backup or a round snapshot holds, and whether it is part of the
register's history as it is now.

Backups and round snapshots are whole copies of the register, so each holds the hash chain
(:mod:`app.storage.integrity`) as it was when it was taken: its newest entry is the head it
records. Each entry's hash covers its predecessor's, so the head at a position names the whole
history up to it. A backup whose head is not at its position in the current chain shows that
the history was rewritten since (or that the backup is of another register): either way its
history and the register's part there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.storage.fileformat import readonly_connection

HEAD = "SELECT position, event_id, hash FROM audit_chain ORDER BY position DESC LIMIT 1"
AT = "SELECT 1 FROM audit_chain WHERE position = ? AND event_id = ? AND hash = ?"


@dataclass(frozen=True)
class ChainHead:
    """The newest entry of a chain: its position (the number of events chained up to it), its
    event and its hash."""

    position: int
    event_id: int
    hash: str

    @property
    def short(self) -> str:
        """The hash as people compare it: its first 8 hex digits (the whole in a tooltip)."""
        return self.hash[:8]


def head_of(connection: sqlite3.Connection) -> ChainHead | None:
    """The chain's head on a raw connection (``None``: no event yet, or no chain: a register
    older than the hash chain)."""
    try:
        row = connection.execute(HEAD).fetchone()
    except sqlite3.OperationalError:  # no audit_chain table
        return None
    return None if row is None else ChainHead(int(row[0]), int(row[1]), str(row[2]))


def file_head(path: Path) -> ChainHead | None:
    """The chain head the register file (a backup, a snapshot's copy) ``path`` holds; ``None``
    if it has none or cannot be read."""
    try:
        connection = readonly_connection(path)
        try:
            return head_of(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def in_history(register: Path, head: ChainHead) -> bool | None:
    """Whether ``head`` is at its position in the chain of the register file ``register``
    (``None``: the register cannot be read, so nothing can be said)."""
    try:
        connection = readonly_connection(register)
        try:
            found = connection.execute(AT, (head.position, head.event_id, head.hash)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return found is not None
