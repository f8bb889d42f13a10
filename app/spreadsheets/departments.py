"""The departments as a spreadsheet, out and in: code, the names in German, Polish and Czech, the
kind, the e-mail address, the language of reminders and whether the department is retired.

:func:`export_departments` writes them as XLSX (one sheet, localized headers and values, drop-down
lists) or CSV (as German Excel opens it). :func:`plan_import` reads such a file back (headers and
values in German, Polish, Czech or English) and works out every change (department, field,
old → new) without writing; :func:`apply_import` applies the plan in one transaction, audited
with the file's name as the source. Departments are matched by code; a new code creates a
department; a department missing from the file is left as it is (never deleted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import LANGUAGES, N_, NP_, Message, Translator, translator
from app.models import Department, MeasureDepartment
from app.operations import audit
from app.operations import departments as ops
from app.operations.context import Actor, transaction
from app.spreadsheets import cells
from app.spreadsheets.cells import CellError
from app.spreadsheets.measure_columns import Column, spellings
from app.spreadsheets.register_data import key
from app.spreadsheets.workbook import (
    LISTS_SHEET,
    SheetProblem,
    SheetSpec,
    SpreadsheetRefused,
    Table,
    column_label,
    csv_text,
    read_tables,
    write_csv,
    write_xlsx,
)

FORMATS = ("xlsx", "csv")
SHEET = N_("Departments")
COLUMNS = (
    Column("code", N_("Code"), 10, "code"),
    Column("name_de", N_("Name (German)"), 50),
    Column("name_pl", N_("Name (Polish)"), 44),
    Column("name_cs", N_("Name (Czech)"), 44),
    Column("kind", N_("Kind"), 18, "kind"),
    Column("email", N_("E-mail address"), 32),
    Column("language", N_("Language of reminders"), 16, "language"),
    Column("retired", N_("Retired"), 10, "bool"),
)
LANGUAGE_LABELS = {"de": N_("German"), "pl": N_("Polish"), "cs": N_("Czech")}
_BY_FIELD = {column.field: column for column in COLUMNS}
_KINDS = {
    spelling: code for code, label in ops.KINDS.items() for spelling in spellings(label, code)
}
NATIVE_NAMES = {"de": "Deutsch", "pl": "Polski", "cs": "Čeština"}
_LANGUAGES = {
    spelling: code
    for code, label in LANGUAGE_LABELS.items()
    for spelling in (*spellings(label, code), key(NATIVE_NAMES[code]))
}


@dataclass(frozen=True)
class DepartmentChange:
    """One field of one department that an import changes; ``label`` is the column's message
    id, ``old`` and ``new`` display texts in the file's language."""

    code: str
    field: str
    label: str
    old: str
    new: str


@dataclass
class DepartmentPlan:
    """What importing a file would do: every field change and the codes of new departments.
    ``values`` (by code, the fields to set) and ``before`` (the fields as they were read) are
    what :func:`apply_import` writes and checks."""

    source: str
    changes: list[DepartmentChange]
    created: list[str]
    values: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    before: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.created

    @property
    def changed(self) -> list[str]:
        """The existing departments the import changes."""
        created = set(self.created)
        return list(dict.fromkeys(c.code for c in self.changes if c.code not in created))


@dataclass(frozen=True)
class ImportResult:
    changed: int
    created: int


# -- out ----------------------------------------------------------------------------------------


def export_departments(session: Session, target: Path, *, fmt: str, tr: Translator) -> int:
    """Write every department to ``target`` as ``fmt`` (``xlsx`` or ``csv``), headers and
    values in ``tr``'s language; returns the number of departments."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    rows = [_row(department, tr) for department in _departments(session)]
    headers = [tr.gettext(column.label) for column in COLUMNS]
    if fmt == "csv":
        write_csv(target, headers, rows)
        return len(rows)
    offered = {
        index: _choices(column, tr) for index, column in enumerate(COLUMNS) if _choices(column, tr)
    }
    sheet = SheetSpec(
        name=tr.gettext(SHEET),
        headers=headers,
        rows=rows,
        widths=[column.width for column in COLUMNS],
        choices=offered,
    )
    lists = tr.gettext(LISTS_SHEET)
    write_xlsx(target, [sheet], properties=_properties(session, tr), lists_sheet=lists)
    return len(rows)


def export_text(session: Session, *, tr: Translator) -> tuple[str, int]:
    """The CSV export as text (for the screen), with the number of departments."""
    rows = [_row(department, tr) for department in _departments(session)]
    return csv_text([tr.gettext(column.label) for column in COLUMNS], rows), len(rows)


def _departments(session: Session) -> list[Department]:
    return list(session.scalars(select(Department).order_by(Department.position, Department.id)))


def _row(department: Department, tr: Translator) -> list[Any]:
    return [_cell(column, getattr(department, column.field), tr) for column in COLUMNS]


def _cell(column: Column, value: Any, tr: Translator) -> Any:
    """The cell written for ``value`` of ``column``, in ``tr``'s language."""
    if column.kind == "kind":
        return tr.gettext(ops.KINDS[value]) if value in ops.KINDS else value
    if column.kind == "language":
        return tr.gettext(LANGUAGE_LABELS.get(value, LANGUAGE_LABELS["de"]))
    if column.kind == "bool":
        return tr.gettext(cells.YES if value else cells.NO)
    return value


def _choices(column: Column, tr: Translator) -> list[str]:
    if column.kind == "kind":
        return [tr.gettext(label) for label in ops.KINDS.values()]
    if column.kind == "language":
        return [tr.gettext(label) for label in LANGUAGE_LABELS.values()]
    if column.kind == "bool":
        return [tr.gettext(cells.YES), tr.gettext(cells.NO)]
    return []


def _properties(session: Session, tr: Translator) -> dict[str, str]:
    from app.models import RegisterMeta

    rows = session.execute(select(RegisterMeta.key, RegisterMeta.value)).all()
    meta = {str(name): str(value) for name, value in rows}
    now = audit.now_iso()
    return {
        "title": tr.gettext(N_("IMAG register: departments")),
        "creator": "IMAG register",
        "description": tr.render(
            Message(
                N_("Register {register}, exported {time}."),
                register=meta.get("register_id", "?"),
                time=now,
            )
        ),
        "keywords": "IMAG",
        "register_id": meta.get("register_id", ""),
        "register_kind": meta.get("kind", ""),
        "exported_at": now,
        "language": tr.lang,
    }


# -- in -----------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """One file being read: the problems found so far and the languages its headers are in."""

    problems: list[SheetProblem] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def problem(self, sheet: str, row: int | None, column: str | None, message: Message) -> None:
        self.problems.append(SheetProblem(sheet, row, column, message))

    @property
    def language(self) -> str:
        found = [lang for lang in self.languages if lang in LANGUAGES]
        return max(set(found), key=found.count) if found else "de"


def plan_import(session: Session, path: Path) -> DepartmentPlan:
    """Read ``path`` (XLSX or CSV) and work out its changes; raises
    :class:`~app.spreadsheets.workbook.SpreadsheetRefused` with every problem of the file.
    Writes nothing."""
    tables = read_tables(path)
    reading = _Reading()
    table = _table(reading, tables)
    columns = _header(reading, table) if table is not None else None
    existing = {department.code: department for department in _departments(session)}
    rows: dict[str, tuple[int, dict[str, Any]]] = {}
    if table is not None and columns is not None:
        rows = _rows(reading, table, columns)
        for code, (number, values) in rows.items():
            where = _Where(reading, table, columns, number)
            _check(session, where, values, existing.get(code))
    if reading.problems:
        raise SpreadsheetRefused(path.name, reading.problems)
    return _plan(path.name, rows, existing, translator(reading.language))


def _table(reading: _Reading, tables: list[Table]) -> Table | None:
    """The sheet of departments: the one so named in any language, else the only one."""
    names = spellings(SHEET)
    found = next((table for table in tables if key(table.name) in names), None)
    if found is None and len(tables) == 1:
        found = tables[0]
    if found is None:
        reading.problem(
            tables[0].name if tables else "",
            None,
            None,
            Message(N_("There is no sheet of departments in this file.")),
        )
    return found


def _header(reading: _Reading, table: Table) -> dict[str, int] | None:
    """The column index of each field, from the header row; ``None`` when it does not fit."""
    known = {
        spelling: (column, lang)
        for column in COLUMNS
        for spelling, lang in spellings(column.label, column.field).items()
    }
    found: dict[str, int] = {}
    fits = True
    for index, title in enumerate(table.header):
        where = column_label(table.header, index)
        match = known.get(key(title)) if title else None
        if not title:
            if any(not _blank(row.get(index)) for row in table.rows):
                reading.problem(
                    table.name, 1, where, Message(N_("This column has values but no header."))
                )
                fits = False
        elif match is None:
            reading.problem(
                table.name,
                1,
                where,
                Message(N_("“{name}” is not a column of this sheet."), name=title),
            )
            fits = False
        elif match[0].field in found:
            reading.problem(
                table.name, 1, where, Message(N_("The column “{name}” is there twice."), name=title)
            )
            fits = False
        else:
            found[match[0].field] = index
            reading.languages.append(match[1])
    if "code" not in found:
        reading.problem(
            table.name,
            1,
            None,
            Message(
                N_("The first row must hold the column headers, with a column “{name}”."),
                name=Message(_BY_FIELD["code"].label),
            ),
        )
        fits = False
    return found if fits else None


def _blank(value: Any) -> bool:
    return cells.text(value) is None


def _rows(
    reading: _Reading, table: Table, columns: dict[str, int]
) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each row's department code with its row number and the fields its cells give."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in table.rows:
        values: dict[str, Any] = {}
        for name, index in columns.items():
            column = _BY_FIELD[name]
            try:
                values[name] = _parse(column, row.get(index))
            except (CellError, InvalidInput) as error:
                where = column_label(table.header, index)
                reading.problem(table.name, row.number, where, error.message)
        code = values.pop("code", None)
        if code is None:
            continue
        if code in found:
            reading.problem(
                table.name,
                row.number,
                column_label(table.header, columns["code"]),
                Message(
                    N_("The department {code} is in row {row} already."),
                    code=code,
                    row=found[code][0],
                ),
            )
            continue
        found[code] = (row.number, values)
    return found


def _parse(column: Column, value: Any) -> Any:
    """A cell as the field's value (checked as the core checks it); raises
    :class:`~app.spreadsheets.cells.CellError` or :class:`~app.errors.InvalidInput`."""
    raw = cells.text(value)
    kind = column.kind
    if kind == "code":
        if raw is None:
            raise CellError(Message(N_("A department needs a code.")))
        return ops.check_code(raw)
    if kind == "bool":
        return bool(cells.boolean(value))
    if kind == "kind":
        return _one(raw, _KINDS, "ministry", N_("“{value}” is not a kind of department."))
    if kind == "language":
        return _one(raw, _LANGUAGES, "de", N_("“{value}” is not a language of the register."))
    if column.field == "email":
        return ops.check_email(raw)
    return raw


def _one(raw: str | None, table: dict[str, str], default: str, refusal: str) -> str:
    if raw is None:
        return default
    found = table.get(key(raw))
    if found is None:
        raise CellError(Message(refusal, value=raw))
    return found


@dataclass(frozen=True)
class _Where:
    """A row being checked: problems are reported at its cells."""

    reading: _Reading
    table: Table
    columns: dict[str, int]
    row: int

    def problem(self, name: str, message: Message) -> None:
        index = self.columns.get(name)
        label = column_label(self.table.header, index) if index is not None else None
        self.reading.problem(self.table.name, self.row, label, message)


def _check(
    session: Session, where: _Where, values: dict[str, Any], department: Department | None
) -> None:
    """What a row may not do: create a department without a German name, empty a name, retire
    a department that measures still name."""
    emptied = "name_de" in values and values["name_de"] is None
    if emptied or (department is None and not values.get("name_de")):
        where.problem("name_de", Message(N_("A department needs a German name.")))
    if department is not None and values.get("retired") and not department.retired:
        linked = session.scalar(
            select(func.count())
            .select_from(MeasureDepartment)
            .where(MeasureDepartment.department_id == department.id)
        )
        if linked:
            where.problem(
                "retired",
                Message(
                    *NP_(
                        "{code} is named by {n} measure: retire it in the reference data, "
                        "where its measures are handed over.",
                        "{code} is named by {n} measures: retire it in the reference data, "
                        "where its measures are handed over.",
                    ),
                    code=department.code,
                    n=linked,
                ),
            )


def _plan(
    source: str,
    rows: dict[str, tuple[int, dict[str, Any]]],
    existing: dict[str, Department],
    tr: Translator,
) -> DepartmentPlan:
    plan = DepartmentPlan(source=source, changes=[], created=[])
    for code, (_number, values) in rows.items():
        department = existing.get(code)
        if department is None:
            plan.created.append(code)
            wanted = {**_defaults(), **values}
            before: dict[str, Any] = {}
        else:
            wanted = values
            before = {name: getattr(department, name) for name in values}
        changed = {
            name: value
            for name, value in wanted.items()
            if department is None or before[name] != value
        }
        if not changed:
            continue
        plan.values[code] = changed
        plan.before[code] = before
        for name, value in changed.items():
            column = _BY_FIELD[name]
            plan.changes.append(
                DepartmentChange(
                    code,
                    name,
                    column.label,
                    _shown(column, before.get(name), tr) if department is not None else "",
                    _shown(column, value, tr),
                )
            )
    return plan


def _defaults() -> dict[str, Any]:
    return {"kind": "ministry", "language": "de", "retired": False}


def _shown(column: Column, value: Any, tr: Translator) -> str:
    if value is None:
        return ""
    shown = _cell(column, value, tr)
    return "" if shown is None else str(shown)


def apply_import(session: Session, actor: Actor, plan: DepartmentPlan) -> ImportResult:
    """Apply ``plan`` whole or not at all, in one transaction, audited as
    ``Actor(actor.name, "spreadsheet:<file name>")``. A department changed since the plan was
    made (or created meanwhile) refuses the whole import."""
    source = Actor(actor.name, f"spreadsheet:{plan.source}")
    created = set(plan.created)
    with transaction(session):
        now = audit.now_iso()
        for code, values in plan.values.items():
            department = session.scalar(select(Department).where(Department.code == code))
            if (department is None) != (code in created) or (
                department is not None
                and any(getattr(department, k) != v for k, v in plan.before[code].items())
            ):
                raise InvalidInput(
                    Message(
                        N_(
                            "The department {code} was changed since the file was read; "
                            "nothing was imported. Import the file again."
                        ),
                        code=code,
                    )
                )
            if department is None:
                ops.insert(session, source, code, values)
            else:
                ops.apply(session, source, department, values, now=now)
    return ImportResult(changed=len(plan.changed), created=len(plan.created))


__all__ = [
    "FORMATS",
    "DepartmentChange",
    "DepartmentPlan",
    "ImportResult",
    "apply_import",
    "export_departments",
    "export_text",
    "plan_import",
]
