"""Writing a user's output file in one step (to a temporary file beside it, then renamed),
checking a file the user names before it is read (:func:`checked_input`), and the reason an
operating system call failed, in the user's language."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from app.errors import InputRefused
from app.i18n import N_, Message
from app.storage.errors import not_writable_type

_REASONS = {
    errno.ENOENT: N_("the folder or file does not exist"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the drive is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EEXIST: N_("it exists already"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = N_("the disk quota is used up")


def os_reason(exc: OSError) -> Message | str:
    """Why ``exc`` happened, translatable for the usual causes (else the system's own words,
    which may be in the system's language)."""
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return Message(known)
    return exc.strerror or str(exc)


_KINDS = (
    (stat.S_ISDIR, N_("it is a folder")),
    (stat.S_ISFIFO, N_("it is a named pipe (FIFO)")),
    (stat.S_ISCHR, N_("it is a device")),
    (stat.S_ISBLK, N_("it is a device")),
    (stat.S_ISSOCK, N_("it is a socket")),
)


def not_a_file(mode: int) -> Message | None:
    """Why a file of ``mode`` (``st_mode``) cannot be read as a file, or None if it is a
    regular one."""
    if stat.S_ISREG(mode):
        return None
    for test, reason in _KINDS:
        if test(mode):
            return Message(reason)
    return Message(N_("it is not a regular file"))


def checked_input(path: Path) -> int:
    """The size of ``path``, a file the user named, after checking that it is a regular file
    (a symbolic link counts as what it points to): anything else (a folder, a pipe, a device,
    a socket) is refused at once with :class:`InputRefused`, before a read could hang or fill
    the memory; the caller compares the size with its own limit before reading. Raises
    ``OSError`` if it cannot be looked at (it does not exist, ...), as reading it would."""
    info = path.stat()
    reason = not_a_file(info.st_mode)
    if reason is not None:
        raise InputRefused(
            Message(N_("{path} cannot be read as a file: {reason}."), path=path, reason=reason)
        )
    return info.st_size


def refuse_unless_file(path: Path) -> None:
    """:func:`checked_input` early, before a register is opened: a file that does not exist or
    cannot be looked at is left to its reader to report."""
    with contextlib.suppress(OSError):
        checked_input(path)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary)`` and move the result onto ``target``; a failure leaves
    ``target`` as it was and raises :class:`~app.errors.NotWritable` (:class:`~app.errors.DiskFull`
    if the disk is full) with a translatable message."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise not_writable_type(exc)(
            Message(N_("Cannot write {path}: {error}"), path=target, error=os_reason(exc))
        ) from None
