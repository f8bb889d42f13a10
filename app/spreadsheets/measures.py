"""The register's measures as a spreadsheet, out and in.

:func:`export_measures` writes every measure with every editable field (XLSX: a sheet of
measures, one of indicators, one of milestones; CSV: one row per measure; JSON: a list of
objects). :func:`plan_import` reads such a file back and works out every change it would make
(measure, field, old → new) without writing anything; :func:`apply_import` then applies the plan
in one transaction, audited with the file's name as the source.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, Message, Translator
from app.models import Measure, RegisterMeta
from app.operations import audit
from app.operations.context import Actor, many_objects, transaction
from app.operations.measure_batch import MeasuresRefused, update_measures_in
from app.operations.measure_rows import revisions_of
from app.operations.measures import create_measure_in
from app.spreadsheets import text_columns
from app.spreadsheets.measure_columns import (
    INDICATOR_COLUMNS,
    MEASURE_COLUMNS,
    MILESTONE_COLUMNS,
    SHEET_COLUMNS,
    SHEETS,
    TEXT_COLUMNS,
    Column,
    cell_maker,
    choices,
    display,
    fields_getter,
)
from app.spreadsheets.register_data import Current, current_measures, vocabulary
from app.spreadsheets.workbook import LISTS_SHEET, SheetSpec, csv_text, write_csv, write_xlsx

FORMATS = ("xlsx", "csv", "json")


@dataclass(frozen=True)
class FieldChange:
    """One field of one measure that an import changes: ``label`` is the message id of the
    column (translate it with the reader's translator), ``old`` and ``new`` display texts in
    the file's language."""

    code: str
    field: str
    label: str
    old: str
    new: str


@dataclass
class ImportPlan:
    """What importing a file would do: every field change, and the codes of new measures.
    ``inputs`` and ``revisions`` are what :func:`apply_import` writes and checks (the inputs
    normalized and validated: the apply does not check them again)."""

    source: str
    changes: list[FieldChange]
    created: list[str]
    inputs: dict[str, Any] = field(default_factory=dict, repr=False)
    revisions: dict[str, int] = field(default_factory=dict, repr=False)
    stored: dict[str, Any] = field(default_factory=dict, repr=False)
    """The changed measures as the plan read them (:class:`~app.operations.measure_rows.Stored`)."""
    texts: list[text_columns.TextEdit] = field(default_factory=list, repr=False)
    """The Polish and Czech free texts to save (:mod:`app.spreadsheets.text_columns`)."""

    @property
    def empty(self) -> bool:
        return not self.changes and not self.created


@dataclass(frozen=True)
class ImportResult:
    """How many existing measures were changed and how many were created."""

    changed: int
    created: int


def export_measures(session: Session, target: Path, *, fmt: str, tr: Translator) -> int:
    """Write every measure to ``target`` as ``fmt`` (``xlsx``, ``csv`` or ``json``), headers and
    values in ``tr``'s language; returns the number of measures."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with many_objects():
        return _export(session, target, fmt, tr)


def _export(session: Session, target: Path, fmt: str, tr: Translator) -> int:
    if fmt == "json":  # streamed: the memory of a batch of measures, not of the register
        from app.spreadsheets import measure_json

        return measure_json.write_file(session, target)
    if fmt == "csv":  # streamed, as the JSON
        counted = _Counted(_streamed_rows(session, tr))
        write_csv(target, _headers(SHEET_COLUMNS, tr), counted)
        return counted.count
    current = current_measures(session)
    write_xlsx(
        target,
        _sheets(session, current, tr, text_columns.current(session)),
        properties=_properties(session, tr),
        lists_sheet=tr.gettext(LISTS_SHEET),
    )
    return len(current.inputs)


def export_text(session: Session, *, fmt: str, tr: Translator) -> tuple[str, int]:
    """The CSV or JSON export as text (for the screen), with the number of measures."""
    if fmt == "json":
        from app.spreadsheets import measure_json

        text = io.StringIO()
        count = measure_json.write(session, text)
        return text.getvalue(), count
    counted = _Counted(_streamed_rows(session, tr))
    return csv_text(_headers(SHEET_COLUMNS, tr), counted), counted.count


BATCH = 1000
"""Measures read at a time for a CSV export."""


def _streamed_rows(session: Session, tr: Translator) -> Iterator[list[Any]]:
    """The measures sheet's rows read a batch of measures at a time (register order): the
    memory of a batch, whatever the size of the register."""
    m = Measure.__table__.c
    query = select(m.code).order_by(m.position, m.id).execution_options(yield_per=BATCH)
    texts = text_columns.current(session)
    for codes in session.execute(query).scalars().partitions():
        yield from measure_rows(current_measures(session, codes), tr, texts)


class _Counted:
    """The rows of ``rows``, counted as they are taken."""

    def __init__(self, rows: Iterator[list[Any]]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def _headers(columns: Sequence[Column], tr: Translator) -> list[str]:
    return [tr.gettext(column.label) for column in columns]


def measure_rows(
    current: Current, tr: Translator, texts: text_columns.Texts
) -> Iterator[list[Any]]:
    """The measures sheet's rows of ``current``, headers and values in ``tr``'s language, the
    free texts' translations from ``texts``."""
    makers = _makers(MEASURE_COLUMNS, tr)
    text_makers = [make for _name, make in _makers(TEXT_COLUMNS, tr)]
    for code, data in current.inputs.items():
        row = [make(code if name is None else getattr(data, name)) for name, make in makers]
        values = text_columns.row_cells(texts, code)
        yield row + [make(value) for make, value in zip(text_makers, values, strict=True)]


def _detail_rows(current: Current, which: str, tr: Translator) -> Iterator[list[Any]]:
    makers = _makers(INDICATOR_COLUMNS if which == "indicators" else MILESTONE_COLUMNS, tr)
    for code, data in current.inputs.items():
        for item in getattr(data, which):
            yield [make(code if name is None else getattr(item, name)) for name, make in makers]


def _makers(columns: Sequence[Column], tr: Translator) -> list[tuple[str | None, Any]]:
    """Each column's field (``None``: the measure's code) and how its value becomes a cell."""
    return [
        (None if column.kind == "code" else column.field, cell_maker(column, tr))
        for column in columns
    ]


def _sheets(
    session: Session, current: Current, tr: Translator, texts: text_columns.Texts
) -> list[SheetSpec]:
    vocab = vocabulary(session)
    specs: list[SheetSpec] = []
    for which, (name, columns) in SHEETS.items():
        rows = (
            measure_rows(current, tr, texts)
            if which == "measures"
            else _detail_rows(current, which, tr)
        )
        offered = {index: choices(column, tr, vocab) for index, column in enumerate(columns)}
        specs.append(
            SheetSpec(
                name=tr.gettext(name),
                headers=_headers(columns, tr),
                rows=rows,
                widths=[column.width for column in columns],
                choices={index: values for index, values in offered.items() if values},
                open_choices=frozenset(
                    index
                    for index, column in enumerate(columns)
                    if column.kind in ("department", "departments", "goals")
                ),
            )
        )
    return specs


def _properties(session: Session, tr: Translator) -> dict[str, str]:
    meta = {
        str(k): str(v) for k, v in session.execute(select(RegisterMeta.key, RegisterMeta.value))
    }
    return {
        "title": tr.gettext(N_("IMAG register: measures")),
        "creator": "IMAG register",
        "subject": meta.get("catalogue_id", ""),
        "description": tr.render(
            Message(
                N_("Register {register}, exported {time}."),
                register=meta.get("register_id", "?"),
                time=audit.now_iso(),
            )
        ),
        "keywords": "IMAG",
        "register_id": meta.get("register_id", ""),
        "register_kind": meta.get("kind", ""),
        "exported_at": audit.now_iso(),
        "language": tr.lang,
    }


DETAIL_COLUMNS = {
    "indicators": Column("indicators", N_("Indicators"), 0, "indicators"),
    "milestones": Column("milestones", N_("Milestones"), 0, "milestones"),
}


def plan_import(session: Session, path: Path) -> ImportPlan:
    """Read ``path`` (XLSX or CSV, headers and values in German, Polish, Czech or English) and
    work out its changes; raises :class:`~app.spreadsheets.workbook.SpreadsheetRefused` with
    every problem of the file. Writes nothing."""
    with many_objects():
        # the reading (the file's cells, the register's measures) is let go before the cycle
        # collector runs again, which then walks the plan alone
        return _planned(session, path)


def _planned(session: Session, path: Path) -> ImportPlan:
    from app.i18n import translator
    from app.spreadsheets import measure_import as reader
    from app.spreadsheets.workbook import (
        MAX_PROBLEMS,
        SheetProblem,
        SpreadsheetRefused,
        read_tables,
    )

    with ThreadPoolExecutor(1, thread_name_prefix="imag-sheet") as reader_thread:
        # the file is read while the register is (python-calamine, zlib and SQLite let go of
        # Python's lock while they work: on two cores the two take the time of the longer)
        file_problems: list[SheetProblem] = []
        read = reader_thread.submit(read_tables, path, problems=file_problems)
        reading = reader.Reading(current_measures(session), vocabulary(session))
        current_texts = text_columns.current(session)
        tables = read.result()
        reading.problems.extend(file_problems)
        found = reader.sort_tables(reading, tables)
        layout = {which: reader.header_columns(reading, t, which) for which, t in found.items()}
        measures_columns = layout.get("measures")
        text_edits: list[text_columns.TextEdit] = []
        text_changes: list[text_columns.TextChange] = []
        if measures_columns is not None:
            reader.read_measures(reading, found["measures"], measures_columns)
            for which in ("indicators", "milestones"):
                columns = layout.get(which)
                if columns is not None:
                    reader.read_details(reading, found[which], columns, which)
            reader.check_entries(reading)
            text_edits, text_changes = text_columns.plan(
                reading, current_texts, translator(reading.language)
            )
        if reading.problems:
            raise SpreadsheetRefused(path.name, reading.problems[:MAX_PROBLEMS])
        plan = _plan(path.name, reading)
        plan.texts = text_edits
        plan.changes += [FieldChange(*astuple(change)) for change in text_changes]
        return plan


def _plan(source: str, reading: Any) -> ImportPlan:
    from app.i18n import translator

    tr = translator(reading.language)
    plan = ImportPlan(source, [], [])
    by_field = {column.field: column for column in MEASURE_COLUMNS}
    by_field.update(DETAIL_COLUMNS)
    layouts: dict[int, tuple[str, ...]] = {}
    texts: dict[tuple[str, Any], str] = {}

    def shown(column: Column, value: Any) -> str:
        """:func:`display`, once for each value of a field (a few values repeat in many rows:
        departments, goals, states)."""
        try:
            return texts[column.field, value]
        except KeyError:
            text = texts[column.field, value] = display(column, value, tr)
            return text

    for code, entry in reading.entries.items():
        if entry.same:
            continue
        new = entry.data
        layout = id(entry.columns)  # the rows of a sheet share theirs
        if layout not in layouts:
            layouts[layout] = _fields(entry.columns, reading.detail_sheets)
        fields = layouts[layout]
        values = fields_getter(fields)
        if entry.new:
            old = None
            changed = [n for n, v in zip(fields, values(new), strict=True) if v not in _UNSET]
            plan.created.append(code)
        else:
            old = reading.current.inputs[code]
            changed = [
                name for name, a, b in zip(fields, values(new), values(old), strict=True) if a != b
            ]
            if not changed:
                continue
            plan.revisions[code] = reading.current.revisions[code]
            plan.stored[code] = reading.current.stored[code]
        plan.inputs[code] = new
        for name in changed:
            column = by_field[name]
            plan.changes.append(
                FieldChange(
                    code,
                    name,
                    column.label,
                    shown(column, getattr(old, name)) if old is not None else "",
                    shown(column, getattr(new, name)),
                )
            )
    # a new measure whose successor is new, too, is created after it
    new_codes = set(plan.created)
    plan.created.sort(key=lambda code: plan.inputs[code].successor in new_codes)
    return plan


_UNSET = (None, (), False)
"""What a new measure's field holds when its cell says nothing."""


def _fields(columns: dict[str, int], details: set[str]) -> tuple[str, ...]:
    """The fields a row compares: its columns but the code and the free texts' translations,
    and the detail sheets read."""
    names = tuple(name for name in columns if name not in text_columns.FIELDS | {"code"})
    return names + tuple(sorted(details))


def apply_import(session: Session, actor: Actor, plan: ImportPlan) -> ImportResult:
    """Apply ``plan`` whole or not at all, in one transaction, audited as
    ``Actor(actor.name, "spreadsheet:<file name>")``: the new measures one by one, the changed
    ones together in a few bulk statements (:func:`update_measures_in`). A measure changed since
    the plan was made refuses the whole import."""
    source = Actor(actor.name, f"spreadsheet:{plan.source}")
    with transaction(session), many_objects():
        for code in plan.created:
            create_measure_in(session, source, plan.inputs[code], code=code)
        # the rows the plan read serve again unless one of them changed since (which the
        # revisions show; a fresh read then refuses the import as editing would)
        held = revisions_of(session, plan.revisions) == plan.revisions and len(plan.stored) == len(
            plan.revisions
        )
        try:
            changed = update_measures_in(
                session,
                source,
                {code: data for code, data in plan.inputs.items() if code in plan.revisions},
                revisions=plan.revisions,
                stored=plan.stored if held else None,
                checked=held,  # the plan normalized and validated them
            )
        except MeasuresRefused as refused:
            raise refused.problems[0][1] from None  # as editing that measure would say
        text_columns.apply(session, source, plan.texts)
    return ImportResult(changed=len(changed), created=len(plan.created))
