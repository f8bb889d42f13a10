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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.i18n import N_, NP_, Message, Translator

MAX_BYTES = 20 * 1024 * 1024
"""A spreadsheet file larger than this is refused unread (20 MiB: 20,000 measures take ~6)."""
MAX_UNCOMPRESSED = 400 * 1024 * 1024
"""The sum of the uncompressed sizes an XLSX's zip directory may declare."""
MAX_RATIO = 200
"""How much an XLSX part may expand (uncompressed / compressed) when it is larger than 1 MiB."""
MAX_PARTS = 2000
MAX_ROWS = 200_000
MAX_COLUMNS = 300
MAX_PROBLEMS = 1000
"""After this many problems a file is refused without looking for more."""
LISTS_SHEET = "Lists"
"""The hidden sheet holding the values of the drop-down lists (skipped when reading)."""
DELIMITER = ";"


@dataclass(frozen=True)
class SheetSpec:
    """One sheet to write: ``choices`` maps a column index (0-based) to its drop-down values."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)
    frozen_header: bool = True
    auto_filter: bool = True


@dataclass(frozen=True)
class Row:
    """A row of a sheet as read: ``number`` as the spreadsheet program shows it (header = 1)."""

    number: int
    cells: tuple[Any, ...]

    def get(self, index: int) -> Any:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """A sheet as read: its header cells as texts and its rows below (empty rows left out)."""

    name: str
    header: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class SheetProblem:
    """What is wrong where: ``row`` and ``column`` (the column's header, or its letter) are
    ``None`` when the problem concerns the whole sheet or file."""

    sheet: str | None
    row: int | None
    column: str | None
    message: Message

    def render(self, tr: Translator) -> str:
        """``Sheet “Measures”, row 17, column “Lead department”: …`` in ``tr``'s language."""
        where: list[str] = []
        if self.sheet is not None:
            where.append(tr.render(Message(N_("sheet “{name}”"), name=self.sheet)))
        if self.row is not None:
            where.append(tr.render(Message(N_("row {row}"), row=self.row)))
        if self.column is not None:
            where.append(tr.render(Message(N_("column “{name}”"), name=self.column)))
        text = tr.render(self.message)
        if not where:
            return text
        return tr.render(Message(N_("{where}: {problem}"), where=", ".join(where), problem=text))


class SpreadsheetRefused(UserError):
    """A spreadsheet that cannot be used as it is; ``problems`` lists everything found in it.
    Nothing was changed."""

    def __init__(self, source: str, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(
            Message(
                *NP_(
                    "The file {name} was refused ({n} problem); nothing was changed.",
                    "The file {name} was refused ({n} problems); nothing was changed.",
                ),
                name=source,
                n=len(self.problems),
            )
        )

    def render_all(self, tr: Translator) -> str:
        """The summary and every problem, one per line."""
        lines = [tr.render(self.message)]
        lines += [f"  {problem.render(tr)}" for problem in self.problems]
        return "\n".join(lines)


def refuse(path: Path, message: Message) -> SpreadsheetRefused:
    """A refusal of the whole file for one reason."""
    return SpreadsheetRefused(path.name, [SheetProblem(None, None, None, message)])


# -- writing ------------------------------------------------------------------------------------


def write_xlsx(path: Path, sheets: Sequence[SheetSpec], *, properties: Mapping[str, str]) -> None:
    """Write ``sheets`` as one XLSX file (atomically). ``properties``: ``title``, ``subject``,
    ``creator``, ``description``, ``keywords`` go into the document's core properties, anything
    else into its custom properties."""
    raise NotImplementedError


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write one table as CSV the way German Excel opens it (atomically)."""
    raise NotImplementedError


# -- reading ------------------------------------------------------------------------------------


def read_tables(path: Path) -> list[Table]:
    """Every sheet of the XLSX or CSV file ``path`` (a CSV is one table named after the file);
    raises :class:`SpreadsheetRefused` with every problem found."""
    raise NotImplementedError
