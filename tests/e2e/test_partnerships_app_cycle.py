"""A partnership round with three departments, run end to end in the app, through the windows
as the people involved work them:

1. the secretariat (a copy of the demo register, German) creates the round in the "New round…"
   dialog (kind, criteria set, the departments SK, SMWK and SMWA, name, deadline) and issues
   the packages with the "Issue packages…" button;
2. each department, in a window of its own on an empty register (SK in German, SMWK in Polish,
   SMWA in Czech), opens its package with "Open round package…", scores every partnership it
   is asked about on every criterion in the assessment form, with comments and a
   recommendation, and exports its return in the export dialog;
3. the secretariat imports the three returns from the import menu, sees all three complete,
   checks one partnership's results on the Partnerships page against means, spreads and the
   weighted result computed here from the scores typed, records the IMAG's conclusion, closes
   the round with "Close round…", and writes the partnership evaluation report in Polish on the
   Reports page; the PDF is read back with pdftotext and pdffonts.

File dialogs and the yes/no question are answered by patching them; everything else is done
through the widgets. The core is used only to read back what the windows wrote.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextTable
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTextBrowser

from app.partnerships import rounds as partnership_rounds
from app.paths import AppPaths, resolve
from app.reports import ReportKind
from app.rounds import secretariat as core_secretariat
from app.rounds import workspace as core_workspace
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from app.ui.widgets import tree_items
from app.ui.workspace.workspace_screen import WorkspaceScreen
from tests.support.qt import PARTNERSHIPS_PAGE, REPORTS_PAGE, ROUNDS_PAGE, choose, idle, type_into

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
        reason="poppler-utils (pdftotext, pdffonts) are not installed",
    ),
]

ROUND = "Partnerschaftsbewertung 2026"
CRITERIA_SET = "IMAG-2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")
LANGUAGE = {"SK": "de", "SMWK": "pl", "SMWA": "cs"}  # each department's window
CHOICE = {"SK": "continue", "SMWK": "sectoral", "SMWA": "rest"}
CHECKED = "RP-PL-DS"  # the partnership whose results are checked on the Partnerships page
CONCLUSION = "Zusammenarbeit auf Hochschulen und Kultur ausrichten; Prüfung 2028."
SCALE = range(0, 5)
# The criteria of the demo register's set IMAG-2026 and their weights, as its file defines them.
WEIGHTS = {
    "GOALS": 3.0,
    "WORKING_GROUP": 2.0,
    "SECTOR_RESULTS": 3.0,
    "SECTORAL_POTENTIAL": 2.0,
    "EFFORT_BENEFIT": 2.0,
    "NETWORKS": 1.0,
}
EXPORTED = {  # the export dialog's first line, when all n partnerships are assessed
    "de": "Bewertet: {n} von {n} Partnerschaften.",
    "pl": "Oceniono: {n} z {n} partnerstw.",
    "cs": "Ohodnoceno: {n} z {n} partnerství.",
}


def score(department: str, partnership: str, criterion: int) -> int:
    """A made-up score on the 0–4 scale: varied, and the departments seldom agree."""
    seed = zlib.crc32(partnership.encode()) + 2 * criterion
    return (seed + (DEPARTMENTS.index(department) + 1) * (criterion % 3 + 1)) % len(SCALE)


def comment(department: str, partnership: str) -> str:
    """The comment on the first criterion (with letters that QTest cannot type as keys)."""
    return {
        "SK": f"{partnership}: gemeinsame Projekte der Hochschulen laufen gut",
        "SMWK": f"{partnership}: współpraca uczelni się rozwija",
        "SMWA": f"{partnership}: spolupráce podniků je slabší",
    }[department]


def decimal(value: float) -> str:
    """A mean as the German window shows it: up to two decimals, a comma, no trailing zeros."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class Expected:
    """One partnership's results, computed here from the scores the departments typed."""

    asked: list[str]
    means: dict[str, float]
    spreads: dict[str, int]
    weighted: float
    percent: float


def expected_results(asked: dict[str, list[str]], code: str) -> Expected:
    departments = [d for d in DEPARTMENTS if code in asked[d]]
    scores = {
        criterion: [score(d, code, index) for d in departments]
        for index, criterion in enumerate(WEIGHTS)
    }
    means = {criterion: mean(values) for criterion, values in scores.items()}
    spreads = {criterion: max(values) - min(values) for criterion, values in scores.items()}
    weighted = sum(WEIGHTS[c] * means[c] for c in WEIGHTS) / sum(WEIGHTS.values())
    percent = 100 * (weighted - SCALE[0]) / (SCALE[-1] - SCALE[0])
    return Expected(departments, means, spreads, weighted, percent)


def text_tables(browser: QTextBrowser) -> list[list[list[str]]]:
    """The tables a rich-text view shows, cell by cell, as the user reads them."""
    found: list[list[list[str]]] = []

    def walk(frame) -> None:
        for child in frame.childFrames():
            if isinstance(child, QTextTable):
                rows = []
                for row in range(child.rows()):
                    cells = []
                    for column in range(child.columns()):
                        cell = child.cellAt(row, column)
                        cursor = cell.firstCursorPosition()
                        cursor.setPosition(
                            cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cells.append(cursor.selectedText())
                    rows.append(cells)
                found.append(rows)
            walk(child)

    walk(browser.document().rootFrame())
    return found


def pdf_text(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


# -- the secretariat ----------------------------------------------------------------------------


def create_round(qtbot, window: MainWindow, deadline: dt.date) -> None:
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.secretariat
    assert window.rounds.views.currentWidget() is screen  # the secretariat's view comes first
    qtbot.waitUntil(lambda: screen.loaded and window.worker.idle, timeout=20000)
    screen.new_button.click()
    dialog = screen.new_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    choose(dialog.kind, "partnerships")
    assert dialog.criteria_set.isVisibleTo(dialog)
    assert not dialog.instruments.isVisibleTo(dialog)
    choose(dialog.criteria_set, CRITERIA_SET)
    # The departments assessing: ticked as the rule would ask them, until ticked by hand.
    assert dialog.assessors.isVisibleTo(dialog)
    assert not dialog.departments.isVisibleTo(dialog)
    assert dialog.assessing() == []
    for item in tree_items(dialog.assessors):
        wanted = item.data(0, Qt.ItemDataRole.UserRole) in DEPARTMENTS
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    assert sorted(dialog.assessing()) == sorted(DEPARTMENTS)
    qtbot.keyClicks(dialog.name, ROUND)
    dialog.deadline.clear()
    qtbot.keyClicks(dialog.deadline, window.tr_.date(deadline, "short"))  # typed as written
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert not dialog.error.isVisible()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: screen.selected() == ROUND, timeout=20000)
    progress = screen.selected_progress()
    assert progress is not None
    assert (progress.kind, progress.status, progress.deadline) == (
        "partnerships",
        "draft",
        deadline,
    )
    assert [d.code for d in progress.departments] == list(DEPARTMENTS)
    assert screen.message.text() == f"Runde „{ROUND}“ angelegt (Entwurf)."


def issue(qtbot, window: MainWindow, outbox: Path, monkeypatch) -> dict[str, Path]:
    screen = window.rounds.secretariat
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(outbox))
    screen.issue_button.click()
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.isVisible(), timeout=20000
    )
    idle(qtbot, window)
    assert screen.results is not None
    lines = screen.results.texts()
    assert sorted(line[1] for line in lines) == sorted(DEPARTMENTS)
    assert all(line[0] == "geschrieben" for line in lines)
    # each package line counts partnerships, not measures
    assert all(re.fullmatch(r"\d+ Partnerschaft(en)?", line[3]) for line in lines), lines
    packages = {line[1]: outbox / line[2] for line in lines}
    assert all(path.is_file() for path in packages.values())
    screen.results.reject()
    progress = screen.selected_progress()
    assert progress is not None
    assert progress.status == "open"
    return packages


# -- a department -------------------------------------------------------------------------------


def open_package(qtbot, window: MainWindow, package: Path, monkeypatch) -> WorkspaceScreen:
    window.rounds.set_role("department")
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.workspace
    assert window.rounds.views.currentWidget() is screen
    idle(qtbot, window)
    assert screen.view is None
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    screen.open_button.click()
    qtbot.waitUntil(lambda: screen.view is not None, timeout=20000)
    idle(qtbot, window)
    return screen


def assess_everything(qtbot, window: MainWindow, screen: WorkspaceScreen, department: str) -> None:
    """Every partnership of the package, every criterion: a score from the combo box; a comment
    on the first criterion; a recommendation with a comment."""
    assert screen.view is not None
    assert screen.partnerships
    form = screen.forms.assessment
    for code in [row.text(0) for row in tree_items(screen.items.list)]:
        screen.select(code)
        assert screen.code == code
        assert code in form.heading.text()
        assert list(form.scores) == list(WEIGHTS)  # the criteria frozen with the round
        for index, box in enumerate(form.scores.values()):
            # only the scale's points (and "no score") can be chosen
            assert [box.itemData(i) for i in range(box.count())] == [None, *SCALE]
            box.setFocus()
            box.setCurrentIndex(box.findData(score(department, code, index)))
        type_into(qtbot, form.comments["GOALS"], comment(department, code))
        choose(form.recommendation, CHOICE[department])
        type_into(qtbot, form.recommendation_comment, f"{department} empfiehlt")
        assert screen.items.states[code][0] == "answered", screen.items.states[code]
    idle(qtbot, window)


def export_return(
    qtbot, window: MainWindow, screen: WorkspaceScreen, target: Path, *, lang: str, count: int
) -> None:
    screen.export_button.click()
    dialog = screen.export_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert EXPORTED[lang].format(n=count) in dialog.summary.text()
    assert not dialog.incomplete.isVisibleTo(dialog)
    assert dialog.encrypt.isChecked()
    dialog.path.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20000)
    assert dialog.exported is not None
    assert dialog.exported.encrypted
    assert target.is_file()
    dialog.reject()
    idle(qtbot, window)


# -- the whole round ----------------------------------------------------------------------------


def test_a_partnership_round_with_three_departments_in_the_app(
    make_window, qtbot, monkeypatch, demo_copy: AppPaths, tmp_path: Path
) -> None:
    questions: list[str] = []

    def answer_yes(_parent, _title, text, *_a, **_k):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    def fail(_parent, title, text, *_a, **_k):
        raise AssertionError(f"message box {title!r}: {text}")

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QMessageBox, "question", answer_yes)

    # -- 1. the secretariat creates the round and issues its packages ----------------------------
    sec = make_window("de", demo_copy.data_dir)
    sec.show()
    sec.show_page(PARTNERSHIPS_PAGE)  # a look at the partnerships first: none evaluated yet
    page = sec.partnerships
    qtbot.waitUntil(lambda: page.loaded and bool(page.data.partnerships), timeout=20000)
    idle(qtbot, sec)
    page.select(CHECKED)
    assert "noch nicht evaluiert" in page.detail.toPlainText()
    assert not page.conclude_button.isEnabled()

    deadline = dt.date.today() + dt.timedelta(days=30)
    create_round(qtbot, sec, deadline)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    packages = issue(qtbot, sec, outbox, monkeypatch)
    fingerprint = sec.rounds.secretariat.fingerprint.text().rsplit(":", 1)[1].strip()
    assert fingerprint

    # -- 2. each department on its own laptop ----------------------------------------------------
    asked: dict[str, list[str]] = {}
    returns: list[Path] = []
    for department in DEPARTMENTS:
        lang = LANGUAGE[department]
        laptop = resolve(tmp_path / f"laptop-{department}")
        laptop.data_dir.mkdir()
        open_register(laptop).close()
        window = make_window(lang, laptop.data_dir)
        window.show()
        screen = open_package(qtbot, window, packages[department], monkeypatch)
        assert fingerprint in screen.banner.text()  # shown on first open, to compare
        assert screen.view is not None
        assert screen.view.name == ROUND
        assert screen.view.department == department
        asked[department] = [row.text(0) for row in tree_items(screen.items.list)]
        assert CHECKED in asked[department]  # every one of them works with it
        assert {state for state, _problem in screen.items.states.values()} == {"missing"}
        assess_everything(qtbot, window, screen, department)
        target = tmp_path / "inbox" / f"return-{department}.imag-return"
        target.parent.mkdir(exist_ok=True)
        export_return(qtbot, window, screen, target, lang=lang, count=len(asked[department]))
        returns.append(target)
        with window.register.session() as session:  # read back what the form saved
            saved = core_workspace.answers(session, core_workspace.find(session, ROUND))
        assert set(saved) == set(asked[department])
        entry = saved[CHECKED]
        assert entry["scores"]["GOALS"] == {
            "score": score(department, CHECKED, 0),
            "comment": comment(department, CHECKED),
        }
        assert entry["scores"]["NETWORKS"] == {
            "score": score(department, CHECKED, 5),
            "comment": None,
        }
        assert entry["recommendation"] == {
            "choice": CHOICE[department],
            "comment": f"{department} empfiehlt",
        }
        window.close()

    # Every partnership in scope is assessed by somebody.
    every = {code for codes in asked.values() for code in codes}
    assert len(every) == 13  # the demo register's active and dormant regional partnerships
    assert len({tuple(codes) for codes in asked.values()}) > 1  # not all asked the same
    every_pair = sum(len(codes) for codes in asked.values())

    # -- 3. the secretariat imports, reads the results, concludes, closes, reports ---------------
    sec.show_page(ROUNDS_PAGE)
    screen = sec.rounds.secretariat
    idle(qtbot, sec)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(p) for p in returns], "")
    )
    screen.import_files_action.trigger()
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.isVisible(), timeout=20000
    )
    idle(qtbot, sec)
    assert screen.results is not None
    lines = screen.results.texts()
    assert sorted((line[0], line[1]) for line in lines) == [
        ("importiert", department) for department in sorted(DEPARTMENTS)
    ]
    screen.results.reject()
    assert "Importiert: 3; bereits importiert: 0; abgewiesen: 0." in screen.message.text()
    qtbot.waitUntil(lambda: screen.selected() == ROUND, timeout=20000)
    rows = {row.code: row for row in screen.completeness.rows}
    assert set(rows) == set(DEPARTMENTS)
    for department, row in rows.items():
        assert row.state == "complete", (department, row.state)
        assert (row.expected, row.returned, row.missing_codes) == (
            len(asked[department]),
            len(asked[department]),
            [],
        )
    summary = screen.completeness.summary.text()
    assert "Rückmeldungen: 3 von 3 Ressorts" in summary
    assert f"Partnerschaften bewertet: {every_pair} von {every_pair}" in summary
    table = {row.text(0): row.text(4) for row in tree_items(screen.table)}
    assert table[ROUND] == "3 von 3 Ressorts"

    # The Partnerships page (read before the round existed) shows the results now.
    sec.show_page(PARTNERSHIPS_PAGE)
    qtbot.waitUntil(lambda: page.loaded and ROUND in page.data.results, timeout=20000)
    idle(qtbot, sec)
    page.select(CHECKED)
    expected = expected_results(asked, CHECKED)
    row = next(r for r in tree_items(page.table) if r.text(0) == CHECKED)
    assert row.text(5) == f"{round(expected.percent)} %"
    text = page.detail.toPlainText()
    assert f"Runde „{ROUND}“" in text
    assert "Ressorts mit Antwort: 3 von 3" in text
    assert (
        f"Gewichtetes Ergebnis: {decimal(expected.weighted)} auf der Skala 0–4 "
        f"({round(expected.percent)} %)"
    ) in text
    [results] = [t for t in text_tables(page.detail) if t[0][-2:] == ["Mittel", "Streuung"]]
    assert results[0] == ["Kriterium", "Gewicht", *expected.asked, "Mittel", "Streuung"]
    assert len(results) == 1 + len(WEIGHTS)
    for index, (criterion, cells) in enumerate(zip(WEIGHTS, results[1:], strict=True)):
        scores = [
            f"{score(d, CHECKED, index)}{'*' if index == 0 else ''}" for d in expected.asked
        ]  # a score with a comment is marked *
        assert cells[1:] == [
            decimal(WEIGHTS[criterion]),
            *scores,
            decimal(expected.means[criterion]),
            str(expected.spreads[criterion]),
        ], criterion
    assert max(expected.spreads.values()) > 0  # the departments did not all agree
    for department in DEPARTMENTS:
        assert comment(department, CHECKED) in text
    for department, label in (
        ("SK", "fortführen"),
        ("SMWK", "auf sektorale Zusammenarbeit ausrichten"),
        ("SMWA", "ruhen lassen"),
    ):
        assert f"{department}: {label} ({department} empfiehlt)" in text

    # The IMAG's conclusion for the partnership, in the conclusion box.
    assert page.conclusion_round.currentData() == ROUND
    assert page.conclude_button.isEnabled()
    choose(page.conclusion_choice, "sectoral")
    type_into(qtbot, page.conclusion_text, CONCLUSION)
    page.conclude_button.click()
    qtbot.waitUntil(lambda: bool(page.conclusion_message.text()), timeout=20000)
    idle(qtbot, sec)
    assert CHECKED in page.conclusion_message.text()
    qtbot.waitUntil(lambda: CONCLUSION in page.detail.toPlainText(), timeout=20000)

    # Read back: the register holds what the windows showed and wrote.
    with sec.register.session() as session:
        results_read = partnership_rounds.results(session, ROUND)
    checked = next(p for p in results_read.partnerships if p.code == CHECKED)
    assert checked.asked == checked.answered == expected.asked
    assert checked.weighted == pytest.approx(expected.weighted)
    assert checked.conclusion is not None
    assert (checked.conclusion["recommendation"], checked.conclusion["text"]) == (
        "sectoral",
        CONCLUSION,
    )
    assert {p.code for p in results_read.partnerships} == every
    assert all(p.answered == p.asked for p in results_read.partnerships)

    # Closing the round, with the question answered "yes".
    sec.show_page(ROUNDS_PAGE)
    qtbot.waitUntil(lambda: sec.worker.idle and screen.selected() == ROUND, timeout=20000)
    assert screen.close_button.isEnabled()
    screen.close_button.click()
    idle(qtbot, sec)
    assert len(questions) == 1
    assert ROUND in questions[0]
    assert "\n\n" not in questions[0]  # no department is said to have returned nothing
    progress = screen.selected_progress()
    assert progress is not None
    assert progress.status == "closed"
    assert not screen.close_button.isEnabled()
    with sec.register.session() as session:
        assert core_secretariat.find_round(session, ROUND).closed_at is not None

    # The closed round's conclusion cannot be changed any more.
    sec.show_page(PARTNERSHIPS_PAGE)
    qtbot.waitUntil(
        lambda: page.loaded and page.data.results[ROUND].status == "closed", timeout=20000
    )
    idle(qtbot, sec)
    page.select(CHECKED)
    assert not page.conclude_button.isEnabled()
    assert "(abgeschlossen)" in page.detail.toPlainText()

    # -- the partnership evaluation report, in Polish -------------------------------------------
    sec.show_page(REPORTS_PAGE)
    reports = sec.reports
    idle(qtbot, sec)
    assert not reports.round.isEnabled()  # the cabinet report comes first
    choose(reports.kind, ReportKind.PARTNERSHIPS)
    choose(reports.language, "pl")
    assert not reports.department.isEnabled()
    assert not reports.measure.isEnabled()
    assert reports.round.isEnabled()
    assert [reports.round.itemText(i) for i in range(reports.round.count())] == [
        f"{ROUND} (abgeschlossen)"
    ]
    choose(reports.round, ROUND)
    assert Path(reports.output.text()).name.startswith("Partnerschaftsevaluierung-")
    assert reports.output.text().endswith("-pl.pdf")
    target = tmp_path / "reports" / "ewaluacja.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target.with_suffix("")), "")
    )
    reports.choose_button.click()
    assert reports.output.text() == str(target)
    with qtbot.waitSignal(reports.finished, timeout=120000):
        reports.export_button.click()
    assert str(target) in reports.message.text(), reports.message.text()
    assert target.is_file()

    text = re.sub(r"\s+", " ", pdf_text(target))
    assert ROUND in text
    assert "Strona 1 z" in text  # Polish, with its letters
    assert "Wkład w sześć celów Strategii" in text
    assert CONCLUSION in text
    for result in results_read.partnerships:
        name = str(result.names["name_pl"] or result.names["name_de"])
        assert name in text, name
    assert "Dolny Śląsk" in text
    assert "Partnerstwa ocenione w tej rundzie: 13 z 13; resorty objęte zapytaniem: 3." in text
    assert f"Otrzymane oceny: {every_pair}; oczekiwane: {every_pair}." in text
    # The matrix's row of the partnership checked: its means (one decimal, * where the
    # departments differ by 2 points or more), the weighted result and its share of the scale.
    layout = pdf_text(target, "-layout").splitlines()
    heading = max(i for i, line in enumerate(layout) if "Wyniki według partnerstw" in line)
    name = str(checked.names["name_pl"])
    [row_text] = [line for line in layout[heading:] if line.strip().startswith(name)][:1]
    means = [
        f"{round(expected.means[c], 2):.1f}".replace(".", ",")
        + ("*" if expected.spreads[c] >= 2 else "")
        for c in WEIGHTS
    ]
    numbers = re.findall(r"\d+,\d\*?", row_text)
    assert numbers[:-1] == means, row_text
    assert float(numbers[-1].replace(",", ".")) == pytest.approx(expected.weighted, abs=0.051)
    assert row_text.rstrip().endswith(f"{round(expected.percent)}%"), row_text
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:  # name, type, encoding, then emb sub uni: every font embedded
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
