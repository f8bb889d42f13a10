"""Storage errors at run time: a full disk, a register another program holds locked, a failing or
read-only medium, a damaged file are user errors with a translated message that says what to do
and an exit code of their own; the register is left as it was.

The full disk is a real one where the test may mount a small tmpfs (as root); elsewhere, and in
addition, SQLite's ``max_page_count`` makes the register "full". The lock is held by a real
second connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError

from app.cli import db as db_commands
from app.errors import (
    DiskFull,
    ExitCode,
    NotWritable,
    RegisterBusy,
    RegisterDamaged,
    StorageFailed,
    UserError,
)
from app.i18n import translator
from app.paths import REGISTER_FILE_NAME, resolve
from app.rounds import secretariat
from app.storage import errors
from app.storage.errors import BUSY_TIMEOUT_SECONDS, problem_of, register_error, storage_error
from app.storage.register import open_register
from tests.support.project import run_imag
from tests.support.rounds_kit import SECRETARIAT, Cycle, start_round

ROUND = ["--deadline", "2099-06-30", "--departments", "SK", "--period-start", "2026-01-01"]
FULL_DE = "Datenträger ist voll"
BUSY_DE = "Register ist gesperrt"
LONG_TEXT = "Eine lange Notiz. " * 1000  # needs pages of its own: a "full" register refuses it


def sqlite_error(code: int, name: str, kind: type[sqlite3.Error] = sqlite3.OperationalError) -> Any:
    error = kind(name)
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


# -- the classifier --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "expected", "exit_code"),
    [
        (sqlite3.SQLITE_FULL, "SQLITE_FULL", DiskFull, 7),
        (sqlite3.SQLITE_BUSY, "SQLITE_BUSY", RegisterBusy, 8),
        (sqlite3.SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT", RegisterBusy, 8),
        (sqlite3.SQLITE_LOCKED, "SQLITE_LOCKED", RegisterBusy, 8),
        (sqlite3.SQLITE_IOERR, "SQLITE_IOERR", StorageFailed, 9),
        (sqlite3.SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE", StorageFailed, 9),
        (sqlite3.SQLITE_CANTOPEN, "SQLITE_CANTOPEN", StorageFailed, 9),
        (sqlite3.SQLITE_READONLY, "SQLITE_READONLY", NotWritable, 6),
        (sqlite3.SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED", NotWritable, 6),
        (sqlite3.SQLITE_CORRUPT, "SQLITE_CORRUPT", RegisterDamaged, 3),
        (sqlite3.SQLITE_NOTADB, "SQLITE_NOTADB", RegisterDamaged, 3),
    ],
)
def test_each_sqlite_code_becomes_its_user_error(
    code: int, name: str, expected: type[UserError], exit_code: int
) -> None:
    raw = sqlite_error(code, name)
    wrapped = OperationalError("INSERT …", {}, raw)
    for exc in (raw, wrapped):
        error = register_error(exc, Path("/data/register.imag.sqlite"))
        assert type(error) is expected
        assert error.exit_code == exit_code
        assert error.detail == f"{name}: {name}"
        for lang in ("de", "pl", "cs"):
            rendered = translator(lang).render(error.message)
            assert "/data/register.imag.sqlite" in rendered
            assert "{" not in rendered
        assert "Es wurde nichts geändert." in translator("de").render(error.message)


def test_the_exit_codes_of_storage_errors_are_their_own() -> None:
    codes = [DiskFull.exit_code, RegisterBusy.exit_code, StorageFailed.exit_code]
    assert codes == [ExitCode.DISK_FULL, ExitCode.BUSY, ExitCode.STORAGE] == [7, 8, 9]
    others = {ExitCode.OK, ExitCode.ERROR, ExitCode.USAGE, ExitCode.DAMAGED, ExitCode.IN_USE}
    others |= {ExitCode.TOO_NEW, ExitCode.NOT_WRITABLE, ExitCode.INTERNAL}
    assert not others & set(codes)
    assert issubclass(DiskFull, NotWritable)  # what caught "cannot write" still catches it


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EDQUOT, DiskFull),
        (errno.EIO, StorageFailed),
        (errno.EROFS, NotWritable),
    ],
)
def test_the_systems_codes_for_the_same_causes(number: int, expected: type[UserError]) -> None:
    exc = OSError(number, os.strerror(number), "/media/stick/report.pdf")
    error = storage_error(exc)
    assert type(error) is expected
    assert "/media/stick/report.pdf" in translator("pl").render(error.message)
    unnamed = storage_error(OSError(number, os.strerror(number)))
    assert type(unnamed) is expected
    assert "Daten konnten nicht" in translator("de").render(unnamed.message)


@pytest.mark.parametrize(
    "exc",
    [
        sqlite_error(sqlite3.SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT", sqlite3.IntegrityError),
        sqlite_error(sqlite3.SQLITE_ERROR, "SQLITE_ERROR"),
        sqlite3.ProgrammingError("Cannot operate on a closed database."),
        OSError(errno.EACCES, "Permission denied"),
        ValueError("a bug"),
        KeyError("a bug"),
    ],
)
def test_anything_else_stays_a_bug(exc: BaseException) -> None:
    assert problem_of(exc) is None
    assert register_error(exc, Path("r")) is None
    assert storage_error(exc) is None


def test_real_sqlite_errors_are_sorted(tmp_path: Path) -> None:
    """The codes as SQLite itself reports them (not made up)."""
    database = tmp_path / "real.sqlite"
    first = sqlite3.connect(database, isolation_level=None)
    first.execute("CREATE TABLE t (x UNIQUE)")
    first.execute("INSERT INTO t VALUES (1)")
    cases: dict[type[UserError] | None, list[sqlite3.Error]] = {}

    def caught(expected: type[UserError] | None, action: Any) -> None:
        with pytest.raises(sqlite3.Error) as info:
            action()
        cases.setdefault(expected, []).append(info.value)

    caught(None, lambda: first.execute("INSERT INTO t VALUES (1)"))  # a constraint: a bug
    caught(None, lambda: first.execute("SELEC 1"))
    first.execute("PRAGMA max_page_count = 2")
    caught(DiskFull, lambda: first.execute("INSERT INTO t SELECT randomblob(9000)"))
    first.execute("BEGIN IMMEDIATE")
    second = sqlite3.connect(database, timeout=0, isolation_level=None)
    caught(RegisterBusy, lambda: second.execute("INSERT INTO t VALUES (2)"))
    first.execute("ROLLBACK")
    readonly = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    caught(NotWritable, lambda: readonly.execute("INSERT INTO t VALUES (3)"))
    caught(StorageFailed, lambda: sqlite3.connect(tmp_path / "missing" / "x.sqlite"))
    (tmp_path / "text.sqlite").write_text("not a database " * 100)
    caught(
        RegisterDamaged,
        lambda: sqlite3.connect(tmp_path / "text.sqlite").execute("SELECT * FROM sqlite_master"),
    )
    for connection in (first, second, readonly):
        connection.close()
    for expected, raised in cases.items():
        for exc in raised:
            error = register_error(exc, database)
            assert (None if error is None else type(error)) is expected, exc


def test_a_damaged_register_is_still_kept_byte_for_byte_before_a_restore(
    fresh_register: Path, tmp_path: Path, cli
) -> None:
    good = tmp_path / "good.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", good).code == 0
    register = fresh_register / REGISTER_FILE_NAME
    with register.open("r+b") as fh:
        fh.write(b"not SQLite at all")
    damaged = register.read_bytes()
    result = cli("--data-dir", fresh_register, "db", "restore", good)
    assert result.code == 0, result.err
    kept = list((fresh_register / "backups").glob("*-before-restore-damaged.imag.sqlite"))
    assert [path.read_bytes() for path in kept] == [damaged]


@pytest.mark.parametrize(
    "case",
    [
        (OSError(errno.ENOSPC, "No space left on device", "/media/out.csv"), 7, "/media/out.csv"),
        (sqlite_error(sqlite3.SQLITE_BUSY, "SQLITE_BUSY"), 8, "Daten konnten nicht"),
        (sqlite_error(sqlite3.SQLITE_IOERR_FSYNC, "SQLITE_IOERR_FSYNC"), 9, "Ein-/Ausgabefehler"),
    ],
)
def test_a_storage_error_that_escaped_the_core_is_no_bug_at_the_command_line(
    fresh_register: Path, cli, monkeypatch: pytest.MonkeyPatch, case: tuple[Exception, int, str]
) -> None:
    raised, code, words = case

    def escaping(_ctx: object) -> int:
        raise raised

    monkeypatch.setitem(db_commands.HANDLERS, ("db", "check"), escaping)
    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "check")
    assert result.code == code
    assert words in result.err
    assert "interner Fehler" not in result.err


# -- a full register, in the core and at the command line (SQLite's max_page_count) ------------


@contextlib.contextmanager
def capped_registers() -> Iterator[None]:
    """Every engine's connections may not make the file any bigger: the register is "full" for
    a change that needs new pages."""

    def cap(connection: sqlite3.Connection, _record: object) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def logical_dump(folder: Path) -> list[str]:
    """The register's contents as SQL, from a copy (with a journal left beside it, if any)."""
    copy = Path(folder.parent / f"dump-{uuid.uuid4().hex}")
    copy.mkdir()
    try:
        for suffix in ("", "-journal", "-wal"):
            source = folder / (REGISTER_FILE_NAME + suffix)
            if source.exists():
                shutil.copyfile(source, copy / source.name)
        connection = sqlite3.connect(copy / REGISTER_FILE_NAME)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()
    finally:
        shutil.rmtree(copy)


@pytest.fixture(scope="module")
def cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A secretariat that has issued a round to SK, and SK's laptop with the package open."""
    return start_round(demo_dir, tmp_path_factory.mktemp("cycle"), departments=("SK",))


def test_a_full_register_in_the_core_transaction(cycle: Cycle, tmp_path: Path) -> None:
    folder = cycle.copy(tmp_path / "copy").secretariat_dir
    before = logical_dump(folder)
    with capped_registers(), open_register(resolve(folder)) as register:
        with register.session() as session, pytest.raises(DiskFull) as info:
            secretariat.create_round(
                session,
                SECRETARIAT,
                secretariat.RoundInput(
                    name="Herbst",
                    deadline=dt.date(2099, 6, 30),
                    departments=("SK",),
                    note=LONG_TEXT,
                ),
            )
        with register.session() as session:  # reading still works
            assert session.execute(text("SELECT count(*) FROM round")).scalar() == 1
    assert str(folder / REGISTER_FILE_NAME) in translator("cs").render(info.value.message)
    assert logical_dump(folder) == before


def test_a_full_register_at_the_command_line(cycle: Cycle, tmp_path: Path, cli) -> None:
    copied = cycle.copy(tmp_path / "copy")
    laptop = copied.laptops["SK"]
    code = copied.codes("SK")[0]
    before = {folder: logical_dump(folder) for folder in (copied.secretariat_dir, laptop)}
    with capped_registers():
        created = cli(
            "--data-dir", copied.secretariat_dir, "--lang", "de", "round", "create", "Herbst",
            *ROUND, "--note", LONG_TEXT,
        )  # fmt: skip
        answered = cli(
            "--data-dir", laptop, "--lang", "pl", "return", "set", code, "--comment", LONG_TEXT
        )  # fmt: skip
    assert created.code == ExitCode.DISK_FULL, created.err
    assert FULL_DE in created.err
    assert answered.code == ExitCode.DISK_FULL, answered.err
    assert "dysk jest pełny" in answered.err
    for folder, dump in before.items():
        assert logical_dump(folder) == dump


# -- a real full file system (a small tmpfs) ---------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs, mounted for the test (as root), else the test is skipped."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False, capture_output=True)


@contextlib.contextmanager
def filled(disk: Path) -> Iterator[None]:
    """The disk full to the last byte while the block runs."""
    filler = disk / "filler"
    chunk = b"\0" * 65536
    with filler.open("wb", buffering=0) as fh:
        while True:
            try:
                fh.write(chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    break
                chunk = chunk[: len(chunk) // 2]
    try:
        yield
    finally:
        filler.unlink()


def assert_clear_refusal(result: Any, code: int, words: str) -> None:
    assert result.code == code, result.err
    assert words in result.err
    for noise in ("Traceback", "Logging error", "interner Fehler", "błąd wewnętrzny"):
        assert noise not in result.err


def on_disk(folder: Path, disk: Path) -> Path:
    target = disk / folder.name
    shutil.copytree(folder, target)
    return target


def test_round_create_on_a_full_disk(cycle: Cycle, small_disk: Path) -> None:
    folder = on_disk(cycle.secretariat_dir, small_disk)
    before = logical_dump(folder)
    with filled(small_disk):
        result = run_imag(
            "--data-dir", folder, "--lang", "de", "round", "create", "Herbst", *ROUND
        )  # fmt: skip
    assert_clear_refusal(result, ExitCode.DISK_FULL, FULL_DE)
    assert "Schaffen Sie Platz" in result.err
    assert logical_dump(folder) == before
    assert not (folder / f"{REGISTER_FILE_NAME}-journal").exists()


def test_return_set_on_a_full_disk(cycle: Cycle, small_disk: Path) -> None:
    folder = on_disk(cycle.laptops["SK"], small_disk)
    code = cycle.codes("SK")[0]
    before = logical_dump(folder)
    with filled(small_disk):
        result = run_imag(
            "--data-dir", folder, "--lang", "cs", "return", "set", code, "--progress", 12
        )  # fmt: skip
    assert_clear_refusal(result, ExitCode.DISK_FULL, "disk je plný")
    assert logical_dump(folder) == before


def test_db_backup_on_a_full_disk(cycle: Cycle, small_disk: Path) -> None:
    folder = on_disk(cycle.secretariat_dir, small_disk)
    (folder / "backups").mkdir(exist_ok=True)
    backups = sorted(p.name for p in (folder / "backups").iterdir())
    before = logical_dump(folder)
    with filled(small_disk):
        result = run_imag("--data-dir", folder, "--lang", "de", "db", "backup")
        outside = run_imag(
            "--data-dir", folder, "--lang", "pl", "db", "backup", "--out", small_disk / "x.sqlite"
        )
    assert_clear_refusal(result, ExitCode.DISK_FULL, FULL_DE)
    assert_clear_refusal(outside, ExitCode.DISK_FULL, "dysk jest pełny")
    assert sorted(p.name for p in (folder / "backups").iterdir()) == backups
    assert not (small_disk / "x.sqlite").exists()
    assert logical_dump(folder) == before


def test_report_on_a_full_disk(cycle: Cycle, small_disk: Path) -> None:
    folder = on_disk(cycle.secretariat_dir, small_disk)
    before = logical_dump(folder)
    target = small_disk / "bericht.pdf"
    with filled(small_disk):
        result = run_imag(
            "--data-dir", folder, "--lang", "de", "report", "cabinet", "--out", target
        )  # fmt: skip
    assert_clear_refusal(result, ExitCode.DISK_FULL, FULL_DE)
    assert not target.exists()
    assert [p.name for p in small_disk.iterdir() if p.name.endswith(".tmp")] == []
    assert logical_dump(folder) == before


def test_an_internal_error_still_reaches_the_user_when_the_log_is_full(
    cycle: Cycle, small_disk: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = on_disk(cycle.secretariat_dir, small_disk)
    (folder / "logs").mkdir(exist_ok=True)
    monkeypatch.setitem(db_commands.HANDLERS, ("db", "check"), _a_bug)
    with fresh_app_logger(), filled(small_disk):
        result = cli("--data-dir", folder, "--lang", "de", "db", "check")
    assert result.code == ExitCode.INTERNAL
    assert "Auch das Protokoll" in result.err
    assert "RuntimeError: a bug" in result.err  # the details, where the log could not take them
    assert "Logging error" not in result.err


# -- the log cannot be written ---------------------------------------------------------------


def _a_bug(_ctx: object) -> int:
    raise RuntimeError("a bug")


@contextlib.contextmanager
def fresh_app_logger() -> Iterator[None]:
    """The ``app`` logger without the handlers earlier tests in this process gave it."""
    logger = logging.getLogger("app")
    saved = logger.handlers[:]
    logger.handlers.clear()
    try:
        yield
    finally:
        for handler in logger.handlers:
            handler.close()
        logger.handlers[:] = saved


def test_an_internal_error_when_the_log_folder_cannot_be_made(
    fresh_register: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(fresh_register / "logs", ignore_errors=True)
    (fresh_register / "logs").write_text("a file where the log folder should be")
    monkeypatch.setitem(db_commands.HANDLERS, ("db", "check"), _a_bug)
    with fresh_app_logger():
        result = cli("--data-dir", fresh_register, "--lang", "pl", "db", "check")
    assert result.code == ExitCode.INTERNAL
    assert "Nie udało się też zapisać dziennika" in result.err
    assert "RuntimeError: a bug" in result.err
    assert "Logging error" not in result.err


def test_an_internal_error_is_logged_as_before(
    fresh_register: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(db_commands.HANDLERS, ("db", "check"), _a_bug)
    with fresh_app_logger():
        result = cli("--data-dir", fresh_register, "--lang", "de", "db", "check")
    assert result.code == ExitCode.INTERNAL
    assert "Die Einzelheiten stehen in" in result.err
    assert "Traceback" not in result.err
    log = (fresh_register / "logs" / "imag.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in log


# -- another program holds the register locked -------------------------------------------------


@contextlib.contextmanager
def held(folder: Path, how: str) -> Iterator[None]:
    """A second connection (another program) holding a lock on the register in ``folder``."""
    connection = sqlite3.connect(folder / REGISTER_FILE_NAME, isolation_level=None)
    try:
        if how == "reading":
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM measure").fetchone()
        else:
            connection.execute(f"BEGIN {how}")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


@pytest.mark.parametrize("how", ["reading", "IMMEDIATE", "EXCLUSIVE"])
def test_a_write_while_another_program_holds_a_lock(cycle: Cycle, tmp_path: Path, how: str) -> None:
    folder = cycle.copy(tmp_path / "copy").secretariat_dir
    before = logical_dump(folder)
    with held(folder, how):
        started = time.monotonic()
        result = run_imag(
            "--data-dir", folder, "--lang", "de", "round", "create", "Herbst", *ROUND
        )  # fmt: skip
        waited = time.monotonic() - started
    assert_clear_refusal(result, ExitCode.BUSY, BUSY_DE)
    assert waited < 3 * BUSY_TIMEOUT_SECONDS + 10  # the program's start included
    assert logical_dump(folder) == before
    again = run_imag("--data-dir", folder, "round", "create", "Herbst", *ROUND)
    assert again.code == 0, again.err  # nothing was left behind


def test_a_backup_while_another_program_holds_the_register(cycle: Cycle, tmp_path: Path) -> None:
    folder = cycle.copy(tmp_path / "copy").secretariat_dir
    with held(folder, "EXCLUSIVE"):
        result = run_imag("--data-dir", folder, "--lang", "pl", "db", "backup", timeout=60)
    assert_clear_refusal(result, ExitCode.BUSY, "rejestr jest zajęty")


def test_a_backup_gives_up_when_the_register_stays_busy(
    tmp_path: Path, fresh_register: Path
) -> None:
    """``Connection.backup`` would retry a busy step for ever."""
    from app.storage.backup import copy_database

    source = fresh_register / REGISTER_FILE_NAME
    reader = sqlite3.connect(source)  # so that the check before the copy passes
    reader.close()
    with held(fresh_register, "EXCLUSIVE"):
        started = time.monotonic()
        with pytest.raises(RegisterBusy):
            copy_database(source, tmp_path / "copy.sqlite")
        assert time.monotonic() - started < 3 * BUSY_TIMEOUT_SECONDS
    assert not (tmp_path / "copy.sqlite").exists()


# -- the window's worker -----------------------------------------------------------------------


def test_the_windows_worker_reports_a_storage_error_that_escaped(
    qtbot, fresh_register: Path
) -> None:
    from app.ui.worker import DbWorker

    register = open_register(resolve(fresh_register))
    worker = DbWorker(register, translator("de"))
    raised: list[UserError] = []
    done: list[object] = []

    def job(_session: object) -> None:
        raise sqlite_error(sqlite3.SQLITE_IOERR_READ, "SQLITE_IOERR_READ")

    try:
        worker.run(job, done.append, on_error=raised.append)
        qtbot.waitUntil(lambda: worker.idle, timeout=10000)
    finally:
        worker.shutdown()
        register.close()
    assert done == []
    assert [type(error) for error in raised] == [StorageFailed]
    assert "Ein-/Ausgabefehler" in translator("de").render(raised[0].message)


def test_the_table_of_causes_is_complete() -> None:
    problems = {errors.FULL, errors.BUSY, errors.MEDIUM, errors.CANNOT_OPEN}
    problems |= {errors.READ_ONLY, errors.DAMAGED}
    for problem in problems:
        for lang in ("de", "pl", "cs"):
            tr = translator(lang)
            assert tr.gettext(problem.reason) != problem.reason
            assert tr.gettext(problem.advice) != problem.advice


def test_a_failed_daily_backup_is_logged_not_printed(
    fresh_register: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daily backup is tried again on the next start; its failure is for the log, not an
    English line on the terminal before the command's own output."""
    from app.storage import backup

    disk_full = storage_error(sqlite_error(sqlite3.SQLITE_FULL, "SQLITE_FULL"))
    assert disk_full is not None

    def full(*_args: object, **_kwargs: object) -> Path:
        raise disk_full

    monkeypatch.setattr(backup, "automatic_backup", full)
    monkeypatch.setattr(backup, "list_backups", lambda _paths: [])
    with fresh_app_logger():
        result = cli(
            "--data-dir", fresh_register, "--lang", "pl",
            "round", "create", "Runde 1", "--deadline", "2027-01-31", "--departments", "SK",
        )  # fmt: skip
    assert result.code == 0, result.err
    assert "daily backup failed" not in result.err
    log = (fresh_register / "logs" / "imag.log").read_text(encoding="utf-8")
    assert "daily backup failed" in log
