"""The departments with their e-mail addresses and reminder languages: checked in the core, as a
spreadsheet out and in (``imag departments export|import``): matched by code, new codes create,
nothing deleted, all or nothing, every problem of a file at once with its sheet, row and
column; and the optional columns of a departments file for a new register."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from app.errors import InvalidInput
from app.operations import departments
from app.operations.context import Actor
from app.paths import resolve
from app.spreadsheets import departments as sheet
from app.spreadsheets.workbook import SpreadsheetRefused
from app.storage.register import open_register
from tests.support.rounds_kit import session_of, table_dump

ACTOR = Actor("Geschäftsstelle", "test")


def _export(cli, folder: Path, target: Path, *options: object) -> None:
    result = cli("--data-dir", folder, "departments", "export", "--out", target, *options)
    assert result.code == 0, result.err


def _rows(folder: Path) -> dict[str, tuple[object, ...]]:
    connection = sqlite3.connect(folder / "register.imag.sqlite")
    try:
        return {
            row[0]: row[1:]
            for row in connection.execute(
                "SELECT code, name_de, name_pl, name_cs, kind, email, language, retired "
                "FROM department"
            )
        }
    finally:
        connection.close()


# -- the core -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (" poststelle@sk.sachsen.de ", "poststelle@sk.sachsen.de"),
        ("a.b+c@smwk.sachsen.de", "a.b+c@smwk.sachsen.de"),
        ("", None),
        (None, None),
    ],
)
def test_an_email_address_is_tidied(given: str | None, stored: str | None) -> None:
    assert departments.check_email(given) == stored


@pytest.mark.parametrize(
    "given",
    ["poststelle", "a@b", "a b@c.de", "Name <a@b.de>", "a@b.de, c@d.de", "a@@b.de", "a@müller.de"],
)
def test_what_is_not_an_email_address_is_refused(given: str) -> None:
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        departments.check_email(given)


def test_editing_a_department_is_checked_and_audited(fresh_register: Path) -> None:
    with session_of(fresh_register) as session:
        departments.edit_department(
            session, ACTOR, "SK", {"email": "poststelle@sk.sachsen.de", "language": "PL"}
        )
        with pytest.raises(InvalidInput, match="not a language"):
            departments.edit_department(session, ACTOR, "SK", {"language": "en"})
        with pytest.raises(InvalidInput, match="not an e-mail address"):
            departments.add_department(session, ACTOR, "NEU", name_de="Neu", email="neu")
        departments.add_department(
            session, ACTOR, "neu", name_de="Neues Ressort", email="neu@sachsen.de", language="cs"
        )
        rows = {row.code: row for row in departments.list_departments(session)}
    assert (rows["SK"].email, rows["SK"].language) == ("poststelle@sk.sachsen.de", "pl")
    assert (rows["NEU"].email, rows["NEU"].language, rows["NEU"].kind) == (
        "neu@sachsen.de",
        "cs",
        "ministry",
    )
    connection = sqlite3.connect(fresh_register / "register.imag.sqlite")
    events = connection.execute(
        "SELECT action, entity_code, field, old_value, new_value FROM audit_event "
        "WHERE entity = 'department' AND actor = ?",
        (ACTOR.name,),
    ).fetchall()
    connection.close()
    assert ("update", "SK", "email", None, '"poststelle@sk.sachsen.de"') in events
    assert ("update", "SK", "language", '"de"', '"pl"') in events
    assert next(e for e in events if e[0] == "create")[1] == "NEU"


def test_a_departments_file_may_bring_addresses_and_languages(tmp_path: Path, cli) -> None:
    source = tmp_path / "departments.csv"
    source.write_text(
        "code,kind,name_de,name_pl,name_cs,note,email,language\n"
        "SK,chancellery,Staatskanzlei,,,,poststelle@sk.sachsen.de,pl\n"
        "SMI,ministry,Innenministerium,,,,,\n",
        encoding="utf-8",
    )
    folder = tmp_path / "data"
    result = cli("--data-dir", folder, "db", "create", "--departments", source)
    assert result.code == 0, result.err
    rows = _rows(folder)
    assert rows["SK"][3:6] == ("chancellery", "poststelle@sk.sachsen.de", "pl")
    assert rows["SMI"][4:6] == (None, "de")
    source.write_text(
        "code,kind,name_de,name_pl,name_cs,note,email\nSK,chancellery,Staatskanzlei,,,,kaputt\n",
        encoding="utf-8",
    )
    result = cli("--data-dir", tmp_path / "other", "db", "create", "--departments", source)
    assert result.code != 0
    assert "kaputt" in result.err
    assert "2" in result.err  # the line


# -- out ----------------------------------------------------------------------------------------


def test_the_xlsx_export_is_a_sheet_with_lists(fresh_register: Path, tmp_path: Path, cli) -> None:
    with session_of(fresh_register) as session:
        departments.edit_department(
            session, ACTOR, "SK", {"email": "poststelle@sk.sachsen.de", "language": "pl"}
        )
    target = tmp_path / "ressorts.xlsx"
    _export(cli, fresh_register, target, "--lang", "de")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Ressorts"
    sheet_ = book["Ressorts"]
    header = [cell.value for cell in sheet_[1]]
    assert header[0] == "Kennung"
    assert "E-Mail-Adresse" in header
    assert sheet_.freeze_panes == "A2"
    assert sheet_.auto_filter.ref is not None
    assert len(sheet_.data_validations.dataValidation) == 3  # kind, language, retired
    rows = {row[0]: row for row in sheet_.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 11
    sk = dict(zip(header, rows["SK"], strict=False))
    assert sk["E-Mail-Adresse"] == "poststelle@sk.sachsen.de"
    assert "polnisch" in str(sk[header[6]]).lower() or sk[header[6]] == "Polnisch"
    assert rows["LDS"][4] == "Behörde"
    assert book.properties.title is not None
    assert "IMAG" in book.properties.title
    assert book.sheetnames[1] == "Auswahllisten"
    assert book["Auswahllisten"].sheet_state == "hidden"


def test_the_csv_export_is_for_german_excel(fresh_register: Path, tmp_path: Path, cli) -> None:
    target = tmp_path / "ressorts.csv"
    _export(cli, fresh_register, target, "--format", "csv", "--lang", "pl")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[0] == "Kod"
    assert len(lines) == 12
    assert lines[6].split(";")[:2] == ["SMWK", "Sächsisches Staatsministerium für Wissenschaft, "
                                        "Kultur und Tourismus"]  # fmt: skip
    shown = cli("--data-dir", fresh_register, "departments", "export", "--format", "csv")
    assert shown.out.splitlines()[1].startswith("SK;")


# -- in -----------------------------------------------------------------------------------------


def _filled(source: Path, target: Path, changes: dict[tuple[str, int], str]) -> Path:
    """``source`` with the cells ``(code, column index)`` set, saved as ``target`` (as Excel
    would); a code not in the file is appended as a new row."""
    book = openpyxl.load_workbook(source)
    sheet_ = book.worksheets[0]
    rows = {row[0].value: row[0].row for row in sheet_.iter_rows(min_row=2)}
    for (code, column), value in changes.items():
        number = rows.get(code)
        if number is None:
            number = sheet_.max_row + 1
            sheet_.cell(number, 1, code)
            rows[code] = number
        sheet_.cell(number, column + 1, value)
    book.save(target)
    return target


def test_a_filled_in_sheet_is_imported_once(demo_copy, tmp_path: Path, cli) -> None:
    folder = demo_copy.data_dir
    exported = tmp_path / "ressorts.xlsx"
    _export(cli, folder, exported, "--lang", "de")
    filled = _filled(
        exported,
        tmp_path / "ausgefüllt.xlsx",
        {
            ("SK", 5): "poststelle@sk.sachsen.de",
            ("SK", 6): "Polnisch",
            ("SMWK", 5): "international@smwk.sachsen.de",
            ("SMWK", 6): "cs",
            ("SMF", 2): "Saksońskie Ministerstwo Finansów (nowa nazwa)",
            ("SMDI", 1): "Staatsministerium für Digitales",
            ("SMDI", 4): "Ministerium",
            ("SMDI", 5): "poststelle@smdi.sachsen.de",
        },
    )
    before = table_dump(folder)
    dry = cli("--data-dir", folder, "departments", "import", filled, "--dry-run")
    assert dry.code == 0, dry.err
    assert table_dump(folder) == before  # a dry run changes nothing
    assert "SK\tE-Mail-Adresse: – → poststelle@sk.sachsen.de" in dry.out
    assert "SMDI\t(neu) " in dry.out
    assert "1 Ressort würde angelegt" in dry.out

    done = cli("--data-dir", folder, "departments", "import", filled)
    assert done.code == 0, done.err
    rows = _rows(folder)
    assert rows["SK"][4:6] == ("poststelle@sk.sachsen.de", "pl")
    assert rows["SMWK"][4:6] == ("international@smwk.sachsen.de", "cs")
    assert rows["SMF"][1] == "Saksońskie Ministerstwo Finansów (nowa nazwa)"
    assert rows["SMDI"] == (
        "Staatsministerium für Digitales", None, None, "ministry",
        "poststelle@smdi.sachsen.de", "de", 0,
    )  # fmt: skip
    connection = sqlite3.connect(folder / "register.imag.sqlite")
    sources = connection.execute(
        "SELECT DISTINCT source FROM audit_event WHERE entity = 'department' "
        "AND source LIKE 'spreadsheet:%'"
    ).fetchall()
    connection.close()
    assert sources == [("spreadsheet:ausgefüllt.xlsx",)]

    after = table_dump(folder)
    again = cli("--data-dir", folder, "departments", "import", filled)
    assert again.code == 0, again.err
    assert "Nichts zu ändern" in again.out
    assert table_dump(folder) == after  # the same file twice changes nothing the second time


def test_every_problem_of_a_file_at_once(demo_copy, tmp_path: Path, cli) -> None:
    folder = demo_copy.data_dir
    exported = tmp_path / "ressorts.xlsx"
    _export(cli, folder, exported, "--lang", "cs")
    broken = _filled(
        exported,
        tmp_path / "chyby.xlsx",
        {
            ("SK", 5): "poststelle",
            ("SMI", 6): "Englisch",
            ("SMF", 4): "Verein",
            ("SMJ", 7): "vielleicht",
            ("SMWK", 7): "ano",  # leads measures in the demo: cannot be retired here
            ("NEU", 5): "neu@sachsen.de",  # a new department without a German name
        },
    )
    book = openpyxl.load_workbook(broken)
    book.worksheets[0].cell(14, 1, "SK")  # SK twice
    book.worksheets[0].cell(14, 2, "Doppelt")
    book.save(broken)
    before = table_dump(folder)
    with session_of(folder) as session, pytest.raises(SpreadsheetRefused) as refused:
        sheet.plan_import(session, broken)
    found = {(p.row, (p.column or "").rsplit(" (", 1)[0]) for p in refused.value.problems}
    assert found == {
        (2, "E-mailová adresa"),
        (3, "Jazyk připomenutí"),
        (4, "Druh"),
        (5, "Vyřazen"),
        (7, "Vyřazen"),
        (13, "Název (německy)"),
        (14, "Kód"),
    }
    result = cli("--data-dir", folder, "--lang", "de", "departments", "import", broken)
    assert result.code != 0
    assert "Zeile 14" in result.err
    assert "7 Probleme" in result.err
    assert table_dump(folder) == before


def test_a_polish_csv_is_understood(fresh_register: Path, tmp_path: Path, cli) -> None:
    source = tmp_path / "resorty.csv"
    source.write_text(
        "\ufeffKod;Adres e-mail;Język przypomnień;Rodzaj\r\n"
        "sk;poststelle@sk.sachsen.de;polski;kancelaria\r\n"
        "SMI;;Čeština;ministerstwo\r\n",
        encoding="utf-8",
    )
    result = cli("--data-dir", fresh_register, "departments", "import", source)
    assert result.code == 0, result.err
    rows = _rows(fresh_register)
    assert rows["SK"][3:6] == ("chancellery", "poststelle@sk.sachsen.de", "pl")
    assert rows["SMI"][5] == "cs"
    assert rows["SK"][0] == "Sächsische Staatskanzlei"  # columns not in the file stay


def test_files_that_are_not_a_departments_sheet(fresh_register: Path, tmp_path: Path) -> None:
    comma = tmp_path / "comma.csv"
    comma.write_text("Kennung,E-Mail-Adresse\nSK,a@b.de\n", encoding="utf-8")
    headless = tmp_path / "headless.csv"
    headless.write_text("SK;a@b.de\n", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with session_of(fresh_register) as session:
        for path, text in (
            (comma, "commas"),
            (headless, "not a column"),
            (empty, "empty"),
        ):
            with pytest.raises(SpreadsheetRefused) as refused:
                sheet.plan_import(session, path)
            assert text in refused.value.render_all(_english()), path


def _english():
    from app.i18n import translator

    return translator("en")


def test_retiring_and_reactivating_through_the_sheet(fresh_register: Path, tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    source.write_text("Code;Retired\r\nSMF;yes\r\n", encoding="utf-8")
    with session_of(fresh_register) as session:
        plan = sheet.plan_import(session, source)
        assert [(c.code, c.field, c.old, c.new) for c in plan.changes] == [
            ("SMF", "retired", "nein", "ja")
        ]
        result = sheet.apply_import(session, ACTOR, plan)
    assert (result.changed, result.created) == (1, 0)
    assert _rows(fresh_register)["SMF"][6] == 1
    source.write_text("Code;Retired\r\nSMF;no\r\n", encoding="utf-8")
    with session_of(fresh_register) as session:
        sheet.apply_import(session, ACTOR, sheet.plan_import(session, source))
    assert _rows(fresh_register)["SMF"][6] == 0


def test_a_plan_is_refused_when_the_register_changed_meanwhile(
    fresh_register: Path, tmp_path: Path
) -> None:
    source = tmp_path / "d.csv"
    source.write_text("Code;E-mail address\r\nSK;a@sk.sachsen.de\r\n", encoding="utf-8")
    with session_of(fresh_register) as session:
        plan = sheet.plan_import(session, source)
        departments.edit_department(session, ACTOR, "SK", {"email": "b@sk.sachsen.de"})
        with pytest.raises(InvalidInput, match="changed since"):
            sheet.apply_import(session, ACTOR, plan)
    assert _rows(fresh_register)["SK"][4] == "b@sk.sachsen.de"


def test_export_and_import_leave_a_register_as_it_was(demo_copy, tmp_path: Path, cli) -> None:
    folder = demo_copy.data_dir
    for lang in ("de", "pl", "cs"):
        for fmt in ("xlsx", "csv"):
            target = tmp_path / f"d-{lang}.{fmt}"
            _export(cli, folder, target, "--lang", lang, "--format", fmt)
            with open_register(resolve(folder)) as register, register.session() as session:
                plan = sheet.plan_import(session, target)
            assert plan.empty, (lang, fmt, json.dumps([c.__dict__ for c in plan.changes]))
