"""Benchmarks of the measures spreadsheet, each beside a floor measured in the same run.

    python -m bench.bench_spreadsheets [--measures 20000] [--repeats 3]

Targets (issue 13): exporting 20,000 measures as XLSX and importing them at most 5 s each, the
66 measures of the strategy at most 0.5 s. Figures: exporting all measures as XLSX and as CSV;
planning the import of that file unchanged and of the same file with every measure's lead department
and goals changed; applying those changes (the plan made beforehand, each run on a fresh copy
of the register); the whole import of the changed file (plan and apply, the figure the target
is about; its floor is reading the file plus the apply's floor); and importing the 66 measures
of a fresh register with every lead department and goal filled in (plan and apply),
then the same file again. Each apply and import runs on a fresh copy of the register's
folder (the register as the previous steps left it, with its backups and the stamp of its
weekly check).

Each line shows the median time over the repeats, the floor, their ratio, the peak memory and
the CPU time of the step and of its floor (medians; this process's own, which a machine busy
with other work inflates far less than the time).
The floor is what the step cannot do without, timed the same way on the same machine (so that
the ratio says how much the program adds, whatever else runs on the machine): for the export,
writing the same cells with openpyxl in write-only mode as plain values (no styles, lists or
checks), for the CSV export writing the same cells with the csv module; for a plan, reading the
file with python-calamine alone; for the apply, the very statements the apply sent to SQLite
(captured in a first run) replayed with the sqlite3 module in one transaction. Peak memory is
the largest amount Python allocated during the step (tracemalloc, in a run of its own, so that
tracing does not slow the timed runs).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import event, insert, select
from sqlalchemy.engine import Engine

from app.i18n import translator
from app.models import Department, Goal, Instrument, Measure, MeasureDepartment, MeasureGoal
from app.operations.context import Actor
from app.paths import resolve
from app.spreadsheets.measures import ImportPlan, apply_import, export_measures, plan_import
from app.storage.register import open_register

GERMAN = translator("de")
ACTOR = Actor("Benchmark", "bench")
REGISTER = "register.imag.sqlite"


def grow(folder: Path, total: int) -> None:
    """Add synthetic measures (with texts, a lead department and two goals) up to ``total``."""
    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        instruments = list(session.scalars(select(Instrument)))
        departments = list(session.scalars(select(Department.id)))
        goals = list(session.scalars(select(Goal.id)))
        existing = len(session.scalars(select(Measure.id)).all())
        rows = [
            {
                "code": f"{instruments[n % len(instruments)].numeral}.{1000 + n}",
                "instrument_id": instruments[n % len(instruments)].id,
                "position": existing + n + 1,
                "title_de": f"Synthetische Maßnahme {n} für Messungen – Łódź, Ústí",
                "description_de": ("Eine Beschreibung mit einigen Wörtern. " * 4).strip(),
                "comment": f"Stand {n}: läuft",
                "progress": n % 101,
                "budget_planned_cents": n * 100,
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            }
            for n in range(total - existing)
        ]
        session.execute(insert(Measure), rows)
        ids = session.scalars(select(Measure.id).where(Measure.position > existing)).all()
        session.execute(
            insert(MeasureDepartment),
            [{"measure_id": i, "department_id": departments[i % 5], "role": "lead"} for i in ids],
        )
        session.execute(
            insert(MeasureGoal),
            [{"measure_id": i, "goal_id": goals[(i + k) % 6]} for i in ids for k in (0, 3)],
        )


# -- measuring ----------------------------------------------------------------------------------

HEADER = f"{'step':<46} {'time':>8} {'floor':>8} {'ratio':>6} {'peak':>10} {'cpu/floor':>14}"


def median_time(
    action: Callable[[], object], prepare: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """The median time of ``action`` over ``repeats`` runs, ``prepare`` (untimed) before each,
    and the median CPU time this process spent on it (what a busy machine does not inflate
    as much)."""
    samples, cpu = [], []
    for _ in range(repeats):
        prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(samples), statistics.median(cpu)


def peak_memory(action: Callable[[], object], prepare: Callable[[], object]) -> float:
    """The most memory (MiB) Python allocated while ``action`` ran once."""
    prepare()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measured(
    label: str,
    action: Callable[[], object],
    *,
    repeats: int,
    floor: Callable[[], object] | None = None,
    prepare: Callable[[], object] = lambda: None,
) -> float:
    """Time ``action`` (and ``floor``) as the median of ``repeats`` runs, trace its memory in
    one more; print a line of the table; return the time."""
    seconds, cpu = median_time(action, prepare, repeats)
    floor_seconds, floor_cpu = median_time(floor, prepare, repeats) if floor else (0.0, 0.0)
    peak = peak_memory(action, prepare)
    if floor_seconds:
        shown = f"{floor_seconds:7.2f}s {seconds / floor_seconds:6.2f}"
    else:
        shown = f"{'–':>8} {'–':>6}"
    cpu_shown = f"{cpu:6.2f}s/{floor_cpu:.2f}s" if floor else f"{cpu:6.2f}s/–"
    print(f"{label:<46} {seconds:7.2f}s {shown} {peak:6.1f} MiB {cpu_shown:>14}", flush=True)
    return seconds


# -- the steps and their floors -----------------------------------------------------------------


def export(folder: Path, target: Path, fmt: str = "xlsx") -> int:
    with open_register(resolve(folder), readonly=True) as register, register.session() as session:
        return export_measures(session, target, fmt=fmt, tr=GERMAN)


def write_csv_plain(rows: list[list[str]], target: Path) -> None:
    """The same cells written by the csv module alone (the floor of the CSV export)."""
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def plan(folder: Path, path: Path) -> ImportPlan:
    with open_register(resolve(folder), readonly=True) as register, register.session() as session:
        return plan_import(session, path)


def apply(folder: Path, made: ImportPlan) -> int:
    with open_register(resolve(folder)) as register, register.session() as session:
        return apply_import(session, ACTOR, made).changed


def plan_and_apply(folder: Path, path: Path) -> int:
    with open_register(resolve(folder)) as register, register.session() as session:
        return apply_import(session, ACTOR, plan_import(session, path)).changed


def read_calamine(path: Path) -> list[list[list[Any]]]:
    """Every sheet's cells, read by python-calamine alone (the floor of reading)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    try:
        return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    finally:
        book.close()


def write_plain(sheets: list[list[list[Any]]], target: Path) -> None:
    """The same cells written by openpyxl in write-only mode as plain values (the floor)."""
    book = openpyxl.Workbook(write_only=True)
    for number, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet{number}")
        for row in rows:
            sheet.append([value if value != "" else None for value in row])
    book.save(target)


def captured_writes(action: Callable[[], object]) -> list[tuple[str, Any, bool]]:
    """The statements that change data which ``action`` sends to SQLite, with their
    parameters as the driver got them."""
    writes: list[tuple[str, Any, bool]] = []

    def note(*args: Any) -> None:
        _conn, _cursor, statement, parameters, _context, many = args
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append((statement, parameters, many))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    return writes


def replay(folder: Path, writes: list[tuple[str, Any, bool]]) -> None:
    """``writes`` on the register in one transaction with the sqlite3 module alone, with the
    settings the register's engine uses and the functions its triggers call (the floor of
    applying: the hash chain's and the row digests' work is part of it)."""
    from app.storage.integrity import install_functions

    connection = sqlite3.connect(folder / REGISTER, isolation_level=None)
    install_functions(connection)
    try:
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        for statement, parameters, many in writes:
            if many:
                connection.executemany(statement, parameters)
            else:
                connection.execute(statement, parameters).fetchall()
        connection.execute("COMMIT")
    finally:
        connection.close()


def fill(source: Path, target: Path) -> None:
    """Every measure's lead department and goals changed, as Excel would save it."""
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lead, goals = header.index("Federführendes Ressort") + 1, header.index("Ziele") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, lead).value = ("SK", "SMWK", "SMWA")[row % 3]
        sheet.cell(row, goals).value = f"{row % 6 + 1}"
    book.save(target)


def copied(folder: Path, target: Path) -> None:
    """``folder`` copied to ``target`` as it stands: the register with its backups and the
    stamp of its last full check, as a user's register is between imports (a copy of the
    register file alone would make every timed import also run the weekly full check and the
    daily backup, which opening such a register starts)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target)


def large_steps(base: Path, large: Path, n: int, repeats: int) -> None:
    sheet = base / "large.xlsx"
    export(large, sheet)
    cells = read_calamine(sheet)  # the exported cells, for the floor of the export

    def export_floor() -> None:
        write_plain(cells, base / "floor.xlsx")

    measured(
        f"export {n} measures as XLSX",
        lambda: export(large, sheet),
        repeats=repeats,
        floor=export_floor,
    )
    print(f"{'  file size':<46} {sheet.stat().st_size / 2**20:7.2f} MiB")
    text = base / "large.csv"
    export(large, text, "csv")
    with text.open(encoding="utf-8-sig", newline="") as handle:
        csv_cells = list(csv.reader(handle, delimiter=";"))
    measured(
        f"export {n} measures as CSV (streamed)",
        lambda: export(large, text, "csv"),
        repeats=repeats,
        floor=lambda: write_csv_plain(csv_cells, base / "floor.csv"),
    )
    changed = base / "large-changed.xlsx"
    fill(sheet, changed)
    for label, path in (("unchanged", sheet), ("changed", changed)):
        measured(
            f"import plan, {n} {label}",
            partial(plan, large, path),
            repeats=repeats,
            floor=partial(read_calamine, path),
        )
    made = plan(large, changed)
    print(f"{'  changes planned':<46} {len(made.changes):7d}")
    copy = base / "copy"

    def fresh() -> None:
        copied(large, copy)

    fresh()
    writes = captured_writes(lambda: apply(copy, made))
    measured(
        f"import apply, {n} changed (plan made before)",
        lambda: apply(copy, made),
        repeats=repeats,
        floor=lambda: replay(copy, writes),
        prepare=fresh,
    )
    statements = sum(len(parameters) if many else 1 for _s, parameters, many in writes)
    print(f"{'  rows written (floor: the same, by sqlite3)':<46} {statements:7d}")

    def whole_floor() -> None:
        read_calamine(changed)
        replay(copy, writes)

    measured(
        f"import {n} changed, plan and apply (target 5 s)",
        lambda: plan_and_apply(copy, changed),
        repeats=repeats,
        floor=whole_floor,
        prepare=fresh,
    )


def small_steps(base: Path, small: Path, repeats: int) -> None:
    small_sheet = base / "small.xlsx"
    export(small, small_sheet)
    filled = base / "small-filled.xlsx"
    fill(small_sheet, filled)
    copy = base / "small-copy"

    def fresh() -> None:
        copied(small, copy)

    measured(
        "import 66 measures, plan and apply",
        lambda: plan_and_apply(copy, filled),
        repeats=repeats,
        floor=lambda: read_calamine(filled),
        prepare=fresh,
    )
    assert plan_and_apply(copy, filled) == 0
    measured(
        "import 66 measures again (nothing to change)",
        lambda: plan_and_apply(copy, filled),
        repeats=repeats,
        floor=lambda: read_calamine(filled),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per step (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small, large = base / "small", base / "large"
        open_register(resolve(small)).close()
        open_register(resolve(large)).close()
        grow(large, args.measures)
        print(HEADER)
        large_steps(base, large, args.measures, args.repeats)
        small_steps(base, small, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
