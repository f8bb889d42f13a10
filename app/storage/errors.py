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
sorted the same way. A PostgreSQL server reports an SQLSTATE (``psycopg.Error.sqlstate``), or,
when the connection itself fails, only a message: the server does not answer
(:class:`ServerUnreachable`, 10), refuses the login (:class:`ServerLoginFailed`, 11), refuses a
statement for want of rights (:class:`NoRights`, 12), the connection breaks in the middle of a
transaction, which the server then rolls back (:class:`ConnectionLost`, 13); a serialization
failure or a lock that is not granted counts as busy. Everything else (a constraint, an SQL
error, a closed connection) is a bug and is left alone. The register's engines apply
:func:`register_error` to every failed statement and commit (:mod:`app.storage.engine`), so
operations see these errors inside their transactions.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from app.errors import (
    ConnectionLost,
    DiskFull,
    NoRights,
    NotFound,
    NotWritable,
    RegisterBusy,
    RegisterDamaged,
    ServerLoginFailed,
    ServerUnreachable,
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

UNREACHABLE = StorageProblem(
    ServerUnreachable,
    N_("the database server does not answer"),
    N_(
        "Check the server's address and the network connection, or ask the IT service "
        "whether the server is running; then try again."
    ),
)
LOGIN = StorageProblem(
    ServerLoginFailed,
    N_("the database server refused the login (a wrong or missing password, or an unknown user)"),
    N_(
        "Check the user name in the address and the password in your password file (.pgpass "
        "or PGPASSFILE) or service file, or ask the IT service for access."
    ),
)
NO_DATABASE = StorageProblem(
    NotFound,
    N_("the database does not exist on the server"),
    N_("Check the database name in the address, or ask the IT service to create it."),
)
RIGHTS = StorageProblem(
    NoRights,
    N_("your database role lacks the right for this"),
    N_("Ask the secretariat or the IT service for the role this needs."),
)
LOST = StorageProblem(
    ConnectionLost,
    N_("the connection to the database server was lost"),
    N_(
        "The unfinished change was rolled back on the server. Check the network connection "
        "and try again."
    ),
)
SERVER_BUSY = StorageProblem(
    RegisterBusy,
    N_("someone else is changing the same data on the server"),
    N_("Wait a moment and try again."),
)

_BY_SQLSTATE = {
    "28P01": LOGIN,
    "28000": LOGIN,
    "3D000": NO_DATABASE,
    "42501": RIGHTS,
    "57P01": LOST,
    "57P02": LOST,
    "57P03": UNREACHABLE,
    "08000": LOST,
    "08003": LOST,
    "08006": LOST,
    "40001": SERVER_BUSY,
    "40P01": SERVER_BUSY,
    "55P03": SERVER_BUSY,
    "53100": FULL,
}
# What libpq says when a connection fails (it gives no SQLSTATE then), in lower case.
_BY_SERVER_TEXT = (
    ("password", LOGIN),
    ("authentication failed", LOGIN),
    ('role "', LOGIN),
    ('database "', NO_DATABASE),
    ("server closed the connection", LOST),
    ("terminating connection", LOST),
    ("consuming input failed", LOST),
    ("the connection is closed", LOST),
    ("connection failed", UNREACHABLE),
    ("connection is bad", UNREACHABLE),
    ("connection to server", UNREACHABLE),
    ("could not connect", UNREACHABLE),
    ("connection refused", UNREACHABLE),
    ("timeout expired", UNREACHABLE),
    ("could not translate host name", UNREACHABLE),
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
    if original is not None and type(original).__module__.startswith("psycopg"):
        return _server_problem(original)
    return None


def _server_problem(original: BaseException) -> StorageProblem | None:
    """The problem behind an error of the PostgreSQL driver (not imported here: it is only
    loaded for a register on a server)."""
    state = getattr(original, "sqlstate", None)
    if state in _BY_SQLSTATE:
        return _BY_SQLSTATE[state]
    if state is not None and not state.startswith("08"):
        return None  # the server answered: an SQL error, a constraint (a bug)
    text = str(original).lower()
    return next((problem for clue, problem in _BY_SERVER_TEXT if clue in text), None)


def _original(exc: BaseException) -> BaseException | None:
    """The driver's own exception behind an SQLAlchemy one. SQLAlchemy is not imported for
    this: a reader of the register file with ``sqlite3`` alone has no SQLAlchemy errors."""
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_errors is not None and isinstance(exc, sqlalchemy_errors.DBAPIError):
        return exc.orig  # type: ignore[no-any-return]
    return exc


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


def register_error(exc: BaseException, path: Path | str) -> UserError | None:
    """The user error for a storage problem while reading or writing the register ``path``
    (a file, or a database on a server as ``server/database``)."""
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
