"""Storage errors at run time, sorted by cause into user errors.

SQLite reports why a statement failed with an error code (``sqlite3.Error.sqlite_errorcode``;
the low byte is the primary code, the rest refines it). The codes that mean the environment is
at fault, not the program, become a :class:`~app.errors.UserError` whose message says what
happened and what to do, with an exit code of its own:

========================  =============================  =========================
SQLite                    what happened                  error (exit code)
========================  =============================  =========================
FULL                      the disk (or register) is full :class:`DiskFull` (7)
BUSY, LOCKED, PROTOCOL    another program holds a lock   :class:`RegisterBusy` (8)
IOERR, CANTOPEN           the medium failed              :class:`StorageFailed` (9)
READONLY, PERM            the file cannot be written     :class:`NotWritable` (6)
CORRUPT, NOTADB           the file is damaged            :class:`RegisterDamaged` (3)
========================  =============================  =========================

The operating system's codes for the same causes (``ENOSPC``, ``EIO``, ``EROFS``, ...) are
sorted the same way. Everything else (a constraint, an SQL error, a closed connection) is a bug
and is left alone. The register's engines apply :func:`register_error` to every failed statement
and commit (:mod:`app.storage.engine`), so operations see these errors inside their transactions.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.errors import (
    DiskFull,
    NotWritable,
    RegisterBusy,
    RegisterDamaged,
    StorageFailed,
    UserError,
)
from app.i18n import N_, Message

BUSY_TIMEOUT_SECONDS = 3.0
"""How long a statement waits for another program's lock before the register counts as busy."""


@dataclass(frozen=True)
class StorageProblem:
    """One cause: the error raised for it, a short clause (``reason``) and what to do."""

    error: type[UserError]
    reason: str
    advice: str


FULL = StorageProblem(
    DiskFull,
    N_("the disk is full"),
    N_("Free some space on the drive, then try again."),
)
BUSY = StorageProblem(
    RegisterBusy,
    N_("the register is busy (another program holds it locked)"),
    N_(
        "Wait a moment and try again. If it stays busy, close the other program that uses the "
        "register file (for example a backup or synchronisation tool)."
    ),
)
MEDIUM = StorageProblem(
    StorageFailed,
    N_("the drive reports an input/output error"),
    N_(
        "Check the drive or the network connection and try again. If the error comes back, "
        "check the register with “imag db check” and restore a backup with “imag db restore "
        "FILE”."
    ),
)
CANNOT_OPEN = StorageProblem(
    StorageFailed,
    N_("the file cannot be opened"),
    N_(
        "Check that the drive is connected and that the data folder still exists and can be "
        "written, then try again."
    ),
)
READ_ONLY = StorageProblem(
    NotWritable,
    N_("the file or the drive is read-only"),
    N_("Make the file and its folder writable (or choose another data folder), then try again."),
)
DAMAGED = StorageProblem(
    RegisterDamaged,
    N_("the file is damaged"),
    N_("Check it with “imag db check” and restore a backup with “imag db restore FILE”."),
)

_BY_SQLITE_CODE = {
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_BUSY: BUSY,
    sqlite3.SQLITE_LOCKED: BUSY,
    sqlite3.SQLITE_PROTOCOL: BUSY,
    sqlite3.SQLITE_IOERR: MEDIUM,
    sqlite3.SQLITE_CANTOPEN: CANNOT_OPEN,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_PERM: READ_ONLY,
    sqlite3.SQLITE_CORRUPT: DAMAGED,
    sqlite3.SQLITE_NOTADB: DAMAGED,
}
_BY_ERRNO = {errno.ENOSPC: FULL, errno.EIO: MEDIUM, errno.EROFS: READ_ONLY}
if hasattr(errno, "EDQUOT"):
    _BY_ERRNO[errno.EDQUOT] = FULL

REGISTER_MESSAGE = N_(
    "The register {path} could not be read or saved: {reason}. Nothing was changed. {advice}"
)
FILE_MESSAGE = N_("The file {path} could not be read or written: {reason}. {advice}")
DATA_MESSAGE = N_("Data could not be read or saved: {reason}. {advice}")


def problem_of(exc: BaseException) -> StorageProblem | None:
    """The storage problem behind ``exc`` (an ``sqlite3`` error, the SQLAlchemy error that
    wraps one, or an ``OSError``), or ``None`` if ``exc`` is not one: then it is a bug."""
    original = _original(exc)
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return None if code is None else _BY_SQLITE_CODE.get(code & 0xFF)
    if isinstance(original, OSError) and original.errno is not None:
        return _BY_ERRNO.get(original.errno)
    return None


def _original(exc: BaseException) -> BaseException | None:
    """The driver's own exception behind an SQLAlchemy one."""
    return exc.orig if isinstance(exc, DBAPIError) else exc


def _error(exc: BaseException, template: str, **params: object) -> UserError | None:
    problem = problem_of(exc)
    if problem is None:
        return None
    original = _original(exc)
    name = getattr(original, "sqlite_errorname", None) or type(original).__name__
    return problem.error(
        Message(template, reason=Message(problem.reason), advice=Message(problem.advice), **params),
        detail=f"{name}: {original}",
    )


def register_error(exc: BaseException, path: Path) -> UserError | None:
    """The user error for a storage problem while reading or writing the register ``path``."""
    return _error(exc, REGISTER_MESSAGE, path=path)


def file_error(exc: BaseException, path: Path) -> UserError | None:
    """The user error for a storage problem with another file ``path`` (a backup, ...)."""
    return _error(exc, FILE_MESSAGE, path=path)


def storage_error(exc: BaseException) -> UserError | None:
    """The user error for a storage problem of unknown place (the last line of defence at the
    command line); the file is named when the operating system named it."""
    filename = getattr(exc, "filename", None)
    if isinstance(exc, OSError) and isinstance(filename, str | Path):
        return file_error(exc, Path(filename))
    return _error(exc, DATA_MESSAGE)


def not_writable_type(exc: OSError | None) -> type[NotWritable]:
    """The error for a file that could not be written because of ``exc``: :class:`DiskFull`
    (its own exit code) when the disk is full, else :class:`NotWritable`."""
    return DiskFull if exc is not None and problem_of(exc) is FULL else NotWritable
