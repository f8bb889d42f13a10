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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="profile the two timed steps")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        folder = base / "secretariat"
        start = time.perf_counter()
        codes = build_register(folder, args.departments, args.measures)
        with open_register(resolve(folder)) as register, register.session() as session:
            secretariat.create_round(
                session,
                SECRETARIAT,
                secretariat.RoundInput(
                    ROUND, deadline=dt.date(2099, 6, 30), departments=tuple(codes)
                ),
            )
        print(
            f"register with {len(codes)} departments × {args.measures} measures: "
            f"{time.perf_counter() - start:.2f} s"
        )
        profiler = cProfile.Profile() if args.profile else None

        with open_register(resolve(folder)) as register, register.session() as session:
            if profiler:
                profiler.enable()
            start = time.perf_counter()
            issued = secretariat.issue(session, SECRETARIAT, ROUND, base / "outbox")
            issuing = time.perf_counter() - start
            if profiler:
                profiler.disable()
        size = sum(item.path.stat().st_size for item in issued) / 1e6
        print(f"issue {len(issued)} round packages: {issuing:.2f} s ({size:.1f} MB)")

        inbox = base / "inbox"
        inbox.mkdir()
        start = time.perf_counter()
        for item in issued:
            answer_everything(base / f"laptop-{item.department}", item.path, inbox)
        print(
            f"departments open, answer and export ({len(issued)} laptops, not the target): "
            f"{time.perf_counter() - start:.2f} s"
        )

        with open_register(resolve(folder)) as register, register.session() as session:
            if profiler:
                profiler.enable()
            start = time.perf_counter()
            outcomes = secretariat.import_returns(session, SECRETARIAT, [inbox])
            importing = time.perf_counter() - start
            if profiler:
                profiler.disable()
        imported = [outcome for outcome in outcomes if outcome.state == "imported"]
        answers = sum(outcome.answers for outcome in imported)
        applied = sum(outcome.applied for outcome in imported)
        print(
            f"import {len(imported)} of {len(outcomes)} returns ({answers} answers, "
            f"{applied} changes applied): {importing:.2f} s"
        )
        for name, seconds in (("issue", issuing), ("import", importing)):
            verdict = "within" if seconds <= 2 else "OVER"
            print(f"{name}: {verdict} the 2 s target")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
