"""Reading a department's answers spreadsheet (:mod:`app.spreadsheets.answers`): which sheet
and column is which (in any language), every cell parsed, and the values each row gives. Every
problem is collected with its sheet, row and column; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_, Message
from app.models import WorkspaceRound
from app.rounds.kinds import kind_of
from app.spreadsheets import cells
from app.spreadsheets.answer_columns import NO_VOCABULARY, READ_ONLY, REQUIRED, SHEETS
from app.spreadsheets.measure_columns import row_values, sheets_found, spellings
from app.spreadsheets.register_data import key
from app.spreadsheets.workbook import Row, SheetProblem, Table, column_label


@dataclass
class Reading:
    """One file being read: the package, the answers so far, and the problems found."""

    ws_round: WorkspaceRound
    payload: dict[str, Any]
    problems: list[SheetProblem] = field(default_factory=list)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # code → (sheet, row)
    unread: set[str] = field(default_factory=set)  # measures whose row has a problem of its own

    def problem(self, sheet: str, row: int | None, column: str | None, message: Message) -> None:
        self.problems.append(SheetProblem(sheet, row, column, message))

    def item(self, code: str) -> dict[str, Any] | None:
        return next((entry for entry in self.payload["items"] if entry["code"] == code), None)


def read(reading: Reading, tables: list[Table]) -> None:
    """The values each row of ``tables`` gives, into ``reading`` (problems noted)."""
    for which, table in _sort_tables(reading, tables).items():
        columns = _header(reading, table, which)
        if columns is None:
            continue
        if which == "answers":
            _read_answers(reading, table, columns)
        else:
            _read_indicators(reading, table, columns)


def _sort_tables(reading: Reading, tables: list[Table]) -> dict[str, Table]:
    """The tables by what they hold; a single table whatever its name holds the answers."""
    found = sheets_found(tables, {which: name for which, (name, _c) in SHEETS.items()}, "answers")
    if "answers" not in found:
        reading.problem(
            tables[0].name if tables else "",
            None,
            None,
            Message(N_("There is no sheet of answers in this file.")),
        )
    return found


def _header(reading: Reading, table: Table, which: str) -> dict[str, int] | None:
    """The column index of each field to read (problems noted for the columns that are not
    the sheet's, which are left out); ``None`` when a column it needs is missing."""
    columns = SHEETS[which][1]
    known = {
        spelling: column for column in columns for spelling in spellings(column.label, column.field)
    }
    found: dict[str, int] = {}
    complete = True
    for index, title in enumerate(table.header):
        column = known.get(key(title)) if title else None
        message = None
        if column is None and title:
            message = Message(N_("“{name}” is not a column of this sheet."), name=title)
        elif column is None and any(row.get(index) not in (None, "") for row in table.rows):
            message = Message(N_("This column has values but no header."))
        elif column is not None and column.field in found:
            message = Message(N_("The column “{name}” is there twice."), name=title)
        elif column is not None:
            found[column.field] = index
        if message is not None:
            reading.problem(table.name, 1, column_label(table.header, index), message)
    for name in REQUIRED[which]:
        if name not in found:
            label = next(column.label for column in columns if column.field == name)
            reading.problem(
                table.name,
                1,
                None,
                Message(
                    N_("The first row must hold the column headers, with a column “{name}”."),
                    name=Message(label),
                ),
            )
            complete = False
    return found if complete else None


def _cells(
    reading: Reading, table: Table, columns: dict[str, int], row: Row, which: str
) -> dict[str, Any] | None:
    """The row's values by field (read-only columns left out); ``None`` (problems noted)
    when a cell is wrong."""
    specs = {column.field: column for column in SHEETS[which][1] if column.kind != READ_ONLY}
    read = {name: index for name, index in columns.items() if name in specs}
    return row_values(
        table, row, columns=read, specs=specs, vocab=NO_VOCABULARY, problems=reading.problems
    )


def _code(reading: Reading, table: Table, row: Row, where: str, code: Any) -> str | None:
    """The measure code of a row, if the round has it for this department (else noted)."""
    if not code:
        reading.problem(table.name, row.number, where, Message(N_("The row has no measure code.")))
        return None
    if reading.item(str(code)) is None:
        ws_round = reading.ws_round
        reading.problem(
            table.name,
            row.number,
            where,
            Message(
                kind_of(ws_round).not_in_workspace,
                code=code,
                round=ws_round.name,
                department=ws_round.department,
            ),
        )
        return None
    return str(code)


def _read_answers(reading: Reading, table: Table, columns: dict[str, int]) -> None:
    where = column_label(table.header, columns["code"])
    rows_of: dict[str, int] = {}
    for row in table.rows:
        values = _cells(reading, table, columns, row, "answers")
        code = _code(reading, table, row, where, cells.text(row.get(columns["code"])))
        if code is not None and code in rows_of:
            reading.problem(
                table.name,
                row.number,
                where,
                Message(
                    N_("The measure {code} is also in row {row}."), code=code, row=rows_of[code]
                ),
            )
            continue
        if code is None or values is None:
            if code is not None:
                rows_of[code] = row.number
                reading.unread.add(code)  # its answer is not checked as a whole: the cell says it
            continue
        rows_of[code] = row.number
        del values["code"]
        if "status" in values:
            values["status"] = values["status"].value
        if values.get("traffic_light") is not None:
            values["traffic_light"] = values["traffic_light"].value
        reading.changes.setdefault(code, {}).update(values)
        reading.rows[code] = (table.name, row.number)


def _read_indicators(reading: Reading, table: Table, columns: dict[str, int]) -> None:
    owners = {
        indicator["id"]: item["code"]
        for item in reading.payload["items"]
        for indicator in item["values"].get("indicators") or ()
    }
    where = column_label(table.header, columns["id"])
    rows_of: dict[int, int] = {}
    for row in table.rows:
        values = _cells(reading, table, columns, row, "indicators")
        if values is None:
            continue
        identifier = values.pop("id")
        owner = owners.get(identifier)
        if owner is None or (values.get("code") or owner) != owner:
            reading.problem(
                table.name,
                row.number,
                where,
                Message(
                    N_("Unknown indicator: {name}."),
                    name=f"{values.get('code') or ''} {identifier or ''}".strip(),
                ),
            )
            continue
        if identifier in rows_of:
            reading.problem(
                table.name,
                row.number,
                where,
                Message(
                    N_("The indicator {id} is also in row {row}."),
                    id=identifier,
                    row=rows_of[identifier],
                ),
            )
            continue
        rows_of[identifier] = row.number
        entry: dict[str, Any] = {"id": identifier}
        if "actual" in values:
            actual = values["actual"]
            entry["actual"] = (
                int(actual) if isinstance(actual, float) and actual.is_integer() else actual
            )
        if "actual_date" in values:
            date = values["actual_date"]
            entry["actual_date"] = date.isoformat() if date is not None else None
        reading.changes.setdefault(owner, {}).setdefault("indicators", []).append(entry)
        reading.rows.setdefault(owner, (table.name, row.number))


def alters(current: dict[str, Any], changes: dict[str, Any]) -> bool:
    """Whether ``changes`` give another value than ``current`` has for any field."""
    for name, value in changes.items():
        if name != "indicators":
            if value != current.get(name):
                return True
            continue
        given = {entry.get("id"): entry for entry in current.get("indicators") or ()}
        for entry in value:
            if any(given.get(entry["id"], {}).get(k) != v for k, v in entry.items()):
                return True
    return False
