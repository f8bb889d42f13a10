"""The tamper-evident register (issue 19, items 1, 2 and 5): the audit trail's hash chain, the
row digests, ``imag db check --deep`` and ``--repair``, and a restore of a doctored file."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.errors import ExitCode
from app.models.audit import os_account
from app.paths import REGISTER_FILE_NAME
from app.storage.deep_check import deep_check
from app.storage.engine import readonly_engine
from tests.support.rounds_kit import Cycle, start_round

FLIPS = 240
SEED = 19


@pytest.fixture(scope="module")
def closed_round(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo register with one round answered, imported and closed."""
    from app.cli.main import main

    cycle: Cycle = start_round(demo_dir, tmp_path_factory.mktemp("root"), departments=("SMJ",))
    code = cycle.codes("SMJ")[0]
    assert cycle.import_(cycle.answer("SMJ", {code: {"progress": 33}})).state == "imported"
    assert main(["--data-dir", str(cycle.secretariat_dir), "round", "close", cycle.name]) == 0
    return cycle.secretariat_dir / REGISTER_FILE_NAME


@pytest.fixture
def register(closed_round: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(closed_round, folder / REGISTER_FILE_NAME)
    return folder


def _dump(path: Path) -> list[str] | None:
    """``sqlite3 .dump`` of the file; ``None`` if SQLite cannot read it through."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return None
    finally:
        connection.close()


def _found(path: Path) -> bool:
    """Whether SQLite's integrity_check or the deep check finds something wrong with ``path``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return True
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return True
    finally:
        connection.close()
    engine = readonly_engine(path)
    try:
        return not deep_check(engine).sound
    finally:
        engine.dispose()


def test_every_byte_flip_that_changes_content_is_found(closed_round: Path, tmp_path: Path) -> None:
    """The issue's experiment, seeded: single-byte flips in data pages (page 2 onwards) of a copy
    of a register with a closed round; each flip whose dump differs from the original's is a
    content change, and every one must be found."""
    original = closed_round.read_bytes()
    page_size = int.from_bytes(original[16:18], "big")
    expected = _dump(closed_round)
    assert expected is not None
    rng = random.Random(SEED)
    copy = tmp_path / "flipped.sqlite"
    changed = found = 0
    missed: list[int] = []
    for _ in range(FLIPS):
        offset = rng.randrange(page_size, len(original))
        data = bytearray(original)
        data[offset] ^= 1 << rng.randrange(8)
        copy.write_bytes(bytes(data))
        if _dump(copy) == expected:
            continue
        changed += 1
        if _found(copy):
            found += 1
        else:
            missed.append(offset)
    print(f"byte flips: {FLIPS}, content changed: {changed}, found: {found}")
    assert changed >= 20
    assert missed == []


def test_the_chain_is_sound_and_records_the_os_account(register: Path, cli) -> None:
    result = cli("--data-dir", register, "db", "check", "--deep")
    assert result.code == 0, result.err
    connection = sqlite3.connect(register / REGISTER_FILE_NAME)
    newest = connection.execute("SELECT os_user FROM audit_event ORDER BY id DESC").fetchone()
    chained = connection.execute(
        "SELECT count(*) FROM audit_event JOIN audit_chain ON event_id = audit_event.id"
    ).fetchone()
    total = connection.execute("SELECT count(*) FROM audit_event").fetchone()
    assert newest == (os_account(),)
    assert chained == total


def test_a_shell_cannot_write_without_the_program(register: Path) -> None:
    connection = sqlite3.connect(register / REGISTER_FILE_NAME)
    with pytest.raises(sqlite3.OperationalError, match="no such function"):
        connection.execute("UPDATE measure SET progress = 42 WHERE code = 'I.01'")


def test_a_back_dated_event_is_found(register: Path, cli) -> None:
    connection = sqlite3.connect(register / REGISTER_FILE_NAME)
    connection.execute("DROP TRIGGER audit_event_chain")
    connection.execute(
        "INSERT INTO audit_event (at, actor, action, entity, entity_code, source) "
        "VALUES ('2020-01-01T00:00:00Z', 'Ministerpräsident', 'update', 'measure', 'I.01', 'app')"
    )
    connection.commit()
    result = cli("--data-dir", register, "db", "check", "--deep")
    assert result.code == ExitCode.DAMAGED
    assert "Feld audit_event_chain: Trigger fehlt oder wurde verändert" in result.err
    assert "Tabelle audit_event, Zeile " in result.err
    assert "nicht erfasst (außerhalb des Programms hinzugefügt)" in result.err


def test_drop_trigger_and_update_are_found_and_repair_recreates_the_triggers(
    register: Path, cli
) -> None:
    path = register / REGISTER_FILE_NAME
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER audit_event_no_update")
    connection.execute("DROP TRIGGER imag_digest_measure_update")
    connection.execute("UPDATE audit_event SET actor = 'Ministerpräsident' WHERE id = 5")
    connection.execute("UPDATE measure SET progress = 42 WHERE code = 'I.02'")
    connection.commit()
    connection.close()
    result = cli("--data-dir", register, "db", "check", "--deep")
    assert result.code == ExitCode.DAMAGED
    assert "Tabelle audit_event, Zeile 5, Feld -: außerhalb des Programms geändert" in result.err
    assert "Tabelle measure, Zeile I.02 (#2), Feld progress: außerhalb des Programms geändert" in (
        result.err
    )
    before = _dump(path)
    repaired = cli("--data-dir", register, "db", "check", "--repair")
    assert repaired.code == 0, repaired.err
    assert "audit_event_no_update, imag_digest_measure_update" in repaired.out
    again = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        again.execute("UPDATE audit_event SET actor = 'x' WHERE id = 6")
    again.close()
    # content untouched: the changed rows are still reported
    assert [line for line in _dump(path) or [] if "TRIGGER" not in line] == [
        line for line in before or [] if "TRIGGER" not in line
    ]
    after = cli("--data-dir", register, "db", "check", "--deep")
    assert after.code == ExitCode.DAMAGED
    assert "Trigger fehlt" not in after.err


def test_restore_of_a_file_failing_the_deep_check_asks_first(
    register: Path, tmp_path: Path, cli
) -> None:
    doctored = tmp_path / "doctored.imag.sqlite"
    shutil.copy2(register / REGISTER_FILE_NAME, doctored)
    connection = sqlite3.connect(doctored)
    connection.execute("DROP TRIGGER imag_digest_measure_update")
    connection.execute("UPDATE measure SET title_de = 'Umgeschrieben' WHERE code = 'I.01'")
    connection.commit()
    connection.close()
    before = (register / REGISTER_FILE_NAME).read_bytes()
    refused = cli("--data-dir", register, "db", "restore", doctored)
    assert refused.code == ExitCode.DAMAGED
    assert "besteht die Tiefenprüfung nicht" in refused.err
    assert "Feld title_de" in refused.err
    assert (register / REGISTER_FILE_NAME).read_bytes() == before
    forced = cli("--data-dir", register, "db", "restore", doctored, "--yes")
    assert forced.code == 0, forced.err


def test_the_chain_stays_linear_with_concurrent_writers_on_both(
    data_dir: Path, register_url: str, cli
) -> None:
    """Two writers append events at the same time (on a server: two connections, two
    transactions each time); the chain takes every event once, one after another."""
    import threading

    from app.operations import audit
    from app.operations.context import Actor
    from app.paths import resolve
    from app.storage.register import open_register

    db = ("--data-dir", data_dir, "--database", register_url, "db")
    assert cli(*db, "create").code == 0
    paths = resolve(data_dir, database=register_url)
    if paths.server_url is None:
        paths = resolve(data_dir)
        (data_dir / REGISTER_FILE_NAME).unlink(missing_ok=True)
        shutil.move(register_url, data_dir / REGISTER_FILE_NAME)
    failures: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with open_register(paths, create=False) as register:
                for number in range(15):
                    with register.session() as session, session.begin():
                        audit.log(
                            session, Actor(name, "test"), action="update", entity="measure",
                            code="I.01", field="chain test", new=f"{name} {number}",
                        )  # fmt: skip
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("A", "B")]
    if paths.server_url is None:
        threads = threads[:1]  # a register file is open in one instance at a time
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with open_register(paths, readonly=True, create=False) as register:
        report = deep_check(register.engine)
    assert report.findings == []
    assert report.rows >= 15 * len(threads)
    checked = cli(*db, "check", "--deep") if paths.server_url else None
    assert checked is None or checked.code == 0, checked.err if checked else ""


def test_a_rewritten_event_on_a_server_is_found(postgres, data_dir: Path, cli) -> None:
    url = postgres.new_database()
    db = ("--data-dir", data_dir, "--database", url, "db")
    assert cli(*db, "create").code == 0
    database = url.split("/")[-1].split("?")[0]
    postgres.admin_sql(
        "ALTER TABLE audit_event DISABLE TRIGGER USER; "
        "UPDATE audit_event SET actor = 'Ministerpräsident' WHERE id = 3",
        database,
    )
    result = cli(*db, "check", "--deep")
    assert result.code == ExitCode.DAMAGED
    assert "Tabelle audit_event, Zeile 3, Feld -: außerhalb des Programms geändert" in result.err


def test_an_issued_package_records_the_chain_head(demo_dir: Path, tmp_path: Path) -> None:
    """The package names an event of the register's chain with its hash: a later rewrite of
    the history up to that event is detectable against it."""
    from app.exchange import container

    cycle = start_round(demo_dir, tmp_path / "root", departments=("SMJ",))
    head = container.read(cycle.packages["SMJ"]).manifest["register_chain_head"]
    event_id, chain = head.split(":")
    connection = sqlite3.connect(cycle.secretariat_dir / REGISTER_FILE_NAME)
    stored = connection.execute(
        "SELECT hash FROM audit_chain WHERE event_id = ?", (int(event_id),)
    ).fetchone()
    assert stored == (chain,)


def test_a_start_runs_the_full_check_once_a_day(
    fresh_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from app.paths import resolve
    from app.storage import fileformat
    from app.storage.register import FULL_CHECK_SECONDS, open_register

    full: list[Path] = []
    check = fileformat.check_integrity

    def recorded(path: Path, *, thorough: bool = False, current: bool = True) -> None:
        if thorough:
            full.append(path)
        check(path, thorough=thorough, current=current)

    monkeypatch.setattr(fileformat, "check_integrity", recorded)
    stamp = fresh_register / (REGISTER_FILE_NAME + ".checked")
    open_register(resolve(fresh_register)).close()
    assert len(full) == 1
    assert stamp.exists()
    open_register(resolve(fresh_register)).close()
    assert len(full) == 1  # checked less than a day ago
    old = stamp.stat().st_mtime - FULL_CHECK_SECONDS - 60
    os.utime(stamp, (old, old))
    open_register(resolve(fresh_register)).close()
    assert len(full) == 2
