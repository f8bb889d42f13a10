"""The deep check's cost (``imag db check --deep``); prints figures (no pass/fail).

    python -m bench.bench_deep_check [--measures 100000]

Figures: the deep check of the built-in register (66 measures) and of one grown to a tenth of N
and to N synthetic measures with as many audit events; each beside SQLite's own
``integrity_check`` of the same file (the floor: one pass over every page in C). Linear means
the time per row stays the same from a tenth of N to N.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import select

from app.models import Measure
from app.operations import audit
from app.operations.context import Actor
from app.paths import resolve
from app.storage.deep_check import deep_check
from app.storage.engine import readonly_engine
from app.storage.register import open_register
from bench.bench_storage import grow
from bench.common import Figure, median_time, report


def add_events(folder: Path) -> None:
    """A create event for each synthetic measure, with the values it holds (as the program's
    own creation records them), so that the replay compares each."""
    actor = Actor("Bench", "bench")
    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        measures = session.execute(
            select(Measure.code, Measure.title_de, Measure.status, Measure.progress).where(
                Measure.code.like("X.%")
            )
        ).all()
        rows = [
            audit.event_row(
                actor,
                code=code,
                action="create",
                entity="measure",
                new={"title_de": title, "status": status, "progress": progress},
            )
            for code, title, status, progress in measures
        ]
        audit.record_many(session, rows)


def measure(folder: Path, label: str) -> None:
    path = folder / "register.imag.sqlite"
    engine = readonly_engine(path)
    rows = 0

    def check() -> None:
        nonlocal rows
        result = deep_check(engine)
        assert result.sound, result.findings[:5]
        rows = result.rows

    def integrity() -> None:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()

    try:
        seconds = median_time(check, repeat=3)
        floor = median_time(integrity, repeat=3)
    finally:
        engine.dispose()
    report(
        Figure(
            "deep_check", f"deep check, {label}", seconds, floor, "integrity_check",
            note=f"{rows:,} rows and events, {seconds / max(rows, 1) * 1e6:.1f} µs each",
        )
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        open_register(resolve(folder)).close()
        measure(folder, "66 measures")
        for size in (args.measures // 10, args.measures):
            folder = Path(tmp) / f"register-{size}"
            grow(folder, size)
            add_events(folder)
            measure(folder, f"{size:,} measures and events")


if __name__ == "__main__":
    main()
