"""A key file protected by a passphrase, unlocked from the window: an operation that needs the
keys (issuing a round's packages, through the window's database worker) asks for the
passphrase in a dialog; Cancel ends the operation with nothing issued, a wrong passphrase is
said in the dialog, which asks again, and the right one unlocks the keys for this session only
(the key file stays sealed) and the operation runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.errors import UserError
from app.i18n import translator
from app.keystore import KeyLocked
from app.paths import resolve
from app.rounds import key_admin, keys, secretariat
from app.storage.register import Register, open_register
from app.ui.passphrase_dialog import PassphraseDialog
from app.ui.worker import DbWorker
from tests.support.rounds_kit import SECRETARIAT, session_of, start_round

pytestmark = pytest.mark.gui

PHRASE = b"correct horse battery staple"


@pytest.fixture
def sealed(demo_dir: Path, tmp_path: Path) -> Iterator[tuple[Register, str, Path]]:
    """The secretariat's register with a round, its key file sealed; no passphrase known."""
    cycle = start_round(demo_dir, tmp_path, departments=("SK",), open_packages=False)
    try:
        with session_of(cycle.secretariat_dir) as session:
            key_admin.protect(session, SECRETARIAT, PHRASE)
    finally:
        keys.set_passphrase(None)  # as a new start of the window: nothing remembered
    (key_file,) = (cycle.secretariat_dir / "config" / "keys").iterdir()
    with open_register(resolve(cycle.secretariat_dir)) as register:
        try:
            yield register, cycle.name, key_file
        finally:
            keys.set_passphrase(None)


def _dialog(qtbot) -> PassphraseDialog:
    found: list[PassphraseDialog] = []

    def shown() -> bool:
        found[:] = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, PassphraseDialog) and widget.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=20_000)
    return found[0]


def _answer(qtbot, dialog: PassphraseDialog, text: str) -> None:
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, text)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)


def test_a_sealed_key_file_is_unlocked_from_the_window(
    qtbot, sealed: tuple[Register, str, Path], tmp_path: Path
) -> None:
    register, name, key_file = sealed
    parent = QWidget()
    qtbot.addWidget(parent)
    worker = DbWorker(register, translator("de"), parent)
    done: list[Any] = []
    refused: list[UserError] = []
    finished: list[bool] = []
    out = tmp_path / "issued"

    def issue() -> None:
        worker.run(
            lambda session: secretariat.issue(session, SECRETARIAT, name, out),
            done.append,
            on_error=refused.append,
            on_finished=lambda: finished.append(True),
        )

    issue()  # first: cancelled
    dialog = _dialog(qtbot)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.passphrase.accessibleName() == "Passphrase der Schlüsseldatei"
    assert not worker.idle  # the operation waits for the answer
    dialog.reject()
    qtbot.waitUntil(lambda: bool(finished))
    assert isinstance(refused[0], KeyLocked)
    assert not done
    assert worker.idle
    assert not out.exists() or not any(out.iterdir())

    issue()  # then: a wrong passphrase, asked again, the right one
    dialog = _dialog(qtbot)
    _answer(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert "Passphrase" in dialog.error.text()
    assert "falsch" in dialog.error.text()
    assert dialog.isVisible()
    assert not done
    _answer(qtbot, dialog, PHRASE.decode())
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert not any(
        isinstance(widget, PassphraseDialog) and widget.isVisible()
        for widget in QApplication.topLevelWidgets()
    )
    assert len(refused) == 1  # only the cancelled attempt
    assert [item.path.exists() for item in done[0]] == [True]
    qtbot.waitUntil(lambda: worker.idle)
    sealed_now = json.loads(key_file.read_bytes())
    assert sealed_now["format"] == "imag-keys-sealed"  # unlocked in memory, never written open
    assert PHRASE not in key_file.read_bytes()

    issue()  # unlocked for the session: no second question
    qtbot.waitUntil(lambda: len(done) == 2, timeout=60_000)
    worker.shutdown()
