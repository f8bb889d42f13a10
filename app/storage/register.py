"""Opening a register: the start-up sequence that keeps the file safe.

For writing: make sure the folders exist and can be written; take the instance lock; create a
fresh register from the catalogue if there is none (built beside it and moved into place in one
step); check the file (header, not newer, integrity); if its schema is older, back it up and
migrate it in one transaction. For reading: the same checks through a read-only connection,
without the lock and without any write.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import keystore
from app.catalogue.loader import Catalogue, load_catalogue, load_departments
from app.catalogue.seed import populate
from app.errors import NotFound, NotWritable, RegisterDamaged, RegisterInUse, UserError
from app.fileio import os_reason
from app.i18n import N_, Message
from app.models import Measure, RegisterKind, RegisterMeta
from app.paths import AppPaths
from app.storage import backup, fileformat, migrate
from app.storage.capabilities import EVERYTHING, NOTHING, Capabilities, server_capabilities
from app.storage.engine import readonly_engine, writable_engine
from app.storage.errors import not_writable_type
from app.storage.fileformat import FileFacts, inspect
from app.storage.lock import InstanceLock, LockHeld
from app.storage.reading import checked_for_reading
from app.storage.recovery import Recovery, recover, remove_stale_temporaries
from app.storage.server import ServerFacts, migrate_server, open_server

DAILY_BACKUP_SECONDS = 24 * 3600
FULL_CHECK_SECONDS = 24 * 3600
"""A start runs SQLite's full ``integrity_check`` (and the value checks) when the last one is
older than this; otherwise the ``quick_check`` every start runs."""


class Register:
    """An open register (a file, or a database on a server). Use as a context manager, or call
    :meth:`close`."""

    def __init__(
        self,
        paths: AppPaths,
        engine: Engine,
        *,
        readonly: bool,
        lock: InstanceLock | None,
        server: ServerFacts | None = None,
        capabilities: Capabilities | None = None,
    ) -> None:
        self.paths = paths
        self.path = paths.register_file
        self.engine = engine
        self.readonly = readonly
        self.server = server
        self._lock = lock
        self._meta: dict[str, str] | None = None
        self.recovery: Recovery | None = None
        """An interrupted change SQLite rolled back while this register was opened, if any."""
        self.problem: Message | None = None
        """Why a register open read-only failed its check (the window's banner says it)."""
        self.password: str | None = None
        """On a server, the password the window asked for (kept in memory only): a second
        connection of the same user (hearing others' changes) uses it too."""
        self.capabilities = capabilities or (NOTHING if readonly else EVERYTHING)
        """What the user may do in it (found once at open; the window follows it)."""
        self.values_checked = False
        """Whether opening it checked every value (the daily full check ran in this open)."""

    @property
    def location(self) -> str:
        """The register as messages and the status bar name it: its file, or server/database."""
        return self.server.shown if self.server is not None else str(self.path)

    @property
    def user(self) -> str | None:
        """As whom a register on a server is open (its database role); ``None`` for a file."""
        return self.server.user if self.server is not None else None

    def session(self) -> Session:
        session = Session(self.engine, expire_on_commit=False, autoflush=True)
        session.info["keys_dir"] = self.paths.keys_dir  # where app.rounds.keys finds the keys
        return session

    @property
    def meta(self) -> dict[str, str]:
        if self._meta is None:
            with self.session() as session:
                rows = session.execute(select(RegisterMeta.key, RegisterMeta.value)).all()
            self._meta = {str(key): str(value) for key, value in rows}
        return self._meta

    @property
    def kind(self) -> RegisterKind:
        return RegisterKind(self.meta.get("kind", RegisterKind.REAL.value))

    @property
    def is_demo(self) -> bool:
        return self.kind == RegisterKind.DEMO

    def make_readonly(self, problem: Message) -> None:
        """From now on, refuse every change (a check failed while it was open): new sessions
        read through an engine that cannot write; the instance lock is kept."""
        if self.server is not None or self.readonly:
            return
        self.engine.dispose()
        self.engine = readonly_engine(self.path)
        self.readonly = True
        self.problem = problem

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _not_writable(folder: Path, error: OSError | None = None) -> NotWritable:
    reason = os_reason(error) if error is not None else Message(N_("permission denied"))
    return not_writable_type(error)(
        Message(
            N_("The data folder {path} cannot be written ({error}). Nothing was changed."),
            path=folder,
            error=reason,
        )
    )


def acquire_lock(paths: AppPaths) -> InstanceLock:
    lock = InstanceLock(paths.lock_file)
    try:
        lock.acquire()
    except LockHeld as held:
        holder = held.holder
        raise RegisterInUse(
            Message(
                N_(
                    "The register {path} is already open in another instance of the program "
                    "(user {user}, computer {host}, process {pid}, since {since}). Close it there "
                    "first; the register was not touched."
                ),
                path=paths.register_file,
                user=holder.get("user", "?"),
                host=holder.get("host", "?"),
                pid=holder.get("pid", "?"),
                since=holder.get("since", "?"),
            )
        ) from None
    except OSError as exc:
        raise _not_writable(paths.data_dir, exc) from None
    return lock


def create_register_file(
    target: Path,
    *,
    kind: RegisterKind,
    actor: str,
    catalogue: Catalogue | None = None,
    departments_file: Path | None = None,
    fill: Callable[[Session], None] | None = None,
) -> None:
    """Build a new register from the catalogue next to ``target`` (``fill`` adds to it in the
    same transaction) and move it into place in one step, replacing ``target`` if it exists.
    The caller holds the instance lock, and any interrupted change to ``target`` was recovered
    (a journal left beside it would otherwise be played back onto the new file)."""
    catalogue = catalogue or load_catalogue()
    departments = load_departments(departments_file)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        migrate.upgrade(temporary, fileformat.SCHEMA_VERSION, shown_as=target)
        engine = writable_engine(temporary, shown_as=target)
        try:
            with Session(engine) as session, session.begin():
                populate(session, catalogue, departments, kind=kind, actor=actor)
                if fill is not None:
                    session.flush()
                    fill(session)
        finally:
            engine.dispose()
        backup.put_in_place(temporary, target)
    except OSError as exc:
        raise _not_writable(target.parent, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def create_register_on_server(
    url: str,
    *,
    kind: RegisterKind,
    actor: str,
    catalogue: Catalogue | None = None,
    departments_file: Path | None = None,
) -> int:
    """Create the schema in the empty database at ``url`` and fill it from the catalogue, in
    one transaction; the number of measures."""
    catalogue = catalogue or load_catalogue()
    departments = load_departments(departments_file)
    count = 0

    def fill(connection: Connection) -> None:
        nonlocal count
        with Session(bind=connection) as session:
            populate(session, catalogue, departments, kind=kind, actor=actor)
            session.flush()
            count = session.scalar(select(func.count(Measure.id))) or 0

    migrate_server(url, create=fill)
    return count


def check_writable(paths: AppPaths) -> None:
    try:
        paths.ensure()
    except OSError as exc:
        raise _not_writable(paths.data_dir, exc) from None
    if not os.access(paths.data_dir, os.W_OK):
        raise _not_writable(paths.data_dir)
    if paths.register_file.exists() and not os.access(paths.register_file, os.W_OK):
        raise _not_writable(paths.register_file)


def _sqlite_failure(path: Path, exc: Exception) -> RegisterDamaged:
    return RegisterDamaged(
        Message(
            N_("The register file {path} could not be read ({error}). The file was not changed."),
            path=path,
            error=str(getattr(exc, "orig", exc)),
        )
    )


def _daily_backup(paths: AppPaths) -> None:
    """Keep at least one automatic backup a day (rotated with the others)."""
    newest = backup.list_backups(paths)
    if newest and time.time() - newest[0].stat().st_mtime < DAILY_BACKUP_SECONDS:
        return
    try:
        backup.automatic_backup(paths, "daily")
    except UserError as exc:  # a full disk, a busy register: it is tried again next time
        logging.getLogger(__name__).warning("daily backup failed: %s", exc.detail)
    except (OSError, sqlite3.Error):
        logging.getLogger(__name__).warning("daily backup failed", exc_info=True)


def full_check_if_due(path: Path) -> bool:
    """SQLite's ``integrity_check`` and the value checks when the last full check of ``path``
    is older than :data:`FULL_CHECK_SECONDS` (its time is the mtime of ``<register>.checked``
    beside it); raises the checks' error and records nothing if the register fails. Returns
    whether it checked now."""
    stamp = path.with_name(path.name + ".checked")
    try:
        if time.time() - stamp.stat().st_mtime < FULL_CHECK_SECONDS:
            return False
    except OSError:
        pass  # never checked yet
    fileformat.check_integrity(path, thorough=True)
    try:
        stamp.write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()), encoding="utf-8")
    except OSError:  # a read-only folder: checked again next time
        logging.getLogger(__name__).warning("could not record the full check", exc_info=True)
    return True


def _open_on_server(paths: AppPaths, url: str, *, readonly: bool, password: str | None) -> Register:
    """The register on the server at ``url``, with what its user may do in it."""
    engine, found = open_server(url, readonly=readonly, password=password)
    try:
        with engine.connect() as connection:
            capabilities = server_capabilities(connection)
    except BaseException:
        engine.dispose()
        raise
    register = Register(
        paths, engine, readonly=readonly, lock=None, server=found, capabilities=capabilities
    )
    register.password = password
    return register


def open_register(
    paths: AppPaths,
    *,
    readonly: bool = False,
    create: bool = True,
    kind: RegisterKind = RegisterKind.REAL,
    actor: str = "system",
    password: str | None = None,
    checked: bool = True,
) -> Register:
    """Open (and if needed create or upgrade) the register that ``paths`` points at. A register
    on a server is only opened: it is created and upgraded explicitly (``imag db create``, ``imag
    db upgrade``), never when a client starts; ``password`` is the one the window asked for.
    Read-only and not ``checked``: a register that failed a check is opened all the same (its
    header must still be a register's), to show what can still be read."""
    if paths.server_url is not None:
        return _open_on_server(paths, paths.server_url, readonly=readonly, password=password)
    path = paths.register_file
    if readonly:
        _facts, recovery = checked_for_reading(paths, checked=checked)
        opened = Register(paths, readonly_engine(path), readonly=True, lock=None)
        opened.recovery = recovery
        return opened

    check_writable(paths)
    lock = acquire_lock(paths)
    try:
        recovery = recover(paths)
        remove_stale_temporaries(paths.data_dir, paths.backups_dir)
        created = False
        if not path.exists():
            created = True
            if not create:
                raise NotFound(Message(N_("There is no register at {path}."), path=path))
            create_register_file(path, kind=kind, actor=actor)
        current: FileFacts = inspect(path)
        checked_now = False
        if current.schema_version < fileformat.SCHEMA_VERSION:
            try:
                backup.automatic_backup(paths, f"before-update-v{current.schema_version}")
            except (OSError, sqlite3.Error) as exc:
                raise _not_writable(
                    paths.backups_dir, exc if isinstance(exc, OSError) else None
                ) from None
            keystore.move_out(path, paths.keys_dir)  # before 0005 blanks them in the file
            migrate.upgrade(path, fileformat.SCHEMA_VERSION)
            keystore.scrub_backups(backup.list_backups(paths))
        elif not created:
            checked_now = full_check_if_due(path)
            _daily_backup(paths)
        register = Register(paths, writable_engine(path), readonly=False, lock=lock)
        register.recovery = recovery
        register.values_checked = checked_now
        try:
            _ = register.meta
        except UserError:  # a storage error the engine has sorted (busy, failing medium, ...)
            register.close()
            raise
        except DBAPIError as exc:
            register.close()
            raise _sqlite_failure(path, exc) from None
        return register
    except BaseException:
        lock.release()
        raise
