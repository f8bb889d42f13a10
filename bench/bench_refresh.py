"""Benchmark of the refresh after an edit; prints figures (no pass/fail).

    python -m bench.bench_refresh [--measures 100000]

The main window over a register of N measures, shown on the register page (a fresh data folder
opens on the overview, where the register's table is hidden and none of its rows is painted); a
measure is archived and restored through the window (as the menu does it: the operation on the
database worker, then the view brought up to date). Timed: from the action (the database worker
idle) to the row showing the new state, painted (median of repeated edits); the floor is the
operation alone in a session of its own (same run).

The benchmark waits in Qt's event loop, as the program does (a loop polling ``processEvents``
would take the interpreter from the worker thread, and time its own polling). Every wait has a
deadline, and a message box the window would show (an error nobody answers offscreen) stops the
benchmark with its text instead of hanging it. The register's weekly deep check is recorded as
passed: the grown measures bypass the history it compares the register with, so it would find
them (rightly), switch the register to read-only and have every edit refused (a warning box, which
hung the benchmark at 2,000 measures); at 100,000 it ran on its own thread during the edits.
Target: 50 ms at 100,000 measures. Without a display chosen, Qt's offscreen platform is used.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.bench_storage import grow
from bench.common import Figure, report

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

WAIT_MS = 600_000  # the longest any step may take before the benchmark gives up


def wait(done: Callable[[], bool], signals: list[SignalInstance], what: str) -> None:
    """Run Qt's event loop until ``done()`` (checked whenever one of ``signals`` fires); raise,
    naming ``what``, after :data:`WAIT_MS`."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if done():
            loop.quit()

    for signal in signals:
        signal.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(WAIT_MS)
    try:
        loop.exec()
    finally:
        for signal in signals:
            signal.disconnect(check)
    if not done():
        raise RuntimeError(f"bench_refresh: no {what} after {WAIT_MS // 1000} s")


def refuse_message_boxes() -> None:
    """A message box stops the benchmark with its text (offscreen nobody would answer it)."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(_parent: object, title: str, text: str, *_args: object) -> None:
        raise SystemExit(f"bench_refresh: the window said: {title}: {text}")

    for name in ("critical", "warning", "information", "question"):
        setattr(QMessageBox, name, staticmethod(refuse))


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
    from app.storage.weekly_check import record_pass
    from app.ui.main_window import REGISTER_PAGE, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    refuse_message_boxes()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        grow(folder, args.measures)
        paths = resolve(folder)
        record_pass(paths.register_file)  # not due: the grown rows have no history (see above)
        register = open_register(paths)
        window = MainWindow(translator("de"), register, paths, Profile(name="bench"))
        window.show()
        window.show_page(REGISTER_PAGE)  # the table shown: its rows are painted
        model = window.register_screen.model
        wait(
            lambda: model.total >= args.measures and not model.loading,
            [window.loaded],
            "whole register",
        )
        window.register_screen.show_archived.setChecked(True)  # the archived row stays
        app.processEvents()
        assert window.register_screen.table.isVisible()
        code = model.row_at(model.rowCount() // 2).code
        window.register_screen.select(code)
        app.processEvents()
        changed = [model.dataChanged, model.modelReset, model.rowsMoved, model.rowsRemoved]
        samples = []
        for _ in range(args.repeat):
            row = model.row_of(code)
            assert row is not None
            was = model.row_at(row).archived
            # the last edit's after-work done (details, ...)
            wait(lambda: window.worker.idle, [window.worker.idle_changed], "idle database worker")
            start = time.perf_counter()
            window.archive_measure()

            def archived(row: int = row, was: bool = was) -> bool:  # the row stays (shown)
                return model.row_at(row).archived != was

            wait(archived, changed, "changed row")
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
