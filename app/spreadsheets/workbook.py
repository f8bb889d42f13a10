"""Reading and writing spreadsheets safely: the one place the application touches XLSX and CSV.

Writing: :func:`write_xlsx` (sheets with a frozen header, filters, column widths and drop-down
lists, the register's identity in the document properties) and :func:`write_csv` (as German
Excel opens it: UTF-8 with a byte order mark, ``;`` between cells, CRLF line ends). Both write
atomically; a text that would start a formula is kept as text.

Reading: :func:`read_tables` gives every sheet as a :class:`Table` of plain values. It refuses,
before anything is used, what is not a regular file, a file over :data:`MAX_BYTES`, a file that
is not a spreadsheet, a zip bomb disguised as XLSX (its directory is checked before openpyxl opens
it), formulas, merged cells, sheets too large, a CSV not in UTF-8 or with another delimiter than
``;``, and an empty file. Every problem found is raised at once in a :class:`SpreadsheetRefused`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.spreadsheets.reading import read_tables
from app.spreadsheets.tables import (
    DELIMITER,
    FORMULA_START,
    LISTS_SHEET,
    MAX_BYTES,
    MAX_PROBLEMS,
    Row,
    SheetProblem,
    SpreadsheetRefused,
    Table,
    column_label,
    refuse,
)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet to write: ``choices`` maps a column index (0-based) to its drop-down values."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)
    open_choices: frozenset[int] = frozenset()
    """Columns whose drop-down offers values but accepts other text (several values)."""
    frozen_header: bool = True
    auto_filter: bool = True


# -- writing ------------------------------------------------------------------------------------

_CORE_PROPERTIES = ("title", "subject", "creator", "description", "keywords")
_DATE_FORMAT = "mm-dd-yy"  # Excel's built-in short date: shown as the reader's locale writes it
_NUMBER_FORMAT = "#,##0.##"
_MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Money:
    """An amount of money to write as a number with two decimals (in euros)."""

    cents: int


def write_xlsx(
    path: Path,
    sheets: Sequence[SheetSpec],
    *,
    properties: Mapping[str, str],
    lists_sheet: str = LISTS_SHEET,
) -> None:
    """Write ``sheets`` as one XLSX file (atomically). ``properties``: ``title``, ``subject``,
    ``creator``, ``description``, ``keywords`` go into the document's core properties, anything
    else into its custom properties. The drop-down values go into a hidden sheet named
    ``lists_sheet`` (:data:`LISTS_SHEET` in the file's language)."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    from app.fileio import write_atomically

    def write(temporary: Path) -> None:
        book = Workbook(write_only=True)
        for name, value in properties.items():
            if name in _CORE_PROPERTIES:
                setattr(book.properties, name, value)
            else:
                # the stubs lack the custom properties openpyxl has had since 3.1
                book.custom_doc_props.append(  # type: ignore[attr-defined]
                    StringProperty(name=name, value=value)
                )
        book.properties.created = book.properties.modified = dt.datetime.now(dt.UTC).replace(
            tzinfo=None
        )
        lists: list[Sequence[str]] = []
        for spec in sheets:
            _write_sheet(book, spec, lists, lists_sheet)
        if lists:
            sheet = book.create_sheet(lists_sheet)
            sheet.sheet_state = "hidden"
            for index in range(max(len(values) for values in lists)):
                sheet.append([values[index] if index < len(values) else None for values in lists])
        book.save(temporary)

    write_atomically(path, write)


def _write_sheet(book: Any, spec: SheetSpec, lists: list[Sequence[str]], lists_sheet: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(spec.name)
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if spec.frozen_header:
        sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in spec.headers:
        cell = WriteOnlyCell(sheet, _text(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in spec.rows:
        sheet.append([_xlsx_value(sheet, value, WriteOnlyCell) for value in row])
        count += 1
    last = get_column_letter(max(len(spec.headers), 1))
    if spec.auto_filter:
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for column, values in spec.choices.items():
        if not values:
            continue
        lists.append(values)
        source = get_column_letter(len(lists))
        validation = DataValidation(
            type="list",
            formula1=f"{_quoted(lists_sheet)}!${source}$1:${source}${len(values)}",
            allow_blank=True,
        )
        # a column that takes several values in one cell offers the list but allows others
        validation.showErrorMessage = column not in spec.open_choices
        letter = get_column_letter(column + 1)
        validation.add(f"{letter}2:{letter}{max(count + 1, 2) + 1000}")
        sheet.data_validations.append(validation)


def _quoted(name: str) -> str:
    """A sheet's name as a formula names it (quoted, a quote in it doubled)."""
    return "'" + name.replace("'", "''") + "'"


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML cannot hold (as openpyxl's)


def _text(value: str) -> str:
    return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value


def _xlsx_value(sheet: Any, value: Any, cell_type: Any) -> Any:
    """Plain values as they are; a text that looks like a formula stays text; dates and money
    get a number format (``cell_type``: openpyxl's ``WriteOnlyCell``, imported by the caller)."""
    if value is None or type(value) is int:
        return value  # most cells: at once
    if isinstance(value, str):
        value = _text(value)
        if value.startswith("="):
            cell = cell_type(sheet, value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, Money):
        cell = cell_type(sheet, value.cents / 100)
        cell.number_format = _MONEY_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = cell_type(sheet, dt.datetime.combine(value, dt.time()))
        cell.number_format = _DATE_FORMAT
        return cell
    if isinstance(value, float):
        cell = cell_type(sheet, value)
        cell.number_format = _NUMBER_FORMAT
        return cell
    return value


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write one table as CSV the way German Excel opens it (atomically): UTF-8 with a byte
    order mark, ``;`` between cells, CRLF line ends; a text that would start a formula gets an
    apostrophe in front (taken off again when read)."""
    from app.fileio import write_atomically

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            _write_csv_rows(handle, headers, rows)

    write_atomically(path, write)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV of :func:`write_csv` as text (without the byte order mark), for the screen."""
    buffer = io.StringIO(newline="")
    _write_csv_rows(buffer, headers, rows)
    return buffer.getvalue()


def _write_csv_rows(handle: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_csv_value(value) for value in row] for row in rows)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.cents / 100:.2f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, int | dt.date):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_START) or text.startswith("'"):
        return "'" + text
    return text


__all__ = [
    "LISTS_SHEET",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "Money",
    "Row",
    "SheetProblem",
    "SheetSpec",
    "SpreadsheetRefused",
    "Table",
    "column_label",
    "csv_text",
    "read_tables",
    "refuse",
    "write_csv",
    "write_xlsx",
]
