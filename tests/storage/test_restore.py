"""``imag db restore`` of a copy that lacks the current register's work: what would be lost is
listed, and nothing happens without ``--yes``; the restore itself is one step, with its history
entry inside the restored file."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.operations.context import Actor
from app.operations.measures import measure_input, update_measure
from app.paths import REGISTER_FILE_NAME, resolve
from app.storage.register import open_register
from tests.support.project import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def change_a_measure(folder: Path, comment: str) -> None:
    with open_register(resolve(folder), actor="Kollegin") as register:
        with register.session() as session:
            values, revision = measure_input(session, "I.02")
        with register.session() as session:
            update_measure(
                session,
                Actor("Kollegin", "app"),
                "I.02",
                dataclasses.replace(values, comment=comment, progress=33),
                revision=revision,
            )


def test_a_restore_that_would_lose_work_lists_it_and_needs_yes(
    fresh_register: Path, tmp_path: Path, cli
) -> None:
    colleague = tmp_path / "colleague.imag.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", colleague).code == 0
    change_a_measure(fresh_register, "Nur hier")
    register = fresh_register / REGISTER_FILE_NAME
    before = digest(register)

    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "restore", colleague)
    assert result.code == 1
    assert "Einträge der Historie: 2; Maßnahmen: 0; Evaluierungsrunden: 0" in result.err
    assert "Kollegin  update  measure  I.02" in result.err  # the latest changes, listed
    assert "--yes" in result.err
    assert digest(register) == before  # nothing restored, nothing backed up
    assert not list((fresh_register / "backups").glob("*before-restore*"))

    result = cli("--data-dir", fresh_register, "db", "restore", colleague, "--yes")
    assert result.code == 0, result.err
    connection = sqlite3.connect(register)
    try:
        assert connection.execute("SELECT comment FROM measure WHERE code = 'I.02'").fetchone() == (
            None,
        )
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_event")]
    finally:
        connection.close()
    assert actions[-1] == "restore"
    # the work that was given up is kept in the backup made before the restore
    (kept,) = (fresh_register / "backups").glob("*before-restore.imag.sqlite")
    connection = sqlite3.connect(kept)
    try:
        assert connection.execute("SELECT comment FROM measure WHERE code = 'I.02'").fetchone() == (
            "Nur hier",
        )
    finally:
        connection.close()


def test_a_restore_that_loses_nothing_needs_no_confirmation(
    fresh_register: Path, tmp_path: Path, cli
) -> None:
    change_a_measure(fresh_register, "Überall")
    newer = tmp_path / "newer.imag.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", newer).code == 0
    result = cli("--data-dir", fresh_register, "db", "restore", newer)
    assert result.code == 0, result.err
    assert "history entries" not in result.err


@pytest.mark.parametrize(("answer", "code"), [("j\n", 0), ("n\n", 1), ("\n", 1)])
def test_in_a_terminal_the_restore_asks(
    fresh_register: Path, tmp_path: Path, cli, answer: str, code: int
) -> None:
    colleague = tmp_path / "colleague.imag.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", colleague).code == 0
    change_a_measure(fresh_register, "Nur hier")
    before = digest(fresh_register / REGISTER_FILE_NAME)
    command = [sys.executable, "-m", "app", "--data-dir", str(fresh_register), "--lang", "de"]
    controller, terminal = os.openpty()
    try:
        os.write(controller, answer.encode())
        process = subprocess.run(
            [*command, "db", "restore", str(colleague)],
            stdin=terminal,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert process.returncode == code, process.stderr
    assert "Trotzdem wiederherstellen? [j/N]" in process.stderr
    assert (digest(fresh_register / REGISTER_FILE_NAME) == before) is (code != 0)
