"""The register as a spreadsheet, out and in (issue 13, item 1): the issue's own check from the
command line, round trips in every format and language, new measures, indicators and milestones
through their sheets, and the audit of an import."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.models import AuditEvent, Measure
from app.operations.context import Actor
from app.paths import resolve
from app.spreadsheets import measures as sheet
from app.spreadsheets.workbook import read_tables
from app.storage.register import open_register
from tests.support.measure_sheets import ACTOR, apply, column, export, plan, refused
from tests.support.rounds_kit import table_dump

DEPARTMENTS = ("SK", "SMWK", "SMWA", "SMK")


@pytest.fixture(scope="module")
def fresh_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fresh")
    open_register(resolve(folder)).close()
    return folder


@pytest.fixture
def register_dir(fresh_once: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    folder.mkdir()
    shutil.copy2(fresh_once / "register.imag.sqlite", folder / "register.imag.sqlite")
    return folder


def test_the_issue_check_from_the_command_line(register_dir: Path, tmp_path: Path, cli) -> None:
    target = tmp_path / "register.xlsx"
    result = cli("--data-dir", register_dir, "--lang", "de", "measures", "export",
                 "--format", "xlsx", "--out", target)  # fmt: skip
    assert result.code == 0, result.err
    assert "66 Maßnahmen" in result.err
    book = openpyxl.load_workbook(target)  # as Excel would: fill two columns for all measures
    ws = book["Maßnahmen"]
    lead, goals = column(ws, "Federführendes Ressort"), column(ws, "Ziele")
    for row in range(2, ws.max_row + 1):
        ws.cell(row, lead).value = DEPARTMENTS[row % 4]
        ws.cell(row, goals).value = f"{row % 6 + 1}, 6" if row % 6 != 5 else "6"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    before = table_dump(register_dir)

    result = cli("--data-dir", register_dir, "--lang", "de", "measures", "import", filled,
                 "--dry-run")  # fmt: skip
    assert result.code == 0, result.err
    changed = {line.split("\t")[0] for line in result.out.splitlines() if "\t" in line}
    assert len(changed) == 66
    assert "66 Maßnahmen würden geändert" in result.out
    assert "I.01\tFederführendes Ressort: – → SMWA" in result.out
    assert table_dump(register_dir) == before

    result = cli("--data-dir", register_dir, "--lang", "de", "measures", "import", filled)
    assert result.code == 0, result.err
    assert "66 Maßnahmen geändert" in result.out
    exported = json.loads(cli("--data-dir", register_dir, "measures", "export").out)
    assert {m["lead_department"] for m in exported} == set(DEPARTMENTS)
    first = next(m for m in exported if m["code"] == "I.01")
    assert (first["lead_department"], first["goals"]) == ("SMWA", [3, 6])

    after = table_dump(register_dir)
    result = cli("--data-dir", register_dir, "--lang", "de", "measures", "import", filled)
    assert result.code == 0, result.err
    assert "Nichts zu ändern" in result.out
    assert table_dump(register_dir) == after

    ws.cell(17, lead).value = "SMXY"
    wrong = tmp_path / "wrong.xlsx"
    book.save(wrong)
    result = cli("--data-dir", register_dir, "--lang", "de", "measures", "import", wrong)
    assert result.code != 0
    assert "Zeile 17" in result.err
    assert "SMXY" in result.err
    assert "nichts wurde geändert" in result.err
    assert table_dump(register_dir) == after


def test_an_import_is_audited_per_field_with_the_file_as_source(
    register_dir: Path, tmp_path: Path
) -> None:
    path = export(register_dir, tmp_path / "liste.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(2, column(ws, "Fortschritt (%)")).value = 40
    ws.cell(2, column(ws, "Bemerkung")).value = "Läuft"
    book.save(path)
    assert apply(register_dir, path) == sheet.ImportResult(changed=1, created=0)
    with open_register(resolve(register_dir), readonly=True) as register, register.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.source == "spreadsheet:liste.xlsx"))
        assert sorted((e.entity_code, e.field, e.actor) for e in events) == [
            ("I.01", "comment", "Sekretariat"),
            ("I.01", "progress", "Sekretariat"),
        ]


def test_an_import_confirms_a_proposed_translation(register_dir: Path, tmp_path: Path) -> None:
    """Choosing "translated" for the catalogue's proposal stores it (the bulk path writes the
    state column) and the audit trail says "proposal" -> "translated"; the Czech title of the
    same measure stays a proposal."""
    path = export(register_dir, tmp_path / "liste.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(3, column(ws, "Übersetzungsstand (polnisch)")).value = "übersetzt"
    book.save(path)
    assert apply(register_dir, path) == sheet.ImportResult(changed=1, created=0)
    with open_register(resolve(register_dir), readonly=True) as register, register.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.source.like("spreadsheet:%"))))
        measure = s.scalars(select(Measure).where(Measure.code == "I.02")).one()
        assert (measure.state_pl, measure.state_cs) == ("translated", "proposal")
    assert [(e.entity_code, e.field, e.old_value, e.new_value) for e in events] == [
        ("I.02", "state_pl", '"proposal"', '"translated"')
    ]
    assert plan(register_dir, export(register_dir, tmp_path / "again.xlsx")).empty


@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "de"), ("xlsx", "pl"), ("csv", "cs")])
def test_an_unchanged_demo_export_reads_back_unchanged(
    demo_copy: Any, tmp_path: Path, fmt: str, lang: str
) -> None:
    """Every field, also indicators, milestones, money and dates, survives the round trip."""
    folder = demo_copy.data_dir
    path = export(folder, tmp_path / f"demo.{fmt}", fmt, lang)
    result = plan(folder, path)
    assert result.changes == []
    assert result.created == []


def test_the_xlsx_has_sheets_drop_downs_and_properties(demo_copy: Any, tmp_path: Path) -> None:
    path = export(demo_copy.data_dir, tmp_path / "demo.xlsx", lang="cs")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Opatření", "Ukazatele", "Milníky", "Výběrové seznamy"]
    assert book["Výběrové seznamy"].sheet_state == "hidden"
    ws = book["Opatření"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["D"].width == 50
    validated = {str(v.sqref).split(":")[0] for v in ws.data_validations.dataValidation}
    for header in ("Stav", "Semafor", "Gestorský resort", "Cíle"):
        assert f"{openpyxl.utils.get_column_letter(column(ws, header))}2" in validated
    assert book.properties.creator == "IMAG register"
    props = book.custom_doc_props.props  # type: ignore[attr-defined]
    custom = {prop.name: prop.value for prop in props}
    assert custom["register_kind"] == "demo"
    assert custom["register_id"]
    assert custom["exported_at"].endswith("Z")
    assert book["Ukazatele"].max_row > 1
    assert book["Milníky"].max_row > 1


@pytest.mark.parametrize(
    ("lang", "name"), [("de", "Auswahllisten"), ("pl", "Listy wyboru"), ("cs", "Výběrové seznamy")]
)
def test_the_lists_sheet_is_named_in_the_files_language(
    register_dir: Path, tmp_path: Path, lang: str, name: str
) -> None:
    """The drop-downs name it in the file's language; reading leaves it out in any language."""
    path = export(register_dir, tmp_path / f"m-{lang}.xlsx", lang=lang)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == name
    assert book[name].sheet_state == "hidden"
    formulas = {v.formula1 for v in book.worksheets[0].data_validations.dataValidation}
    assert all(formula.startswith(f"'{name}'!$") for formula in formulas)
    assert len([table.name for table in read_tables(path)]) == 3
    assert plan(register_dir, path).empty


def test_the_csv_is_what_german_excel_opens(register_dir: Path, tmp_path: Path) -> None:
    path = export(register_dir, tmp_path / "m.csv", "csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfKennung;Instrument;Abschnitt;")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert len([line for line in lines if line]) == 67
    assert ";geplant;" in lines[1]
    assert ";nein;" in lines[1]


def test_headers_and_values_in_any_language_and_by_name(register_dir: Path, tmp_path: Path) -> None:
    """A Polish sheet with a Czech status, a department by its German name, goals by number
    and by name, several values in one cell as exported."""
    path = export(register_dir, tmp_path / "pl.xlsx", lang="pl")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(2, column(ws, "Status")).value = "v realizaci"
    ws.cell(2, column(ws, "Resort wiodący")).value = "Sächsische Staatskanzlei"
    ws.cell(
        2, column(ws, "Resorty współpracujące")
    ).value = "SMWK\nSächsisches Staatsministerium für Wirtschaft, Arbeit, Energie und Klimaschutz"
    ws.cell(
        2, column(ws, "Cele")
    ).value = "2; Verstärkte Fokussierung der Beziehungen zum Globalen Süden"
    ws.cell(3, column(ws, "Resort wiodący")).value = "SK – Saksońska Kancelaria Stanu"
    book.save(path)
    changes = {(c.code, c.field): c for c in plan(register_dir, path).changes}
    assert changes["I.01", "status"].new == "w realizacji"  # shown in the file's language
    assert changes["I.01", "lead_department"].new == "SK"
    assert changes["I.01", "participating"].new == "SMWA, SMWK"
    assert changes["I.01", "goals"].new == "2, 6"
    assert changes["I.02", "lead_department"].new == "SK"
    assert set(changes) == {
        ("I.01", "status"),
        ("I.01", "lead_department"),
        ("I.01", "participating"),
        ("I.01", "goals"),
        ("I.02", "lead_department"),
    }


def test_a_partial_csv_with_new_measures(register_dir: Path, tmp_path: Path) -> None:
    """Only some columns; a new code creates a measure, rows left out change nothing."""
    path = tmp_path / "neu.csv"
    path.write_text(
        "Kennung;Instrument;Titel (deutsch);Status;Fortschritt (%);Geplante Mittel (EUR)\r\n"
        "I.13;I;Neue Grenzbrücke;in Umsetzung;10;1.234,50\r\n"
        "I.02;I;Ausbau der trilateralen Zusammenarbeit;abgeschlossen;100;\r\n",
        encoding="utf-8-sig",
    )
    result = plan(register_dir, path)
    assert result.created == ["I.13"]
    assert {(c.code, c.field, c.new) for c in result.changes if c.code == "I.02"} == {
        ("I.02", "status", "abgeschlossen"),
        ("I.02", "progress", "100"),
    }
    assert ("I.13", "budget_planned_cents", "1.234,50\xa0€") in {
        (c.code, c.field, c.new) for c in result.changes
    }
    assert apply(register_dir, path) == sheet.ImportResult(changed=1, created=1)
    assert plan(register_dir, path).empty


def test_indicators_and_milestones_through_their_sheets(register_dir: Path, tmp_path: Path) -> None:
    path = export(register_dir, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(path)
    book["Indikatoren"].append(["I.01", None, "Projekte", "Anzahl", 0, 12, 3, "31.03.2026"])
    book["Meilensteine"].append(["I.01", None, "Auftakt", "2026-05-01", None])
    book.save(path)
    result = plan(register_dir, path)
    assert [(c.code, c.field) for c in result.changes] == [
        ("I.01", "indicators"),
        ("I.01", "milestones"),
    ]
    assert result.changes[0].new == "Projekte (Anzahl): 0 → 12, 3 (31.03.2026)"
    apply(register_dir, path)
    again = export(register_dir, tmp_path / "again.xlsx")
    rows = list(openpyxl.load_workbook(again)["Indikatoren"].iter_rows(values_only=True))
    assert rows[1][:3] == ("I.01", 1, "Projekte")
    assert plan(register_dir, again).empty
    # removing the row removes the indicator of a measure on the measures sheet
    book = openpyxl.load_workbook(again)
    book["Indikatoren"].delete_rows(2)
    book.save(again)
    assert [(c.field, c.new) for c in plan(register_dir, again).changes] == [("indicators", "")]


def test_every_problem_at_once_and_nothing_changed(register_dir: Path, tmp_path: Path) -> None:
    path = export(register_dir, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(3, column(ws, "Ziele")).value = "9"
    ws.cell(4, column(ws, "Status")).value = "irgendwie"
    ws.cell(5, column(ws, "Fortschritt (%)")).value = 120
    ws.cell(6, column(ws, "Beginn")).value = "2026-05-01"
    ws.cell(6, column(ws, "Ende")).value = "2026-04-01"
    ws.cell(7, column(ws, "Status")).value = "entfallen"
    ws.cell(8, column(ws, "Fortschritt (%)")).value = "viel"
    ws.cell(9, column(ws, "Kennung")).value = "I.01"
    ws.cell(10, column(ws, "Bemerkung")).value = "=A1"
    ws.cell(11, column(ws, "Geplante Mittel (EUR)")).value = "zehn Euro"
    ws.cell(12, column(ws, "E-Mail der Ansprechperson")).value = "nicht-mail"
    book["Indikatoren"].append(["I.05", 999, "Falsch", None, None, None, None, None])
    book.save(path)
    before = table_dump(register_dir)
    problems = refused(register_dir, path)
    expected = [
        "Zeile 3, Spalte „Ziele (N)“: Unbekannt (Ziel): 9.",
        "Zeile 4, Spalte „Status (P)“: „irgendwie“ ist keiner der Werte",
        "Zeile 5, Spalte „Fortschritt (%) (T)“: 120 ist keine ganze Zahl zwischen 0 und 100.",
        "Zeile 6, Spalte „Ende (V)“: Das Ende (2026-04-01) darf nicht vor dem Beginn",
        "Zeile 7, Spalte „Status (P)“: Eine entfallene Maßnahme braucht",
        "Zeile 8, Spalte „Fortschritt (%) (T)“: „viel“ ist keine Zahl.",
        "Zeile 9, Spalte „Kennung (A)“: Die Maßnahme I.01 steht auch in Zeile 2.",
        "Zeile 10, Spalte „Bemerkung (W)“: Diese Zelle enthält eine Formel",
        "Zeile 11, Spalte „Geplante Mittel (EUR) (Z)“: „zehn Euro“ ist keine Zahl.",
        "Zeile 12: nicht-mail ist keine E-Mail-Adresse.",
        "Tabellenblatt „Indikatoren“, Zeile 2, Spalte „ID (B)“: Die Maßnahme I.05 hat keinen",
    ]
    assert len(problems) == len(expected), problems
    for line, start in zip(sorted(problems, key=_row_order), expected, strict=True):
        assert start in line, (start, line)
    assert table_dump(register_dir) == before


def _row_order(line: str) -> tuple[int, int]:
    match = re.search(r"Zeile (\d+)", line)
    assert match is not None
    number = int(match.group(1))
    return (1 if "Indikatoren" in line else 0, number)


def test_wrong_and_missing_headers(register_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "kopf.csv"
    path.write_text("Kennung;Farbe;Status;Status\r\nI.01;rot;geplant;geplant\r\n", "utf-8")
    assert refused(register_dir, path) == [
        "Tabellenblatt „kopf.csv“, Zeile 1, Spalte „Farbe (B)“: „Farbe“ ist keine Spalte "
        "dieses Tabellenblatts.",
        "Tabellenblatt „kopf.csv“, Zeile 1, Spalte „Status (D)“: Die Spalte „Status“ kommt "
        "zweimal vor.",
    ]
    path.write_text("I.01;I;Titel\r\nI.02;I;Titel\r\n", "utf-8")
    problems = refused(register_dir, path)
    assert "„I.01“ ist keine Spalte" in problems[0]
    assert "Die erste Zeile muss die Spaltenüberschriften enthalten" in problems[-1]


def test_reading_a_sheet_gives_typed_cells(register_dir: Path, tmp_path: Path) -> None:
    tables = read_tables(export(register_dir, tmp_path / "m.xlsx"))
    assert [table.name for table in tables] == ["Maßnahmen", "Indikatoren", "Meilensteine"]
    assert tables[0].rows[0].number == 2
    assert tables[0].rows[0].cells[0] == "I.01"
    assert len(tables[0].rows) == 66


def test_a_new_measure_may_name_a_new_successor(register_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "neu.csv"
    path.write_text(
        "Kennung;Instrument;Titel (deutsch);Status;Nachfolger\r\n"
        "I.20;I;Alt;entfallen;I.21\r\n"
        "I.21;I;Neu;geplant;\r\n",
        encoding="utf-8-sig",
    )
    assert apply(register_dir, path) == sheet.ImportResult(changed=0, created=2)
    assert plan(register_dir, path).empty


def test_the_preview_shows_the_translation_states_the_register_works_out(
    register_dir: Path, tmp_path: Path
) -> None:
    path = export(register_dir, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    state_column = column(ws, "Übersetzungsstand (polnisch)")
    assert ws.cell(2, state_column).value == "Vorschlag (nicht geprüft)"  # the catalogue's
    ws.cell(2, column(ws, "Titel (polnisch)")).value = "Realizacja projektów"
    ws.cell(2, state_column).value = "übersetzt"  # a liaison office corrects and confirms it
    book.save(path)
    changes = [(c.field, c.new) for c in plan(register_dir, path).changes]
    assert changes == [("title_pl", "Realizacja projektów"), ("state_pl", "übersetzt")]
    apply(register_dir, path)
    path = export(register_dir, tmp_path / "again.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(2, column(ws, "Titel (deutsch)")).value = "Ein neuer deutscher Titel"
    book.save(path)  # the Polish state still says "übersetzt": the new German text outdates it
    state = plan(register_dir, path).changes[1]
    assert (state.field, state.old, state.new) == ("state_pl", "übersetzt", "Aktualisierung nötig")
    apply(register_dir, path)
    assert plan(register_dir, export(register_dir, tmp_path / "third.xlsx")).empty


def test_a_measure_changed_after_the_plan_refuses_the_import(
    register_dir: Path, tmp_path: Path
) -> None:
    """The apply reuses the rows the plan read only while their revisions hold: a measure
    saved by someone else between the plan and the apply refuses the whole import."""
    from dataclasses import replace

    from app.errors import InvalidInput
    from app.operations.measures import measure_input, update_measure

    path = export(register_dir, tmp_path / "liste.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    for row in (2, 3):
        ws.cell(row, column(ws, "Fortschritt (%)")).value = 40
    book.save(path)
    made = plan(register_dir, path)
    assert sorted(made.revisions) == ["I.01", "I.02"]
    with open_register(resolve(register_dir)) as register:
        with register.session() as s:
            data, revision = measure_input(s, "I.02")
        with register.session() as s:
            update_measure(s, Actor("Kollegin", "window"), "I.02", replace(data, comment="Neu"),
                           revision=revision)  # fmt: skip
    before = table_dump(register_dir)
    with (
        open_register(resolve(register_dir)) as register,
        register.session() as s,
        pytest.raises(InvalidInput, match=r"I\.02"),
    ):
        sheet.apply_import(s, ACTOR, made)
    assert table_dump(register_dir) == before
