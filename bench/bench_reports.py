"""Benchmark of the PDF reports; prints figures (no pass/fail).

    python -m bench.bench_reports [--measures 1000]

The demo register grown to N measures (copies of the demo measures with their working data,
lead departments and comments); then the cabinet status report in German, Polish and Czech.
Target: at most 5 s per language and 300 MB peak memory on a 2-core laptop.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from app.demo import create_demo
from app.models import Measure, MeasureDepartment
from app.paths import resolve
from app.reports import ReportKind, ReportRequest, write_report
from app.storage.register import open_register
from bench.common import Figure, report

COPIED = [
    "instrument_id",
    "section_id",
    "title_de",
    "title_pl",
    "title_cs",
    "status",
    "status_reason",
    "traffic_light",
    "progress",
    "start_date",
    "end_date",
    "comment",
    "budget_reservation",
    "budget_planned_cents",
    "budget_committed_cents",
    "created_at",
    "updated_at",
]


def grow_demo(folder: Path, total: int) -> int:
    """Create the demo register in ``folder`` and copy its measures until it holds ``total``."""
    create_demo(resolve(folder)).close()
    with open_register(resolve(folder)) as register, register.session() as session:
        with session.begin():
            originals = list(session.scalars(select(Measure).order_by(Measure.position)))
            position = len(originals)
            while position < total:
                source = originals[position % len(originals)]
                position += 1
                copy = Measure(
                    code=f"{source.code}.{position:04d}",
                    position=position,
                    **{name: getattr(source, name) for name in COPIED},
                )
                copy.department_links = [
                    MeasureDepartment(department=link.department, role=link.role)
                    for link in source.department_links
                ]
                session.add(copy)
        return len(list(session.scalars(select(Measure.id))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "demo"
        start = time.perf_counter()
        count = grow_demo(folder, args.measures)
        print(f"demo register with {count} measures: {time.perf_counter() - start:.2f} s")
        for lang in ("de", "pl", "cs"):
            target = Path(temporary) / f"cabinet-{lang}.pdf"
            with open_register(resolve(folder), readonly=True) as register:
                start = time.perf_counter()
                result = write_report(register, ReportRequest(ReportKind.CABINET, lang), target)
                seconds = time.perf_counter() - start
            size = target.stat().st_size / 1e6
            print(
                f"cabinet report {lang}: {seconds:.2f} s, {result.pages} pages, "
                f"{result.pages / seconds:.1f} pages/s, {size:.1f} MB"
            )
            report(
                Figure(
                    "reports",
                    f"cabinet report {lang}, {count:,} measures",
                    seconds,
                    target=5.0,
                    note=f"{result.pages} pages",
                )
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak memory (resident, whole process): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
