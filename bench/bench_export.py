"""Benchmark of ``imag measures export --format json``; prints figures (no pass/fail).

    python -m bench.bench_export [--measures 100000]

A register of N measures (each with a lead department, two goals and an indicator); the JSON
export as the command line runs it (a fresh process writing to a file), median of runs, with its
peak memory, beside the floor: ``sqlite3 -json`` of the same join (the measure with its
instrument, section and successor, its department, goal, partner, indicator and milestone
links) in the same run. Target: at most 2× the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import insert, select

from bench.bench_storage import grow
from bench.common import Figure, report

JOIN = """
SELECT m.*, i.numeral AS instrument, s.code AS section, n.code AS successor,
  (SELECT json_group_array(json_object('code', d.code, 'role', l.role))
     FROM measure_department l JOIN department d ON d.id = l.department_id
     WHERE l.measure_id = m.id) AS departments,
  (SELECT json_group_array(g.number) FROM measure_goal mg JOIN goal g ON g.id = mg.goal_id
     WHERE mg.measure_id = m.id) AS goals,
  (SELECT json_group_array(p.code) FROM measure_partner mp JOIN partner p ON p.id = mp.partner_id
     WHERE mp.measure_id = m.id) AS partners,
  (SELECT json_group_array(json_object('name', x.name, 'unit', x.unit, 'baseline', x.baseline,
          'target', x.target, 'actual', x.actual, 'actual_date', x.actual_date))
     FROM indicator x WHERE x.measure_id = m.id) AS indicators,
  (SELECT json_group_array(json_object('title', t.title, 'due_date', t.due_date,
          'done_date', t.done_date))
     FROM milestone t WHERE t.measure_id = m.id) AS milestones
FROM measure m JOIN instrument i ON i.id = m.instrument_id
LEFT JOIN section s ON s.id = m.section_id LEFT JOIN measure n ON n.id = m.successor_id
ORDER BY m.position, m.id;
"""


def furnish(folder: Path) -> None:
    """A lead department, two goals and an indicator for every synthetic measure."""
    from app.models import (
        Department,
        DepartmentRole,
        Goal,
        Indicator,
        Measure,
        MeasureDepartment,
        MeasureGoal,
    )
    from app.paths import resolve
    from app.storage.register import open_register

    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        departments = list(session.scalars(select(Department.id)))
        goals = list(session.scalars(select(Goal.id)))
        ids = list(session.scalars(select(Measure.id).where(Measure.code.like("X.%"))))
        session.execute(
            insert(MeasureDepartment),
            [
                {"measure_id": m, "department_id": departments[m % len(departments)],
                 "role": DepartmentRole.LEAD}
                for m in ids
            ],
        )  # fmt: skip
        session.execute(
            insert(MeasureGoal),
            [
                {"measure_id": m, "goal_id": goals[(m + k) % len(goals)]}
                for m in ids
                for k in (0, 1)
            ],
        )
        session.execute(
            insert(Indicator),
            [
                {"measure_id": m, "position": 1, "name": "Teilnehmende", "unit": "Personen",
                 "baseline": 0, "target": 100, "actual": 10}
                for m in ids
            ],
        )  # fmt: skip


def timed_child(command: list[str], out: Path) -> tuple[float, float]:
    """Seconds and peak MB of ``command`` writing to ``out`` (one fresh process)."""
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "with open(sys.argv[1], 'wb') as fh:\n"
        "    subprocess.run(sys.argv[2:], stdout=fh, check=True)\n"
        "print(time.perf_counter() - start,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(out), *command],
        capture_output=True, text=True, check=True, env={**os.environ},
    )  # fmt: skip
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        grow(folder, args.measures)
        furnish(folder)
        from app.paths import resolve

        database = resolve(folder).register_file
        imag = [sys.executable, "-m", "app", "--data-dir", str(folder)]
        export = [*imag, "measures", "export", "--format", "json"]
        floor_cmd = ["sqlite3", "-readonly", "-json", str(database), JOIN]
        runs, floors = [], []
        for _ in range(args.repeat):
            floors.append(timed_child(floor_cmd, Path(tmp) / "floor.json"))
            runs.append(timed_child(export, Path(tmp) / "export.json"))
        size = (Path(tmp) / "export.json").stat().st_size / 2**20
        floor_size = (Path(tmp) / "floor.json").stat().st_size / 2**20
        report(
            Figure(
                "export",
                f"measures export --format json, {args.measures:,} measures",
                statistics.median(s for s, _m in runs),
                statistics.median(s for s, _m in floors),
                "sqlite3 -json of the same join",
                note=(
                    f"peak {max(m for _s, m in runs):.0f} MB (sqlite3 "
                    f"{max(m for _s, m in floors):.0f} MB); {size:.0f} MiB "
                    f"(sqlite3 {floor_size:.0f} MiB)"
                ),
            )
        )


if __name__ == "__main__":
    main()
