"""What the benchmarks share: medians of repeated runs, figures set beside their floor (the same
work done the cheapest way, measured in the same run), and the table ``python -m bench`` writes.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure: ``seconds`` (median) beside its ``floor`` (median, same run) or a
    ``target`` in seconds; ``note`` says what was measured (memory, size, ...)."""

    bench: str
    name: str
    seconds: float
    floor: float | None = None
    floor_name: str = ""
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None


FIGURES: list[Figure] = []
"""Every figure reported in this process, in order (``python -m bench`` tabulates them)."""


def median_time(action: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.1f} ms"


def report(figure: Figure) -> Figure:
    """Print ``figure`` with its floor and ratio, and keep it for the table."""
    FIGURES.append(figure)
    parts = [f"{figure.name}: {_ms(figure.seconds)}"]
    if figure.floor is not None:
        parts.append(f"floor ({figure.floor_name}) {_ms(figure.floor)}")
        parts.append(f"ratio {figure.ratio:.2f}×")
    if figure.target is not None:
        verdict = "within" if figure.seconds <= figure.target else "OVER"
        parts.append(f"target {_ms(figure.target)} ({verdict})")
    if figure.note:
        parts.append(figure.note)
    print(", ".join(parts), flush=True)
    return figure


def table(figures: list[Figure]) -> str:
    """The figures as one markdown table."""
    lines = [
        "| bench | figure | time (median) | floor, same run | ratio | target | notes |",
        "|---|---|---:|---|---:|---:|---|",
    ]
    for f in figures:
        floor = f"{_ms(f.floor)} ({f.floor_name})" if f.floor is not None else "–"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "–"
        lines.append(
            f"| {f.bench} | {f.name} | {_ms(f.seconds)} | {floor} | {ratio} | "
            f"{_ms(f.target)} | {f.note} |"
        )
    return "\n".join(lines) + "\n"


def report_paired(
    bench: str,
    name: str,
    samples: list[tuple[float, float]],
    floor_name: str,
    target: float | None = None,
) -> Figure:
    """Report ``samples`` of (seconds, floor seconds) measured side by side: their medians, and
    the slowest sample in the note."""
    slowest = max(seconds for seconds, _floor in samples)
    return report(
        Figure(
            bench,
            name,
            statistics.median(seconds for seconds, _floor in samples),
            statistics.median(floor for _seconds, floor in samples),
            floor_name,
            target=target,
            note=f"max {slowest * 1000:.1f} ms",
        )
    )


def peak_mb() -> float:
    """This process's peak resident memory in MB. On Linux the high-water mark of its own
    memory (``VmHWM``): ``ru_maxrss`` keeps, across ``exec``, the peak of the process that
    started it (a benchmark that grew a register first: 1.5 GB at 100,000 measures)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
