"""Benchmark: the cabinet status report at growing sizes; prints figures (no pass/fail).

    python -m bench.bench_report_scale [--sizes 1000,5000,20000,100000] [--lang de]

For each size the demo register is grown to that many measures (bench_reports.grow_demo), then
a fresh process writes the German cabinet report and tells its seconds, pages and peak memory
(resident, that process only: the register's growing is not counted), and its CPU seconds (on
a loaded machine the wall-clock time is longer). Time and memory per page
should stay the same from the smallest size to the largest. Targets on a 2-core laptop: 1,000
measures in at most 2 s; 100,000 in at most 120 s and 500 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, peak_mb, report

TARGETS = {1000: 2.0, 100_000: 120.0}
MEMORY_TARGET_MB = 500


def write_one(folder: Path, target: Path, lang: str) -> dict[str, float]:
    """Write the cabinet report of the register in ``folder`` (run in a fresh process)."""
    from app.paths import resolve
    from app.reports import ReportKind, ReportRequest, write_report
    from app.storage.register import open_register

    with open_register(resolve(folder), readonly=True) as register:
        start, cpu = time.perf_counter(), time.process_time()
        result = write_report(register, ReportRequest(ReportKind.CABINET, lang), target)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "pages": result.pages, "peak_mb": peak_mb()}


def measure(size: int, lang: str) -> dict[str, float]:
    from bench.bench_reports import grow_demo

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "demo"
        start = time.perf_counter()
        grow_demo(folder, size)
        print(f"register with {size:,} measures grown in {time.perf_counter() - start:.0f} s")
        target = Path(temporary) / "cabinet.pdf"
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.bench_report_scale",
                "--one",
                str(folder),
                str(target),
                "--lang",
                lang,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,100000")
    parser.add_argument("--lang", default="de", choices=("de", "pl", "cs"))
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(write_one(args.one[0], args.one[1], args.lang)))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        f = measure(size, args.lang)
        per_page = f["seconds"] / f["pages"] * 1000
        memory = f"{f['peak_mb']:.0f} MB peak"
        if size >= 100_000:
            verdict = "within" if f["peak_mb"] <= MEMORY_TARGET_MB else "OVER"
            memory += f" (target {MEMORY_TARGET_MB} MB: {verdict})"
        report(
            Figure(
                "report_scale",
                f"cabinet report {args.lang}, {size:,} measures",
                f["seconds"],
                target=TARGETS.get(size),
                note=f"{f['pages']:.0f} pages, {per_page:.0f} ms/page, "
                f"{f['cpu']:.1f} s CPU, {memory}",
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
