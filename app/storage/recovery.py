"""After a crash: SQLite's own recovery of an interrupted change, and our own leftovers.

The register runs in SQLite's rollback-journal mode (``journal_mode = DELETE``) with
``synchronous = FULL``. A process killed in the middle of a write leaves a *hot journal*
(``register.imag.sqlite-journal``) beside the file: the pages as they were before the change.
Only SQLite may use it, and only through a connection that can write: the first read-write open
copies those pages back and removes the journal, so the register holds exactly its content from
before the crash. A read-only connection cannot do that (it fails with "attempt to write a
readonly database"), and deleting the journal by hand leaves a half-applied change; so nothing
here ever deletes a journal, and nothing advises it.

:func:`recover` does, under the instance lock: copy the register and its journal aside as
evidence (into a folder of the data folder named with the time), open the register read-write
once (SQLite rolls the change back), and check that the journal is gone. It is a file concern of
SQLite registers only; every start-up (each command, the window) runs it before anything reads
the register.

:func:`remove_stale_temporaries` removes what a killed multi-step operation of this program left
behind (a register built beside the real one, a backup's temporary file): only files of our own
naming whose process is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.errors import NotWritable, UserError
from app.fileio import os_reason
from app.i18n import N_, Message
from app.paths import AppPaths
from app.storage.errors import BUSY_TIMEOUT_SECONDS, register_error
from app.storage.lock import InstanceLock, LockHeld

EVIDENCE_PREFIX = "interrupted-"
SIDE_FILES = ("-journal", "-wal")

TEMPORARY_NAME = re.compile(
    r"^\..+\.(?P<pid>\d+)\.(?:new|tmp|restore|demo)(?:-journal|-wal|-shm)?$"
)
"""A temporary file of this program: ``.<target>.<pid>.<purpose>`` (and SQLite's side files)."""


@dataclass(frozen=True)
class Recovery:
    """An interrupted change that SQLite rolled back; ``evidence`` holds the files as found."""

    register: Path
    evidence: Path

    @property
    def message(self) -> Message:
        return Message(
            N_(
                "An interrupted change to the register {path} (the program or the computer "
                "stopped in the middle of saving) was rolled back: the register holds its "
                "content from before that change. A copy of the register and its journal as "
                "they were found is kept in {evidence}."
            ),
            path=self.register,
            evidence=self.evidence,
        )


def side_file(register: Path, suffix: str) -> Path:
    return register.with_name(register.name + suffix)


def pending(register: Path) -> bool:
    """Whether SQLite would have to roll back (or replay) something before the file is read."""
    journal = side_file(register, "-journal")
    try:
        with journal.open("rb") as fh:
            # SQLite's own test: a journal that does not start with a zero byte is hot (even
            # if its header is incomplete: playing it back then only removes it).
            if fh.read(1) not in (b"", b"\x00"):
                return True
    except OSError:
        pass
    wal = side_file(register, "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def recover_at_start(paths: AppPaths) -> Recovery | None:
    """Recover the register of ``paths`` if a change to it was interrupted; ``None`` if there
    was nothing to do, or another instance holds the register (its journal is then in use)."""
    if not pending(paths.register_file):
        return None
    lock = InstanceLock(paths.lock_file)
    try:
        lock.acquire()
    except LockHeld:
        return None
    except OSError as exc:
        raise _cannot_recover(paths.register_file, exc) from None
    try:
        return recover(paths)
    finally:
        lock.release()


def start_up(paths: AppPaths) -> Recovery | None:
    """What every start does before the register is read: remove the temporary files a killed
    process of this program left behind, and let SQLite roll back an interrupted change."""
    if not paths.data_dir.is_dir():
        return None
    remove_stale_temporaries(paths.data_dir, paths.backups_dir)
    if paths.server_url is not None:
        return None  # a register on a server: the server recovers its own transactions
    return recover_at_start(paths)


def recover(paths: AppPaths) -> Recovery | None:
    """The recovery itself; the caller holds the instance lock."""
    register = paths.register_file
    if not pending(register):
        return None
    try:
        evidence = _keep_evidence(paths, move=not register.exists())
    except OSError as exc:
        raise _cannot_recover(register, exc) from None
    if not register.exists():
        # A journal without its register belongs to no file SQLite could roll back; kept aside
        # (moved, not deleted) so that it is never played back onto a new register.
        logging.getLogger(__name__).warning("journal without a register moved to %s", evidence)
        return None
    try:
        connection = sqlite3.connect(str(register), timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA synchronous = FULL")
            # The first read takes the shared lock, finds the hot journal and plays it back.
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        storage = register_error(exc, register)
        if storage is not None:
            raise storage from None
        raise
    return Recovery(register, evidence)


def set_aside(paths: AppPaths) -> Path:
    """Move the register's side files (a journal SQLite could not play back) into an evidence
    folder, before the register is replaced: never played back onto another file."""
    return _keep_evidence(paths, move=True, register=False)


def _keep_evidence(paths: AppPaths, *, move: bool = False, register: bool = True) -> Path:
    """Copy the register and its side files, untouched, into a new folder named with the time
    (``move``: move them there instead)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = paths.data_dir / f"{EVIDENCE_PREFIX}{stamp}"
    folder.mkdir()
    sides = [side_file(paths.register_file, suffix) for suffix in SIDE_FILES]
    for source in [paths.register_file, *sides] if register else sides:
        if source.is_file():
            target = folder / source.name
            if move:
                os.replace(source, target)
                continue
            shutil.copyfile(source, target)
            with target.open("rb+") as fh:
                os.fsync(fh.fileno())
    return folder


def _cannot_recover(register: Path, exc: OSError) -> UserError:
    return NotWritable(
        Message(
            N_(
                "A change to the register {path} was interrupted and must be rolled back "
                "before the register can be used, which needs write access to the data folder "
                "({error}). Nothing was changed. Make the folder writable and start the program "
                "again; it rolls the change back by itself."
            ),
            path=register,
            error=os_reason(exc),
        )
    )


def remove_stale_temporaries(*folders: Path) -> list[Path]:
    """Remove the temporary files of this program's processes that are gone; the removed."""
    removed: list[Path] = []
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                match = TEMPORARY_NAME.match(entry.name)
                if match is None or not entry.is_file() or _alive(int(match["pid"])):
                    continue
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # pragma: no cover - no cheap liveness test: leave it alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
