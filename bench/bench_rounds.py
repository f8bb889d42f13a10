"""Benchmark of evaluation rounds; prints figures (no pass/fail).

    python -m bench.bench_rounds [--departments 20] [--measures 100]

A fresh register with N departments (added through the department operations), each leading
M measures (added in bulk, with an indicator each); a round over all of them. Timed: issuing
the round packages (one per department), and importing one return per department answering
every measure (a folder at once, each return encrypted, as a department exports it by
default). Target (issue 5): at most 2 s for each, 20 departments and 100 measures each.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from app.models import (
    Department,
    DepartmentRole,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    Status,
    TrafficLight,
)
from app.operations.context import Actor
from app.operations.departments import add_department
from app.paths import resolve
from app.rounds import secretariat, workspace
from app.storage.register import open_register
from bench.common import Figure, report

SECRETARIAT = Actor("Geschäftsstelle", "bench")
DEPARTMENT = Actor("Referat", "bench")
ROUND = "Benchmark 2026"
NOW = "2026-01-01T00:00:00Z"


def build_register(folder: Path, departments: int, measures: int) -> list[str]:
    """The register with ``departments`` new departments leading ``measures`` measures each."""
    codes = [f"B{index:02d}" for index in range(1, departments + 1)]
    with open_register(resolve(folder)) as register, register.session() as session:
        for code in codes:
            add_department(session, SECRETARIAT, code, name_de=f"Ressort {code} für Messungen")
        with session.begin():
            instruments = list(session.scalars(select(Instrument).order_by(Instrument.position)))
            ids = {d.code: d.id for d in session.scalars(select(Department))}
            position = 1000
            rows: list[dict[str, Any]] = []
            for code in codes:
                for index in range(measures):
                    position += 1
                    rows.append(
                        {
                            "code": f"{code}.{index:03d}",
                            "instrument_id": instruments[index % len(instruments)].id,
                            "position": position,
                            "title_de": f"Maßnahme {index} des Ressorts {code} – Łódź, Ústí",
                            "status": Status.IN_PROGRESS,
                            "traffic_light": TrafficLight.GREEN,
                            "progress": index % 100,
                            "comment": "Stand der Umsetzung wie geplant.",
                            "created_at": NOW,
                            "updated_at": NOW,
                        }
                    )
            session.execute(insert(Measure), rows)
            found = session.execute(
                select(Measure.code, Measure.id).where(Measure.position > 1000)
            ).all()
            by_code: dict[str, int] = {row[0]: row[1] for row in found}
            session.execute(
                insert(MeasureDepartment),
                [
                    {
                        "measure_id": by_code[row["code"]],
                        "department_id": ids[row["code"][:3]],
                        "role": DepartmentRole.LEAD,
                    }
                    for row in rows
                ],
            )
            session.execute(
                insert(Indicator),
                [
                    {
                        "measure_id": measure_id,
                        "position": 1,
                        "name": "Teilnehmende",
                        "unit": "Personen",
                        "baseline": 0,
                        "target": 100,
                        "actual": 10,
                    }
                    for measure_id in by_code.values()
                ],
            )
    return codes


def answer_everything(laptop: Path, package: Path, inbox: Path) -> None:
    """Open ``package`` on ``laptop``, answer every measure in it and export the return."""
    with open_register(resolve(laptop)) as register, register.session() as session:
        workspace.open_package(session, DEPARTMENT, package)
        ws_round = workspace.find(session, ROUND)
        for number, item in enumerate(workspace.items(ws_round)):
            indicator = item["values"]["indicators"][0]["id"]
            workspace.set_answer(
                session,
                ws_round,
                item["code"],
                {
                    "progress": (number * 7) % 101,
                    "traffic_light": ("green", "amber", "red")[number % 3],
                    "comment": f"Rückmeldung {number}: läuft – Zusammenarbeit mit Partnern.",
                    "next_steps": "Nächste Sitzung im Quartal.",
                    "indicators": [{"id": indicator, "actual": number + 0.5}],
                },
            )
        target = inbox / workspace.default_file_name(ws_round)
        workspace.export_return(session, DEPARTMENT, ws_round, target, encrypt=True)


TRIGGER_WRITTEN = ("row_digest", "audit_chain")
"""Tables only the register's triggers write (left out of the floor's own writes)."""


def table_rows(database: Path) -> dict[str, tuple[list[str], dict[int, tuple[Any, ...]]]]:
    """Every table's columns and rows by rowid (plain sqlite3)."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            cursor = connection.execute(f'SELECT rowid, * FROM "{table}"')
            columns = [d[0] for d in cursor.description][1:]
            result[table] = (columns, {row[0]: row for row in cursor})
        return result
    finally:
        connection.close()


def raw_floor(before: Path, after: Path, transactions: int) -> float:
    """Seconds to write the rows that differ between ``before`` and ``after`` into a copy of
    ``before`` with plain sqlite3 executemany, in ``transactions`` transactions (as the
    operation had them: one per return; issuing is one), synchronous=FULL as the register:
    new rows inserted, changed rows updated in their changed columns only. The register's
    triggers run with their functions installed (the row digests and the audit trail's hash
    chain are part of writing), so the tables they fill are left to them."""
    from app.storage.integrity import install_functions

    statements = floor_statements(table_rows(before), table_rows(after))
    copy = before.with_name("floor-copy.sqlite")
    source = sqlite3.connect(before)
    target = sqlite3.connect(copy, isolation_level=None)
    source.backup(target)
    source.close()
    install_functions(target)
    target.execute("PRAGMA synchronous = FULL")
    start = time.perf_counter()
    for part in range(transactions):
        target.execute("BEGIN")
        for statement, rows in statements:
            target.executemany(statement, rows[part::transactions])
        target.execute("COMMIT")
    seconds = time.perf_counter() - start
    target.close()
    copy.unlink()
    return seconds


Tables = dict[str, tuple[list[str], dict[int, tuple[Any, ...]]]]


def floor_statements(old: Tables, new: Tables) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The INSERTs and UPDATEs (one per table and set of changed columns, with their rows)
    that turn ``old`` into ``new``."""
    statements: dict[str, list[tuple[Any, ...]]] = {}
    for table, (columns, rows) in new.items():
        if table in TRIGGER_WRITTEN:
            continue
        was = old.get(table, ([], {}))[1]
        names = ", ".join(f'"{c}"' for c in ["rowid", *columns])
        insert_sql = (
            f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * (len(columns) + 1))})'
        )
        for rowid, row in rows.items():
            before = was.get(rowid)
            if before is None:
                statements.setdefault(insert_sql, []).append(row)
            elif before != row:
                changed = [i for i in range(1, len(row)) if before[i] != row[i]]
                sets = ", ".join(f'"{columns[i - 1]}" = ?' for i in changed)
                update_sql = f'UPDATE "{table}" SET {sets} WHERE rowid = ?'
                statements.setdefault(update_sql, []).append((*(row[i] for i in changed), rowid))
    return list(statements.items())


def sign_floor(files: list[Path]) -> float:
    """Seconds to sign and write the issued files' bytes again (Ed25519), the crypto floor."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        path.with_suffix(".floor").write_bytes(data + key.sign(data))
    return time.perf_counter() - start


def snapshot(folder: Path, name: str) -> Path:
    """A consistent copy of the register's file (sqlite3 backup)."""
    target = folder.parent / f"{name}.sqlite"
    source = sqlite3.connect(resolve(folder).register_file)
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return target


def one_run(base: Path, departments: int, measures: int) -> dict[str, float]:
    """Build, issue, answer and import once; the timed steps with their floors."""
    folder = base / "secretariat"
    codes = build_register(folder, departments, measures)
    with open_register(resolve(folder)) as register, register.session() as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(ROUND, deadline=dt.date(2099, 6, 30), departments=tuple(codes)),
        )
    before_issue = snapshot(folder, "before-issue")
    with open_register(resolve(folder)) as register, register.session() as session:
        start = time.perf_counter()
        issued = secretariat.issue(session, SECRETARIAT, ROUND, base / "outbox")
        issuing = time.perf_counter() - start
    after_issue = snapshot(folder, "after-issue")
    issue_floor = raw_floor(before_issue, after_issue, 1) + sign_floor(
        [item.path for item in issued]
    )
    inbox = base / "inbox"
    inbox.mkdir()
    for item in issued:
        answer_everything(base / f"laptop-{item.department}", item.path, inbox)
    before_import = snapshot(folder, "before-import")
    with open_register(resolve(folder)) as register, register.session() as session:
        start = time.perf_counter()
        outcomes = secretariat.import_returns(session, SECRETARIAT, [inbox])
        importing = time.perf_counter() - start
    imported = [outcome for outcome in outcomes if outcome.state == "imported"]
    assert len(imported) == len(issued), outcomes
    after_import = snapshot(folder, "after-import")
    import_floor = raw_floor(before_import, after_import, len(imported))
    return {
        "issue": issuing,
        "issue floor": issue_floor,
        "import": importing,
        "import floor": import_floor,
        "answers": sum(outcome.answers for outcome in imported),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one run")
    args = parser.parse_args(argv)
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as temporary:
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            runs.append(one_run(Path(temporary), args.departments, args.measures))
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    size = f"{args.departments} departments × {args.measures} measures"

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    report(
        Figure(
            "rounds",
            f"issue {args.departments} packages, {size}",
            median("issue"),
            median("issue floor"),
            "raw inserts of the same rows + Ed25519 over the files",
            target=2.0,
            note="target ≤ 10× floor",
        )
    )
    report(
        Figure(
            "rounds",
            f"import {args.departments} returns, {int(runs[0]['answers'])} answers, {size}",
            median("import"),
            median("import floor"),
            "raw inserts/updates of the same rows, one transaction per return",
            target=2.0,
            note="target ≤ 1.5× floor",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
