"""The columns of the measures spreadsheet: their headers, how a field becomes a cell and a cell
becomes a field again, and how a value is shown in an import's preview.

Headers and the values of the fixed vocabularies (status, traffic light, translation state,
yes/no) are written in the chosen language and read in any of German, Polish, Czech and English
(and as the field names of ``imag measures export --format json``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

from app.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Message, Translator, translator
from app.models import Status, TrafficLight, TranslationState
from app.models.labels import STATUS, TRAFFIC_LIGHT, TRANSLATION_STATE
from app.operations.measures import IndicatorInput, MilestoneInput
from app.spreadsheets import cells
from app.spreadsheets.cells import LIST_SEPARATOR, CellError
from app.spreadsheets.register_data import Vocabulary, key
from app.spreadsheets.workbook import Money, Row, SheetProblem, Table, column_label


@dataclass(frozen=True)
class Column:
    """A column: ``field`` of :class:`~app.operations.measures.MeasureInput` (or of an indicator
    or milestone), its header's message id, its width and its kind of value."""

    field: str
    label: str
    width: float
    kind: str = "text"


MEASURE_COLUMNS = (
    Column("code", N_("Code"), 9, "code"),
    Column("instrument", N_("Instrument"), 11, "instrument"),
    Column("section", N_("Section"), 9, "section"),
    Column("title_de", N_("Title (German)"), 50),
    Column("description_de", N_("Description (German)"), 40),
    Column("title_pl", N_("Title (Polish)"), 40),
    Column("description_pl", N_("Description (Polish)"), 30),
    Column("state_pl", N_("Translation state (Polish)"), 16, "state"),
    Column("title_cs", N_("Title (Czech)"), 40),
    Column("description_cs", N_("Description (Czech)"), 30),
    Column("state_cs", N_("Translation state (Czech)"), 16, "state"),
    Column("lead_department", N_("Lead department"), 16, "department"),
    Column("participating", N_("Participating departments"), 24, "departments"),
    Column("goals", N_("Goals"), 12, "goals"),
    Column("partners", N_("Partners"), 20, "partners"),
    Column("status", N_("Status"), 16, "status"),
    Column("status_reason", N_("Reason"), 30),
    Column("successor", N_("Successor"), 11, "measure"),
    Column("traffic_light", N_("Traffic light"), 16, "light"),
    Column("progress", N_("Progress (%)"), 11, "percent"),
    Column("start_date", N_("Start"), 12, "date"),
    Column("end_date", N_("End"), 12, "date"),
    Column("comment", N_("Comment"), 40),
    Column("next_steps", N_("Next steps"), 40),
    Column("budget_reservation", N_("Budget reservation"), 14, "bool"),
    Column("budget_planned_cents", N_("Planned budget (EUR)"), 16, "money"),
    Column("budget_committed_cents", N_("Committed budget (EUR)"), 16, "money"),
    Column("contact_name", N_("Contact person"), 24),
    Column("contact_email", N_("Contact e-mail"), 28),
    Column("contact_phone", N_("Contact telephone"), 18),
)
TEXT_COLUMNS = (
    Column("comment_pl", N_("Comment (Polish)"), 40),
    Column("comment_state_pl", N_("Comment: translation state (Polish)"), 16, "state"),
    Column("next_steps_pl", N_("Next steps (Polish)"), 40),
    Column("next_steps_state_pl", N_("Next steps: translation state (Polish)"), 16, "state"),
    Column("status_reason_pl", N_("Reason (Polish)"), 30),
    Column("status_reason_state_pl", N_("Reason: translation state (Polish)"), 16, "state"),
    Column("comment_cs", N_("Comment (Czech)"), 40),
    Column("comment_state_cs", N_("Comment: translation state (Czech)"), 16, "state"),
    Column("next_steps_cs", N_("Next steps (Czech)"), 40),
    Column("next_steps_state_cs", N_("Next steps: translation state (Czech)"), 16, "state"),
    Column("status_reason_cs", N_("Reason (Czech)"), 30),
    Column("status_reason_state_cs", N_("Reason: translation state (Czech)"), 16, "state"),
)
"""The Polish and Czech versions of the free texts and their states (app.free_text): after the
measure's own columns, so that a file written before them reads as it did."""
SHEET_COLUMNS = (*MEASURE_COLUMNS, *TEXT_COLUMNS)
MEASURE_CODE = Column("code", N_("Measure"), 10, "code")
INDICATOR_COLUMNS = (
    MEASURE_CODE,
    Column("id", N_("ID"), 7, "id"),
    Column("name", N_("Indicator"), 40, "required"),
    Column("unit", N_("Unit"), 12),
    Column("baseline", N_("Baseline"), 12, "number"),
    Column("target", N_("Target"), 12, "number"),
    Column("actual", N_("Actual value"), 12, "number"),
    Column("actual_date", N_("Date of the actual value"), 14, "date"),
)
MILESTONE_COLUMNS = (
    MEASURE_CODE,
    Column("id", N_("ID"), 7, "id"),
    Column("title", N_("Milestone"), 50, "required"),
    Column("due_date", N_("Due"), 12, "date"),
    Column("done_date", N_("Done"), 12, "date"),
)
SHEETS = {
    "measures": (N_("Measures"), SHEET_COLUMNS),
    "indicators": (N_("Indicators"), INDICATOR_COLUMNS),
    "milestones": (N_("Milestones"), MILESTONE_COLUMNS),
}
READ_LANGUAGES = (*LANGUAGES, SOURCE_LANGUAGE)
ENUMS: dict[str, tuple[type[Any], dict[Any, str]]] = {
    "state": (TranslationState, TRANSLATION_STATE),
    "status": (Status, STATUS),
    "light": (TrafficLight, TRAFFIC_LIGHT),
}


def spellings(label: str, extra: str = "") -> dict[str, str]:
    """The casefolded spellings of ``label`` in every language, mapped to their language."""
    found = {key(translator(lang).gettext(label)): lang for lang in READ_LANGUAGES}
    if extra:
        found.setdefault(key(extra), SOURCE_LANGUAGE)
    return found


def _enum_tables() -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for kind, (_enum, labels) in ENUMS.items():
        table: dict[str, Any] = {}
        for member, label in labels.items():
            table.update(dict.fromkeys(spellings(label, member.value), member))
        tables[kind] = table
    return tables


ENUM_SPELLINGS = _enum_tables()


# -- out ----------------------------------------------------------------------------------------


def cell(column: Column, value: Any, tr: Translator) -> Any:
    """The cell written for ``value`` (``Money`` and dates are formatted by the writer)."""
    if value is None or value == ():
        return None
    kind = column.kind
    if kind in ENUMS:
        return tr.gettext(ENUMS[kind][1][value])
    if kind == "bool":
        return tr.gettext(cells.YES if value else cells.NO)
    if kind == "money":
        return Money(value)
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def cell_maker(column: Column, tr: Translator) -> Callable[[Any], Any]:
    """:func:`cell` for one column, with its translated labels looked up once (for the many
    rows of an export)."""
    kind = column.kind
    if kind in ENUMS:
        labels = {member: tr.gettext(label) for member, label in ENUMS[kind][1].items()}
        return lambda value: None if value is None else labels[value]
    if kind == "bool":
        yes, no = tr.gettext(cells.YES), tr.gettext(cells.NO)
        return lambda value: None if value is None else yes if value else no
    if kind == "money":
        return lambda value: None if value is None else Money(value)
    return _plain_cell


def _plain_cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(item) for item in value) if value else None
    return value


def choices(column: Column, tr: Translator, vocab: Vocabulary) -> list[str]:
    """The drop-down values of a column (none: no drop-down)."""
    kind = column.kind
    if kind in ENUMS:
        return [tr.gettext(label) for label in ENUMS[kind][1].values()]
    if kind == "bool":
        return [tr.gettext(cells.YES), tr.gettext(cells.NO)]
    if kind == "instrument":
        return list(vocab.instruments)
    if kind in ("department", "departments"):
        return vocab.department_choices[tr.lang if tr.lang in LANGUAGES else "de"]
    if kind == "goals":
        return vocab.goal_choices[tr.lang if tr.lang in LANGUAGES else "de"]
    return []


def display(column: Column, value: Any, tr: Translator) -> str:
    """``value`` as the import's preview shows it, in ``tr``'s language."""
    if value is None or value == ():
        return ""
    if column.kind == "money":
        return tr.money(value)
    if isinstance(value, dt.date):
        return tr.date(value)
    if column.field == "indicators":
        return "; ".join(_indicator_text(item, tr) for item in value)
    if column.field == "milestones":
        return "; ".join(_milestone_text(item, tr) for item in value)
    shown = cell(column, value, tr)
    return "" if shown is None else str(shown)


def _indicator_text(item: IndicatorInput, tr: Translator) -> str:
    values = " → ".join(
        tr.number(number) if number is not None else "–" for number in (item.baseline, item.target)
    )
    text = f"{item.name} ({item.unit})" if item.unit else item.name
    if item.actual is not None:
        when = f" ({tr.date(item.actual_date)})" if item.actual_date else ""
        values += f", {tr.number(item.actual)}{when}"
    return f"{text}: {values}"


def _milestone_text(item: MilestoneInput, tr: Translator) -> str:
    dates = [tr.date(item.due_date) if item.due_date else "–"]
    if item.done_date:
        dates.append("✓ " + tr.date(item.done_date))
    return f"{item.title} ({', '.join(dates)})"


# -- in -----------------------------------------------------------------------------------------


def _required(value: Any) -> str:
    raw = cells.text(value)
    if raw is None:
        raise CellError(Message(N_("This cell must not be empty.")))
    return raw


def _enum(kind: str) -> Callable[[Any, Vocabulary], Any]:
    def parse(value: Any, _vocab: Vocabulary) -> Any:
        raw = cells.text(value)
        if raw is None:
            if kind == "status":
                raise CellError(Message(N_("This cell must not be empty.")))
            return TranslationState.MISSING if kind == "state" else None
        found = ENUM_SPELLINGS[kind].get(key(raw))
        if found is None:
            raise CellError(
                Message(
                    N_("“{value}” is not one of this column's values (see its drop-down list)."),
                    value=raw,
                )
            )
        return found

    return parse


def _department(value: Any, vocab: Vocabulary) -> str | None:
    found = cells.several(value, vocab.departments, N_("department"))
    if len(found) > 1:
        raise CellError(Message(N_("Only one lead department can be named here.")))
    return found[0] if found else None


def _instrument(value: Any, vocab: Vocabulary) -> str | None:
    raw = cells.text(value)
    if raw is not None and raw not in vocab.instruments:
        raise CellError(
            Message(N_("Unknown {what}: {code}."), what=Message(N_("instrument")), code=raw)
        )
    return raw


def _identifier(value: Any, _vocab: Vocabulary) -> int | None:
    return cells.integer(value, 1, 2**62)


PARSERS: dict[str, Callable[[Any, Vocabulary], Any]] = {
    "code": lambda value, _vocab: cells.text(value),
    "text": lambda value, _vocab: cells.text(value),
    "required": lambda value, _vocab: _required(value),
    "measure": lambda value, _vocab: cells.text(value),
    "section": lambda value, _vocab: cells.text(value),
    "instrument": _instrument,
    "state": _enum("state"),
    "status": _enum("status"),
    "light": _enum("light"),
    "bool": lambda value, _vocab: bool(cells.boolean(value)),
    "percent": lambda value, _vocab: cells.integer(value, 0, 100),
    "date": lambda value, _vocab: cells.date(value),
    "money": lambda value, _vocab: cells.cents(value),
    "number": lambda value, _vocab: cells.real(value),
    "id": _identifier,
    "department": _department,
    "departments": lambda value, vocab: cells.several(value, vocab.departments, N_("department")),
    "goals": lambda value, vocab: cells.several(value, vocab.goals, N_("goal")),
    "partners": lambda value, vocab: cells.several(value, vocab.partners, N_("partner")),
}


EMPTY: dict[str, Any] = {
    **dict.fromkeys(
        (
            "code",
            "text",
            "measure",
            "section",
            "instrument",
            "state",
            "light",
            "percent",
            "date",
            "money",
            "number",
            "id",
            "department",
        ),
        None,
    ),
    **dict.fromkeys(("departments", "goals", "partners"), ()),
    "bool": False,
}
"""What an empty cell means, by kind (status and required cells must not be empty)."""


def parse(column: Column, value: Any, vocab: Vocabulary) -> Any:
    """The field value of a cell; raises :class:`CellError` saying what is wrong."""
    return PARSERS[column.kind](value, vocab)


def row_values(
    table: Table,
    row: Row,
    *,
    columns: Mapping[str, int],
    specs: Mapping[str, Column],
    vocab: Vocabulary,
    problems: list[SheetProblem],
) -> dict[str, Any] | None:
    """The values of ``row`` by field (``columns``: field → index), each cell parsed as its
    column in ``specs`` says; ``None`` when a cell is wrong (a problem added for each, with its
    sheet, row and column)."""
    return row_reader(table, columns=columns, specs=specs, vocab=vocab, problems=problems)(row)


_PARSE = object()
"""An empty cell of this kind is parsed (it must not be empty)."""
_PLAIN = frozenset(("code", "text", "measure", "section"))
"""Kinds whose text cell is its value, stripped."""
_LOOKED_UP = frozenset(
    {"state", "status", "light", "bool", "instrument", "department", "departments"}
    | {"goals", "partners"}
)
"""Kinds whose cells repeat a few values: each text is parsed once per sheet."""


def row_reader(
    table: Table,
    *,
    columns: Mapping[str, int],
    specs: Mapping[str, Column],
    vocab: Vocabulary,
    problems: list[SheetProblem],
) -> Callable[[Row], dict[str, Any] | None]:
    """:func:`row_values` for the rows of ``table``, with each column's parser looked up once
    and the values of the vocabularies' columns parsed once per distinct text (for the many
    rows of a large sheet)."""
    plan: list[tuple[str, int, bool, Any, Callable[[Any, Vocabulary], Any], dict[Any, Any] | None]]
    plan = [
        (
            name,
            index,
            specs[name].kind in _PLAIN,
            EMPTY.get(specs[name].kind, _PARSE),
            PARSERS[specs[name].kind],
            {} if specs[name].kind in _LOOKED_UP else None,
        )
        for name, index in columns.items()
    ]

    def read(row: Row) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        sound = True
        cells = row.cells
        count = len(cells)
        for name, index, plain, empty, parser, known in plan:
            value = cells[index] if index < count else None
            if value is None:
                if empty is not _PARSE:
                    values[name] = empty  # most cells are empty: no need to parse them
                    continue
            elif type(value) is str:
                if plain:
                    values[name] = value.strip() or None
                    continue
                if known is not None and value in known:
                    values[name] = known[value]
                    continue
            try:
                values[name] = parsed = parser(value, vocab)
            except CellError as error:
                where = column_label(table.header, index)
                problems.append(SheetProblem(table.name, row.number, where, error.message))
                sound = False
                continue
            if known is not None and type(value) is str:
                known[value] = parsed
        return values if sound else None

    return read


@cache
def fields_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the fields ``names`` of an object as a tuple (for comparing many)."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda data: tuple(getattr(data, name) for name in names)


def sheets_found(tables: Sequence[Table], names: Mapping[str, str], main: str) -> dict[str, Table]:
    """The tables by what they hold (``names``: what → the message id of its sheet's name),
    found by their names in any language; a single table whatever its name (a CSV) holds
    ``main``; other sheets are left alone."""
    found: dict[str, Table] = {}
    for table in tables:
        for which, name in names.items():
            if key(table.name) in spellings(name):
                found.setdefault(which, table)
    if main not in found and len(tables) == 1:
        found[main] = tables[0]
    return found
