"""A way out of a damaged register, for the window and the command line: the backups described
(date, content, whether they pass the check), the newest sound one, a restore that keeps the
current file aside as evidence, and what is still readable exported as JSON.

:func:`file_problem` is the one place that decides whether a file passes the checks: today
SQLite's ``integrity_check`` and the values check; the deep check of the audit trail is added
there.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotWritable, UserError
from app.fileio import os_reason, write_atomically
from app.i18n import N_, NP_, Message
from app.models import RegisterKind
from app.paths import AppPaths
from app.storage import backup
from app.storage.chain_heads import ChainHead, file_head, in_history
from app.storage.deep_check import CHAINED_SINCE, Finding, deep_check, finding_message
from app.storage.fileformat import inspect, readonly_connection
from app.storage.register import acquire_lock
from app.storage.restore import Loss, losses, replace_register

KIND_NAMES = {
    "demo": N_("a demo register"),
    "secretariat": N_("the secretariat's register"),
    "workspace": N_("a department's workspace ({department})"),
}


@dataclass(frozen=True)
class RegisterKindFacts:
    """What kind of register a file is: a demo or a real one, the secretariat's register or a
    department's workspace (which answers rounds and issues none)."""

    demo: bool
    department: str | None  # the workspace's department; None: the secretariat's register

    @property
    def message(self) -> Message:
        if self.demo:
            return Message(KIND_NAMES["demo"])
        if self.department is not None:
            return Message(KIND_NAMES["workspace"], department=self.department)
        return Message(KIND_NAMES["secretariat"])


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime
    reason: str  # "daily", "manual", "before-restore", ...
    safety: bool  # taken before a restore or a migration: never rotated away
    measures: int | None  # None: the file cannot be read
    rounds: int | None
    problem: Message | None  # why it does not pass the check; None: it is sound
    head: ChainHead | None = None  # the audit chain's head it holds
    outside_history: bool = False
    """Its head is not in the register's current chain: the history was rewritten since (or
    the backup is of another register)."""

    @property
    def sound(self) -> bool:
        return self.problem is None


def file_problem(path: Path) -> Message | None:
    """Why the register file ``path`` does not pass the checks, or ``None`` if it is sound."""
    try:
        facts = inspect(path, thorough=True)
        if facts.schema_version >= CHAINED_SINCE:
            return deep_problem(_deep_findings(path))
    except UserError as error:
        return error.message
    except (OSError, sqlite3.Error) as exc:
        return Message(N_("it cannot be read ({error})."), error=str(exc))
    return None


def deep_problem(findings: list[Finding]) -> Message | None:
    """What the deep check's ``findings`` say (after "it is damaged: "), or ``None``."""
    if not findings:
        return None
    return Message(
        *NP_(
            "its content differs from its history in {n} place (the deep check found it: {first}).",
            "its content differs from its history in {n} places (the deep check "
            "found them; the first: {first}).",
        ),
        n=len(findings),
        first=finding_message(findings[0]),
    )


def _deep_findings(path: Path) -> list[Finding]:
    """What the deep check (hash chain, row digests, the replayed history) finds in the file
    ``path``."""
    from app.storage.engine import readonly_engine

    engine = readonly_engine(path)
    try:
        return deep_check(engine).findings
    finally:
        engine.dispose()


def _count(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def kind_of_file(path: Path) -> RegisterKindFacts | None:
    """The kind of the register file ``path``; ``None`` if it cannot be read."""
    try:
        connection = readonly_connection(path)
        try:
            meta = dict(connection.execute("SELECT key, value FROM register_meta").fetchall())
            rounds = _count(connection, "round")
            departments = [
                str(row[0])
                for row in connection.execute("SELECT DISTINCT department FROM ws_round")
            ]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    department = departments[0] if departments and not rounds else None
    return RegisterKindFacts(meta.get("kind") == RegisterKind.DEMO.value, department)


def kind_mismatch(current: Path, source: Path) -> Message | None:
    """Why restoring ``source`` over ``current`` needs a confirmation (a register of another
    kind: a demo over a real one, a department's workspace over the secretariat's register, or
    the other way round), or ``None``."""
    if not current.exists():
        return None
    mine, theirs = kind_of_file(current), kind_of_file(source)
    if mine is None or theirs is None or mine == theirs:
        return None
    return Message(
        N_("The file {file} is {theirs}, but the register {register} is {mine}."),
        file=source,
        theirs=theirs.message,
        register=current,
        mine=mine.message,
    )


def _when(path: Path) -> datetime:
    stamp = path.name.removeprefix(backup.PREFIX)[:22]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def describe(path: Path, register: Path | None = None) -> BackupInfo:
    """One backup: its date, what it holds, whether it passes the check, its chain head and
    (given the ``register`` file) whether that head is in the register's history."""
    reason = path.name.removeprefix(backup.PREFIX)[23:].removesuffix(backup.SUFFIX)
    measures = rounds = None
    try:
        connection = readonly_connection(path)
        try:
            measures, rounds = _count(connection, "measure"), _count(connection, "round")
        finally:
            connection.close()
    except sqlite3.Error:
        pass
    head = file_head(path)
    outside = (
        head is not None
        and register is not None
        and register.exists()
        and in_history(register, head) is False
    )
    return BackupInfo(
        path,
        _when(path),
        reason,
        backup.is_safety_copy(path),
        measures,
        rounds,
        file_problem(path),
        head,
        outside,
    )


def describe_backups(paths: AppPaths) -> list[BackupInfo]:
    """The backups in the backups folder, newest first, each checked and its chain head
    compared with the register's history."""
    return [describe(path, paths.register_file) for path in backup.list_backups(paths)]


def newest_sound(found: list[BackupInfo]) -> BackupInfo | None:
    return next((info for info in found if info.sound), None)


def loss_of(paths: AppPaths, source: Path) -> Loss:
    """What restoring ``source`` would lose (the current register unreadable: ``readable``
    is false)."""
    if not paths.register_file.exists():
        return Loss()
    return losses(paths.register_file, source)


@dataclass(frozen=True)
class RestorePlan:
    """What the window says before a restore: what is lost, whether the file is of another
    kind of register, and why it cannot be restored at all."""

    source: Path
    loss: Loss
    other_kind: Message | None
    problem: Message | None


def plan_restore(paths: AppPaths, source: Path) -> RestorePlan:
    problem = file_problem(source)
    if problem is not None:
        return RestorePlan(source, Loss(), None, problem)
    return RestorePlan(
        source, loss_of(paths, source), kind_mismatch(paths.register_file, source), None
    )


def safety_copy(paths: AppPaths) -> Path | None:
    """Back up the current register before it is replaced (a damaged one byte for byte, as
    evidence); never rotated away."""
    if not paths.register_file.exists():
        return None
    try:
        if file_problem(paths.register_file) is None:
            return backup.automatic_backup(paths, "before-restore")
    except (sqlite3.DatabaseError, UserError):  # a journal SQLite cannot play back
        pass
    safety = paths.backups_dir / backup.backup_name("before-restore-damaged")  # its bytes as is
    safety.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(paths.register_file, safety)
    return safety


def restore(
    paths: AppPaths,
    source: Path,
    audit: Callable[[Session, str | None], None],
    *,
    lock_held: bool = False,
) -> Path | None:
    """Restore ``source`` (checked first) in the register's place after a safety copy of the
    current register; the safety copy's path. Without ``lock_held`` the instance lock is taken
    for the time of the restore."""
    problem = file_problem(source)
    if problem is not None:
        raise InvalidInput(
            Message(
                N_("The backup {file} cannot be restored: {reason} Nothing was changed."),
                file=source,
                reason=problem,
            )
        )
    lock = None if lock_held else acquire_lock(paths)
    try:
        safety = safety_copy(paths)
        replace_register(paths, source, audit)
    except OSError as exc:
        raise NotWritable(
            Message(N_("The backup could not be restored: {error}"), error=os_reason(exc))
        ) from None
    finally:
        if lock is not None:
            lock.release()
    return safety


@dataclass(frozen=True)
class Rescued:
    written: int
    skipped: list[str]  # the codes of the measures that could not be read


def _readable_records(session: Session) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of every measure that can be read; a batch that fails is read again one
    measure at a time, so that a bad value loses only its own measure."""
    from app.spreadsheets import measure_json

    found: list[dict[str, Any]] = []
    skipped: list[str] = []
    keys = measure_json.measure_keys(session)
    for start in range(0, len(keys), measure_json.BATCH):
        batch = keys[start : start + measure_json.BATCH]
        try:
            found += measure_json.records(session, batch)
            continue
        except (UserError, ValueError, KeyError, TypeError, DBAPIError):
            session.rollback()
        for key in batch:
            try:
                found += measure_json.records(session, [key])
            except (UserError, ValueError, KeyError, TypeError, DBAPIError):
                session.rollback()
                skipped.append(key[1])
    return found, skipped


def export_readable(paths: AppPaths, target: Path) -> Rescued:
    """Write the measures still readable from the register (even a damaged one) as JSON to
    ``target``: how many, and which could not be read."""
    from app.storage.engine import readonly_engine

    engine = readonly_engine(paths.register_file)
    try:
        with Session(engine) as session:
            found, skipped = _readable_records(session)
    except (sqlite3.Error, DBAPIError) as exc:
        raise NotWritable(
            Message(
                N_(
                    "What the register still holds could not be read ({error}). {path} was "
                    "not written."
                ),
                error=str(exc),
                path=target,
            )
        ) from None
    finally:
        engine.dispose()
    text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    write_atomically(target, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return Rescued(len(found), skipped)
