"""Writing a user's output file in one step (to a temporary file beside it, then renamed), and
the reason an operating system call failed, in the user's language."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

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
