"""A department's answers as a spreadsheet (issue 13, item 5): exported as XLSX in its language,
filled in "Excel" (openpyxl), read back with a preview of every change, each answer checked as
``return set`` checks it, saved whole or not at all; every problem of a bad file at once, with
its sheet, row and column, and the workspace unchanged. On a fresh register whose indicators
were made through the core (item 3)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.errors import InvalidInput
from app.i18n import translator
from app.operations import measures
from app.operations.measures import IndicatorInput
from app.rounds import workspace
from app.spreadsheets.answers import apply_answers, export_answers, plan_answers
from app.spreadsheets.workbook import SpreadsheetRefused
from tests.support.partnership_kit import partnership_round
from tests.support.project import isolated
from tests.support.rounds_kit import SECRETARIAT, session_of, start_round, table_dump

DEPARTMENT = "SK"
CODES = ("I.01", "I.02", "I.03")
MEETINGS = IndicatorInput(None, "Treffen", "Anzahl", 0, 10, 4, dt.date(2026, 3, 31))
VISITS = IndicatorInput(None, "Besuche", None, 1, 5)
DE = translator("de")


def lead_with_indicators(folder: Path) -> None:
    """SK leads three measures of a fresh register; I.01 gets two indicators, I.03 one."""
    for code in CODES:
        with session_of(folder) as session:
            data, _revision = measures.measure_input(session, code)
            session.rollback()
            indicators = {"I.01": (MEETINGS, VISITS), "I.03": (VISITS,)}.get(code, ())
            measures.update_measure(
                session,
                SECRETARIAT,
                code,
                replace(data, lead_department=DEPARTMENT, indicators=indicators),
            )


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department's laptop with the package of a round on a fresh register opened (made
    once; each test works on a copy)."""
    root = tmp_path_factory.mktemp("answer-sheet")
    with isolated(root / "home"):
        register = root / "register"
        with session_of(register):
            pass
        lead_with_indicators(register)
        cycle = start_round(register, root / "cycle", departments=(DEPARTMENT,))
    return cycle.laptops[DEPARTMENT]


@pytest.fixture
def laptop(issued: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "laptop"
    shutil.copytree(issued, folder, ignore=shutil.ignore_patterns("*.lock"))
    return folder


def export(laptop: Path, target: Path, lang: str = "de") -> int:
    with session_of(laptop) as session:
        return export_answers(session, workspace.find(session, None), target, tr=translator(lang))


def exported_to(laptop: Path, target: Path) -> Path:
    export(laptop, target)
    return target


def plan(laptop: Path, path: Path, lang: str = "de") -> Any:
    with session_of(laptop) as session:
        return plan_answers(session, workspace.find(session, None), path, tr=translator(lang))


def import_(laptop: Path, path: Path) -> int:
    with session_of(laptop) as session:
        ws_round = workspace.find(session, None)
        found = plan_answers(session, ws_round, path, tr=DE)
        return apply_answers(session, ws_round, found)


def stored(laptop: Path) -> dict[str, dict[str, Any]]:
    with session_of(laptop) as session:
        return workspace.answers(session, workspace.find(session, None))


def indicator_ids(laptop: Path) -> dict[str, list[int]]:
    with session_of(laptop) as session:
        return {
            item["code"]: [entry["id"] for entry in item["values"]["indicators"]]
            for item in workspace.items(workspace.find(session, None))
        }


def fill(source: Path, target: Path, cells: dict[tuple[int, str, str], Any]) -> Path:
    """Change cells as Excel would: ``(sheet index, row code or indicator id, column letter)``;
    a row is found by its first cells (the measure code, or the indicator's ID in column B)."""
    book = openpyxl.load_workbook(source)
    for (sheet, key, column), value in cells.items():
        ws = book.worksheets[sheet]
        rows = [
            row[0].row
            for row in ws.iter_rows(min_row=2)
            if str(row[0].value) == key or str(row[1].value) == key
        ]
        ws[f"{column}{rows[0] if rows else key}"] = value
    book.save(target)
    return target


@pytest.mark.parametrize(
    ("lang", "sheets", "headers", "status"),
    [
        ("de", ["Antworten", "Indikatoren"], ["Status", "Grund", "Ampel"], "geplant"),
        ("pl", ["Odpowiedzi", "Wskaźniki"], ["Status", "Przyczyna", "Sygnalizacja"], "planowane"),
        ("cs", ["Odpovědi", "Ukazatele"], ["Stav", "Důvod", "Semafor"], "plánováno"),
    ],
)
def test_exported_in_the_departments_language_and_read_back_unchanged(
    laptop: Path, tmp_path: Path, lang: str, sheets: list[str], *, headers: list[str], status: str
) -> None:
    target = tmp_path / f"answers-{lang}.xlsx"
    assert export(laptop, target, lang) == len(CODES)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == sheets
    answers, indicators = book.worksheets[0], book.worksheets[1]
    header = [cell.value for cell in answers[1]]
    assert header[2:5] == headers
    assert [row[0] for row in answers.iter_rows(min_row=2, values_only=True)] == list(CODES)
    assert answers["C2"].value == status
    assert answers.freeze_panes == "A2"
    validated = {str(v.sqref) for v in answers.data_validations.dataValidation}
    assert {"C2:C1004", "E2:E1004"} <= validated  # drop-downs for status and traffic light
    ids = indicator_ids(laptop)
    assert [row[1] for row in indicators.iter_rows(min_row=2, values_only=True)] == [
        *ids["I.01"],
        *ids["I.03"],
    ]
    properties = {
        prop.name: prop.value
        for prop in book.custom_doc_props.props  # type: ignore[attr-defined]
    }
    assert properties["department"] == DEPARTMENT
    assert properties["language"] == lang
    # nothing filled in: nothing to change, whatever the language
    assert plan(laptop, target, "de").empty
    assert plan(laptop, target, "cs").changes == []


def test_filled_in_answers_previewed_then_saved_as_return_set_saves_them(
    issued: Path, laptop: Path, tmp_path: Path
) -> None:
    exported = exported_to(laptop, tmp_path / "a.xlsx")
    meetings, visits = indicator_ids(laptop)["I.01"]
    filled = fill(
        exported,
        tmp_path / "filled.xlsx",
        {
            (0, "I.01", "F"): 55,
            (0, "I.01", "G"): "Mittel gebunden",
            (0, "I.02", "C"): "entfallen",
            (0, "I.02", "D"): "durch I.03 ersetzt",
            (0, "I.03", "E"): "verzögert",
            (1, str(meetings), "G"): "7,5",
            (1, str(meetings), "H"): dt.datetime(2026, 6, 1),
        },
    )
    before = table_dump(laptop)
    found = plan(laptop, filled)
    assert table_dump(laptop) == before  # reading writes nothing
    assert [(c.code, c.label, c.old, c.new) for c in found.changes] == [
        ("I.01", "Fortschritt (%)", "", "55"),
        ("I.01", "Bemerkung", "", "Mittel gebunden"),
        ("I.01", "Istwert: Treffen", "4 (31.03.2026)", "7,5 (01.06.2026)"),
        ("I.02", "Status", "geplant", "entfallen"),
        ("I.02", "Grund", "", "durch I.03 ersetzt"),
        ("I.03", "Ampel", "", "verzögert"),
    ]
    assert import_(laptop, filled) == 3

    # the same answers typed with ``return set`` on a twin laptop are stored the same way
    twin = tmp_path / "twin"
    shutil.copytree(issued, twin, ignore=shutil.ignore_patterns("*.lock"))
    actual = {"id": meetings, "actual": 7.5, "actual_date": "2026-06-01"}
    with session_of(twin) as session:
        ws_round = workspace.find(session, None)
        for code, changes in (
            ("I.01", {"progress": 55, "comment": "Mittel gebunden", "indicators": [actual]}),
            ("I.02", {"status": "dropped", "status_reason": "durch I.03 ersetzt"}),
            ("I.03", {"traffic_light": "amber"}),
        ):
            workspace.set_answer(session, ws_round, code, changes)
    assert stored(twin) == stored(laptop)
    assert {entry["id"] for entry in stored(laptop)["I.01"]["indicators"]} == {meetings, visits}

    # the same file again changes nothing
    assert plan(laptop, filled).empty
    with session_of(laptop) as session:
        states = workspace.item_states(session, workspace.find(session, None))
    assert {state.code: state.state for state in states} == dict.fromkeys(CODES, "answered")


def test_rows_left_out_change_nothing(laptop: Path, tmp_path: Path) -> None:
    exported = exported_to(laptop, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(exported)
    answers = book.worksheets[0]
    answers["F3"] = 20  # I.02
    answers.delete_rows(4)  # I.03 left out
    answers.delete_rows(2)  # I.01 left out
    del book[book.sheetnames[1]]  # and no indicators at all
    book.save(tmp_path / "part.xlsx")
    assert import_(laptop, tmp_path / "part.xlsx") == 1
    assert set(stored(laptop)) == {"I.02"}
    assert stored(laptop)["I.02"]["progress"] == 20


def test_every_problem_of_a_file_at_once_and_nothing_changed(laptop: Path, tmp_path: Path) -> None:
    exported = exported_to(laptop, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(exported)
    answers, indicators = book.worksheets[0], book.worksheets[1]
    answers["F2"] = 150  # I.01: progress out of range
    answers["C3"] = "entfallen"  # I.02: dropped without a reason
    answers["E4"] = "lila"  # I.03: no traffic light
    answers.append(["X.99", None, "geplant"])  # row 5: not in the round
    answers.append(["I.01", None, "geplant"])  # row 6: twice
    answers.append(["I.03", None, "unbekannt"])  # row 7: twice, and no status
    indicators["G2"] = "viele"  # not a number
    indicators["H2"] = "morgen"  # not a date
    indicators["B3"] = 999_999  # no such indicator
    answers["I1"] = "Extra"  # a column the sheet does not have
    book.save(tmp_path / "bad.xlsx")
    before = table_dump(laptop)
    with pytest.raises(SpreadsheetRefused) as refused:
        plan(laptop, tmp_path / "bad.xlsx")
    problems = {(p.sheet, p.row, p.column): p.render(DE) for p in refused.value.problems}
    assert table_dump(laptop) == before
    assert set(problems) == {
        ("Antworten", 1, "Extra (I)"),
        ("Antworten", 2, "Fortschritt (%) (F)"),
        ("Antworten", 3, None),
        ("Antworten", 4, "Ampel (E)"),
        ("Antworten", 5, "Kennung (A)"),
        ("Antworten", 6, "Kennung (A)"),
        ("Antworten", 7, "Kennung (A)"),
        ("Antworten", 7, "Status (C)"),
        ("Indikatoren", 2, "Istwert (G)"),
        ("Indikatoren", 2, "Datum des Istwerts (H)"),
        ("Indikatoren", 3, "ID (B)"),
    }
    assert problems[("Antworten", 2, "Fortschritt (%) (F)")] == (
        "Tabellenblatt „Antworten“, Zeile 2, Spalte „Fortschritt (%) (F)“: 150 ist keine ganze "
        "Zahl zwischen 0 und 100."
    )
    texts = {key: text.split(": ", 1)[1] for key, text in problems.items()}
    assert texts[("Antworten", 3, None)] == "Eine entfallene Maßnahme braucht eine Begründung."
    assert "X.99" in texts[("Antworten", 5, "Kennung (A)")]
    assert texts[("Antworten", 6, "Kennung (A)")] == "Die Maßnahme I.01 steht auch in Zeile 2."
    assert "lila" in texts[("Antworten", 4, "Ampel (E)")]
    assert "unbekannt" in texts[("Antworten", 7, "Status (C)")]
    assert "viele" in texts[("Indikatoren", 2, "Istwert (G)")]
    assert "morgen" in texts[("Indikatoren", 2, "Datum des Istwerts (H)")]
    assert "999999" in texts[("Indikatoren", 3, "ID (B)")]


def test_a_rows_own_problem_is_not_echoed_by_its_indicators(laptop: Path, tmp_path: Path) -> None:
    from app.rounds import answering

    with session_of(laptop) as session:  # a draft in the window: dropped, the reason not given
        ws_round = workspace.find(session, None)
        draft = dict(workspace.answers(session, ws_round).get("I.01") or {})
        answering.save_draft(session, ws_round, "I.01", {**draft, "status": "dropped"})
    exported = exported_to(laptop, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(exported)
    answers, indicators = book.worksheets[0], book.worksheets[1]
    answers["D2"] = "Durch I.10 ersetzt"  # the reason, given ...
    answers["F2"] = 150  # ... in a row with a progress out of range
    indicators["G2"] = 9  # a sound indicator of I.01
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(SpreadsheetRefused) as refused:
        plan(laptop, tmp_path / "bad.xlsx")
    # the row's problem only: not "a dropped measure needs a reason" on the indicators' sheet
    assert [(p.sheet, p.row, p.column) for p in refused.value.problems] == [
        ("Antworten", 2, "Fortschritt (%) (F)")
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leer"),
        (b"%PDF-1.4 not a spreadsheet", "keine Tabelle"),
        ("Kennung;Bemerkung\r\nI.01;läuft\r\n".encode("cp1252"), "UTF-8"),
        (b"Kennung,Bemerkung\r\nI.01,x\r\n", "Semikolon"),
    ],
)
def test_files_that_are_no_answer_sheet_are_refused(
    laptop: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / ("file.xlsx" if content.startswith(b"%") else "file.csv")
    path.write_bytes(content)
    with pytest.raises(SpreadsheetRefused) as refused:
        plan(laptop, path)
    assert expected in refused.value.render_all(DE)


def test_the_registers_measures_sheet_is_no_answer_sheet(laptop: Path, tmp_path: Path) -> None:
    from app.spreadsheets.measures import export_measures

    with session_of(laptop) as session:
        export_measures(session, tmp_path / "measures.xlsx", fmt="xlsx", tr=DE)
    with pytest.raises(SpreadsheetRefused) as refused:
        plan(laptop, tmp_path / "measures.xlsx")
    assert "kein Tabellenblatt mit Antworten" in refused.value.render_all(DE)


def test_a_csv_of_answers_is_read_too(laptop: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_bytes("Kennung;Fortschritt (%);Bemerkung\r\nI.03;12;läuft\r\n".encode("utf-8-sig"))
    assert import_(laptop, path) == 1
    assert (stored(laptop)["I.03"]["progress"], stored(laptop)["I.03"]["comment"]) == (12, "läuft")


def test_answers_changed_after_reading_refuse_the_whole_import(
    laptop: Path, tmp_path: Path
) -> None:
    exported = exported_to(laptop, tmp_path / "a.xlsx")
    filled = fill(exported, tmp_path / "f.xlsx", {(0, "I.01", "F"): 10, (0, "I.02", "F"): 20})
    with session_of(laptop) as session:
        ws_round = workspace.find(session, None)
        found = plan_answers(session, ws_round, filled, tr=DE)
        workspace.set_answer(session, ws_round, "I.02", {"progress": 30})  # typed meanwhile
        with pytest.raises(InvalidInput, match=r"I\.02"):
            apply_answers(session, ws_round, found)
    assert {code: answer["progress"] for code, answer in stored(laptop).items()} == {"I.02": 30}


def test_a_partnership_round_has_no_spreadsheet(demo_dir: Path, tmp_path: Path) -> None:
    cycle = partnership_round(demo_dir / "register.imag.sqlite", tmp_path / "p")
    laptop = next(iter(cycle.laptops.values()))
    with pytest.raises(InvalidInput) as refused:
        export(laptop, tmp_path / "x.xlsx")
    assert "Partnerschaftsrunde" in DE.render(refused.value.message)
    assert not (tmp_path / "x.xlsx").exists()
