"""Files that are refused before anything is used (issue 13, item 1): empty, not a spreadsheet,
a zip bomb disguised as XLSX, a CSV in another encoding or with another delimiter, 100 MB, a
folder, a pipe, merged cells, formulas; and what is written is read back the same."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.i18n import translator
from app.spreadsheets.workbook import (
    Money,
    SheetProblem,
    SheetSpec,
    SpreadsheetRefused,
    read_tables,
    write_csv,
    write_xlsx,
)


def refusal(path: Path, lang: str = "de") -> str:
    with pytest.raises(SpreadsheetRefused) as caught:
        read_tables(path)
    return caught.value.render_all(translator(lang))


def test_written_values_read_back(tmp_path: Path) -> None:
    rows = [["=keine Formel", dt.date(2026, 3, 31), Money(123456), 1.25, 7, None, "a\x01b"]]
    spec = SheetSpec("Blatt", ["A", "B", "C", "D", "E", "F", "G"], rows, choices={0: ["x"]})
    write_xlsx(tmp_path / "t.xlsx", [spec], properties={"title": "T", "own": "1"})
    table = read_tables(tmp_path / "t.xlsx")[0]
    assert table.rows[0].cells == (
        "=keine Formel",
        dt.date(2026, 3, 31),
        1234.56,
        1.25,
        7,
        None,
        "ab",
    )
    write_csv(tmp_path / "t.csv", spec.headers, rows)
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbfA;B;C")
    table = read_tables(tmp_path / "t.csv")[0]
    assert table.rows[0].cells == (
        "=keine Formel",
        "2026-03-31",
        "1234,56",
        "1,25",
        "7",
        "",
        "a\x01b",
    )


@pytest.mark.parametrize("formula", [False, True])  # read by calamine; by openpyxl
def test_the_lists_sheet_in_any_language_and_hidden_sheets_are_not_read(
    tmp_path: Path, formula: bool
) -> None:
    book = openpyxl.Workbook()
    data = book.worksheets[0]
    data.title = "Daten"
    data.append(["Kopf"])
    data.append(["=1+1" if formula else "Wert"])
    for name in ("Listy wyboru", "AUSWAHLLISTEN", "Výběrové seznamy", "Lists"):
        book.create_sheet(name).append(["x"])  # visible, but the lists by their name
    hidden = book.create_sheet("Hilfsblatt")  # any name, but hidden
    hidden.append(["y"])
    hidden.sheet_state = "hidden"
    book.create_sheet("Weiteres").append(["z"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    problems: list[SheetProblem] = []
    tables = read_tables(path, problems=problems)
    assert [table.name for table in tables] == ["Daten", "Weiteres"]
    assert len(problems) == (1 if formula else 0)


def test_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "leer.xlsx").write_bytes(b"")
    assert "Die Datei ist leer." in refusal(tmp_path / "leer.xlsx")
    (tmp_path / "leer.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    assert "Die Datei ist leer." in refusal(tmp_path / "leer.csv")


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "keine Tabelle" in refusal(tmp_path / "bild.png")
    (tmp_path / "falsch.xlsx").write_text("Kennung;Status\r\n", encoding="utf-8")
    assert "keine Tabelle" in refusal(tmp_path / "falsch.xlsx")
    (tmp_path / "alt.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert "alte Excel-Datei" in refusal(tmp_path / "alt.xls")
    with zipfile.ZipFile(tmp_path / "t.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert "OpenDocument" in refusal(tmp_path / "t.ods")
    with zipfile.ZipFile(tmp_path / "kaputt.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<kein xml")
    assert "keine Tabelle" in refusal(tmp_path / "kaputt.xlsx")


def test_a_zip_bomb_disguised_as_xlsx(tmp_path: Path) -> None:
    """The zip directory is checked before openpyxl reads a byte: 40 MB of zeros in 40 kB."""
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(40 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    assert "Zip-Bombe" in refusal(bomb)


def test_a_csv_in_another_encoding_or_with_another_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("Kennung;Bemerkung\r\nI.01;Grüße\r\n".encode("cp1252"))
    text = refusal(path)
    assert "nicht in UTF-8" in text
    assert "Zeile 2" in text
    path.write_bytes("Kennung;Bemerkung\r\n".encode("utf-16"))
    assert "nicht in UTF-8" in refusal(path, "de")
    path.write_text("Kennung,Status\r\nI.01,geplant\r\n", encoding="utf-8")
    assert "durch Kommas (,) getrennt" in refusal(path)
    path.write_text("Kennung\tStatus\r\nI.01\tgeplant\r\n", encoding="utf-8")
    assert "Tabulatoren" in refusal(path)
    assert "tabulatory" in refusal(path, "pl")


def test_a_100_mb_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "gross.xlsx"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: nothing is written
    assert "zu groß (100.0 MB; gelesen werden höchstens 20 MB)" in refusal(path)


def test_a_folder_or_a_pipe(tmp_path: Path) -> None:
    assert "keine gewöhnliche Datei" in refusal(tmp_path)
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    assert "keine gewöhnliche Datei" in refusal(pipe)  # and nothing waits for a writer
    assert "kann nicht gelesen werden" in refusal(tmp_path / "fehlt.csv")


def test_merged_cells_and_formulas_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Maßnahmen"
    ws.append(["Kennung", "Fortschritt (%)", "Bemerkung"])
    ws.append(["I.01", "=10*5", "x"])
    ws.append(["I.02", 10, "y"])
    ws.merge_cells("B3:C3")
    book.save(tmp_path / "m.xlsx")
    text = refusal(tmp_path / "m.xlsx")
    assert "(2 Probleme)" in text
    assert (
        "Tabellenblatt „Maßnahmen“, Zeile 2, Spalte „Fortschritt (%) (B)“: Diese Zelle enthält "
        "eine Formel" in text
    )
    assert "Tabellenblatt „Maßnahmen“: Die Zellen B3:C3 sind verbunden" in text
    (tmp_path / "f.csv").write_text("Kennung;Bemerkung\r\nI.01;=HYPERLINK(1)\r\n", "utf-8")
    assert "Zeile 2, Spalte „Bemerkung (B)“: Diese Zelle enthält eine Formel" in refusal(
        tmp_path / "f.csv"
    )


def test_a_sheet_beyond_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.spreadsheets import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    write_csv(tmp_path / "lang.csv", ["Kennung"], [[f"I.{n}"] for n in range(5)])
    assert "zu groß (höchstens 3 Zeilen" in refusal(tmp_path / "lang.csv")


def test_merged_cells_without_formulas(tmp_path: Path) -> None:
    """Read by the fast reader (calamine) when no sheet holds a formula."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Kennung", "Bemerkung"])
    ws.append(["I.01", "x"])
    ws.merge_cells("A4:B5")
    book.save(tmp_path / "m.xlsx")
    assert "Tabellenblatt „Sheet“: Die Zellen A4:B5 sind verbunden" in refusal(tmp_path / "m.xlsx")


def test_a_far_away_cell_is_refused_before_reading(tmp_path: Path) -> None:
    """Two cells, A1 and XFD1048576: a reader would reserve room for 17 billion cells."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws["A1"] = "Kennung"
    ws["XFD1048576"] = "weit weg"
    book.save(tmp_path / "weit.xlsx")
    assert "„sheet1.xml“ ist zu groß" in refusal(tmp_path / "weit.xlsx")
    ws["XFD1048576"] = None
    ws["KZ2"] = "breit"
    book.save(tmp_path / "breit.xlsx")
    assert "zu groß" in refusal(tmp_path / "breit.xlsx")


def _saved(target: Path, rows: list[list[str]]) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.worksheets[0].append(row)
    book.save(target)


def _rewritten(source: Path, target: Path, change: dict[bytes, bytes]) -> None:
    """``source`` with its sheet's XML changed (``change``: old → new bytes), as another
    program might write it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for part in old.infolist():
            data = old.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                for before, after in change.items():
                    assert before in data
                    data = data.replace(before, after)
            new.writestr(part, data)


def test_a_cell_whose_own_reference_is_far_away_is_refused(tmp_path: Path) -> None:
    """A cell's reference counts, not only its row's: a cell A300000 in row 2 (a reader
    places it by its reference) and a cell in column LA are refused before reading."""
    _saved(tmp_path / "near.xlsx", [["Kennung", "Bemerkung"], ["I.01", "x"]])
    assert len(read_tables(tmp_path / "near.xlsx")[0].rows) == 1
    _rewritten(tmp_path / "near.xlsx", tmp_path / "far.xlsx", {b'r="B2"': b'r="B300000"'})
    assert "„sheet1.xml“ ist zu groß" in refusal(tmp_path / "far.xlsx")
    _rewritten(tmp_path / "near.xlsx", tmp_path / "wide.xlsx", {b'r="B2"': b'r="LA2"'})
    assert "„sheet1.xml“ ist zu groß" in refusal(tmp_path / "wide.xlsx")


MAIN_NAMESPACE = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_formula_with_a_namespace_prefix_is_found(tmp_path: Path) -> None:
    """A formula element written with a prefix (``<x:f>``) is a formula all the same."""
    _saved(tmp_path / "plain.xlsx", [["Kennung", "Fortschritt (%)"], ["I.01", "=1+1"]])
    problems: list[SheetProblem] = []
    read_tables(tmp_path / "plain.xlsx", problems=problems)
    assert len(problems) == 1
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" in sheet
    _rewritten(
        tmp_path / "plain.xlsx",
        tmp_path / "prefixed.xlsx",
        {
            b"<worksheet ": b'<worksheet xmlns:x="' + MAIN_NAMESPACE + b'" ',
            b"<f>": b"<x:f>",
            b"</f>": b"</x:f>",
        },
    )
    problems = []
    read_tables(tmp_path / "prefixed.xlsx", problems=problems)
    assert problems, "a prefixed formula read as a value"
