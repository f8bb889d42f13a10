"""Benchmark of a shared register on PostgreSQL; prints figures.

    python -m bench.bench_postgres [--seconds 60] [--clients 4] [--url postgresql://…]

Without ``--url`` a temporary server is started from the distribution's binaries (as the tests
do). Part 1: CLIENTS separate processes edit the same few measures for SECONDS, each save based
on the revision it read (as the window does); one of them also imports four returns of an open
round in between. Counted: saves, conflicts (refused saves), lost updates (must be 0: checked
in the audit trail, where every change of a field must start from the value the change before
it left), median and 95th percentile of a save's latency. Part 2: the round import of 20
departments × 100 answers, into a register file and into the same register on the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import queue
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import AuditEvent, Measure
from app.paths import resolve
from app.rounds import secretariat
from app.storage.copy import copy_to_server
from app.storage.register import open_register
from bench.bench_rounds import ROUND, SECRETARIAT, answer_everything, build_register

EDITED = 5  # the measures everybody edits: few, so that conflicts happen


def prepare(base: Path, departments: int, measures: int) -> tuple[Path, Path]:
    """A register file with an issued round and one answered return per department."""
    folder = base / "secretariat"
    codes = build_register(folder, departments, measures)
    with open_register(resolve(folder)) as register, register.session() as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(ROUND, deadline=dt.date(2099, 6, 30), departments=tuple(codes)),
        )
        issued = secretariat.issue(session, SECRETARIAT, ROUND, base / "outbox")
    inbox = base / "inbox"
    inbox.mkdir()
    for item in issued:
        answer_everything(base / f"laptop-{item.department}", item.path, inbox)
    return folder, inbox


def client(job: tuple[str, str, int, float, str | None], barrier: Any, results: Any) -> None:
    """One person: edit the measures until the time is up (and import the returns, if given)."""
    from app.errors import EditConflict, RegisterBusy
    from app.operations import measures
    from app.operations.context import Actor

    url, folder, number, seconds, inbox = job
    actor, rng = Actor(f"Client {number}", "bench"), random.Random(number)
    latencies: list[float] = []
    saves = conflicts = imports = 0
    returns = sorted(Path(inbox).iterdir()) if inbox else []
    with open_register(resolve(folder, database=url)) as register:
        with register.session() as session:
            codes = list(session.scalars(select(Measure.code).order_by(Measure.id).limit(EDITED)))
        barrier.wait(timeout=300)  # all start together, once every process is ready
        until = time.time() + seconds
        while time.time() < until:
            if returns and rng.random() < 0.05:
                try:
                    with register.session() as session:
                        secretariat.import_return(session, actor, returns[0])
                    returns.pop(0)
                    imports += 1
                except RegisterBusy:
                    pass
            code = rng.choice(codes)
            with register.session() as session:
                data, revision = measures.measure_input(session, code)
            time.sleep(rng.uniform(0, 0.02))  # the person edits
            changed = replace(data, comment=f"{actor.name}: {saves}", progress=rng.randint(0, 100))
            start = time.perf_counter()
            try:
                with register.session() as session:
                    measures.update_measure(session, actor, code, changed, revision=revision)
                saves += 1
            except EditConflict:
                conflicts += 1
            latencies.append(time.perf_counter() - start)
    results.put({"saves": saves, "conflicts": conflicts, "imports": imports, "ms": latencies})


def lost_updates(url: str, folder: Path) -> tuple[int, int]:
    """The changes of a comment that did not start from the value the change before left (a
    lost update), and the number of changes."""
    with (
        open_register(resolve(folder, database=url), readonly=True) as register,
        register.session() as session,
    ):
        events = session.execute(
            select(AuditEvent.entity_code, AuditEvent.old_value, AuditEvent.new_value)
            .where(AuditEvent.field == "comment", AuditEvent.source == "bench")
            .order_by(AuditEvent.id)
        ).all()
    last: dict[str | None, str | None] = {}
    lost = 0
    for code, old, new in events:
        if code in last and last[code] != old:
            lost += 1
        last[code] = new
    return lost, len(events)


def concurrency(url: str, base: Path, inbox: Path, clients: int, seconds: float) -> None:
    # The client that imports the returns is the secretariat at another computer: it has the
    # register's keys (imported there with "imag keys import"), or it could not read a return.
    keys = resolve(base / "secretariat").keys_dir
    shutil.copytree(keys, resolve(base / "client0", database=url).keys_dir, dirs_exist_ok=True)
    spawn = multiprocessing.get_context("spawn")
    results, barrier = spawn.Queue(), spawn.Barrier(clients)
    workers = [
        spawn.Process(
            target=client,
            args=(
                (url, str(base / f"client{n}"), n, seconds, str(inbox) if n == 0 else None),
                barrier,
                results,
            ),
        )
        for n in range(clients)
    ]
    for worker in workers:
        worker.start()
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds + 420
    while len(found) < len(workers):  # a client that failed stops the benchmark at once
        try:
            found.append(results.get(timeout=5))
        except queue.Empty:
            failed = [worker.exitcode for worker in workers if worker.exitcode not in (None, 0)]
            if failed or time.monotonic() > deadline:
                raise RuntimeError(f"a client failed (exit codes {failed}) or hung") from None
    for worker in workers:
        worker.join()
    latencies = sorted(ms for result in found for ms in result["ms"])
    saves = sum(r["saves"] for r in found)
    lost, changes = lost_updates(url, base / "check")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(
        f"{clients} clients for {seconds:.0f} s on {EDITED} measures: {saves} saves, "
        f"{sum(r['conflicts'] for r in found)} conflicts detected, "
        f"{sum(r['imports'] for r in found)} returns imported in between"
    )
    print(f"lost updates: {lost} (audit trail: {changes} changes of the comment)")
    print(
        f"save latency: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"95th percentile {p95 * 1000:.1f} ms"
    )


def import_both(url: str, base: Path, departments: int, measures: int) -> None:
    folder, inbox = prepare(base, departments, measures)
    with open_register(resolve(folder), readonly=True) as register:
        copy_to_server(register.engine, url)
    timings = {}
    for name, database in (("SQLite file", None), ("PostgreSQL", url)):
        with (
            open_register(resolve(folder, database=database)) as register,
            register.session() as session,
        ):
            start = time.perf_counter()
            outcomes = secretariat.import_returns(session, SECRETARIAT, [inbox])
            timings[name] = time.perf_counter() - start
        answers = sum(o.answers for o in outcomes if o.state == "imported")
        print(
            f"round import {departments} × {measures} ({answers} answers) into {name}: "
            f"{timings[name]:.2f} s"
        )
    print(json.dumps({k: round(v, 2) for k, v in timings.items()}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--url", help="an existing server's empty databases: …/DB1 and …/DB2")
    args = parser.parse_args(argv)
    cluster = None
    if args.url:
        urls = [args.url.replace("{n}", "1"), args.url.replace("{n}", "2")]
    else:
        from tests.support.postgres import TemporaryCluster, find_bindir

        bindir = find_bindir()
        if bindir is None:
            parser.error("PostgreSQL is not installed; give --url")
        cluster = TemporaryCluster(bindir).start()
        urls = [cluster.new_database(), cluster.new_database()]
    try:
        with tempfile.TemporaryDirectory() as temporary:
            base = Path(temporary)
            folder, inbox = prepare(base / "edits", 4, 25)
            with open_register(resolve(folder), readonly=True) as register:
                copy_to_server(register.engine, urls[0])
            concurrency(urls[0], base / "edits", inbox, args.clients, args.seconds)
            import_both(urls[1], base / "import", 20, 100)
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
