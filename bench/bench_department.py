"""Benchmark of the department's side of a measure round: answering one measure
(``workspace.set_answer``, as ``imag return set`` does) in a package of 1,000 measures beside the
same in a package of 100 measures, measured in the same run.

    python -m bench.bench_department [--large 1000] [--small 100] [--answers 50] [--repeat 3]

Target (issue 18): linear in the package size, i.e. answering one measure costs the same
whatever the package's size (ratio ≈ 1; it was O(n²) with the whole payload parsed twice per
answer). Each figure is the median time of one answer over ``--answers`` answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from app.paths import resolve
from app.rounds import secretariat, workspace
from app.storage.register import open_register
from bench.bench_rounds import DEPARTMENT, ROUND, SECRETARIAT, build_register
from bench.common import Figure, report


def per_answer(base: Path, measures: int, answers: int) -> float:
    """The median seconds of answering one measure in a package of ``measures`` measures."""
    folder = base / f"secretariat-{measures}"
    codes = build_register(folder, 1, measures)
    with open_register(resolve(folder)) as register, register.session() as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(ROUND, deadline=dt.date(2099, 6, 30), departments=tuple(codes)),
        )
        (issued,) = secretariat.issue(session, SECRETARIAT, ROUND, base / f"outbox-{measures}")
    samples = []
    with open_register(resolve(base / f"laptop-{measures}")) as register:
        with register.session() as session:
            workspace.open_package(session, DEPARTMENT, issued.path)
            ws_round = workspace.find(session, ROUND)
            items = workspace.items(ws_round)
        for number, item in enumerate(items[:answers]):
            with register.session() as session:  # one command of `imag return set` each
                ws_round = workspace.find(session, ROUND)
                start = time.perf_counter()
                workspace.set_answer(
                    session, ws_round, item["code"], {"progress": number % 101, "comment": "Ok"}
                )
                samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    large, small = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as temporary:
            small.append(per_answer(Path(temporary), args.small, args.answers))
            large.append(per_answer(Path(temporary), args.large, args.answers))
    report(
        Figure(
            "department",
            f"return set, one answer in a package of {args.large} measures",
            statistics.median(large),
            statistics.median(small),
            f"the same in a package of {args.small} measures",
            note="target: ratio ≈ 1 (linear in the package size)",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
