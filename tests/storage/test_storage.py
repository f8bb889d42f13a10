"""Opening the register safely: fresh creation, damage, newer versions, locks, read-only folders."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.errors import NotWritable, RegisterDamaged, RegisterInUse, RegisterTooNew
from app.i18n import translator
from app.models import AuditEvent, Measure
from app.paths import REGISTER_FILE_NAME, resolve
from app.storage.fileformat import APPLICATION_ID, SCHEMA_VERSION
from app.storage.register import open_register
from tests.support.project import run_imag


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_register_is_created_from_the_catalogue(data_dir: Path) -> None:
    with open_register(resolve(data_dir), actor="Test") as register:
        assert not register.is_demo
        with register.session() as session:
            assert session.scalar(select(func.count(Measure.id))) == 66
            actors = set(session.scalars(select(AuditEvent.actor)))
        assert actors == {"Test"}
    raw = sqlite3.connect(data_dir / REGISTER_FILE_NAME)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (
        raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        == f"{SCHEMA_VERSION:04d}"
    )
    raw.close()
    # no temporary files are left behind
    assert sorted(p.name for p in data_dir.iterdir() if p.is_file()) == [
        REGISTER_FILE_NAME,
        REGISTER_FILE_NAME + ".lock",
    ]


def test_audit_trail_is_append_only(fresh_register: Path) -> None:
    with open_register(resolve(fresh_register)) as register, register.engine.connect() as conn:
        with pytest.raises(Exception, match="append-only"):
            conn.execute(text("UPDATE audit_event SET actor = 'x'"))
        conn.rollback()
        with pytest.raises(Exception, match="append-only"):
            conn.execute(text("DELETE FROM audit_event"))


def test_database_constraints_back_the_validation(fresh_register: Path) -> None:
    with open_register(resolve(fresh_register)) as register, register.engine.connect() as conn:
        for statement in (
            "UPDATE measure SET progress = 101 WHERE code = 'I.01'",
            "UPDATE measure SET status = 'dropped' WHERE code = 'I.01'",
            "UPDATE measure SET start_date = '2026-05-01', end_date = '2026-01-01' "
            "WHERE code = 'I.01'",
            "UPDATE measure SET status = 'unknown' WHERE code = 'I.01'",
        ):
            with pytest.raises(Exception, match="CHECK constraint failed"):
                conn.execute(text(statement))
            conn.rollback()


def _damage_cases(path: Path) -> dict[str, bytes]:
    good = path.read_bytes()
    flipped = bytearray(good)
    # Scribble over the b-tree pages 4 to 13. (SQLite keeps no checksums: a change inside a
    # record's payload that leaves the page structure intact cannot be detected by SQLite.)
    for offset in range(3 * 4096 + 100, 13 * 4096, 7):
        flipped[offset] ^= 0x5A
    return {
        "truncated": good[: len(good) // 3],
        "empty": b"",
        "garbage": os.urandom(8192),
        "text": b"Dies ist keine Datenbank\n" * 200,
        "header-only": good[:100],
        "scribbled": bytes(flipped),
    }


@pytest.mark.parametrize(
    "case", ["truncated", "empty", "garbage", "text", "header-only", "scribbled"]
)
def test_damaged_register_is_refused_and_left_untouched(
    fresh_register: Path, case: str, cli
) -> None:
    path = fresh_register / REGISTER_FILE_NAME
    path.write_bytes(_damage_cases(path)[case])
    before = digest(path)
    with pytest.raises(RegisterDamaged) as error:
        open_register(resolve(fresh_register)).close()
    assert "not changed" in str(error.value)
    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "check")
    assert result.code == 3
    assert "beschädigt" in result.err
    assert "Traceback" not in result.err
    assert digest(path) == before
    assert not list(fresh_register.glob("*-journal"))


def test_foreign_sqlite_file_is_refused(data_dir: Path) -> None:
    path = data_dir / REGISTER_FILE_NAME
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(RegisterDamaged, match="another program"):
        open_register(resolve(data_dir))
    assert digest(path) == before


def test_register_from_a_newer_version_is_refused_untouched(fresh_register: Path, cli) -> None:
    path = fresh_register / REGISTER_FILE_NAME
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(RegisterTooNew):
        open_register(resolve(fresh_register))
    result = cli("--data-dir", fresh_register, "--lang", "pl", "db", "check")
    assert result.code == 5
    assert "nowszą wersję" in result.err
    result = cli("--data-dir", fresh_register, "measures", "export")
    assert result.code == 5
    assert digest(path) == before


def test_second_instance_gets_a_clear_message(fresh_register: Path) -> None:
    with open_register(resolve(fresh_register), actor="First"):
        with pytest.raises(RegisterInUse):
            open_register(resolve(fresh_register))
        # from another process, as a second window would
        result = run_imag(
            "--data-dir",
            fresh_register,
            "--lang",
            "cs",
            "db",
            "restore",
            fresh_register / REGISTER_FILE_NAME,
        )
        assert result.code == 4, result.err
        assert "již otevřen" in result.err
        # reading is still possible while the register is open elsewhere
        assert run_imag("--data-dir", fresh_register, "db", "check").code == 0
    # the lock goes with the process: afterwards the register opens again
    open_register(resolve(fresh_register)).close()


def test_stale_lock_file_does_not_block(fresh_register: Path) -> None:
    (fresh_register / (REGISTER_FILE_NAME + ".lock")).write_text(
        json.dumps({"pid": 999999, "host": "elsewhere"})
    )
    open_register(resolve(fresh_register)).close()


def test_a_lock_is_waited_for_a_few_seconds_at_most(fresh_register: Path) -> None:
    """Another program's lock: every connection waits the busy timeout (3 s), not for ever."""
    from app.storage.errors import BUSY_TIMEOUT_SECONDS

    assert BUSY_TIMEOUT_SECONDS <= 3
    for readonly in (False, True):
        with (
            open_register(resolve(fresh_register), readonly=readonly) as register,
            register.engine.connect() as connection,
        ):
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert timeout == BUSY_TIMEOUT_SECONDS * 1000


def test_the_lock_files_note_is_written_at_once(fresh_register: Path) -> None:
    """The note of who holds the lock is on disk while the lock is held (written past the file
    object's buffer, so nothing is left to fail on a full disk when the lock is released: see
    tests/storage/test_storage_errors.py)."""
    from app.storage.lock import InstanceLock

    lock = InstanceLock(fresh_register / (REGISTER_FILE_NAME + ".lock"))
    lock.acquire()
    assert json.loads(lock.path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()
    assert not lock.held


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for this process: a read-only bind mount when running as root
    (root ignores permission bits; this is what a write-protected stick looks like), else the
    permission bits."""
    if os.geteuid() != 0:
        modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [folder, *folder.rglob("*")]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", folder, folder], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root here: {mounted.stderr!r}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", folder], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", folder], check=True, capture_output=True)


def test_read_only_data_folder_gets_a_clear_message(data_dir: Path) -> None:
    open_register(resolve(data_dir)).close()
    register = data_dir / REGISTER_FILE_NAME
    before = digest(register)
    with read_only(data_dir):
        result = run_imag("--data-dir", data_dir, "--lang", "de", "db", "restore", register)
        assert result.code == 6, result.err
        assert "kann nicht geschrieben werden" in result.err
        assert "Traceback" not in result.err
        result = run_imag("--data-dir", data_dir, "--lang", "pl", "demo", "--reset")
        assert result.code != 0
        assert "Traceback" not in result.err
        # reading a register on a read-only medium still works
        result = run_imag("--data-dir", data_dir, "measures", "export", "--format", "csv")
        assert result.code == 0, result.err
        assert result.out.count("\n") == 67
    assert digest(register) == before


def test_fresh_register_in_read_only_folder_is_not_created(data_dir: Path) -> None:
    with read_only(data_dir):
        result = run_imag("--data-dir", data_dir, "--lang", "cs", "measures", "export")
        assert result.code == 6, result.err
        assert "nelze zapisovat" in result.err
    assert list(data_dir.iterdir()) == []


def test_messages_are_rendered_in_the_users_language(fresh_register: Path) -> None:
    path = fresh_register / REGISTER_FILE_NAME
    path.write_bytes(b"")
    with pytest.raises(RegisterDamaged) as error:
        open_register(resolve(fresh_register))
    texts = {lang: translator(lang).render(error.value.message) for lang in ("de", "pl", "cs")}
    assert "beschädigt" in texts["de"]
    assert "uszkodzony" in texts["pl"]
    assert "poškozen" in texts["cs"]


def test_not_writable_is_raised_for_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    with pytest.raises(NotWritable):
        open_register(resolve(target / "sub"))


def test_a_daily_backup_is_kept(fresh_register: Path) -> None:
    backups = fresh_register / "backups"
    assert not list(backups.iterdir())  # a brand-new register needs none
    open_register(resolve(fresh_register)).close()
    daily = list(backups.glob("register-*-daily.imag.sqlite"))
    assert len(daily) == 1
    open_register(resolve(fresh_register)).close()  # not again on the same day
    assert len(list(backups.iterdir())) == 1
    old = 3 * 24 * 3600
    os.utime(daily[0], (daily[0].stat().st_atime - old, daily[0].stat().st_mtime - old))
    open_register(resolve(fresh_register)).close()
    assert len(list(backups.glob("register-*-daily.imag.sqlite"))) == 2
