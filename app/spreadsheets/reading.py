"""Reading a spreadsheet without trusting it: :func:`read_tables`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from app.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Message, translator
from app.spreadsheets.tables import (
    DELIMITER,
    FORMULA_START,
    LISTS_SHEET,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_PROBLEMS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    Row,
    SheetProblem,
    SpreadsheetRefused,
    Table,
    column_label,
    refuse,
)


def read_tables(path: Path, *, problems: list[SheetProblem] | None = None) -> list[Table]:
    """Every sheet of the XLSX or CSV file ``path`` (a CSV is one table named after the file);
    raises :class:`SpreadsheetRefused` with every problem found.

    With ``problems``, the problems of single cells (a formula, merged cells) are added to it
    instead, the cells read as empty: the caller goes on checking and refuses the file with
    everything it found. A file that cannot be read at all is refused at once either way."""
    found: list[SheetProblem] = []
    if _kind(path) == "xlsx":
        formulas = _check_zip(path)
        # python-calamine reads ~15 times faster than openpyxl but cannot say where a formula
        # is: a file with formulas is read with openpyxl, which can
        tables = _read_xlsx(path, found) if formulas else _read_calamine(path, found)
    else:
        tables = [_read_csv(path, found)]
    if problems is not None:
        problems.extend(found)
    elif found:
        raise SpreadsheetRefused(path.name, found[:MAX_PROBLEMS])
    return tables


def _kind(path: Path) -> str:
    """``xlsx`` or ``csv`` after the file's first bytes; anything else is refused."""
    from app.fileio import not_a_file, os_reason

    try:
        info = path.stat()
    except OSError as exc:
        raise refuse(
            path, Message(N_("The file cannot be read: {reason}."), reason=os_reason(exc))
        ) from None
    reason = not_a_file(info.st_mode)  # a pipe or a device would never end
    if reason is not None:
        raise refuse(path, Message(N_("This is not a regular file: {reason}."), reason=reason))
    size = info.st_size
    if size == 0:
        raise refuse(path, Message(N_("The file is empty.")))
    if size > MAX_BYTES:
        raise refuse(
            path,
            Message(
                N_("The file is too large ({size} MB; at most {limit} MB are read)."),
                size=round(size / 1024 / 1024, 1),
                limit=MAX_BYTES // 1024 // 1024,
            ),
        )
    with path.open("rb") as handle:
        start = handle.read(8192)
    if start.startswith(b"PK\x03\x04"):
        return "xlsx"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            path, Message(N_("This is an old Excel file (.xls); save it as .xlsx and try again."))
        )
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise refuse(path, _NOT_A_SPREADSHEET)
    if b"\x00" in start and not start.startswith(_UTF16):
        raise refuse(path, _NOT_A_SPREADSHEET)
    return "csv"


_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_NOT_A_SPREADSHEET = Message(N_("This is not a spreadsheet (an .xlsx file or a CSV file)."))


def _check_zip(path: Path) -> bool:
    """The zip directory, before anything is unpacked: not too many parts, not too much when
    unpacked, no part that expands suspiciously (a zip bomb), the parts of an XLSX present;
    then each sheet's extent (a sheet that claims a far-away cell is refused before a reader
    reserves room for it). Returns whether a sheet holds a formula."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_parts(path, parts)
            return any(
                _scan_sheet(path, part.filename, archive.read(part))
                for part in parts
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(path, _NOT_A_SPREADSHEET) from None


@cache
def _far(rows: int, columns: int) -> re.Pattern[bytes]:
    """Where a row or cell reference may lie beyond ``rows`` or ``columns``: a column with more
    letters than the last one allowed or as many and a first letter not before its, a row
    number with as many digits as the last one allowed. A search with a literal start, fast
    over a large sheet (a search for every row and cell stops at every element), whose few
    matches are then read exactly."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(columns)
    wide = [f"[{last[0]}-Z][A-Z]{{{len(last) - 1}}}"]
    if len(last) < 3:
        wide.append(f"[A-Z]{{{len(last) + 1},3}}")
    return re.compile(f'r="(?:{"|".join(wide)}|[A-Z]{{0,3}}\\d{{{len(str(rows))}}})'.encode())


_REFERENCE = re.compile(rb'r="([A-Z]*)(\d+)"')
_FORMULA = re.compile(rb"<f[\s/>]")
_PREFIXED_FORMULA = re.compile(rb":f[\s/>]")
_PREFIXED_START = re.compile(rb"<\w+$")


def _scan_sheet(path: Path, name: str, data: bytes) -> bool:
    """Refuse a sheet with a row or a cell beyond :data:`MAX_ROWS` or :data:`MAX_COLUMNS`;
    whether it has formulas."""
    from openpyxl.utils import column_index_from_string

    for candidate in _far(MAX_ROWS, MAX_COLUMNS).finditer(data):
        start = candidate.start()
        found = _REFERENCE.match(data, start)
        if found is None or (start and data[start - 1 : start] not in _SPACES):
            continue  # another attribute ending in r, or not a reference
        letters, number = found.groups()
        too_far = int(number) > MAX_ROWS
        if letters and column_index_from_string(letters.decode()) > MAX_COLUMNS:
            too_far = True
        if too_far:
            raise _too_large(path, name.rsplit("/", 1)[-1])
    return _FORMULA.search(data) is not None or any(
        _PREFIXED_START.search(data, max(0, prefixed.start() - 40), prefixed.start())
        for prefixed in _PREFIXED_FORMULA.finditer(data)
    )


_SPACES = (b" ", b"\t", b"\r", b"\n")


def _check_parts(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            raise refuse(
                path,
                Message(N_("This is an OpenDocument spreadsheet; save it as .xlsx and try again.")),
            )
        raise refuse(path, _NOT_A_SPREADSHEET)
    total = sum(part.file_size for part in parts)
    suspicious = [
        part
        for part in parts
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        or (part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * part.compress_size)
    ]
    if len(parts) > MAX_PARTS or total > MAX_UNCOMPRESSED or suspicious:
        raise refuse(
            path,
            Message(
                N_(
                    "The file unpacks to far more than it holds ({size} MB); it is refused as a "
                    "possible zip bomb."
                ),
                size=round(total / 1024 / 1024),
            ),
        )


def _read_xlsx(path: Path, problems: list[SheetProblem]) -> list[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise refuse(path, _NOT_A_SPREADSHEET) from None
    sheets = [
        sheet
        for sheet in book.worksheets
        if sheet.sheet_state == "visible" and not is_lists_sheet(sheet.title)
    ]
    return _each(path, book, lambda: [_read_sheet(path, sheet, problems) for sheet in sheets])


def _each(path: Path, book: Any, read: Callable[[], list[Table]]) -> list[Table]:
    """``read()`` the sheets of ``book``; a reader's error is a damaged file; closes ``book``."""
    try:
        return read()
    except SpreadsheetRefused:
        raise
    except Exception:  # the readers raise many kinds for a damaged file
        raise refuse(path, _NOT_A_SPREADSHEET) from None
    finally:
        book.close()


def _read_sheet(path: Path, sheet: Any, problems: list[SheetProblem]) -> Table:
    sheet.reset_dimensions()  # the stored dimensions may lie: read what is there
    header: list[str] = []

    def values() -> Iterator[list[Any]]:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS or len(cells) > MAX_COLUMNS:
                raise _too_large(path, sheet.title)
            row: list[Any] = []
            for index, cell in enumerate(cells):
                if cell.data_type == "f":
                    problems.append(_formula(sheet.title, number, header, index))
                    row.append(None)
                else:
                    row.append(_plain(cell.value))
            if number == 1:
                header.extend(_header(row))
            yield row

    table = _table(sheet.title, values())
    problems.extend(_merged(sheet.title, ref) for ref in _merged_ranges(sheet))
    return table


def _read_calamine(path: Path, problems: list[SheetProblem]) -> list[Table]:
    from openpyxl.utils import get_column_letter
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(path)
    except Exception:  # a damaged file: calamine's own errors and zip's
        raise refuse(path, _NOT_A_SPREADSHEET) from None

    def read(name: str) -> Table:
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python(skip_empty_area=False)
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
            first = f"{get_column_letter(left + 1)}{top + 1}"
            problems.append(_merged(name, f"{first}:{get_column_letter(right + 1)}{bottom + 1}"))
        return _table(name, (_plains(row) for row in grid))

    names = [
        meta.name
        for meta in book.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
        and meta.visible == SheetVisibleEnum.Visible
        and not is_lists_sheet(meta.name)
    ]
    return _each(path, book, lambda: [read(name) for name in names])


def is_lists_sheet(name: str) -> bool:
    """Whether ``name`` is the drop-down lists' sheet's, in any language the program has."""
    return " ".join(name.split()).casefold() in _lists_names()


@cache
def _lists_names() -> frozenset[str]:
    return frozenset(
        " ".join(translator(lang).gettext(LISTS_SHEET).split()).casefold()
        for lang in (*LANGUAGES, SOURCE_LANGUAGE)
    )


def _table(name: str, grid: Iterable[list[Any]]) -> Table:
    """A sheet's cells as a table: the first row is the header, empty rows are left out."""
    header: list[str] = []
    rows: list[Row] = []
    for number, values in enumerate(grid, start=1):
        while values and _blank(values[-1]):
            values.pop()
        if number == 1:
            header = _header(values)
        elif values and not all(_blank(value) for value in values):
            rows.append(Row(number, tuple(values)))
    return Table(name, header, rows)


def _header(values: list[Any]) -> list[str]:
    return [str(value).strip() if value is not None else "" for value in values]


def _merged(sheet: str, cells: str) -> SheetProblem:
    return SheetProblem(
        sheet, None, None, Message(N_("The cells {cells} are merged; unmerge them."), cells=cells)
    )


def _formula(sheet: str, number: int, header: list[str], index: int) -> SheetProblem:
    return SheetProblem(
        sheet,
        number,
        column_label(header, index),
        Message(N_("This cell holds a formula; enter the value itself.")),
    )


def _too_large(path: Path, name: str) -> SpreadsheetRefused:
    return refuse(
        path,
        Message(
            N_("The sheet “{name}” is too large (at most {rows} rows, {columns} columns)."),
            name=name,
            rows=MAX_ROWS,
            columns=MAX_COLUMNS,
        ),
    )


def _plain(value: Any) -> Any:
    """Dates without a time as dates; an empty text (calamine's empty cell) as ``None``."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if value == "":
        return None
    return value


def _plains(values: list[Any]) -> list[Any]:
    """:func:`_plain` of each value (most are texts: at once)."""
    return [(value or None) if type(value) is str else _plain(value) for value in values]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _merged_ranges(sheet: Any) -> list[str]:
    """The merged ranges of a sheet: openpyxl's read-only mode does not report them, so the
    sheet's part is searched for them (a fast byte search; parsed only where they occur)."""
    from xml.etree.ElementTree import iterparse

    part = sheet._worksheet_path  # openpyxl keeps where the sheet is in the archive
    with sheet.parent._archive.open(part) as source:
        carry = b""
        while chunk := source.read(1 << 20):
            if b"mergeCell" in carry + chunk:
                break
            carry = chunk[-16:]
        else:
            return []
    with sheet.parent._archive.open(part) as source:
        return [
            element.get("ref", "?")
            for _event, element in iterparse(source)
            if element.tag.endswith("}mergeCell") or element.tag == "mergeCell"
        ]


def _read_csv(path: Path, problems: list[SheetProblem]) -> Table:
    data = path.read_bytes()
    if data.startswith(_UTF16):
        raise refuse(path, _NOT_UTF8)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetRefused(
            path.name, [SheetProblem(path.name, line, None, _NOT_UTF8)]
        ) from None
    if not text.strip():
        raise refuse(path, Message(N_("The file is empty.")))
    first = text.splitlines()[0]
    if DELIMITER not in first:
        found = [name for char, name in _DELIMITERS.items() if char in first]
        if found:
            raise refuse(
                path,
                Message(
                    N_("The cells are separated by {found}, not by semicolons (;)."),
                    found=Message(found[0]),
                ),
            )
    header: list[str] = []
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER, strict=True)
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS or len(cells) > MAX_COLUMNS:
                raise _too_large(path, path.name)
            values: list[str] = []
            for index, cell in enumerate(cells):
                value, formula = _csv_cell(cell)
                if formula:
                    problems.append(_formula(path.name, number, header, index))
                values.append(value)
            while values and _blank(values[-1]):
                values.pop()
            if number == 1:
                header = [str(value or "").strip() for value in values]
            elif values:
                rows.append(Row(number, tuple(values)))
    except csv.Error as exc:
        problems.append(
            SheetProblem(
                path.name,
                reader.line_num,
                None,
                Message(N_("The CSV is malformed: {error}."), error=str(exc)),
            )
        )
    return Table(path.name, header, rows)


_NOT_UTF8 = Message(
    N_(
        "The file is not in UTF-8; save it as “CSV UTF-8 (comma delimited)” "
        "(German Excel: “CSV UTF-8 (durch Trennzeichen getrennt)”)."
    )
)
_DELIMITERS = {",": N_("commas (,)"), "\t": N_("tabs"), "|": N_("vertical bars (|)")}


def _csv_cell(cell: str) -> tuple[str, bool]:
    """A CSV cell as text (a protecting apostrophe taken off) and whether it is a formula."""
    if cell.startswith("'") and cell[1:2] in (*FORMULA_START, "'"):
        return cell[1:], False
    return cell, cell.startswith("=")
