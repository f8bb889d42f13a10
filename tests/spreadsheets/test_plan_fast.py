"""The measures import's plan made fast (issue 13, item 8) and still the same plan: the quick
normalizing beside the way it was written before, the row reader beside each cell parsed on
its own, and the plan of a 2,000-measure file checked field by field against what was edited."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.models import Status, TrafficLight
from app.operations.measure_details import IndicatorInput, MilestoneInput, normalized
from app.operations.measure_normal import TEXT_FIELDS, built
from app.operations.measures import MeasureInput, normalize
from app.paths import resolve
from app.spreadsheets.cells import CellError
from app.spreadsheets.measure_columns import EMPTY, PARSERS, SHEET_COLUMNS, row_reader
from app.spreadsheets.register_data import Vocabulary
from app.spreadsheets.workbook import Row, SheetProblem, Table, column_label
from app.storage.register import open_register
from bench.bench_spreadsheets import grow
from tests.support.measure_sheets import column, export, plan


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def reference_normalize(data: MeasureInput) -> MeasureInput:
    """``normalize`` as it was written before it was made fast (the reference)."""
    cleaned: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "section", "status_reason", "successor", "comment", "next_steps"):
        cleaned[name] = _clean(getattr(data, name))
    cleaned["lead_department"] = _clean(data.lead_department)
    cleaned["participating"] = tuple(
        sorted({code for code in data.participating if code != cleaned["lead_department"]})
    )
    cleaned["goals"] = tuple(sorted(set(data.goals)))
    cleaned["partners"] = tuple(sorted(set(data.partners)))
    cleaned.update(normalized(data))
    differing = {name: value for name, value in cleaned.items() if getattr(data, name) != value}
    return replace(data, **differing) if differing else data


def _some_input(pick: random.Random) -> MeasureInput:
    texts = (None, "", "  ", "Text", " Text ", "Zwei  Wörter\n")
    codes = ("SK", "SMWK", "SMWA", " SK ")

    def one(*options: Any) -> Any:
        return pick.choice(options)

    def text() -> Any:
        return one(*texts)

    return MeasureInput(
        instrument="I",
        title_de=one("Titel", " Titel ", ""),
        **{name: text() for name in TEXT_FIELDS[1:]},
        section=one(None, "A", " A"),
        status=one(*Status),
        status_reason=text(),
        successor=one(None, "I.02", ""),
        traffic_light=one(None, *TrafficLight),
        comment=text(),
        next_steps=text(),
        lead_department=one(None, *codes),
        participating=one((), ("SMWK", "SK"), ["SK", "SK"], ("SMWA",)),
        goals=one((), (3, 1, 3), [2], (1, 2)),
        partners=one((), ("PL-DS",), ["B", "A", "B"]),
        contact_name=text(),
        contact_email=text(),
        contact_phone=text(),
        indicators=one(
            (), [], (IndicatorInput(1, " Name ", " % ", 1.0, 2.0),), (IndicatorInput(None, "N"),)
        ),
        milestones=one(
            (), [], (MilestoneInput(2, " Ziel ", dt.date(2026, 1, 1)),), (MilestoneInput(3, "Z"),)
        ),
    )


def test_normalize_gives_what_it_gave_before() -> None:
    pick = random.Random(13)
    for _ in range(3000):
        data = _some_input(pick)
        expected = reference_normalize(data)
        found = normalize(data)
        assert found == expected
        assert (found is data) == (expected is data)  # unchanged: the input itself
        assert normalize(found) is found


def test_built_gives_what_the_constructor_gives() -> None:
    pick = random.Random(8)
    for _ in range(200):
        data = _some_input(pick)
        values = {item.name: getattr(data, item.name) for item in fields(MeasureInput)}
        made = built(MeasureInput, values)
        assert made == MeasureInput(**values)
        assert normalize(made) == normalize(data)
        with pytest.raises(FrozenInstanceError):
            made.title_de = "anders"  # type: ignore[misc]
    del values["milestones"]
    with pytest.raises(TypeError, match="every field"):
        built(MeasureInput, values)
    with pytest.raises(TypeError, match="every field"):
        built(MeasureInput, {**values, "milestones": (), "colour": "red"})


def _reference_row(table: Table, row: Row, vocab: Vocabulary) -> tuple[Any, list[SheetProblem]]:
    """A row's values with each cell parsed on its own (as before the row reader)."""
    values: dict[str, Any] = {}
    problems: list[SheetProblem] = []
    for index, spec in enumerate(SHEET_COLUMNS):
        value = row.get(index)
        if value is None and spec.kind in EMPTY:
            values[spec.field] = EMPTY[spec.kind]
            continue
        try:
            values[spec.field] = PARSERS[spec.kind](value, vocab)
        except CellError as error:
            where = column_label(table.header, index)
            problems.append(SheetProblem(table.name, row.number, where, error.message))
    return (None if problems else values), problems


def test_the_row_reader_reads_each_cell_as_parsed_on_its_own() -> None:
    vocab = Vocabulary(
        departments={"sk": "SK", "smwk": "SMWK", "staatskanzlei": "SK"},
        goals={"1": 1, "2": 2, "3": 3},
        partners={"pl-ds": "PL-DS"},
        instruments=["I", "II"],
    )
    header = [f"H{index}" for index in range(len(SHEET_COLUMNS))]
    index = {spec.field: number for number, spec in enumerate(SHEET_COLUMNS)}
    choices: dict[str, tuple[Any, ...]] = {
        "code": ("I.01", " I.02 ", 7, None),
        "instrument": ("I", "III", None, 2),
        "title_de": ("Titel", "  ", None),
        "lead_department": ("SK", " smwk ", "Staatskanzlei", "XX", "SK, SMWK", None),
        "participating": ("SK; SMWK", "sk, sk", "YY", None, ""),
        "goals": ("1, 3", "3; 1", "7", 2, 2.0, None),
        "partners": ("PL-DS", "pl-ds, ZZ", None),
        "status": ("geplant", "Laufend", "unbekannt", None, "planned"),
        "traffic_light": ("grün", "rot", "lila", None),
        "progress": (50, "50", "50,5", 150, "viel", None),
        "start_date": (dt.date(2026, 1, 1), "31.03.2026", "morgen", None),
        "budget_reservation": ("ja", "nein", True, "vielleicht", None),
        "budget_planned_cents": (12.5, "1.234,56", "-1", None),
        "state_pl": ("übersetzt", "fehlt?", None),
        "comment_state_cs": ("Vorschlag", "?", None),
    }
    pick = random.Random(8)
    rows = []
    for number in range(2, 402):
        cells: list[Any] = [None] * len(SHEET_COLUMNS)
        for name, values in choices.items():
            cells[index[name]] = pick.choice(values)
        rows.append(Row(number, tuple(cells[: pick.randint(1, len(cells))])))
    table = Table("Maßnahmen", header, rows)
    problems: list[SheetProblem] = []
    read = row_reader(
        table,
        columns={spec.field: number for number, spec in enumerate(SHEET_COLUMNS)},
        specs={spec.field: spec for spec in SHEET_COLUMNS},
        vocab=vocab,
        problems=problems,
    )
    expected_problems: list[SheetProblem] = []
    sound = 0
    for row in rows:
        expected, wrong = _reference_row(table, row, vocab)
        assert read(row) == expected
        expected_problems += wrong
        sound += expected is not None
    assert problems == expected_problems
    assert 0 < sound < len(rows)
    assert len(problems) > len(rows)


DEPARTMENTS = ("SK", "SMWK", "SMWA")


def test_the_plan_of_2000_measures_field_by_field(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    open_register(resolve(folder)).close()
    grow(folder, 2000)
    source = export(folder, tmp_path / "all.xlsx")
    assert plan(folder, source).empty  # unchanged: nothing to do
    stored = {
        record["code"]: record
        for record in json.loads(export(folder, tmp_path / "all.json", "json").read_text())
    }
    book = openpyxl.load_workbook(source)
    ws = book["Maßnahmen"]
    code_column = column(ws, "Kennung")
    cells = {
        "lead_department": column(ws, "Federführendes Ressort"),
        "goals": column(ws, "Ziele"),
        "progress": column(ws, "Fortschritt (%)"),
        "comment": column(ws, "Bemerkung"),
    }
    expected: dict[tuple[str, str], tuple[str, str]] = {}
    edited: dict[str, tuple[Any, ...]] = {}
    for row in range(2, ws.max_row + 1, 3):
        measure = stored[ws.cell(row, code_column).value]
        lead = DEPARTMENTS[row % 3]
        goals = sorted({row % 6 + 1, 6})
        progress = row % 101
        comment = f"Stand {row % 7}: läuft"
        ws.cell(row, cells["lead_department"]).value = f" {lead.lower()} "
        ws.cell(row, cells["goals"]).value = f"{row % 6 + 1}; 6, 6"
        ws.cell(row, cells["progress"]).value = str(progress)
        ws.cell(row, cells["comment"]).value = f"  {comment}\n"
        edited[measure["code"]] = (lead, tuple(goals), progress, comment)
        for name, new, shown in (
            ("lead_department", lead, lead),
            ("goals", goals, ", ".join(map(str, goals))),
            ("progress", progress, str(progress)),
            ("comment", comment, comment),
        ):
            old = measure[name]
            if old != new:
                was = ", ".join(map(str, old)) if isinstance(old, list) else str(old)
                was = "" if old is None else was
                expected[measure["code"], name] = (was, shown)
    changed = tmp_path / "changed.xlsx"
    book.save(changed)

    made = plan(folder, changed)
    found = {(change.code, change.field): (change.old, change.new) for change in made.changes}
    assert found == expected
    assert len(found) > 2000
    assert not made.created
    assert set(made.inputs) == set(made.revisions) == {code for code, _field in expected}
    for code, data in made.inputs.items():
        assert (data.lead_department, data.goals, data.progress, data.comment) == edited[code]
        assert data.title_de == stored[code]["title_de"]  # the other fields as they are
