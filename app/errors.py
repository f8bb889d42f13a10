"""Errors sorted by cause.

A :class:`UserError` is the environment's or the input's fault (a damaged file, a folder that
cannot be written, a register in use, a typo in a command): it carries a translatable
:class:`~app.i18n.Message` and an exit code, and is shown to the user without a traceback.
Anything else that escapes is a bug and is reported with its traceback in the log.
"""

from __future__ import annotations

from app.i18n import Message


class ExitCode:
    OK = 0
    ERROR = 1
    USAGE = 2
    DAMAGED = 3
    IN_USE = 4
    TOO_NEW = 5
    NOT_WRITABLE = 6
    DISK_FULL = 7
    BUSY = 8
    STORAGE = 9
    REFUSED = 10  # a package was sound but refused (not authentic, out of date, wrong round, ...)
    SERVER_UNREACHABLE = 11
    SERVER_LOGIN = 12
    NO_RIGHTS = 13
    CONNECTION_LOST = 14
    SERVER_UNSUPPORTED = 15
    CONFLICT = 16
    INVALID_VALUES = 17  # the register holds values the program cannot use (a bad enum, ...)
    INTERNAL = 70


class UserError(Exception):
    """A failure the user can understand and act on."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: Message, *, detail: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.detail = detail


class InvalidInput(UserError):
    """A value the user gave does not fit (unknown code, malformed date, ...)."""

    exit_code = ExitCode.USAGE


class EditConflict(InvalidInput):
    """A save based on an older version of a record that someone else has changed since: it
    is refused, never applied over the other change. ``theirs`` is the record as it is now
    (for the window's dialog: take mine, keep theirs or merge field by field), ``revision`` its
    version, ``by`` who changed it last."""

    exit_code = ExitCode.CONFLICT

    def __init__(
        self,
        message: Message,
        *,
        theirs: object = None,
        revision: int | None = None,
        by: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, detail=detail)
        self.theirs = theirs
        self.revision = revision
        self.by = by


class InputRefused(InvalidInput):
    """A file given to read is not a regular file (a folder, a pipe, a device) or too large."""


class NotFound(UserError):
    """A measure, department or file that was asked for does not exist."""


class RegisterDamaged(UserError):
    """The register file is not a sound SQLite database of this application."""

    exit_code = ExitCode.DAMAGED


class RegisterValuesInvalid(RegisterDamaged):
    """The register holds a value the program cannot use (an unknown enum value, a progress
    outside 0–100, a broken reference), written past its checks."""

    exit_code = ExitCode.INVALID_VALUES


class RegisterTooNew(UserError):
    """The register was written by a newer version of the application."""

    exit_code = ExitCode.TOO_NEW


class RegisterInUse(UserError):
    """Another instance of the application has the register open for writing."""

    exit_code = ExitCode.IN_USE


class NotWritable(UserError):
    """The data folder or the register cannot be written (read-only medium, rights, full disk)."""

    exit_code = ExitCode.NOT_WRITABLE


class RegisterReadOnly(NotWritable):
    """The register is open read-only (it failed a check, or the user chose so): every change
    is refused before it reaches the file."""


class DiskFull(NotWritable):
    """The disk (or the register, at SQLite's size limit) is full: nothing could be saved."""

    exit_code = ExitCode.DISK_FULL


class RegisterBusy(UserError):
    """Another program holds a lock on the register file longer than the program waits."""

    exit_code = ExitCode.BUSY


class StorageFailed(UserError):
    """The medium failed: an input/output error, or the file could not be opened any more."""

    exit_code = ExitCode.STORAGE


class CatalogueInvalid(UserError):
    """A catalogue data file is missing, unreadable or does not have the expected shape."""

    exit_code = ExitCode.DAMAGED


class PackageRefused(UserError):
    """An exchange package was refused: damaged, tampered with, for another round or department,
    of an unknown format, already imported. Nothing was changed."""

    exit_code = ExitCode.DAMAGED


class ServerUnreachable(UserError):
    """The register's database server does not answer (down, wrong address, no network)."""

    exit_code = ExitCode.SERVER_UNREACHABLE


class ServerLoginFailed(UserError):
    """The database server refused the login: a wrong or missing password, an unknown user."""

    exit_code = ExitCode.SERVER_LOGIN


class NoRights(UserError):
    """The database server refused a statement: the user's role lacks the right for it."""

    exit_code = ExitCode.NO_RIGHTS


class ConnectionLost(UserError):
    """The connection to the database server broke during a transaction; it was rolled back."""

    exit_code = ExitCode.CONNECTION_LOST


class ServerUnsupported(UserError):
    """The database server's version is older than the program supports."""

    exit_code = ExitCode.SERVER_UNSUPPORTED
