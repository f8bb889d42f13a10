"""What reading a spreadsheet gives and how it refuses one: :class:`Table` and :class:`Row`,
:class:`SheetProblem` and :class:`SpreadsheetRefused`, and the limits of what is read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
LISTS_SHEET = N_("Lists")
"""The name (a message id: written in the file's language) of the hidden sheet holding the
values of the drop-down lists. Reading skips it by its name in any language, and any other
hidden sheet, too (what Excel does not show is not read)."""
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@")
"""A CSV cell starting with one of these would run as a formula in a spreadsheet program."""


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


def column_label(header: Sequence[str], index: int) -> str:
    """How a problem names a column: its header and letter, ``Lead department (D)``."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index + 1)
    name = header[index] if index < len(header) else ""
    return f"{name} ({letter})" if name else letter
