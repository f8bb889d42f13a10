"""The partnerships' upkeep in the window: a partner and a partnership added, a partnership's
status changed with a day typed as German writes it and a reason, a refusal that keeps the
dialog open and changes nothing, and the IMAG's conclusion "end" offering to make the
partnership dormant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.partnerships import register
from app.paths import AppPaths
from app.ui.partnerships import partnerships_screen
from app.ui.partnerships.upkeep_dialogs import PartnerDialog, PartnershipDialog, StatusDialog
from app.ui.widgets import tree_items
from tests.support.partnership_kit import ROUND, assess_and_return, partnership_round
from tests.support.project import isolated
from tests.support.qt import check_window, choose, idle, shown, unnamed

pytestmark = pytest.mark.gui


def _entries(window) -> dict[str, dict[str, Any]]:
    with window.register.session() as session:
        return {e["code"]: e for e in register.partnerships(session)}


def _dialog(qtbot, screen, kind: type):
    qtbot.waitUntil(lambda: isinstance(getattr(screen, "dialog", None), kind), timeout=20000)
    dialog = screen.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _save(qtbot, window, dialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    idle(qtbot, window)


def test_partner_partnership_and_status(make_window, qtbot, demo_copy: AppPaths) -> None:
    window = make_window("de", demo_copy.data_dir)
    screen = shown(qtbot, window)
    screen.add_partner_button.click()
    dialog = _dialog(qtbot, screen, PartnerDialog)
    assert check_window(dialog, "partner dialog") == []
    assert unnamed(dialog) == []
    dialog.code.setText("pl-op")
    choose(dialog.kind, "region")
    dialog.country.setText("PL")
    # no German name: refused in the dialog, which stays open; nothing stored
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=20000)
    assert "deutschen Namen" in dialog.error.text()
    assert dialog.isVisible()
    dialog.names["de"].setText("Oppeln")
    dialog.names["pl"].setText("Opolskie")
    _save(qtbot, window, dialog)

    screen.add_button.click()
    dialog = _dialog(qtbot, screen, PartnershipDialog)
    assert unnamed(dialog) == []
    dialog.code.setText("RP-PL-OP")
    choose(dialog.partner, "PL-OP")
    dialog.since_year.setValue(2026)
    _save(qtbot, window, dialog)
    qtbot.waitUntil(lambda: any(r.text(0) == "RP-PL-OP" for r in tree_items(screen.table)))
    entry = _entries(window)["RP-PL-OP"]
    assert (entry["name_pl"], entry["status"], entry["since_year"]) == (
        "Opolskie",
        "under_consideration",
        2026,
    )
    assert screen.selected() == "RP-PL-OP"

    screen.status_button.click()
    dialog = _dialog(qtbot, screen, StatusDialog)
    assert check_window(dialog, "status dialog") == []
    choose(dialog.status, "active")
    dialog.since.setText("15.01.2027")
    dialog.reason.setPlainText("Erklärung unterzeichnet")
    _save(qtbot, window, dialog)
    entry = _entries(window)["RP-PL-OP"]
    assert (entry["status"], entry["status_since"]) == ("active", "2027-01-15")
    qtbot.waitUntil(lambda: "Grund: Erklärung unterzeichnet" in screen.detail.toPlainText())
    assert "15.01.2027" in screen.detail.toPlainText()


@pytest.fixture
def open_round(demo_dir: Path, tmp_path: Path) -> Path:
    """An open partnership round for SMWK and SMWA, SMWK's return imported."""
    with isolated(tmp_path / "kit-home"):
        cycle = partnership_round(demo_dir / "register.imag.sqlite", tmp_path / "cycle")
        cycle.import_(assess_and_return(cycle, "SMWK", 1, "end"))
    return cycle.secretariat_dir


def test_conclusion_end_offers_dormant(make_window, qtbot, open_round: Path, monkeypatch) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(partnerships_screen, "ask", answer)
    window = make_window("de", open_round)
    screen = shown(qtbot, window)
    screen.select("RP-PL-DS")
    assert screen.conclusion_round.currentData() == ROUND
    choose(screen.conclusion_choice, "end")
    screen.conclude_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    assert "RP-PL-DS" in asked[0]
    assert "ruhend" in asked[0]
    qtbot.waitUntil(lambda: _entries(window)["RP-PL-DS"]["status"] == "dormant", timeout=20000)
    qtbot.waitUntil(lambda: "ruhend" in screen.conclusion_message.text(), timeout=20000)
    history = _entries(window)["RP-PL-DS"]["history"]
    assert any(e["field"] == "status_reason" and ROUND in e["new"] for e in history)
