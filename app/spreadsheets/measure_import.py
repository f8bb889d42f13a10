"""Reading a measures spreadsheet back: which sheet and column is which (in any language), every
cell parsed and checked, and what would change. Every problem of the file is collected with its
sheet, row and column; nothing is written here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from app.errors import InvalidInput
from app.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Message
from app.models import Status
from app.operations.measure_normal import replaced
from app.operations.measures import (
    IndicatorInput,
    MeasureInput,
    MilestoneInput,
    normalize,
    translation_states,
    validate,
)
from app.spreadsheets import text_columns
from app.spreadsheets.measure_columns import (
    SHEETS,
    Column,
    fields_getter,
    row_reader,
    sheets_found,
    spellings,
)
from app.spreadsheets.register_data import Current, Vocabulary, key
from app.spreadsheets.workbook import Row, SheetProblem, Table, column_label


@dataclass
class Entry:
    """A measure as its row gives it: the row, the columns found, the input it makes."""

    sheet: str
    row: int
    header: list[str]
    columns: dict[str, int]
    data: MeasureInput
    new: bool
    same: bool = False
    """Whether the row says what the register holds (known without normalizing it)."""
    texts: dict[str, Any] = field(default_factory=dict)
    """The row's Polish and Czech free texts and states (:mod:`app.spreadsheets.text_columns`)."""


@dataclass
class Reading:
    """One file being read: the register as it is, and what was found wrong so far."""

    current: Current
    vocab: Vocabulary
    problems: list[SheetProblem] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)
    entries: dict[str, Entry] = field(default_factory=dict)
    detail_sheets: set[str] = field(default_factory=set)

    def problem(self, sheet: str, row: int | None, column: str | None, message: Message) -> None:
        self.problems.append(SheetProblem(sheet, row, column, message))

    @property
    def language(self) -> str:
        """The language most headers were written in (German when nothing tells)."""
        for lang, _count in self.votes.most_common():
            if lang in LANGUAGES:
                return lang
        return SOURCE_LANGUAGE if self.votes else "de"


def sort_tables(reading: Reading, tables: list[Table]) -> dict[str, Table]:
    """The tables by what they hold (``measures``, ``indicators``, ``milestones``); a single
    table whatever its name (a CSV) holds the measures; other sheets are left alone."""
    found = sheets_found(tables, {which: name for which, (name, _c) in SHEETS.items()}, "measures")
    if "measures" not in found:
        reading.problem(
            tables[0].name if tables else "",
            None,
            None,
            Message(N_("There is no sheet of measures in this file.")),
        )
    return found


def header_columns(reading: Reading, table: Table, which: str) -> dict[str, int] | None:
    """The column index of each field, from the header row; ``None`` when it does not fit."""
    columns: tuple[Column, ...] = SHEETS[which][1]
    known = {
        spelling: (column, lang)
        for column in columns
        for spelling, lang in spellings(column.label, column.field).items()
    }
    found: dict[str, int] = {}
    wrong: list[tuple[int, Message]] = []
    for index, title in enumerate(table.header):
        match = known.get(key(title)) if title else None
        if not title:
            if any(row.get(index) not in (None, "") for row in table.rows):
                wrong.append((index, Message(N_("This column has values but no header."))))
            continue
        if match is None:
            wrong.append(
                (index, Message(N_("“{name}” is not a column of this sheet."), name=title))
            )
            continue
        column, _lang = match
        if column.field in found:
            wrong.append((index, Message(N_("The column “{name}” is there twice."), name=title)))
            continue
        found[column.field] = index
        reading.votes.update(
            lang for spelling, lang in spellings(column.label).items() if spelling == key(title)
        )
    for index, message in wrong:
        reading.problem(table.name, 1, column_label(table.header, index), message)
    fits = not wrong
    for column in columns:
        if column.kind in ("code", "required") and column.field not in found:
            reading.problem(
                table.name,
                1,
                None,
                Message(
                    N_("The first row must hold the column headers, with a column “{name}”."),
                    name=Message(column.label),
                ),
            )
            fits = False
    return found if fits else None


_SPECS = {
    which: {column.field: column for column in columns} for which, (_, columns) in SHEETS.items()
}
"""Each sheet's columns by field."""


def _reader(
    reading: Reading, table: Table, columns: dict[str, int], which: str
) -> Callable[[Row], dict[str, Any] | None]:
    """Each row's values by field; ``None`` (and problems noted) when a cell is wrong."""
    return row_reader(
        table, columns=columns, specs=_SPECS[which], vocab=reading.vocab, problems=reading.problems
    )


def read_measures(reading: Reading, table: Table, columns: dict[str, int]) -> None:
    """Each row of the measures sheet as an :class:`Entry` (problems noted)."""
    rows_of: dict[str, int] = {}
    cells = _reader(reading, table, columns, "measures")

    def where() -> str:
        return column_label(table.header, columns["code"])

    for row in table.rows:
        values = cells(row)
        if values is None:
            continue
        code = values.pop("code")
        texts = text_columns.split(values)
        if not code:
            reading.problem(
                table.name, row.number, where(), Message(N_("The row has no measure code."))
            )
            continue
        if code in rows_of:
            reading.problem(
                table.name,
                row.number,
                where(),
                Message(
                    N_("The measure {code} is also in row {row}."), code=code, row=rows_of[code]
                ),
            )
            continue
        rows_of[code] = row.number
        for name in ("state_pl", "state_cs"):
            if values.get(name, 0) is None:
                del values[name]  # an empty state: worked out from the texts
        base = reading.current.inputs.get(code)
        same = base is not None and fields_getter(tuple(values))(base) == tuple(values.values())
        if base is None:
            base = MeasureInput(instrument=values.get("instrument") or "", title_de="")
        entry = Entry(
            table.name,
            row.number,
            table.header,
            columns,
            base if same else _changed(base, values, code in reading.current.inputs),
            code not in reading.current.inputs,
            same,
            texts,
        )
        reading.entries[code] = entry


def _changed(base: MeasureInput, values: dict[str, Any], known: bool) -> MeasureInput:
    """``base`` with the row's values, normalized, its translation states as the register will
    work them out (so that the preview shows them)."""
    data = normalize(replaced(base, values))
    return translation_states(data, base) if known else data


def check_entries(reading: Reading) -> None:
    """What a single cell cannot show: the rules between fields and the references."""
    for code, entry in reading.entries.items():
        if entry.same or entry.data == reading.current.inputs.get(code):
            entry.same = True
            continue  # what the register holds is sound
        before = len(reading.problems)
        _check_links(reading, code, entry)
        if len(reading.problems) > before:
            continue
        try:
            validate(entry.data)
        except InvalidInput as error:
            reading.problem(entry.sheet, entry.row, None, error.message)


def _check_links(reading: Reading, code: str, entry: Entry) -> None:
    data = entry.data

    def fault(name: str, message: Message) -> None:
        index = entry.columns.get(name)
        label = column_label(entry.header, index) if index is not None else None
        reading.problem(entry.sheet, entry.row, label, message)

    if entry.new:
        if not data.instrument:
            fault("instrument", Message(N_("A new measure needs an instrument.")))
        elif not code.startswith(f"{data.instrument}."):
            fault(
                "code",
                Message(
                    N_("The code {code} does not fit instrument {numeral} (like {numeral}.01)."),
                    code=code,
                    numeral=data.instrument,
                ),
            )
        if not data.title_de:
            fault("title_de", Message(N_("A measure needs a German title.")))
    if data.section and data.section not in reading.vocab.sections.get(data.instrument, []):
        fault(
            "section",
            Message(N_("Unknown {what}: {code}."), what=Message(N_("section")), code=data.section),
        )
    if data.successor and (
        data.successor == code
        or (data.successor not in reading.current.inputs and data.successor not in reading.entries)
    ):
        fault("successor", Message(N_("{code} cannot be the successor."), code=data.successor))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        fault(
            "end_date",
            Message(
                N_("The end ({end}) must not be before the start ({start})."),
                end=data.end_date.isoformat(),
                start=data.start_date.isoformat(),
            ),
        )
    if data.status == Status.DROPPED and not (data.status_reason or data.successor):
        fault("status", Message(N_("A dropped measure needs a reason or a successor.")))
    base = reading.current.inputs.get(code)
    had = set() if base is None else {base.lead_department, *base.participating}
    for name in ("lead_department", "participating"):
        value = getattr(data, name)
        for department in value if isinstance(value, tuple) else (value,):
            if department in reading.vocab.retired and department not in had:
                fault(
                    name,
                    Message(
                        N_("The department {code} is retired and cannot be assigned."),
                        code=department,
                    ),
                )


def read_details(reading: Reading, table: Table, columns: dict[str, int], which: str) -> None:
    """The indicators or milestones sheet: it holds all of them for the measures listed on
    the measures sheet (a row without an ID is a new one; one not listed is removed)."""
    grouped: dict[str, list[Any]] = {}
    cells = _reader(reading, table, columns, which)
    for row in table.rows:
        values = cells(row)
        if values is None:
            continue
        code = values.pop("code")
        entry = reading.entries.get(code or "")
        if entry is None:
            reading.problem(
                table.name,
                row.number,
                column_label(table.header, columns["code"]),
                Message(N_("The measure {code} is not on the sheet of measures."), code=code or ""),
            )
            continue
        base = reading.current.inputs.get(code or "")
        identifier = values.get("id")
        old = {item.id: item for item in getattr(base, which)} if base else {}
        if identifier is not None and identifier not in old:
            reading.problem(
                table.name,
                row.number,
                column_label(table.header, columns["id"]),
                Message(
                    N_("The measure {code} has no {what} with the id {id}."),
                    code=code,
                    what=Message(_WHAT[which]),
                    id=identifier,
                ),
            )
            continue
        values.setdefault("id", None)
        item: Any
        if identifier is not None:
            item = replace(old[identifier], **values)  # columns left out keep their values
        elif which == "indicators":
            item = IndicatorInput(**values)
        else:
            item = MilestoneInput(**values)
        grouped.setdefault(code or "", []).append(item)
    reading.detail_sheets.add(which)
    for code, entry in reading.entries.items():
        given = tuple(grouped.get(code, ()))
        if given != getattr(entry.data, which):
            items: dict[str, Any] = {which: given}
            entry.data = normalize(replaced(entry.data, items))
            entry.same = False


_WHAT = {"indicators": N_("indicator"), "milestones": N_("milestone")}
