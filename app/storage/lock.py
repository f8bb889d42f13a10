"""One writer per register: an operating-system lock on a file beside the register.

The lock is released by the operating system when the process ends, however it ends, so a crash
never leaves a stale lock behind. The lock file also records who holds it, for the message the
second instance shows.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class LockHeld(Exception):
    """Another process holds the lock; ``holder`` says who, as far as it is known."""

    def __init__(self, holder: dict[str, Any]) -> None:
        super().__init__(holder)
        self.holder = holder


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> None:
        """Take the lock or raise :class:`LockHeld`; ``OSError`` if the file cannot be made."""
        if self._fh is not None:
            return
        fh = self.path.open("a+", encoding="utf-8")
        if not _try_lock(fh):
            holder = _read_holder(self.path)
            fh.close()
            raise LockHeld(holder)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user_name(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        # Written past the file object's buffer: on a full disk nothing is left in it to fail
        # again when the file is closed.
        try:
            os.ftruncate(fh.fileno(), 0)
            os.lseek(fh.fileno(), 0, os.SEEK_SET)
            os.write(fh.fileno(), json.dumps(info).encode("utf-8"))
        except OSError:  # the lock itself is what matters; the note is a courtesy
            pass
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
