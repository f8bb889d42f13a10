"""Writing a user's output file in one step: to a temporary file beside it, then renamed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from app.errors import NotWritable
from app.i18n import N_, Message


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary)`` and move the result onto ``target``; a failure leaves
    ``target`` as it was and raises :class:`NotWritable` with a translatable message."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise NotWritable(
            Message(N_("Cannot write {path}: {error}"), path=target, error=exc.strerror or exc)
        ) from None
