"""The translation view: the free texts of one language side by side with the German, filtered
by state, with the glossary's terms and the memory's proposal; saving runs through the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import translator
from app.models import TranslationState, labels
from app.operations.context import Actor
from app.rounds import editorial
from tests.support.free_text import codes, set_texts, stored
from tests.support.qt import check_window, choose, idle, type_into, unnamed
from tests.support.rounds_kit import session_of, start_round


def _prepare(folder: Path) -> list[str]:
    found = codes(folder)
    set_texts(folder, [("*", "comment", None), ("*", "next_steps", None)])
    set_texts(folder, [(code, "comment", "Die Maßnahme läuft im Plan.") for code in found[:2]])
    return found


TERMS = {"pl": "Maßnahme → działanie", "cs": "Maßnahme → opatření"}


OTHER = {"pl": "cs", "cs": "pl"}


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_translate_mark_reviewed_and_filter(
    make_window, qtbot, fresh_register: Path, qt_language, lang: str
) -> None:
    """In the window's language (Polish or Czech) first, then in the other one."""
    found = _prepare(fresh_register)
    qt_language(lang)
    window = make_window(lang)
    window.translate_texts()
    dialog = window.translation_dialog
    idle(qtbot, window)
    assert check_window(dialog, "translation view") == []
    assert unnamed(dialog) == []
    assert dialog.table.rowCount() > 2  # with the criteria set's texts
    choose(dialog.kind, "measure")
    assert dialog.table.rowCount() == 2
    assert TERMS[lang] in dialog.hints.text()

    dialog.table.selectRow(0)
    type_into(qtbot, dialog.translation, "Działanie realizowane zgodnie z planem.")
    dialog.save_reviewed.click()
    idle(qtbot, window)
    text = "Działanie realizowane zgodnie z planem."
    assert stored(fresh_register) == {
        (found[0], "comment", lang, text, "translated"),
        (found[1], "comment", lang, text, "proposal"),  # the same German: from the memory
    }
    assert dialog.outcome.text()

    choose(dialog.state, TranslationState.PROPOSAL)
    assert dialog.table.rowCount() == 1
    assert dialog.translation.toPlainText() == text
    dialog.save_reviewed.click()
    idle(qtbot, window)
    assert dialog.table.rowCount() == 0

    other = OTHER[lang]
    choose(dialog.language, other)
    idle(qtbot, window)
    choose(dialog.state, None)
    assert dialog.table.rowCount() == 2
    assert TERMS[other] in dialog.hints.text()
    dialog.close()


def test_a_criterion_and_a_round_text_in_the_view(
    make_window, qtbot, demo_dir: Path, tmp_path: Path, qt_language
) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    with session_of(cycle.secretariat_dir) as session:
        editorial.set_text(
            session, Actor("Test"), cycle.name, part="intro", lang="de", text="Im Plan."
        )
    qt_language("pl")
    window = make_window("pl", folder=cycle.secretariat_dir)
    window.translate_texts()
    dialog = window.translation_dialog
    idle(qtbot, window)
    choose(dialog.kind, "round")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == f"Runda {cycle.name}"
    assert dialog.table.item(0, 1).text() == "Wprowadzenie"
    type_into(qtbot, dialog.translation, "Zgodnie z planem.")
    dialog.save_proposal.click()
    idle(qtbot, window)
    proposal = translator("pl").gettext(labels.TRANSLATION_STATE[TranslationState.PROPOSAL])
    assert dialog.table.item(0, 2).text() == proposal  # read again from the register
    assert dialog.translation.toPlainText() == "Zgodnie z planem."

    choose(dialog.kind, "criteria")
    rows = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert "GOALS: pytanie pomocnicze" in rows
    dialog.close()
