"""The round's texts for the cabinet report in the window: chosen by text and language, typed,
saved through the core on the worker (audited there), with their states; a refusal is shown in
red; a closed round's texts are shown read-only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.operations.context import Actor
from app.paths import AppPaths
from app.rounds import editorial, secretariat
from app.rounds.secretariat import RoundInput
from app.storage.register import open_register
from tests.support.qt import ROUNDS_PAGE, idle

pytestmark = pytest.mark.gui
ACTOR = Actor("Erika Muster", "app")
ROUND = "Sachstand 2026/1"


def test_write_a_round_text_in_the_window(
    make_window, qtbot, demo_copy: AppPaths, tmp_path: Path
) -> None:
    with open_register(demo_copy) as register:
        with register.session() as session:
            secretariat.create_round(
                session,
                ACTOR,
                RoundInput(name=ROUND, deadline=dt.date(2099, 6, 30), departments=("SMI",)),
            )
        with register.session() as session:
            secretariat.issue(session, ACTOR, ROUND, tmp_path / "out")
    window = make_window("pl", demo_copy.data_dir)
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.secretariat
    screen.reload(ROUND)
    idle(qtbot, window)
    texts = screen.tabs.texts
    screen.tabs.setCurrentWidget(texts)
    assert "Wprowadzenie – de: brak" in texts.overview.text()
    texts.part.setCurrentIndex(texts.part.findData("assessment"))
    texts.lang.setCurrentIndex(texts.lang.findData("cs"))
    assert texts.state.currentData() == "proposal"  # a translation: a proposal by default
    texts.editor.setPlainText("Hodnocení kola.\n\nDruhý odstavec.")
    texts.save_button.click()
    idle(qtbot, window)
    assert texts.message.text() == "Tekst zapisany."
    assert "Ocena – de: brak, pl: brak, cs: propozycja" in texts.overview.text()
    with window.register.session() as session:
        saved = editorial.round_texts(session, ROUND)[("assessment", "cs")]
    assert saved.text == "Hodnocení kola.\n\nDruhý odstavec."
    assert saved.state == "proposal"
    assert saved.updated_by == "Erika Muster"

    texts.editor.setPlainText("x" * (editorial.MAX_TEXT + 1))
    texts.save_button.click()
    idle(qtbot, window)
    assert "20" in texts.message.text()
    assert "ERROR" not in texts.message.text()
    assert texts.message.styleSheet()  # shown in red

    with window.register.session() as session:
        secretariat.close_round(session, ACTOR, ROUND)
    screen.reload(ROUND)
    idle(qtbot, window)
    assert texts.editor.isReadOnly()
    assert not texts.save_button.isEnabled()
    assert texts.editor.toPlainText() == "Hodnocení kola.\n\nDruhý odstavec."
