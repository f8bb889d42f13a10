"""The bulk path (``update_measures_in``: a few Core statements for many measures) stores and
audits exactly what changing the measures one by one through the ORM (``update_measure_in``,
the editor's path) does: an import of a file that changes every kind of field, and a bulk
change from the window, applied both ways to copies of the same register and compared row by
row (only the clock's columns left out)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import translator
from app.models import Status
from app.operations.bulk import BulkChange, BulkRefused, ListChange, ListMode, apply_bulk
from app.operations.context import Actor, transaction
from app.operations.measures import create_measure_in, measure_input, update_measure_in
from app.paths import resolve
from app.spreadsheets import measures as sheet
from app.spreadsheets.register_data import current_measures
from app.storage.register import open_register
from tests.support.rounds_kit import DERIVED

ACTOR = Actor("Sekretariat")
CLOCK = {"at", "updated_at", "created_at"}
"""Columns that hold the time of writing: they differ between two runs."""


def dump(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the clock's columns blanked), sorted."""
    connection = sqlite3.connect(f"file:{folder / 'register.imag.sqlite'}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in DERIVED  # hashes over the clock's columns: they follow the rest
        ]
        result = {}
        for table in tables:
            names = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            result[table] = sorted(
                (
                    tuple(
                        "*" if name in CLOCK else value
                        for name, value in zip(names, row, strict=True)
                    )
                    for row in rows
                ),
                key=repr,
            )
        return result
    finally:
        connection.close()


def one_by_one(session: Session, actor: Actor, plan: sheet.ImportPlan) -> None:
    """The import as it was before the bulk path: every measure through the ORM."""
    source = Actor(actor.name, f"spreadsheet:{plan.source}")
    with transaction(session), session.no_autoflush:
        for code in plan.created:
            create_measure_in(session, source, plan.inputs[code], code=code)
        for code, data in plan.inputs.items():
            if code in plan.revisions:
                update_measure_in(session, source, code, data, revision=plan.revisions[code])


def twins(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    copies = []
    for name in ("bulk", "orm"):
        copy = tmp_path / name
        copy.mkdir()
        shutil.copy2(folder / "register.imag.sqlite", copy / "register.imag.sqlite")
        copies.append(copy)
    return copies[0], copies[1]


def run(folder: Path, job: Callable[[Session], Any]) -> Any:
    with open_register(resolve(folder)) as register, register.session() as session:
        return job(session)


def edit(path: Path) -> None:
    """Change every kind of field of many measures, as Excel would save the file."""
    book = openpyxl.load_workbook(path)
    ws = book["Maßnahmen"]
    header = {cell.value: index for index, cell in enumerate(ws[1], start=1)}

    def put(row: int, name: str, value: Any) -> None:
        ws.cell(row, header[name]).value = value

    for row in range(2, ws.max_row + 1):
        put(row, "Federführendes Ressort", ("SK", "SMWK", "SMWA", None)[row % 4])
        put(row, "Ziele", f"{row % 6 + 1}, {(row + 2) % 6 + 1}" if row % 5 else None)
        put(row, "Beteiligte Ressorts", "SMK, SMWK" if row % 3 == 0 else None)
        if row % 7 == 0:
            put(row, "Fortschritt (%)", row % 101)
            put(row, "Bemerkung", f"Stand {row}")
        if row % 11 == 0:
            put(row, "Titel (deutsch)", f"Neuer Titel {row}")  # outdates translations
        if row % 19 == 0:
            put(row, "Titel (polnisch)", f"Nowy tytuł {row}")  # a translation comes
        if row % 13 == 0:
            put(row, "Status", "entfallen")
            put(row, "Grund", "im Nachfolger aufgegangen")
        if row % 17 == 0:
            put(row, "Beginn", dt.datetime(2026, 1, 1))
            put(row, "Ende", dt.datetime(2027, 6, 30))
            put(row, "Geplante Mittel (EUR)", 12345.5)
            put(row, "E-Mail der Ansprechperson", "a.b@example.org")
    first_code = ws.cell(2, header["Kennung"]).value
    ws.append([None] * (len(header)))
    last = ws.max_row
    put(last, "Kennung", "I.99")
    put(last, "Instrument", "I")
    put(last, "Titel (deutsch)", "Eine neue Maßnahme")
    put(last, "Status", "geplant")
    put(last, "Federführendes Ressort", "SK")
    indicators = book["Indikatoren"]
    if indicators.max_row > 2:
        indicators.cell(2, 7).value = 42  # an actual value changed
        indicators.delete_rows(3)  # one removed
    indicators.append([first_code, None, "Neue Kennzahl", "Anzahl", 0, 10, None, None])
    indicators.append(["I.99", None, "Kennzahl der neuen", None, 1, 2, None, None])
    milestones = book["Meilensteine"]
    if milestones.max_row > 1:
        milestones.cell(2, 3).value = "Umbenannt"
    milestones.append([first_code, None, "Auftakt", dt.datetime(2026, 9, 1), None])
    book.save(path)


@pytest.fixture
def demo_export(demo_copy: Any, tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "liste.xlsx"
    with open_register(demo_copy, readonly=True) as register, register.session() as session:
        sheet.export_measures(session, path, fmt="xlsx", tr=translator("de"))
    edit(path)
    return demo_copy.data_dir, path


def test_an_import_stores_and_audits_what_measure_by_measure_did(
    demo_export: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, path = demo_export
    bulk, orm = twins(folder, tmp_path)
    plan = run(bulk, lambda s: sheet.plan_import(s, path))
    assert len({change.code for change in plan.changes}) > 30
    assert {change.field for change in plan.changes} >= {
        "lead_department",
        "participating",
        "goals",
        "progress",
        "comment",
        "title_de",
        "state_pl",
        "status",
        "status_reason",
        "start_date",
        "budget_planned_cents",
        "contact_email",
        "indicators",
        "milestones",
    }
    result = run(bulk, lambda s: sheet.apply_import(s, ACTOR, sheet.plan_import(s, path)))
    run(orm, lambda s: one_by_one(s, ACTOR, sheet.plan_import(s, path)))
    assert result.created == 1
    assert result.changed == len(plan.revisions)
    before, after = dump(folder), dump(bulk)
    assert after == dump(orm)
    assert len(after["audit_event"]) > len(before["audit_event"]) + 100
    again = path.with_name("again.xlsx")  # what was stored reads back unchanged
    run(bulk, lambda s: sheet.export_measures(s, again, fmt="xlsx", tr=translator("de")))
    assert run(bulk, lambda s: sheet.plan_import(s, again)).empty


def test_a_bulk_change_stores_and_audits_what_measure_by_measure_did(
    demo_copy: Any, tmp_path: Path
) -> None:
    bulk, orm = twins(demo_copy.data_dir, tmp_path)
    codes = run(bulk, lambda s: list(current_measures(s).inputs))[::2]
    changes = [
        BulkChange(lead_department="SMWK", goals=ListChange(ListMode.ADD, (2, 5))),
        BulkChange(participating=ListChange(ListMode.SET, ("SK", "SMK"))),
        BulkChange(partners=ListChange(ListMode.REMOVE, ("CZ", "PL-DS")), lead_department=None),
        BulkChange(status=Status.SUSPENDED, status_reason="Haushaltssperre"),
    ]

    def by_orm(session: Session, change: BulkChange) -> int:
        changed = 0
        with transaction(session):
            for code in codes:
                data, _revision = measure_input(session, code)
                changed += bool(update_measure_in(session, ACTOR, code, change.applied(data)))
        return changed

    for change in changes:
        counted = run(bulk, partial(apply_bulk, actor=ACTOR, codes=codes, change=change))
        assert counted == run(orm, partial(by_orm, change=change))
        assert dump(bulk) == dump(orm)


def test_a_measure_changed_since_the_plan_refuses_the_import(
    demo_export: tuple[Path, Path],
) -> None:
    folder, path = demo_export
    before = dump(folder)
    with open_register(resolve(folder)) as register, register.session() as session:
        plan = sheet.plan_import(session, path)
        code = next(iter(plan.revisions))
        data, _revision = measure_input(session, code)
        with transaction(session):
            update_measure_in(session, ACTOR, code, replace(data, comment="x"))
        changed = dump(folder)
        with pytest.raises(InvalidInput, match="changed in the meantime"):
            sheet.apply_import(session, ACTOR, plan)
    assert dump(folder) == changed != before


def test_a_bulk_refusal_writes_nothing(demo_copy: Any) -> None:
    before = dump(demo_copy.data_dir)
    with pytest.raises(BulkRefused):
        run(
            demo_copy.data_dir,
            lambda s: apply_bulk(s, ACTOR, ["I.01", "I.02"], BulkChange(lead_department="XX")),
        )
    assert dump(demo_copy.data_dir) == before
