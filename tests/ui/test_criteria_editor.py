"""The criteria-set editor on the Partnerships page: a new set made as a copy, a set edited
(weights, a Polish name, a criterion added and one removed), refusals shown in the dialog in the
user's language with nothing saved, and a round created before an edit keeping its criteria."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.i18n import translator
from app.models import RoundKind
from app.operations.context import Actor
from app.partnerships import criteria
from app.partnerships import rounds as partnership_rounds
from app.paths import AppPaths
from app.rounds import secretariat
from app.ui.main_window import MainWindow
from app.ui.partnerships.criteria_editor import CriteriaEditor
from app.ui.partnerships.criteria_fields import free_code
from app.ui.partnerships.partnerships_screen import PartnershipsScreen
from tests.support.qt import check_window, focus_on, press_to, shown, unnamed

pytestmark = pytest.mark.gui
ROUND = "Partnerschaften 2026"
SET = "IMAG-2026"


def sets(window: MainWindow) -> dict[str, dict[str, Any]]:
    """Every criteria set in the register, read back through the core."""
    with window.register.session() as session:
        return {s.code: criteria.as_document(s) for s in criteria.list_sets(session)}


def sets_page(qtbot, window: MainWindow) -> PartnershipsScreen:
    screen = shown(qtbot, window)
    screen.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: screen.sets.current_set() is not None, timeout=20000)
    return screen


def open_editor(qtbot, screen: PartnershipsScreen, *, new: bool) -> CriteriaEditor:
    (screen.sets.new_set_button if new else screen.sets.edit_set_button).click()
    editor = screen.sets.editor
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    return editor


def save(qtbot, window: MainWindow, editor: CriteriaEditor) -> None:
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(
        lambda: window.worker.idle and (not editor.isVisible() or editor.error.isVisible()),
        timeout=20000,
    )


def row_of(editor: CriteriaEditor, code: str) -> int:
    return editor.codes().index(code)


def test_a_new_set_starts_as_a_copy_under_a_new_code(
    make_window, qtbot, demo_copy: AppPaths
) -> None:
    window = make_window("de", demo_copy.data_dir)
    screen = sets_page(qtbot, window)
    before = sets(window)
    editor = open_editor(qtbot, screen, new=True)
    assert editor.code.text() == "IMAG-2026-2"
    assert not editor.code.isReadOnly()
    assert editor.names["de"].text() == before[SET]["name_de"]
    assert editor.codes() == [c["code"] for c in before[SET]["criteria"]]
    assert SET in editor.note.text()  # the copy leaves the original as it is
    assert not editor.in_use.isVisibleTo(editor)
    editor.code.setText("IMAG-2027")
    editor.names["de"].setText("Kriterien 2027")
    editor.names["pl"].setText("Kryteria 2027")
    editor.sources["cs"].setPlainText("Návrh sekretariátu")
    editor.proposal.setChecked(False)
    editor.scale_min.setValue(1)
    editor.scale_max.setValue(5)
    editor.set_label(5, "de", "ausgezeichnet")
    editor.select(row_of(editor, "NETWORKS"))
    editor.remove_criterion()
    save(qtbot, window, editor)
    assert not editor.isVisible(), editor.error.text()
    qtbot.waitUntil(lambda: screen.sets.set_choice.currentData() == "IMAG-2027", timeout=20000)
    after = sets(window)
    assert after[SET] == before[SET]  # the set copied from is unchanged
    made = after["IMAG-2027"]
    assert made["name_de"] == "Kriterien 2027"
    assert made["name_pl"] == "Kryteria 2027"
    assert made["name_cs"] == before[SET]["name_cs"]
    assert made["source_cs"] == "Návrh sekretariátu"
    assert made["proposal"] is False
    assert made["scale"] == {"min": 1, "max": 5}
    # the labels of 1–4 came along from the copy; 0 is outside the new scale; 5 is new
    assert [label["value"] for label in made["scale_labels"]] == [1, 2, 3, 4, 5]
    assert made["scale_labels"][-1] == {"value": 5, "de": "ausgezeichnet", "pl": None, "cs": None}
    assert [c["code"] for c in made["criteria"]] == [
        c["code"] for c in before[SET]["criteria"] if c["code"] != "NETWORKS"
    ]
    assert "IMAG-2027" in screen.sets.set_message.text()
    assert screen.sets.criteria_table.rowCount() == 5


def test_an_edited_set_is_replaced_and_a_round_keeps_its_frozen_copy(
    make_window, qtbot, demo_copy: AppPaths, tmp_path: Path
) -> None:
    window = make_window("pl", demo_copy.data_dir)
    with window.register.session() as session:
        secretariat.create_round(
            session,
            Actor("Sekretariat", "test"),
            secretariat.RoundInput(
                name=ROUND,
                deadline=dt.date(2099, 6, 30),
                kind=RoundKind.PARTNERSHIPS,
                departments=("SMWK",),
            ),
        )
        secretariat.issue(session, Actor("Sekretariat", "test"), ROUND, tmp_path / "outbox")
        frozen = partnership_rounds.round_criteria(session, secretariat.find_round(session, ROUND))
    screen = sets_page(qtbot, window)
    before = sets(window)[SET]
    assert frozen == before
    editor = open_editor(qtbot, screen, new=False)
    assert editor.code.isReadOnly()
    assert editor.in_use.isVisibleTo(editor)
    assert f"„{ROUND}”" in editor.in_use.text()  # Polish quotes: the message is translated
    assert "(otwarta)" in editor.in_use.text()
    editor.select(row_of(editor, "GOALS"))
    editor.weight.setValue(5)
    editor.select(row_of(editor, "WORKING_GROUP"))
    editor.criterion_names["pl"].setText("Praca dwustronnej grupy roboczej")
    editor.criterion_names["pl"].textEdited.emit("Praca dwustronnej grupy roboczej")
    editor.select(row_of(editor, "NETWORKS"))
    editor.remove_criterion()
    editor.add_button.click()
    qtbot.keyClicks(editor.criterion_code, "media")  # typed in small letters: shown in capitals
    assert editor.criterion_code.text() == "MEDIA"
    qtbot.keyClicks(editor.criterion_names["de"], "Sichtbarkeit in den Medien")
    editor.weight.setValue(1.5)
    save(qtbot, window, editor)
    assert not editor.isVisible(), editor.error.text()
    after = sets(window)[SET]
    by_code = {c["code"]: c for c in after["criteria"]}
    assert list(by_code) == [*(c["code"] for c in before["criteria"][:5]), "MEDIA"]
    assert by_code["GOALS"]["weight"] == 5
    assert by_code["WORKING_GROUP"]["name_pl"] == "Praca dwustronnej grupy roboczej"
    assert by_code["WORKING_GROUP"]["name_de"] == before["criteria"][1]["name_de"]
    assert by_code["MEDIA"]["name_de"] == "Sichtbarkeit in den Medien"
    assert by_code["MEDIA"]["weight"] == 1.5
    with window.register.session() as session:
        kept = partnership_rounds.round_criteria(session, secretariat.find_round(session, ROUND))
    assert kept == frozen  # the round keeps the criteria it froze
    assert [c["code"] for c in kept["criteria"]][-1] == "NETWORKS"
    qtbot.waitUntil(lambda: screen.sets.criteria_table.rowCount() == 6, timeout=20000)
    last = screen.sets.criteria_table.item(5, 0)
    assert last is not None
    assert last.text() == "MEDIA"


def _scale_upside_down(editor: CriteriaEditor) -> None:
    editor.scale_min.setValue(4)
    editor.scale_max.setValue(4)


def _code_twice(editor: CriteriaEditor) -> None:
    editor.select(row_of(editor, "NETWORKS"))
    editor.criterion_code.setText("GOALS")
    editor.criterion_code.textEdited.emit("GOALS")


def _no_german_name(editor: CriteriaEditor) -> None:
    editor.names["de"].setText("  ")


def _criterion_without_german_name(editor: CriteriaEditor) -> None:
    editor.select(row_of(editor, "EFFORT_BENEFIT"))
    editor.criterion_names["de"].setText("")
    editor.criterion_names["de"].textEdited.emit("")
    editor.select(0)


def _weight_zero(editor: CriteriaEditor) -> None:
    editor.select(row_of(editor, "GOALS"))
    editor.weight.setValue(0)


INVALID = {
    "scale": (
        _scale_upside_down,
        {"de": "die Skala 4–4 ist nicht zulässig", "pl": "skala 4–4 jest niedozwolona",
         "cs": "stupnice 4–4 není přípustná"},
    ),
    "twice": (
        _code_twice,
        {"de": "das Kriterium GOALS ist doppelt angegeben",
         "pl": "kryterium GOALS jest podane dwukrotnie",
         "cs": "kritérium GOALS je uvedeno dvakrát"},
    ),
    "german name": (
        _no_german_name,
        {"de": "der Satz braucht einen deutschen Namen", "pl": "zestaw wymaga nazwy niemieckiej",
         "cs": "sada potřebuje německý název"},
    ),
    "criterion name": (
        _criterion_without_german_name,
        {"de": "das Kriterium EFFORT_BENEFIT braucht einen deutschen Namen",
         "pl": "kryterium EFFORT_BENEFIT wymaga nazwy niemieckiej",
         "cs": "kritérium EFFORT_BENEFIT potřebuje německý název"},
    ),
    "weight": (
        _weight_zero,
        {"de": "das Gewicht von GOALS muss größer als 0", "pl": "waga GOALS musi być większa od 0",
         "cs": "váha GOALS musí být větší než 0"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
@pytest.mark.parametrize("case", list(INVALID))
def test_an_invalid_set_is_refused_in_the_dialog_and_nothing_is_saved(
    make_window, qtbot, demo_copy: AppPaths, lang: str, case: str
) -> None:
    change, said = INVALID[case]
    window = make_window(lang, demo_copy.data_dir)
    screen = sets_page(qtbot, window)
    before = sets(window)
    editor = open_editor(qtbot, screen, new=False)
    editor.select(row_of(editor, "GOALS"))
    editor.weight.setValue(4)  # a valid change that must not be saved either
    change(editor)
    editor.tabs.setCurrentIndex(0 if case in ("twice", "criterion name", "weight") else 1)
    save(qtbot, window, editor)
    assert editor.isVisible()  # the dialog stays open, with the reason
    assert editor.error.isVisible()
    assert said[lang] in editor.error.text(), editor.error.text()
    assert editor.buttons.isEnabled()
    assert sets(window) == before
    if case in ("twice", "criterion name", "weight"):  # the criterion named is shown
        assert editor.tabs.currentIndex() == 1
        code = {"twice": "GOALS", "criterion name": "EFFORT_BENEFIT", "weight": "GOALS"}[case]
        assert editor.criterion_code.text() == code
        if case == "twice":  # the second one
            assert editor.current_row() == len(editor.codes()) - 1
    if case == "scale":
        assert editor.tabs.currentIndex() == 0
    editor.reject()


def test_a_new_set_with_a_code_in_use_is_refused(make_window, qtbot, demo_copy: AppPaths) -> None:
    window = make_window("cs", demo_copy.data_dir)
    screen = sets_page(qtbot, window)
    before = sets(window)
    editor = open_editor(qtbot, screen, new=True)
    editor.code.setText("imag-2026")
    editor.names["de"].setText("Überschreibt nichts")
    editor.tabs.setCurrentIndex(1)
    save(qtbot, window, editor)
    assert editor.isVisible()
    assert editor.tabs.currentIndex() == 0  # where the code is
    assert "IMAG-2026" in editor.error.text()
    assert "již existuje" in editor.error.text()
    assert sets(window) == before


def test_the_criteria_list_is_edited_in_order(qtbot) -> None:
    """Add, remove and move criteria; the document handed to the save is what the list shows."""
    saved: list[dict[str, Any]] = []

    def keep(document, done, _failed) -> None:
        saved.append(document)
        done(document["code"])

    editor = CriteriaEditor(
        translator("de"), criteria.default_document(), keep, new=True, copied_from=SET
    )
    qtbot.addWidget(editor)
    codes = [c["code"] for c in criteria.default_document()["criteria"]]
    assert editor.codes() == codes
    editor.select(0)
    assert not editor.up_button.isEnabled()
    editor.down_button.click()
    assert editor.codes()[:2] == [codes[1], codes[0]]
    assert editor.current_row() == 1
    editor.up_button.click()
    assert editor.codes() == codes
    editor.select(len(codes) - 1)
    assert not editor.down_button.isEnabled()
    editor.remove_button.click()
    assert editor.codes() == codes[:-1]
    assert editor.current_row() == len(codes) - 2
    editor.select(0)
    editor.add_button.click()
    assert editor.current_row() == 1
    assert editor.criterion_code.text() == ""
    editor.criterion_code.setText("new_one")
    editor.criterion_code.textEdited.emit("new_one")
    added = editor.table.item(1, 0)
    assert added is not None
    assert added.text() == "NEW_ONE"
    editor.code.setText("TEST")
    editor.submit()
    assert len(saved) == 1
    assert [c["code"] for c in saved[0]["criteria"]] == [codes[0], "NEW_ONE", *codes[1:-1]]
    assert saved[0]["criteria"][1]["weight"] == 1
    assert editor.saved_code == "TEST"
    assert editor.result() == CriteriaEditor.DialogCode.Accepted


def test_free_code() -> None:
    assert free_code("IMAG-2026", {"IMAG-2026"}) == "IMAG-2026-2"
    assert free_code("IMAG-2026", {"IMAG-2026", "imag-2026-2"}) == "IMAG-2026-3"
    long = "A" * 32
    assert free_code(long, {long}) == "A" * 30 + "-2"


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_editor_by_keyboard_and_screen_reader(
    make_window,
    qtbot,
    demo_copy: AppPaths,
    qt_language,
    lang: str,
) -> None:
    qt_language(lang)
    window = make_window(lang, demo_copy.data_dir)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    screen = sets_page(qtbot, window)
    assert check_window(window, f"{lang} criteria sets") == []
    assert unnamed(window) == []
    for new in (True, False):
        editor = open_editor(qtbot, screen, new=new)
        assert check_window(editor, f"{lang} criteria editor") == []
        for tab in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(tab)
            assert unnamed(editor) == [], (lang, new, tab)
        editor.tabs.setCurrentIndex(0)
        qtbot.waitUntil(editor.isActiveWindow)
        focus_on(qtbot, editor.code)
        order = [editor.proposal, editor.names["de"], editor.sources["de"], editor.names["pl"]]
        for widget in order:
            press_to(qtbot, widget)
        editor.tabs.setCurrentIndex(1)
        focus_on(qtbot, editor.table)
        order = [editor.add_button, editor.remove_button, editor.up_button, editor.down_button,
                 editor.criterion_code, editor.weight, editor.criterion_names["de"]]  # fmt: skip
        if not editor.up_button.isEnabled():
            order.remove(editor.up_button)
        for widget in order:
            press_to(qtbot, widget)
        editor.reject()
