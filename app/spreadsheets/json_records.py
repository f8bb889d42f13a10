"""Every measure's record of the JSON export as text, laid out as the register's rows come.

One query reads the measures, one each their departments, goals, partners, indicators,
milestones and the translations of their free texts (:mod:`app.spreadsheets.json_queries`
through SQLAlchemy, :mod:`app.spreadsheets.json_file` from the register file with ``sqlite3``
alone); every query is in register order (position, id) and fetched a batch of rows at a time,
and the rows are merged here measure by measure (:class:`Runs`). So the export of 100,000
measures needs the memory of a batch; no ORM objects, no inputs for the editor and no lists of
the whole register are made, and the text is laid out by ``json``'s C encoder
(:mod:`app.spreadsheets.json_layout`). Imports neither SQLAlchemy nor the models.

A record is what :func:`app.spreadsheets.measure_json.records` reads (the same keys, values and
order; tested on registers with every field filled): the columns of :func:`measure_records`,
the fields of the editor's normalized input it lacked, and the Polish and Czech versions of the
free texts with their states as :func:`app.free_text.segments.record_fields` gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any, TextIO

from app.enums import TranslationState
from app.free_text.names import FIELDS as FREE_TEXT_FIELDS
from app.free_text.names import LANGUAGES as FREE_TEXT_LANGUAGES
from app.spreadsheets.json_layout import Layout, encoded, list_template

FETCH = 1000
"""Rows fetched at a time from each query."""
BATCH = 64
"""Records laid out at a time: their texts stay small enough for the allocator to reuse the
memory of the batch before (with 1,000 the texts of a batch are megabytes, mapped anew each
time: the export of 100,000 measures took a fifth longer)."""

HEAD = (
    "code",
    "instrument",
    "section",
    "section_code",
    "position",
    "title_de",
    "title_pl",
    "title_cs",
    "state_pl",
    "state_cs",
    "description_de",
    "lead_in_de",
    "modality",
)
"""The record's keys up to the lists of links: the measures query's first columns."""
MIDDLE = (
    "status",
    "status_reason",
    "traffic_light",
    "progress",
    "start_date",
    "end_date",
    "budget_reservation",
    "archived",
    "updated_at",
)
"""The keys after the links: the measures query's next columns."""
CLEANED = ("successor", "description_pl", "description_cs", "comment", "next_steps")
AMOUNTS = ("budget_planned_cents", "budget_committed_cents")
CONTACT = ("contact_name", "contact_email", "contact_phone")
"""Then the measures query's columns: the successor's code, the texts of :data:`CLEANED` after
it, the amounts, the contact, and last the measure's id and its first and last source line."""
_LINKS = ("source_lines", "lead_department", "participating_departments", "goals", "partners")
EXPORT_FIELDS = (*HEAD, *_LINKS, *MIDDLE)
"""The record's keys up to its free texts: the columns of ``imag measures export --format csv``
and the records of :func:`app.operations.queries.measure_records`."""
_ITEMS = ("indicators", "milestones")
_FREE_TEXT = tuple(
    f"{field}{part}_{lang}"
    for lang in FREE_TEXT_LANGUAGES
    for field in FREE_TEXT_FIELDS
    for part in ("", "_state")
)
KEYS = (
    *HEAD,
    *_LINKS,
    *MIDDLE,
    *CLEANED,
    *AMOUNTS,
    *CONTACT,
    *_ITEMS,
    *_FREE_TEXT,
)
"""The keys of a record, in order."""

INDICATOR = ("id", "name", "unit", "baseline", "target", "actual", "actual_date")
MILESTONE = ("id", "title", "due_date", "done_date")
"""The columns of an indicator and of a milestone, after its measure's position and id."""
STATES = tuple(state.value for state in TranslationState)

_LAYOUT = Layout(KEYS, 1)
_LAYOUT_PLAIN = Layout(KEYS, 1, dict.fromkeys(_FREE_TEXT))
"""A record without German free text (or archived): its translation fields are all null."""

_COLUMN_AT = {key: index for index, key in enumerate((*HEAD, *MIDDLE))}
_POSITION, _ARCHIVED = _COLUMN_AT["position"], _COLUMN_AT["archived"]
_SUCCESSOR = len(_COLUMN_AT)
_ID = _SUCCESSOR + len(CLEANED) + len(AMOUNTS) + len(CONTACT)
_AT = {"comment": _SUCCESSOR + 3, "next_steps": _SUCCESSOR + 4, **_COLUMN_AT}
_SOURCES = tuple(_AT[name] for name in FREE_TEXT_FIELDS)
"""Where a row holds the German free texts (as stored, not stripped)."""


class Runs:
    """The rows of a query in register order, whose first two columns are the measure's
    position and id, taken a batch of measures at a time as the measures come."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._rows = iter(rows)
        self._next: Sequence[Any] | None = next(self._rows, None)

    def upto(self, last: tuple[int, int]) -> dict[int, list[Sequence[Any]]]:
        """The rows of the measures up to ``last`` (position, id) by the measure's id; the
        rows of measures left out of the measures query are among them, never asked for."""
        found: dict[int, list[Sequence[Any]]] = {}
        row, rows = self._next, self._rows
        while row is not None and (row[0], row[1]) <= last:
            if row[1] in found:
                found[row[1]].append(row)
            else:
                found[row[1]] = [row]
            row = next(rows, None)
        self._next = row
        return found


def _batches(rows: Iterator[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    """``rows`` a batch at a time."""
    while batch := list(islice(rows, BATCH)):
        yield batch


def texts_of(
    measures: Iterator[Sequence[Any]], links: dict[str, Runs]
) -> Iterator[tuple[str, int]]:
    """Every measure's record as text (``indent=2``, nested one level, records separated as in
    the top-level list), register order, a batch of measures at a time, with their number:
    ``measures`` the rows of the measures query, ``links`` a :class:`Runs` of each other query
    ("departments", "goals", "partners", "indicators", "milestones", "free_text")."""
    for rows in _batches(measures):
        yield _batch_text(rows, links), len(rows)


def write_texts(texts: Iterable[tuple[str, int]], stream: TextIO) -> int:
    """The JSON list of the records of ``texts`` (as :func:`texts_of` gives them) written to
    ``stream`` as they come; returns the number of records."""
    count = 0
    for text, number in texts:
        stream.write(("[\n  " if not count else ",\n  ") + text)
        count += number
    stream.write("\n]\n" if count else "[]\n")
    return count


def write_texts_file(texts: Callable[[], Iterable[tuple[str, int]]], target: Path) -> int:
    """The JSON list of the records of ``texts()`` written to ``target`` (atomically); returns
    the number of records."""
    from app.fileio import write_atomically

    written: list[int] = []

    def fill(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8") as stream:
            written.append(write_texts(texts(), stream))

    write_atomically(target, fill)
    return written[0]


class _Batch:
    """The values of a batch of records and of the lists in them (laid out apart: a list's
    template goes where the record has it, its values are encoded with the other lists')."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.nested_at: list[int] = []
        self.nested_templates: list[str] = []
        self.nested_values: list[Any] = []

    def nest(self, at: int, template: str, values: Iterable[Any]) -> None:
        self.nested_at.append(at)
        self.nested_templates.append(template)
        self.nested_values += values

    def texts(self) -> list[str]:
        """The records' values encoded, the lists laid out in their places."""
        texts = encoded(self.values)
        if self.nested_at:
            nested = _NESTED.join(self.nested_templates) % tuple(encoded(self.nested_values))
            for at, text in zip(self.nested_at, nested.split(_NESTED), strict=True):
                texts[at] = text
        return texts


_NESTED = "\x1e"
"""Between the lists laid out: a control character, escaped in every encoded text."""


def _batch_text(rows: Sequence[Sequence[Any]], links: dict[str, Runs]) -> str:
    """The records of ``rows``: the values of all of them encoded by one call of the C encoder
    (those of the lists in them by another) and put in their places by one ``%`` of the
    records' templates joined."""
    batch = _Batch()
    last = (rows[-1][_POSITION], rows[-1][_ID])
    found = {kind: runs.upto(last) for kind, runs in links.items()}
    templates = [_record(row, found, batch) for row in rows]
    return _BETWEEN.join(templates) % tuple(batch.texts())


def _record(
    row: Sequence[Any], links: dict[str, dict[int, list[Sequence[Any]]]], batch: _Batch
) -> str:
    """A measure's record: its values added to the batch's (texts of the editor's input
    stripped), its lists that are not empty nested there; returns the record's template."""
    measure_id = row[_ID]
    values = batch.values
    at = len(values)
    values += row[: len(HEAD)]
    values += _LINKS_EMPTY
    values += row[13:_ID]
    values += _ITEMS_EMPTY
    for index in _FLAGS_AT:  # 0 or 1 from the register file
        values[at + index] = bool(values[at + index])
    for index in _CLEANED_AT:
        value = values[at + index]
        if value is not None:
            values[at + index] = value.strip() or None
    if row[_ID + 1] is not None:
        batch.nest(at + _LINES_AT, list_template("%s", 2, 2), row[_ID + 1 : _ID + 3])
    rows = links["departments"].get(measure_id)
    if rows:
        participating = [code for _p, _i, code, role in rows if role != "lead"]
        values[at + _LEAD_AT] = next((code for _p, _i, code, role in rows if role == "lead"), None)
        if participating:
            template = list_template("%s", len(participating), 2)
            batch.nest(at + _LEAD_AT + 1, template, participating)
    for kind, index in _LISTS_AT:
        rows = links[kind].get(measure_id)
        if rows:
            batch.nest(at + index, list_template("%s", len(rows), 2), [row[2] for row in rows])
    for kind, index, layout, unit in _OBJECTS_AT:
        rows = links[kind].get(measure_id)
        if rows:
            template = list_template(layout.template, len(rows), 2)
            batch.nest(
                at + index, template, chain.from_iterable(_item_values(r, unit) for r in rows)
            )
    if not row[_ARCHIVED] and (row[_SOURCES[0]] or row[_SOURCES[1]] or row[_SOURCES[2]]):
        free_text = _free_text(row, links["free_text"].get(measure_id, _EMPTY))
        if free_text:
            values += free_text
            return _LAYOUT.template
    return _LAYOUT_PLAIN.template


_BETWEEN = ",\n  "
"""Between the records in the top-level list."""
_EMPTY: list[Any] = []
_LINKS_EMPTY = (None, None, _EMPTY, _EMPTY, _EMPTY)
_ITEMS_EMPTY = (_EMPTY, _EMPTY)
_LINES_AT, _LEAD_AT = KEYS.index("source_lines"), KEYS.index("lead_department")
_FLAGS_AT = (KEYS.index("budget_reservation"), KEYS.index("archived"))
_CLEANED_AT = tuple(KEYS.index(key) for key in (*CLEANED, *CONTACT))
_LISTS_AT = (("goals", KEYS.index("goals")), ("partners", KEYS.index("partners")))
_OBJECTS_AT = (
    ("indicators", KEYS.index("indicators"), Layout(INDICATOR, 3), True),
    ("milestones", KEYS.index("milestones"), Layout(MILESTONE, 3), False),
)
"""Each kind of item: where the record has it, its layout, whether it has a unit."""


def _item_values(row: Sequence[Any], unit: bool) -> list[Any]:
    """An indicator's or milestone's values: its name or title stripped, its unit too (empty:
    ``None``), as the editor's input is normalized."""
    values = [*row[2:]]
    values[1] = (values[1] or "").strip()
    if unit and values[2] is not None:
        values[2] = values[2].strip() or None
    return values


def _free_text(row: Sequence[Any], rows: list[Sequence[Any]]) -> list[str | None]:
    """The Polish and Czech versions of the measure's German free texts with their states, or
    nothing for a measure archived or without German free text. A text without German words
    has none; a translation made from another German text needs an update."""
    sources = [row[index] for index in _SOURCES]
    if not any(source and source.strip() for source in sources):
        return []
    found = {(field, lang): rest for _p, _i, field, lang, *rest in rows}
    values: list[str | None] = []
    for lang in FREE_TEXT_LANGUAGES:
        for field, source in zip(FREE_TEXT_FIELDS, sources, strict=True):
            translation = found.get((field, lang))
            if not source or not source.strip():
                values += (None, None)
            elif translation is None:
                values += (None, TranslationState.MISSING.value)
            else:
                text, state, source_de = translation
                if source_de != source:
                    state = TranslationState.NEEDS_UPDATE.value
                values += (text, state)
    return values
