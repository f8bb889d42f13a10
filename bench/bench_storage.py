"""Benchmarks of the storage layer; prints figures (no pass/fail).

    python -m bench.bench_storage [--measures 20000]

Figures: creating a fresh register from the catalogue, opening it again (the start-up checks),
and exporting all measures as JSON, for the built-in register and for one grown to N measures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from app.models import Instrument, Measure
from app.operations.export import to_json
from app.operations.queries import measure_records
from app.paths import resolve
from app.storage.register import open_register
from bench.common import Figure, report


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def grow(folder: Path, total: int) -> None:
    """Add synthetic measures until the register holds ``total``."""
    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        instruments = list(session.scalars(select(Instrument)))
        existing = len(list(session.scalars(select(Measure.id))))
        rows = [
            {
                "code": f"X.{n:05d}",
                "instrument_id": instruments[n % len(instruments)].id,
                "position": existing + n,
                "title_de": f"Synthetische Maßnahme {n} für Messungen – Łódź, Ústí",
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            }
            for n in range(total - existing)
        ]
        session.execute(insert(Measure), rows)


def export_all(folder: Path) -> int:
    with open_register(resolve(folder), readonly=True) as register, register.session() as session:
        return len(to_json(measure_records(session)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        counter = iter(range(1000))

        def create() -> None:
            open_register(resolve(base / f"c{next(counter)}")).close()

        print(f"create fresh register (66 measures): {timed(create) * 1000:8.1f} ms median")
        folder = base / "c0"
        reopen = timed(lambda: open_register(resolve(folder)).close(), repeat=9)
        print(f"open existing register:              {reopen * 1000:8.1f} ms median")
        small = timed(lambda: export_all(folder))
        print(f"export 66 measures as JSON:          {small * 1000:8.1f} ms median")
        grow(folder, args.measures)
        reopen = timed(lambda: open_register(resolve(folder)).close(), repeat=5)
        print(f"open register, {args.measures} measures:     {reopen * 1000:8.1f} ms median")
        report(Figure("storage", f"open the register, {args.measures:,} measures", reopen))
        export = timed(lambda: export_all(folder), repeat=3)
        print(f"export {args.measures} measures as JSON:     {export * 1000:8.1f} ms median")


if __name__ == "__main__":
    main()
