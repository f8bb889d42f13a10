"""Opening a round package signed with a new, unannounced secretariat key in the window: a
dialog shows the old and the new fingerprint and explains; "Cancel" (the default) leaves the
workspace as it was, "Trust the new key" opens the package and the change is audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.exchange import container
from app.models import AuditEvent, TrustedIssuer
from tests.support.project import isolated
from tests.support.qt import ROUNDS_PAGE
from tests.support.rounds_kit import session_of, signed_again, start_round, table_dump

pytestmark = pytest.mark.gui

ATTACKER = bytes(range(32))


@pytest.fixture(scope="module")
def laptop_and_package(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("newkey")
    with isolated(root / "home"):
        cycle = start_round(demo_dir, root / "cycle", departments=("SK",))
    forged = signed_again(
        cycle.packages["SK"],
        root / "rekeyed.imag-round",
        ATTACKER,
        package_uid="7b0c2a64-0000-4000-8000-00000000ffff",
    )
    return cycle.laptops["SK"], forged


def _answer_dialog(button: str, seen: list[str]) -> None:
    """Once the dialog is up: note its texts, then press ``button`` ("trust" or "cancel")."""

    def act() -> None:
        boxes = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QMessageBox) and widget.isVisible()
        ]
        box = boxes[0] if boxes else None
        if box is None:
            QTimer.singleShot(50, act)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        chosen = next(
            b
            for b in box.buttons()
            if (box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole) == (button == "trust")
        )
        chosen.click()

    QTimer.singleShot(50, act)


@pytest.mark.parametrize("button", ["cancel", "trust"])
def test_a_new_key_is_shown_with_both_fingerprints(
    laptop_and_package, tmp_path: Path, make_window, qtbot, button: str
) -> None:
    laptop, forged = laptop_and_package
    folder = tmp_path / "laptop"
    shutil.copytree(laptop, folder, ignore=shutil.ignore_patterns("*.lock"))
    with session_of(folder) as session:
        old = container.fingerprint(session.scalars(select(TrustedIssuer.public_key)).one())
    before = table_dump(folder)
    window = make_window("de", folder)
    window.rounds.set_role("department")
    window.show_page(ROUNDS_PAGE)
    ws = window.rounds.workspace
    window.show()
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is not None, timeout=20000)
    seen: list[str] = []
    _answer_dialog(button, seen)
    ws.open_package(forged)
    qtbot.waitUntil(lambda: bool(seen) and window.worker.idle, timeout=20000)
    qtbot.waitUntil(ws.open_button.isEnabled, timeout=20000)
    new = container.fingerprint(container.public_signing_key(ATTACKER))
    assert old in seen[0]
    assert new in seen[0]
    window.register.close()
    if button == "cancel":
        assert "zurückgewiesen" in ws.banner.text()
        assert table_dump(folder) == before
        return
    with session_of(folder) as session:
        trusted = session.scalars(select(TrustedIssuer.public_key)).one()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "secretariat key")
        ).all()
    assert trusted == container.public_signing_key(ATTACKER)
    assert len(events) == 1
