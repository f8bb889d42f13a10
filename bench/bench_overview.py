"""Benchmark of the overview's numbers (the window's first page); prints figures (no pass/fail).

    python -m bench.bench_overview [--measures 20000]

A register of N synthetic measures, each with a lead department, a traffic light, a status
and an end date (a third of them past): :func:`app.overview.overview` counted on it (median of
repeated runs); the floor is the register's rows as the window loads them anyway
(:func:`app.operations.register_view.load_rows`), in the same run.
Aim: well below the floor, which the window waits for anyway.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy import insert, select, update

from bench.bench_storage import grow
from bench.common import Figure, median_time, report


def enrich(folder: Path) -> None:
    """Lead departments, traffic lights, statuses and end dates for every measure."""
    from app.models import (
        Department,
        DepartmentRole,
        Measure,
        MeasureDepartment,
        Status,
        TrafficLight,
    )
    from app.paths import resolve
    from app.storage.register import open_register

    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        departments = list(session.scalars(select(Department.id)))
        ids = list(session.scalars(select(Measure.id).order_by(Measure.id)))
        linked = set(session.scalars(select(MeasureDepartment.measure_id)))
        session.execute(
            insert(MeasureDepartment),
            [
                {"measure_id": m, "department_id": departments[m % len(departments)],
                 "role": DepartmentRole.LEAD}
                for m in ids
                if m not in linked
            ],
        )  # fmt: skip
        statuses = [s for s in Status if s != Status.DROPPED]  # a dropped one needs a reason
        lights = list(TrafficLight)
        session.execute(
            update(Measure),
            [
                {"id": m, "status": statuses[m % len(statuses)],
                 "traffic_light": lights[m % len(lights)],
                 "end_date": dt.date(2026, 1, 1) + dt.timedelta(days=m % 1500)}
                for m in ids
            ],
        )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from app.operations.register_view import load_rows
    from app.overview import overview
    from app.paths import resolve
    from app.storage.register import open_register

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        grow(folder, args.measures)
        enrich(folder)
        with open_register(resolve(folder)) as register, register.session() as session:
            today = dt.date(2026, 12, 4)
            seconds = median_time(lambda: overview(session, today=today), args.repeat)
            floor = median_time(lambda: load_rows(session), args.repeat)
            due = len(overview(session, today=today).due)
    report(
        Figure(
            "overview",
            f"overview of {args.measures:,} measures",
            seconds,
            floor=floor,
            floor_name="the register's rows (load_rows)",
            note=f"{due:,} overdue or ending soon",
        )
    )


if __name__ == "__main__":
    main()
