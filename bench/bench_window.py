"""Benchmarks of the register window; prints figures (no pass/fail).

    python -m bench.bench_window [--startup-measures 5000] [--measures 20000]

Figures: time from process start to the window shown with its rows loaded (a register of 5,000
measures, median of 5 runs in fresh processes); filter and search latency per keystroke on
20,000 measures (model refresh included); peak memory of a window holding 20,000 measures.
Needs a display or ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_storage import grow

CHILD = """
import sys, time, resource
from PySide6.QtWidgets import QApplication
from app.i18n import translator
from app.paths import resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui.main_window import MainWindow
app = QApplication(sys.argv[:1])
paths = resolve(sys.argv[1])
register = open_register(paths)
window = MainWindow(translator("de"), register, paths, Profile(name="bench"))
def shown():
    print(f"{time.time():.6f}", window.register_screen.model.rowCount(),
          resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    window.close(); register.close(); app.quit()
window.loaded.connect(shown)
window.show()
app.exec()
"""


def start_once(folder: Path) -> tuple[float, int, int]:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True, text=True, check=True, env={**os.environ},
    ).stdout.split()  # fmt: skip
    return float(out[0]) - started, int(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--startup-measures", type=int, default=5_000)
    parser.add_argument("--measures", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        grow(small, args.startup_measures)
        grow(large, args.measures)
        start_once(small)  # warm the file cache
        runs = [start_once(small) for _ in range(5)]
        times = sorted(t for t, _n, _m in runs)
        print(
            f"start to window shown, {runs[0][1]} measures: "
            f"{statistics.median(times) * 1000:7.0f} ms median "
            f"(min {times[0] * 1000:.0f}, max {times[-1] * 1000:.0f})"
        )
        _t, rows, peak_kb = start_once(large)
        print(f"peak memory, window with {rows} measures:  {peak_kb / 1024:7.0f} MB")

        from PySide6.QtWidgets import QApplication

        from app.i18n import translator
        from app.operations.register_view import load_rows, load_vocabulary
        from app.paths import resolve
        from app.storage.register import open_register
        from app.ui.register.measure_model import MeasureTableModel
        from app.ui.register.register_screen import RegisterScreen

        app = QApplication.instance() or QApplication(sys.argv[:1])
        with open_register(resolve(large)) as register, register.session() as session:
            rows_list = load_rows(session)
            vocabulary = load_vocabulary(session)
        screen = RegisterScreen(translator("de"), None)
        screen.model.set_rows(rows_list)
        screen.set_vocabulary(vocabulary)
        assert isinstance(screen.model, MeasureTableModel)
        samples = []
        for word in ("w", "wr", "wro", "wroc", "wrocl", "wrocla", "wroclaw", "usti", "łódź", ""):
            start = time.perf_counter()
            screen.search.setText(word)
            app.processEvents()
            samples.append(time.perf_counter() - start)
        print(
            f"search per keystroke, {len(rows_list)} measures: "
            f"{statistics.median(samples) * 1000:7.1f} ms median (max {max(samples) * 1000:.1f})"
        )
        combo = screen.combos["instrument"]
        samples = []
        for index in [*range(1, combo.count()), 0]:
            start = time.perf_counter()
            combo.setCurrentIndex(index)
            app.processEvents()
            samples.append(time.perf_counter() - start)
        print(
            f"instrument filter, {len(rows_list)} measures:  "
            f"{statistics.median(samples) * 1000:7.1f} ms median (max {max(samples) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
