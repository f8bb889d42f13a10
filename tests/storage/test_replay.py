"""The deep check's replay of the audit trail (issue 19, item 2): a value changed through the
triggers' functions (so that its row digest matches) is not what the history says, and the
deep check names the table, row, field, the value expected and the one found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.operations.departments import edit_department
from app.operations.measures import MeasureInput, create_measure
from app.paths import REGISTER_FILE_NAME
from app.storage.deep_check import Finding, deep_check
from app.storage.engine import readonly_engine
from app.storage.replay import expected_state, replay
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round
from tests.support.shell import connect

ROUND = "Frühjahr 2026"


@pytest.fixture(scope="module")
def closed_round(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A copy of the demo register with a round answered, imported and closed, a department
    renamed and a measure created: (folder, the answered measure, the created measure)."""
    from app.cli.main import main

    cycle: Cycle = start_round(demo_dir, tmp_path_factory.mktemp("root"), departments=("SMJ",))
    code = cycle.codes("SMJ")[0]
    assert cycle.import_(cycle.answer("SMJ", {code: {"progress": 33}})).state == "imported"
    with session_of(cycle.secretariat_dir) as session:
        edit_department(session, SECRETARIAT, "SMJ", {"name_de": "Justizministerium"})
        created = create_measure(
            session, SECRETARIAT, MeasureInput(instrument="I", title_de="Neue Maßnahme")
        )
    assert main(["--data-dir", str(cycle.secretariat_dir), "round", "close", cycle.name]) == 0
    return cycle.secretariat_dir, code, created


@pytest.fixture
def register(closed_round: tuple[Path, str, str], tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(closed_round[0] / REGISTER_FILE_NAME, folder / REGISTER_FILE_NAME)
    return folder


def _findings(folder: Path) -> list[Finding]:
    engine = readonly_engine(folder / REGISTER_FILE_NAME)
    try:
        return deep_check(engine).findings
    finally:
        engine.dispose()


def _shell(folder: Path, statement: str) -> None:
    connection = connect(folder / REGISTER_FILE_NAME)
    try:
        with connection:
            connection.execute(statement)
    finally:
        connection.close()


def test_a_sound_register_replays_without_a_difference(register: Path) -> None:
    engine = readonly_engine(register / REGISTER_FILE_NAME)
    try:
        with engine.connect() as connection:
            differences, compared = replay(connection)
            expected = expected_state(connection)
    finally:
        engine.dispose()
    assert differences == []
    assert compared > 66
    assert expected["round"][(ROUND,)]["status"] == "closed"
    (imported,) = expected["imported_return"].values()
    assert len(imported["entries"]) == 64  # a SHA-256 of its entries, recorded by the import


def test_a_value_changed_through_the_digest_functions_is_found(
    register: Path, closed_round: tuple[Path, str, str], cli
) -> None:
    """The row digest matches (the shell has the program's functions); only the replay sees
    that the progress is not the 33 the round's import recorded."""
    code = closed_round[1]
    _shell(register, f"UPDATE measure SET progress = 77 WHERE code = '{code}'")
    assert _findings(register) == [Finding("measure", code, "progress", "differs", "33", "77")]
    result = cli("--data-dir", register, "db", "check", "--deep")
    assert result.code == 3
    assert f"Tabelle measure, Zeile {code}, Feld progress" in result.err
    assert "(erwartet 33, gefunden 77)" in result.err


@pytest.mark.parametrize(
    ("statement", "table", "row", "field", "problem"),
    [
        ("UPDATE department SET name_de = 'X' WHERE code = 'SMJ'", "department", "SMJ",
         "name_de", "differs"),
        ("UPDATE round SET status = 'open'", "round", ROUND, "status", "differs"),
        ("UPDATE round SET closed_at = NULL", "round", ROUND, "closed_at", "differs"),
        ("UPDATE return_entry SET \"values\" = '{{}}'", "imported_return", None, "entries",
         "differs"),
        ("UPDATE measure SET title_de = 'Anders' WHERE code = '{created}'", "measure",
         "{created}", "title_de", "differs"),
        ("DELETE FROM measure WHERE code = '{created}'", "measure", "{created}", None, "missing"),
        ("INSERT INTO department (code, kind, name_de, position, retired, language, revision) "
         "VALUES ('FAKE', 'ministry', 'Erfunden', 99, 0, 'de', 1)", "department", "FAKE", None,
         "unrecorded"),
    ],
)  # fmt: skip
def test_each_replayed_table_names_the_difference(  # noqa: PLR0917 - the parameters
    register: Path,
    closed_round: tuple[Path, str, str],
    statement: str,
    table: str,
    row: str | None,
    field: str | None,
    problem: str,
) -> None:
    created = closed_round[2]
    _shell(register, statement.format(created=created))
    findings = [(f.table, f.row, f.field, f.problem) for f in _findings(register)]
    assert len(findings) == 1, findings
    assert findings[0][0] == table
    assert row is None or findings[0][1] == row.format(created=created)
    assert findings[0][2:] == (field, problem)


def test_the_round_snapshot_records_the_chain_head_of_its_close(register: Path) -> None:
    """The snapshot is a copy of the register with the close's events chained into it: its
    head is the close event at its position in the register's chain."""
    from app.rounds import snapshot
    from app.rounds.lookup import find_round
    from app.storage.chain_heads import file_head, in_history

    with (
        session_of(register) as session,
        snapshot.opened(session, find_round(session, ROUND)) as frozen,
    ):
        head = file_head(frozen.path)
    assert head is not None
    assert in_history(register / REGISTER_FILE_NAME, head)
    connection = connect(register / REGISTER_FILE_NAME)
    try:
        (close,) = connection.execute(
            "SELECT id FROM audit_event WHERE action = 'close' AND entity = 'round'"
        ).fetchone()
    finally:
        connection.close()
    assert head.event_id == close


def test_a_value_changed_on_a_server_outside_the_program_is_found(
    postgres, data_dir: Path, cli
) -> None:
    """A server has no row digests; a login that may write the table (the owner, or the
    secretariat's role with psql) changes a value without an event: the replay finds it."""
    from app.paths import resolve
    from app.storage.register import open_register

    url = postgres.new_database()
    db = ("--data-dir", data_dir, "--database", url, "db")
    assert cli(*db, "create").code == 0
    with open_register(resolve(data_dir, database=url)) as opened, opened.session() as session:
        edit_department(session, SECRETARIAT, "SMJ", {"name_de": "Justizministerium"})
    assert cli(*db, "check", "--deep").code == 0
    database = url.split("/")[-1].split("?")[0]
    postgres.admin_sql("UPDATE department SET name_de = 'Erfunden' WHERE code = 'SMJ'", database)
    result = cli(*db, "check", "--deep")
    assert result.code == 3
    assert (
        "Tabelle department, Zeile SMJ, Feld name_de: nicht das, was seine Historie sagt "
        '(erwartet "Justizministerium", gefunden "Erfunden")'
    ) in result.err
