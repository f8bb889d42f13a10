"""Benchmarks of the register window; prints figures beside their floors (no pass/fail).

    python -m bench.bench_window [--startup-measures 5000] [--large 100000] [--measures 20000]

Figures: time from process start to the register's first rows painted (a screenful, read first:
the first screen of a register file, then the main window) and to the whole register (a window
closed on the register), and to the overview painted (as last counted: the first screen; then
counted afresh by the main window; a window closed on the overview, as a new install opens),
started as ``imag`` starts (the command-line entry, ``--lang de``), median of fresh processes,
at 5,000 and at 100,000 measures, beside a bare PySide6 window started the same way (the floor,
same run); the CPU time and peak memory of both; filter and search latency per keystroke on
20,000 measures in a shown window (painting included; target 16 ms), each beside its floor: Qt
painting the same screenful from a plain model (``QStandardItemModel``, same size and columns)
right after the step, median over the same steps. Without a display chosen, Qt's offscreen
platform is used (``QT_QPA_PLATFORM=offscreen``, set for this process and the programs it
starts).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.bench_storage import grow
from bench.common import Figure, report, report_paired

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QTableView

# Started as ``imag --lang de --data-dir DIR``; an import hook wraps the main window when its
# module is loaded (it is not imported any earlier than the program itself imports it) and
# prints the time once the window has painted its loaded rows.
# The peak resident memory of this process since it started the interpreter (ru_maxrss would
# count the parent's before the exec on Linux).
PEAK = """
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

CHILD = (
    PEAK
    + """
import importlib.abc, importlib.machinery, os, sys, time

def say(window):
    window.repaint()
    rows = window.register_screen.model.rowCount()
    print(f"{time.time():.6f}", rows, peak(), f"{time.process_time():.6f}", flush=True)

def painted(window):
    from PySide6.QtCore import QTimer
    def done():
        say(window)
        os._exit(0)
    QTimer.singleShot(0, done)

def first_painted(module):
    show = module.show_first_screen
    def shown(tr, paths):
        screen = show(tr, paths)  # painted when it returns
        if screen is not None:
            HANDED[0] = screen.overview
            rows = screen.model.rowCount() if screen.model else screen.overview.measures
            print(f"{time.time():.6f}", rows, peak(), f"{time.process_time():.6f}", flush=True)
        return screen
    module.show_first_screen = shown

def counted(window):  # on the overview: its figures counted afresh by the main window, painted
    from PySide6.QtCore import QTimer
    page = window.overview
    set_data = page.set_data
    def fresh(data):
        set_data(data)
        if data is not HANDED[0]:
            def done():
                page.repaint()
                print(f"{time.time():.6f}", data.measures, peak(), f"{time.process_time():.6f}",
                      flush=True)
                os._exit(0)
            QTimer.singleShot(0, done)
    page.set_data = fresh

HANDED = [None]  # the overview the first screen showed (the main window shows it until counted)

class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        global SINGLE
        if name == "app.ui.first_screen":  # the first screen (a file register): its rows painted
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            execute = spec.loader.exec_module
            def exec_first(module):
                execute(module)
                first_painted(module)
            spec.loader.exec_module = exec_first
            return spec
        if name != "app.ui.main_window":
            return None
        from PySide6.QtCore import Qt
        SINGLE = Qt.ConnectionType.SingleShotConnection
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        execute = spec.loader.exec_module
        def exec_module(module):
            execute(module)
            init = module.MainWindow.__init__
            def wrapped(self, *args, **kwargs):
                init(self, *args, **kwargs)
                if self._overview is not None and self.stack.currentWidget() is self._overview:
                    counted(self)
                    return
                self.shown.connect(lambda: say(self), type=SINGLE)  # the first rows
                self.loaded.connect(lambda: painted(self))  # the whole register
            module.MainWindow.__init__ = wrapped
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
sys.argv = ["imag", "--lang", "de", "--data-dir", sys.argv[1]]
from app.cli.main import main
sys.exit(main())
"""
)

BARE = (
    PEAK
    + """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableWidget(30, 8))
window.resize(1340, 720)
window.show()
def done():
    window.repaint()
    print(f"{time.time():.6f}", 0, peak(), f"{time.process_time():.6f}", flush=True)
    os._exit(0)
QTimer.singleShot(0, done)
app.exec()
"""
)


Point = tuple[float, int, int, float]

# Typed into the search, one keystroke at a time: a word of the grown measures' titles
# ("Synthetische Maßnahme N für Messungen – Łódź, Ústí"), narrowing from every row to a few, then
# the place names, then cleared. (Letters that match no grown measure, as "wroclaw" did for
# seven of ten steps, time an empty table: a figure no user of a full register sees.)
SEARCHED = (
    "m", "ma", "maß", "maßn", "maßna", "maßnahme", "maßnahme 1", "maßnahme 12",
    "maßnahme 123", "maßnahme 1234", "łódź", "usti", "",
)  # fmt: skip


def start_once(script: str, folder: Path) -> list[Point]:
    """From starting the process to each painted table (the first rows, the whole register;
    the bare window once): seconds, rows shown, peak KiB, CPU seconds of the process."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        check=False, capture_output=True, text=True, env={**os.environ}, timeout=300,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout.split():
        raise RuntimeError(f"start failed ({done.returncode}): {done.stderr[-2000:]}")
    points = [line.split() for line in done.stdout.splitlines() if line.strip()]
    return [(float(t) - started, int(n), int(m), float(cpu)) for t, n, m, cpu in points]


def startup(folder: Path, measures: int, repeat: int, page: int) -> None:
    """Start-up figures of a window closed on ``page``: the register (1: its first rows from
    the file, then the main window's, then the whole register) or the overview (0: as last
    counted, kept by the window that counted it, then counted afresh by the main window)."""
    settings = folder / "config" / "ui.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f"[window]\npage={page}\n", encoding="utf-8")
    start_once(CHILD, folder)  # warm the file cache (the overview: counted and kept)
    runs, floors = [], []
    for _ in range(repeat):  # paired: the floor right beside each start
        floors.append(start_once(BARE, folder))
        runs.append(start_once(CHILD, folder))
    floor = statistics.median(points[0][0] for points in floors)
    floor_cpu = statistics.median(points[0][3] for points in floors)
    floor_memory = max(points[0][2] for points in floors) / 1024
    if page == 0:
        steps = [(-1, "the overview counted afresh and painted")]
        if len(runs[0]) == 2:  # the first screen: the overview as kept
            steps.insert(0, (0, "the overview painted (as last counted)"))
    else:
        steps = [(0, "the first rows painted"), (-1, "the whole register painted")]
        if len(runs[0]) == 3:  # the first screen, then the main window with its first rows
            steps.insert(1, (1, "the main window's first rows painted"))
    for at, what in steps:
        seconds = statistics.median(points[at][0] for points in runs)
        cpu = statistics.median(points[at][3] for points in runs)
        memory = max(points[at][2] for points in runs) / 1024
        report(
            Figure(
                "window",
                f"start-up to {what}, {measures:,} measures",
                seconds,
                floor,
                "bare PySide6 window",
                target=1.0 if measures >= 100_000 and at == 0 else None,
                note=f"rows {runs[0][at][1]:,}; CPU {cpu:.2f} s (bare {floor_cpu:.2f} s); "
                f"peak {memory:.0f} MB (bare {floor_memory:.0f} MB)",
            )
        )


def screenful(view: QTableView, floor: QTableView) -> None:
    """Put the cells ``view`` shows into ``floor`` (a plain Qt model, same size and columns)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    model = view.model()
    top = max(view.rowAt(0), 0)
    bottom = view.rowAt(view.viewport().height())
    bottom = model.rowCount() - 1 if bottom < 0 else bottom
    plain = QStandardItemModel(bottom - top + 1, model.columnCount())
    for row in range(top, bottom + 1):
        for column in range(model.columnCount()):
            plain.setItem(row - top, column, QStandardItem(model.index(row, column).data()))
    floor.setModel(plain)
    for column in range(model.columnCount()):
        floor.setColumnWidth(column, view.columnWidth(column))


def typed(
    app: QApplication, view: QTableView, floor: QTableView, step: Callable[[], None]
) -> tuple[float, float]:
    """Seconds for ``step`` until ``view`` is painted, and (the floor) for Qt to paint the same
    screenful from a plain model: events processed, then painted, as after the step."""
    start = time.perf_counter()
    step()
    app.processEvents()
    view.viewport().repaint()
    seconds = time.perf_counter() - start
    screenful(view, floor)
    app.processEvents()
    start = time.perf_counter()
    floor.viewport().update()
    app.processEvents()
    floor.viewport().repaint()
    return seconds, time.perf_counter() - start


def keystrokes(folder: Path) -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    from app.i18n import translator
    from app.operations.register_view import load_rows, load_vocabulary
    from app.paths import resolve
    from app.storage.register import open_register
    from app.ui.register.register_screen import RegisterScreen

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with open_register(resolve(folder)) as register, register.session() as session:
        rows_list = load_rows(session)
        vocabulary = load_vocabulary(session)
    screen = RegisterScreen(translator("de"), None)
    screen.resize(1340, 720)
    screen.show()
    screen.model.set_rows(rows_list)
    screen.set_vocabulary(vocabulary)
    floor = QTableView()  # the floor: the same screenful painted by Qt from a plain model
    floor.verticalHeader().setVisible(False)
    floor.verticalHeader().setDefaultSectionSize(screen.table.verticalHeader().defaultSectionSize())
    floor.setWordWrap(False)
    floor.resize(screen.table.size())
    floor.show()
    app.processEvents()
    combo = screen.combos["instrument"]
    steps = {
        "search per keystroke": [
            lambda word=word: screen.search.setText(word) for word in SEARCHED
        ],
        "instrument filter": [
            lambda index=index: combo.setCurrentIndex(index)
            for index in [*range(1, combo.count()), 0]
        ],
    }
    for name, actions in steps.items():
        report_paired(
            "window",
            f"{name}, {len(rows_list):,} measures, shown",
            [typed(app, screen.table, floor, action) for action in actions],
            "Qt painting the same screenful",
            target=0.016,
        )
    floor.close()
    screen.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--startup-measures", type=int, default=5_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed to measure
    with tempfile.TemporaryDirectory() as tmp:
        for measures, repeat in ((args.startup_measures, args.repeat), (args.large, 3)):
            folder = Path(tmp) / f"start-{measures}"
            grow(folder, measures)
            for page in (1, 0):  # closed on the register; on the overview (a new install's)
                startup(folder, measures, repeat, page)
        folder = Path(tmp) / "keys"
        grow(folder, args.measures)
        keystrokes(folder)


if __name__ == "__main__":
    main()
