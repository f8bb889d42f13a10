"""Run every benchmark (``bench/bench_*.py``, each module's ``main()``) and write one table.

    python -m bench [--out table.md] [--only window,rounds] [--quick]

Each figure is printed with its floor (the same work done the cheapest way, measured in the
same run) and the ratio; the table of all figures goes to stdout and to ``--out``. ``--quick``
runs the benchmarks at small sizes (a check that they run, not figures to quote). The
benchmarks are not tests: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

import bench
from bench.common import FIGURES, table

QUICK: dict[str, list[str]] = {
    "bench_window": ["--startup-measures", "500", "--measures", "2000", "--large", "3000"],
    "bench_refresh": ["--measures", "2000"],
    "bench_export": ["--measures", "2000"],
    "bench_rounds": ["--departments", "3", "--measures", "10", "--repeat", "1"],
    "bench_department": ["--large", "100", "--small", "10", "--answers", "5", "--repeat", "1"],
    "bench_storage": ["--measures", "2000"],
    "bench_reports": ["--measures", "100"],
    "bench_report_scale": ["--sizes", "100,1000"],
    "bench_spreadsheets": ["--measures", "500"],
    "bench_overview": ["--measures", "2000"],
    "bench_deep_check": ["--measures", "2000"],
}


def modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__) if info.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the table (markdown) to this file too")
    parser.add_argument("--only", help="comma-separated module names without 'bench_'")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    args = parser.parse_args(argv)
    chosen = modules()
    if args.only:
        wanted = {f"bench_{name.strip()}" for name in args.only.split(",")}
        chosen = [name for name in chosen if name in wanted]
    for name in chosen:
        print(f"## {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        module_args = QUICK.get(name, []) if args.quick else []
        start = time.perf_counter()
        saved = sys.argv
        sys.argv = [f"bench.{name}", *module_args]  # for a main() that reads sys.argv itself
        try:
            module.main()
        finally:
            sys.argv = saved
        print(f"({name}: {time.perf_counter() - start:.0f} s)\n", flush=True)
    text = table(FIGURES)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
