"""Backups of the register: consistent copies through SQLite's backup API, written atomically."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.errors import RegisterDamaged
from app.paths import AppPaths
from app.storage.errors import file_error
from app.storage.fileformat import readonly_connection

KEEP_AUTOMATIC = 30
PREFIX = "register-"
SUFFIX = ".imag.sqlite"
SAFETY_REASONS = ("before-restore", "before-update")
"""Copies taken before a restore or a migration: never rotated away automatically."""


def copy_database(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` (a consistent snapshot), replacing ``target`` atomically.

    A full disk, a lock held too long by another program or a failing drive raise the user
    error :func:`~app.storage.errors.file_error` makes of it; ``target`` is then as it was. A
    damaged ``source`` stays an ``sqlite3.DatabaseError`` (a restore keeps its bytes instead)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy(source, target)
    except (OSError, sqlite3.Error) as exc:
        error = file_error(exc, target)
        if error is None or isinstance(error, RegisterDamaged):
            raise
        raise error from None
    return target


def _copy(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        reader = readonly_connection(source)
        try:
            writer = sqlite3.connect(str(temporary))
            try:
                reader.backup(writer, progress=_give_up_when_busy)
            finally:
                writer.close()
        finally:
            reader.close()
        put_in_place(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
    """``Connection.backup`` retries a busy step for ever; after one step has waited for the
    busy timeout in vain, the register counts as busy."""
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        busy = sqlite3.OperationalError("database is locked")
        busy.sqlite_errorcode = status
        busy.sqlite_errorname = "SQLITE_BUSY"
        raise busy


def put_in_place(temporary: Path, target: Path) -> None:
    """Make a finished file durable and move it to ``target`` in one step (the rename made
    durable too)."""
    _fsync(temporary)
    os.replace(temporary, target)
    _fsync_dir(target.parent)


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{PREFIX}{stamp}-{reason}{SUFFIX}"


def is_safety_copy(path: Path) -> bool:
    """Whether ``path`` is a copy taken before a restore or a migration."""
    return any(f"Z-{reason}" in path.name for reason in SAFETY_REASONS)


def automatic_backup(paths: AppPaths, reason: str) -> Path:
    """A timestamped copy in the backups folder; keeps the newest :data:`KEEP_AUTOMATIC`
    (safety copies are kept besides them, see :data:`SAFETY_REASONS`)."""
    target = copy_database(paths.register_file, paths.backups_dir / backup_name(reason))
    rotated = [path for path in list_backups(paths) if not is_safety_copy(path)]
    for old in rotated[KEEP_AUTOMATIC:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def list_backups(paths: AppPaths) -> list[Path]:
    """The backups in the backups folder, newest first."""
    if not paths.backups_dir.is_dir():
        return []
    found = [p for p in paths.backups_dir.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)
