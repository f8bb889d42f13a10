"""Benchmark of the refresh after an edit; prints figures (no pass/fail).

    python -m bench.bench_refresh [--measures 100000]

The main window over a register of N measures, shown; a measure is archived and restored
through the window (as the menu does it: the operation on the database worker, then the view
brought up to date). Timed: from the action (the database worker idle) to the row showing
the new state, painted (median of repeated edits); the floor is the operation alone in a
session of its own (same run).
Target: 50 ms at 100,000 measures. Without a display chosen, Qt's offscreen platform is used.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_storage import grow
from bench.common import Figure, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed to measure
    from PySide6.QtWidgets import QApplication

    from app.i18n import translator
    from app.operations import measures
    from app.operations.context import Actor
    from app.paths import resolve
    from app.profile import Profile
    from app.storage.register import open_register
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        grow(folder, args.measures)
        paths = resolve(folder)
        register = open_register(paths)
        window = MainWindow(translator("de"), register, paths, Profile(name="bench"))
        window.show()
        model = window.register_screen.model
        deadline = time.time() + 600
        while model.rowCount() < args.measures and time.time() < deadline:
            app.processEvents()
        window.register_screen.show_archived.setChecked(True)  # the archived row stays
        app.processEvents()
        code = model.row_at(model.rowCount() // 2).code
        window.register_screen.select(code)
        app.processEvents()
        samples = []
        for _ in range(args.repeat):
            row = model.row_of(code)
            assert row is not None
            was = model.row_at(row).archived
            while not window.worker.idle:  # the last edit's after-work done (details, ...)
                app.processEvents()
                time.sleep(0.001)
            start = time.perf_counter()
            window.archive_measure()
            while model.row_at(row).archived == was:  # the row stays (archived ones shown)
                app.processEvents()
                time.sleep(0.0005)  # the worker thread gets the interpreter
            window.register_screen.table.viewport().repaint()
            samples.append(time.perf_counter() - start)
            app.processEvents()
        window.close()
        app.processEvents()
        register.close()
        actor = Actor("bench", "bench")
        floors = []
        with open_register(paths) as register, register.session() as session:
            for n in range(args.repeat):
                start = time.perf_counter()
                measures.archive_measure(session, actor, code, archived=n % 2 == 0)
                floors.append(time.perf_counter() - start)
        report(
            Figure(
                "refresh",
                f"archive one measure until its row shows it, {args.measures:,} measures",
                statistics.median(samples),
                statistics.median(floors),
                "the operation alone",
                target=0.05,
                note=f"max {max(samples) * 1000:.0f} ms",
            )
        )


if __name__ == "__main__":
    main()
