"""A return that comes after its round was closed (issue 20, item 6a), from the command line:
not "damaged" but late; taken as an audited amendment, the closed round's snapshot and its
report keep their bytes and the register's measures do not change; or the round is reopened
with a reason, takes the return, and closes again with a new snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import ExitCode
from app.rounds import view
from tests.support.rounds_kit import Cycle, session_of, start_round, table_dump

CHANGED_BY_AMENDING = {"round_amendment", "audit_event"}


@pytest.fixture
def closed(demo_dir: Path, tmp_path: Path, cli) -> tuple[Cycle, Path, bytes]:
    """SMJ's first return imported and the round closed; SMJ's second return (made after the
    close) waits in the inbox; the closed round's cabinet report as it was written."""
    cycle = start_round(demo_dir, tmp_path / "root", departments=("SMJ", "SMWK"))
    code = cycle.codes("SMJ")[0]
    first = cycle.answer("SMJ", {code: {"progress": 33}})
    assert cycle.import_(first).state == "imported"
    folder = cycle.secretariat_dir
    assert cli("--data-dir", folder, "round", "close", cycle.name).code == 0
    report = tmp_path / "closed.pdf"
    result = cli(
        "--data-dir", folder, "report", "cabinet", "--lang", "de", "--round", cycle.name,
        "--out", report,
    )  # fmt: skip
    assert result.code == 0, result.err
    late = cycle.answer("SMJ", {code: {"progress": 77, "comment": "Nachtrag"}})
    return cycle, late, report.read_bytes()


def _report(cli, cycle: Cycle, target: Path) -> bytes:
    result = cli(
        "--data-dir", cycle.secretariat_dir, "report", "cabinet", "--lang", "de",
        "--round", cycle.name, "--out", target,
    )  # fmt: skip
    assert result.code == 0, result.err
    return target.read_bytes()


def test_a_late_return_is_not_damaged_and_changes_nothing(closed, cli) -> None:
    cycle, late, _report_bytes = closed
    before = table_dump(cycle.secretariat_dir)
    result = cli("--data-dir", cycle.secretariat_dir, "round", "import", late)
    assert result.code == ExitCode.REFUSED != ExitCode.DAMAGED
    assert "kam nach dem Abschluss der Runde „Frühjahr 2026“" in result.err
    assert "imag round amend" in result.err
    assert "imag round reopen" in result.err
    assert table_dump(cycle.secretariat_dir) == before


def test_a_late_return_taken_as_an_amendment(closed, cli, tmp_path: Path) -> None:
    cycle, late, report_bytes = closed
    folder = cycle.secretariat_dir
    before = table_dump(folder)
    result = cli("--data-dir", folder, "round", "amend", late, "--reason", "per E-Mail")
    assert result.code == 0, result.err
    assert "wurde als Nachtrag zur abgeschlossenen Runde „Frühjahr 2026“ übernommen" in result.out
    after = table_dump(folder)
    # only the amendment and its audit entry are new: measures, returns, snapshot as they were
    assert {table for table in after if after[table] != before[table]} == CHANGED_BY_AMENDING
    (amendment,) = after["round_amendment"]
    assert "Nachtrag" in str(amendment)
    (event,) = [row for row in after["audit_event"] if row not in before["audit_event"]]
    assert "amend" in str(event)
    assert "per E-Mail" in str(event)
    assert _report(cli, cycle, tmp_path / "again.pdf") == report_bytes

    status = cli("--data-dir", folder, "round", "status", cycle.name)
    assert "Nachtrag nach Abschluss: SMJ, Version 2" in status.out
    data = json.loads(
        cli("--data-dir", folder, "round", "status", cycle.name, "--format", "json").out
    )
    assert data["status"] == "closed"
    assert [(a["department"], a["version"], a["answers"]) for a in data["amendments"]] == [
        ("SMJ", 2, 1)
    ]
    with session_of(folder) as session:  # the window's list of returns
        rows = view.returns(session, cycle.name)
    assert [(row.department, row.version, row.state, row.encrypted) for row in rows] == [
        ("SMJ", 1, "current", True),
        ("SMJ", 2, "amendment", True),
    ]
    # taken once: the same file again is "already", an import of it too
    again = cli("--data-dir", folder, "round", "amend", late)
    assert again.code == ExitCode.OK  # already taken identically
    assert "bereits als Nachtrag übernommen" in again.err
    assert table_dump(folder) == after


def test_an_open_round_takes_no_amendment(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = start_round(demo_dir, tmp_path / "root", departments=("SMJ",))
    path = cycle.answer("SMJ", {cycle.codes("SMJ")[0]: {"progress": 5}})
    before = table_dump(cycle.secretariat_dir)
    result = cli("--data-dir", cycle.secretariat_dir, "round", "amend", path)
    assert result.code == ExitCode.REFUSED
    assert "ist nicht abgeschlossen; importieren Sie die Rückmeldung" in result.err
    assert table_dump(cycle.secretariat_dir) == before


def test_a_round_reopened_with_a_reason(closed, cli, tmp_path: Path) -> None:
    cycle, late, report_bytes = closed
    folder = cycle.secretariat_dir
    before = table_dump(folder)
    with pytest.raises(SystemExit) as without:  # argparse: --reason is required
        cli("--data-dir", folder, "round", "reopen", cycle.name)
    assert without.value.code == ExitCode.USAGE
    blank = cli("--data-dir", folder, "round", "reopen", cycle.name, "--reason", " ")
    assert blank.code == ExitCode.USAGE
    assert "Geben Sie mit --reason eine Begründung an" in blank.err
    assert table_dump(folder) == before

    result = cli(
        "--data-dir", folder, "round", "reopen", cycle.name,
        "--reason", "SMJ hat nachgeliefert",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "wieder geöffnet" in result.out
    after = table_dump(folder)
    assert after["round_snapshot"] == []
    (kept,) = after["round_snapshot_superseded"]
    assert kept[4] == "SMJ hat nachgeliefert"
    assert kept[-1] == before["round_snapshot"][0][-1]  # the snapshot's bytes, set aside
    assert any("SMJ hat nachgeliefert" in str(row) for row in after["audit_event"])

    imported = cli("--data-dir", folder, "round", "import", late)
    assert imported.code == 0, imported.err
    assert cli("--data-dir", folder, "round", "close", cycle.name).code == 0
    assert _report(cli, cycle, tmp_path / "new.pdf") != report_bytes
    again = cli("--data-dir", folder, "round", "reopen", "Frühjahr 2026", "--reason", "x")
    assert again.code == 0
    twice = cli("--data-dir", folder, "round", "reopen", cycle.name, "--reason", "x")
    assert twice.code == ExitCode.USAGE
    assert "ist nicht abgeschlossen" in twice.err


def test_withdraw_return_from_the_command_line(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = start_round(demo_dir, tmp_path / "root", departments=("SMJ",))
    code = cycle.codes("SMJ")[0]
    assert cycle.import_(cycle.answer("SMJ", {code: {"progress": 5}})).state == "imported"
    folder = cycle.secretariat_dir
    before = table_dump(folder)
    missing = cli(
        "--data-dir", folder, "round", "withdraw-return", cycle.name, "SMJ", "7",
        "--reason", "falsch",
    )  # fmt: skip
    assert missing.code == ExitCode.ERROR
    assert "hat keine Version 7 einer Rückmeldung von SMJ" in missing.err
    assert table_dump(folder) == before
    result = cli(
        "--data-dir", folder, "round", "withdraw-return", cycle.name, "SMJ", "1",
        "--reason", "falsch",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Version 1 der Rückmeldung von SMJ" in result.out
    status = cli("--data-dir", folder, "round", "status", cycle.name)
    assert "Zurückgezogen: SMJ, Version 1" in status.out
    assert "falsch" in status.out
