"""The weekly deep check in the window (issue 19): in the background once the register is
loaded, remembered per register; a register that fails it is switched to read-only with the
banner, and the recovery dialog offers the ways out."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from pathlib import Path

import pytest

from app.errors import RegisterReadOnly, UserError
from app.i18n import translator
from app.operations.context import Actor
from app.operations.measures import measure_input, update_measure
from app.paths import AppPaths
from app.storage import weekly_check
from app.ui.safety.recovery_dialog import READ_ONLY
from tests.support import shell


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_status(paths: AppPaths) -> str:
    """The status of I.01 changed with a shell that has the program's functions: its row digest
    matches, only the replayed history (the demo recorded its status) shows the change."""
    connection = shell.connect(paths.register_file)
    try:
        (status,) = connection.execute("SELECT status FROM measure WHERE code = 'I.01'").fetchone()
        changed = "suspended" if status != "suspended" else "completed"
        with connection:
            connection.execute("UPDATE measure SET status = ? WHERE code = 'I.01'", (changed,))
    finally:
        connection.close()
    return changed


def test_a_tampered_register_is_switched_to_read_only_with_the_recovery_dialog(
    qtbot, make_window, demo_copy: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda *_a: pytest.fail("internal error")
    )
    other_status(demo_copy)
    window = make_window("de", demo_copy.data_dir)
    qtbot.waitUntil(lambda: window.weekly is not None and window.weekly.dialog is not None,
                    timeout=30000)  # fmt: skip
    assert window.weekly is not None
    dialog = window.weekly.dialog
    assert dialog is not None
    assert window.register.readonly
    assert window.banner is not None
    banner = window.banner.text.text()
    assert "schreibgeschützt" in banner
    assert "Die wöchentliche Tiefenprüfung des Registers" in banner
    assert "Tabelle measure, Zeile I.01, Feld status" in dialog.problem.text()
    assert "Tiefenprüfung" in dialog.findChildren(type(dialog.problem))[0].text()
    assert not weekly_check.stamp_of(demo_copy.register_file).exists()  # checked again next time
    qtbot.waitUntil(lambda: dialog.background.pending == 0, timeout=30000)  # backups described
    assert dialog.backups.topLevelItemCount() >= 1
    before = digest(demo_copy.register_file)
    refused: list[UserError] = []

    def change(session) -> None:
        values, revision = measure_input(session, "I.02")
        session.rollback()
        changed = dataclasses.replace(values, comment="nie")
        update_measure(session, Actor("Erika", "app"), "I.02", changed, revision=revision)

    window.worker.run(change, on_error=refused.append)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert isinstance(refused[0], RegisterReadOnly)
    assert digest(demo_copy.register_file) == before
    dialog.read_only.click()  # stays open read-only
    assert dialog.choice == READ_ONLY
    assert not window.restart_requested


def test_a_sound_register_passes_once_a_week_unnoticed(
    qtbot, make_window, demo_copy: AppPaths
) -> None:
    stamp = weekly_check.stamp_of(demo_copy.register_file)
    started = time.perf_counter()
    report = weekly_check.run_if_due(demo_copy.register_file)
    seconds = time.perf_counter() - started
    print(f"weekly deep check of the demo register (66 measures): {seconds * 1000:.0f} ms")
    assert report is not None
    assert report.sound
    assert stamp.exists()
    assert weekly_check.run_if_due(demo_copy.register_file) is None  # not due for a week
    stamp.unlink()
    window = make_window("pl", demo_copy.data_dir)
    qtbot.waitUntil(stamp.exists, timeout=30000)
    assert window.weekly is not None
    assert window.weekly.dialog is None
    assert not window.register.readonly
    assert window.banner is None
    assert not weekly_check.due(demo_copy.register_file)
    assert weekly_check.due(demo_copy.register_file, now=time.time() + weekly_check.WEEKLY_SECONDS)
    assert translator("pl").lang == "pl"
