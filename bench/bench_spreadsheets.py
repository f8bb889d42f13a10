"""Benchmarks of the measures spreadsheet; prints figures (no pass/fail).

    python -m bench.bench_spreadsheets [--measures 20000]

Figures (issue 13: each at most 5 s for 20,000 measures, 0.5 s for the 66 of the strategy):
exporting all measures as XLSX, planning the import of that file unchanged and of the same file
with every measure's lead department and goals changed, applying those changes, and importing the
66 measures of a fresh register with every lead department and goal filled in (plan and apply).
Peak memory is the largest amount Python allocated during the step (tracemalloc, in a second run
of the step, so that tracing does not slow the timed run).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl
from sqlalchemy import insert, select

from app.i18n import translator
from app.models import Department, Goal, Instrument, Measure, MeasureDepartment, MeasureGoal
from app.operations.context import Actor
from app.paths import resolve
from app.spreadsheets.measures import apply_import, export_measures, plan_import
from app.storage.register import open_register

GERMAN = translator("de")
ACTOR = Actor("Benchmark", "bench")


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
                "description_de": "Eine Beschreibung mit einigen Wörtern. " * 4,
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


def measured(label: str, action: Callable[[], object], *, memory: bool = True) -> object:
    """Run ``action`` once timed, once traced for memory; print both; return its result."""
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    peak = ""
    if memory:
        tracemalloc.start()
        action()
        peak = f"   peak {tracemalloc.get_traced_memory()[1] / 2**20:7.1f} MiB"
        tracemalloc.stop()
    print(f"{label:<48} {seconds:7.2f} s{peak}", flush=True)
    return result


def export(folder: Path, target: Path) -> int:
    with open_register(resolve(folder), readonly=True) as register, register.session() as session:
        return export_measures(session, target, fmt="xlsx", tr=GERMAN)


def plan(folder: Path, path: Path) -> int:
    with open_register(resolve(folder), readonly=True) as register, register.session() as session:
        return len(plan_import(session, path).changes)


def plan_and_apply(folder: Path, path: Path) -> int:
    with open_register(resolve(folder)) as register, register.session() as session:
        return apply_import(session, ACTOR, plan_import(session, path)).changed


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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small, large = base / "small", base / "large"
        open_register(resolve(small)).close()
        open_register(resolve(large)).close()
        grow(large, args.measures)
        n = args.measures

        sheet = base / "large.xlsx"
        measured(f"export {n} measures as XLSX", lambda: export(large, sheet))
        print(f"{'  file size':<48} {sheet.stat().st_size / 2**20:7.2f} MiB")
        changes = measured(f"import plan, {n} unchanged", lambda: plan(large, sheet))
        assert changes == 0, changes
        changed_sheet = base / "large-changed.xlsx"
        fill(sheet, changed_sheet)
        changes = measured(f"import plan, {n} changed", lambda: plan(large, changed_sheet))
        print(f"{'  changes planned':<48} {changes:7d}")
        measured(
            f"import apply, {n} changed", lambda: plan_and_apply(large, changed_sheet), memory=False
        )

        small_sheet = base / "small.xlsx"
        export(small, small_sheet)
        filled = base / "small-filled.xlsx"
        fill(small_sheet, filled)
        changed = measured(
            "import 66 measures, plan and apply",
            lambda: plan_and_apply(small, filled),
            memory=False,
        )
        assert changed == 66, changed
        measured(
            "import 66 measures again (nothing to change)", lambda: plan_and_apply(small, filled)
        )


if __name__ == "__main__":
    main()
