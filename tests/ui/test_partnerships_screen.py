"""The Partnerships page on a real register: the partnerships listed and filtered, a round's
results after the departments' returns are imported, the working group's conclusion recorded,
the criteria sets shown, exported and imported again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.errors import InvalidInput
from app.partnerships import rounds
from app.paths import AppPaths
from app.rounds import workspace
from app.ui.partnerships.partnerships_screen import PartnershipsScreen
from app.ui.widgets import tree_items
from tests.support.partnership_kit import ROUND, assess_and_return, partnership_round
from tests.support.project import isolated
from tests.support.qt import check_window, focus_on, idle, press_to, shown, unnamed

pytestmark = pytest.mark.gui


def visible_codes(screen: PartnershipsScreen) -> list[str]:
    return [row.text(0) for row in tree_items(screen.table) if not row.isHidden()]


@pytest.fixture(scope="module")
def returned_once(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A partnership round for SMWK and SMWA, both returns imported; the secretariat's folder,
    made once per module."""
    root = tmp_path_factory.mktemp("returned")
    with isolated(tmp_path_factory.mktemp("returned-home") / "home"):
        cycle = partnership_round(demo_dir / "register.imag.sqlite", root / "cycle")
        for department, score, choice in (("SMWK", 4, "continue"), ("SMWA", 1, "sectoral")):
            cycle.import_(assess_and_return(cycle, department, score, choice))
    return cycle.secretariat_dir


@pytest.fixture
def returned(returned_once: Path, tmp_path: Path) -> Path:
    """A copy of that secretariat's folder, to change."""
    folder = tmp_path / "secretariat"
    shutil.copytree(returned_once, folder)
    return folder


def test_lists_and_filters_the_partnerships(make_window, qtbot, demo_copy: AppPaths) -> None:
    window = make_window("de", demo_copy.data_dir)
    screen = shown(qtbot, window)
    codes = visible_codes(screen)
    assert "RP-PL-DS" in codes
    assert "RP-RU-SPE" in codes
    assert "RP-FR-TBD" in codes
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("dormant"))
    assert set(visible_codes(screen)) == {"RP-RU-SPE", "RP-RU-TA", "RP-RU-BA"}
    screen.status_filter.setCurrentIndex(0)
    screen.kind_filter.setCurrentIndex(screen.kind_filter.findData("cross_border"))
    assert all(code.startswith("GE-") for code in visible_codes(screen))
    screen.kind_filter.setCurrentIndex(0)
    screen.department_filter.setCurrentIndex(screen.department_filter.findData("LDS"))
    assert set(visible_codes(screen)) == {"GE-LDS-CZ-LI", "GE-LDS-CZ-US", "GE-LDS-CZ-KA"}
    screen.department_filter.setCurrentIndex(0)
    screen.search.setText("schles")
    assert visible_codes(screen) == ["RP-PL-DS"]
    screen.select("RP-PL-DS")
    text = screen.detail.toPlainText()
    assert "Niederschlesien" in text
    assert "1999" in text
    assert "SMWK" in text
    assert not screen.conclude_button.isEnabled()  # no open partnership round


def test_results_and_conclusion(make_window, qtbot, returned: Path) -> None:
    window = make_window("de", returned)
    screen = shown(qtbot, window)
    screen.select("RP-PL-DS")
    row = next(r for r in tree_items(screen.table) if r.text(0) == "RP-PL-DS")
    assert row.text(5) == "62 %"  # (4 + 1) / 2 = 2.5 of 0–4
    text = screen.detail.toPlainText()
    assert ROUND in text
    assert "SMWK" in text
    assert "SMWA" in text
    assert "2,5" in text  # the mean, in German
    assert "weiterführen" in text.lower() or "SMWK: " in text  # the recommendations
    assert screen.conclusion_round.currentData() == ROUND
    assert screen.conclude_button.isEnabled()
    screen.conclusion_choice.setCurrentIndex(screen.conclusion_choice.findData("sectoral"))
    screen.conclusion_text.setPlainText("Auf Hochschulkooperation konzentrieren.")
    screen.conclude_button.click()
    qtbot.waitUntil(lambda: bool(screen.conclusion_message.text()), timeout=20000)
    idle(qtbot, window)
    assert "RP-PL-DS" in screen.conclusion_message.text()
    with window.register.session() as session:
        result = next(
            p for p in rounds.results(session, ROUND).partnerships if p.code == "RP-PL-DS"
        )
    assert result.conclusion is not None
    assert result.conclusion["recommendation"] == "sectoral"
    assert result.conclusion["text"] == "Auf Hochschulkooperation konzentrieren."
    qtbot.waitUntil(lambda: "Hochschulkooperation" in screen.detail.toPlainText())
    assert screen.selected() == "RP-PL-DS"


def test_criteria_sets_exported_and_imported(
    make_window, qtbot, demo_copy: AppPaths, tmp_path: Path
) -> None:
    window = make_window("pl", demo_copy.data_dir)
    screen = shown(qtbot, window)
    screen.tabs.setCurrentIndex(1)
    assert screen.sets.current_set() is not None
    assert screen.sets.criteria_table.rowCount() == 6
    target = tmp_path / "set.json"
    screen.sets.export_set("IMAG-2026", target)
    qtbot.waitUntil(target.exists, timeout=20000)
    idle(qtbot, window)
    document = json.loads(target.read_text(encoding="utf-8"))
    document["code"] = "TEST-1"
    document["criteria"] = document["criteria"][:2]
    target.write_text(json.dumps(document), encoding="utf-8")
    screen.sets.import_set(target)
    qtbot.waitUntil(lambda: screen.sets.set_choice.currentData() == "TEST-1", timeout=20000)
    assert screen.sets.criteria_table.rowCount() == 2
    document["scale"] = {"min": 3, "max": 1}
    target.write_text(json.dumps(document), encoding="utf-8")
    screen.sets.import_set(target)
    qtbot.waitUntil(lambda: bool(screen.sets.set_message.styleSheet()), timeout=20000)
    assert (
        "TEST-1" in screen.sets.set_message.text() or "set.json" in screen.sets.set_message.text()
    )


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_partnerships_page_by_keyboard(
    make_window,
    qtbot,
    returned: Path,
    qt_language,
    lang: str,
) -> None:
    qt_language(lang)
    window = make_window(lang, returned)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    screen = shown(qtbot, window)
    screen.select("RP-CZ")
    problems = check_window(window, f"{lang} partnerships")
    assert problems == [], "\n".join(problems)
    assert unnamed(window) == []
    screen.tabs.setCurrentIndex(0)
    focus_on(qtbot, screen.search)
    order = [screen.status_filter, screen.kind_filter, screen.department_filter, screen.table]
    for widget in order:
        press_to(qtbot, widget)
    # The new-round dialog, set to a partnership round: its own letters do not clash either.
    window.show_page(2)
    rounds_screen = window.rounds.secretariat
    qtbot.waitUntil(lambda: rounds_screen.loaded and window.worker.idle, timeout=20000)
    # the list of rounds says which kind each round is
    kinds = {row.text(0): row.text(1) for row in tree_items(rounds_screen.table)}
    assert kinds[ROUND] == {"de": "Partnerschaften", "pl": "Partnerstwa", "cs": "Partnerství"}[lang]
    rounds_screen.new_button.click()
    dialog = rounds_screen.new_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.kind.setCurrentIndex(dialog.kind.findData("partnerships"))
    assert dialog.criteria_set.isVisibleTo(dialog)
    assert not dialog.instruments.isVisibleTo(dialog)
    assert check_window(dialog, f"{lang} new partnership round") == []
    data = dialog.collect()
    assert data.criteria_set == "IMAG-2026"
    # the active and dormant regional partnerships are ticked; the departments follow the rule
    # (ticked as the rule would ask them) until one is ticked by hand
    chosen = dialog.chosen_partnerships()
    assert "RP-PL-DS" in chosen
    assert "RP-FR-TBD" not in chosen  # under consideration
    assert data.partnerships == tuple(chosen)
    assert data.departments == ()
    ticked = {
        str(item.data(0, Qt.ItemDataRole.UserRole)): item.text(1)
        for item in tree_items(dialog.assessors)
        if item.checkState(0) == Qt.CheckState.Checked
    }
    assert "SK" in ticked  # for the partnerships nobody works with
    for item in tree_items(dialog.assessors):
        wanted = str(item.data(0, Qt.ItemDataRole.UserRole)) == "SMWA"
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    for item in tree_items(dialog.partnership_list):
        wanted = str(item.data(0, Qt.ItemDataRole.UserRole)) in {"RP-PL-DS", "RP-CZ"}
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    data = dialog.collect()
    assert data.departments == ("SMWA",)
    assert data.partnerships == ("RP-PL-DS", "RP-CZ")
    counts = {
        str(item.data(0, Qt.ItemDataRole.UserRole)): item.text(1)
        for item in tree_items(dialog.assessors)
    }
    assert counts["SMWA"] == "2"
    assert counts["SK"] == "–"
    for item in tree_items(dialog.assessors):
        item.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.submit()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.isVisible()
    dialog.reject()


def department_screen(make_window, qtbot, laptop: Path, lang: str = "de"):
    window = make_window(lang, laptop)
    window.rounds.set_role("department")
    window.show_page(2)
    screen = window.rounds.workspace
    screen.activate()
    qtbot.waitUntil(lambda: screen.view is not None and window.worker.idle, timeout=20000)
    return window, screen


def test_the_department_scores_a_partnership(
    make_window, qtbot, demo_copy: AppPaths, tmp_path: Path
) -> None:
    cycle = partnership_round(demo_copy.data_dir / "register.imag.sqlite", tmp_path / "cycle")
    window, screen = department_screen(make_window, qtbot, cycle.laptops["SMWK"])
    assert screen.partnerships
    assert [row.text(0) for row in tree_items(screen.items.list)] == ["RP-PL-DS", "RP-CZ"]
    assert screen.items.list.topLevelItem(0).text(1) == "Niederschlesien"
    assert screen.items.list.topLevelItem(0).text(2) == "nicht bewertet"
    screen.select("RP-PL-DS")
    form = screen.forms.assessment
    assert not screen.forms.form.isVisibleTo(screen)
    assert not screen.forms.keep_button.isVisibleTo(screen)
    goals = form.scores["GOALS"]
    # Only the scale's points (0–4, with their labels) and "no score" can be chosen.
    assert [goals.itemData(i) for i in range(goals.count())] == [None, 0, 1, 2, 3, 4]
    assert goals.itemText(4) == "3 – hoch"
    assert goals.toolTip()  # the criterion's description
    goals.setFocus()
    qtbot.keyClicks(goals, "9")
    assert goals.currentData() is None  # nothing outside the scale
    goals.setCurrentIndex(goals.findData(3))
    form.comments["GOALS"].setFocus()
    qtbot.keyClicks(form.comments["GOALS"], "gut")
    qtbot.waitUntil(lambda: window.worker.idle and not screen.pending, timeout=20000)
    screen.flush()
    qtbot.waitUntil(lambda: screen.forms.saved.text() != "" and window.worker.idle, timeout=20000)
    assert screen.items.states["RP-PL-DS"][0] == "incomplete"
    # what is missing is named as the form names the criteria, not by their codes
    missing = form.problem.text()
    assert missing.startswith("noch keine Bewertung für: Aktivität der bilateralen Arbeitsgruppe; ")
    assert "WORKING_GROUP" not in missing
    assert "Beitrag zu den sechs Zielen" not in missing  # scored already
    with window.register.session() as session:
        ws_round = workspace.find(session, None)
        saved = workspace.answers(session, ws_round)["RP-PL-DS"]
        assert saved["scores"]["GOALS"] == {"score": 3, "comment": "gut"}
        with pytest.raises(InvalidInput):  # the core refuses what the form cannot offer
            workspace.assess(session, ws_round, "RP-PL-DS", scores={"GOALS": (7, None)})
    for code, box in form.scores.items():
        box.setCurrentIndex(box.findData(2 if code != "GOALS" else 3))
    form.recommendation.setCurrentIndex(form.recommendation.findData("continue"))
    assert screen.items.states["RP-PL-DS"][0] == "answered"
    screen.flush()
    qtbot.waitUntil(lambda: window.worker.idle, timeout=20000)
    with window.register.session() as session:
        states = workspace.item_states(session, workspace.find(session, None))
    assert [(s.code, s.state) for s in states] == [("RP-PL-DS", "answered"), ("RP-CZ", "missing")]
    # Tab runs through the form in reading order.
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    focus_on(qtbot, screen.items.list)
    for widget in [*form.editors()][:5]:
        press_to(qtbot, widget)
    screen.open_export()
    export = screen.export_dialog
    assert export is not None
    # the export speaks of partnerships, not of measures
    summary = export.summary.text()
    assert "Bewertet: 1 von 2 Partnerschaften." in summary
    assert "1 Partnerschaft ist noch nicht bewertet" in summary
    assert "Maßnahme" not in summary
    target = tmp_path / "return.imag-return"
    export.path.setText(str(target))
    export.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    outcome = cycle.import_(target)
    assert outcome is not None
