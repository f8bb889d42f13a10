"""The fault-injection loop: real processes killed (SIGKILL) at seeded random moments during
the register's operations, each followed by a normal start; and power loss simulated by
dropping the last, not yet synced writes of the journal or of the register file.

Run ``python -m tests.faults.kill_loop --root DIR --seed N --kills K --power P``; it prints one
JSON line with the figures (``tests/faults/test_kill_loop.py`` runs it and checks them).

Each trial starts from the same prepared world (:func:`build_world`), forks a child that runs
one operation (:mod:`tests.faults.operations`) and kills it after a random delay within the
operation's measured duration. Then the start every command and the window make
(``start_up`` and ``open_register``) must open the register (0 refused), the register's
logical content must be one of the states the operation may leave (before, after, or, for an
import of several returns, after each whole return: 0 partial changes), no journal or temporary
file may be left (0 leftovers), and every backup in the backups folder must be a sound register.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.faults.operations import (
    REGISTER,
    Operation,
    leftovers,
    logical_dump,
    operations,
)

Dump = Any


def build_world(template: Path) -> dict[str, Any]:
    """A secretariat with an issued round (three returns waiting), a draft round, an older
    backup to restore, and a demo register; every trial starts from a copy of it."""
    from app.demo import create_demo
    from app.paths import resolve
    from app.rounds import secretariat
    from app.storage import backup
    from tests.support.rounds_kit import SECRETARIAT, session_of, start_round

    demo = template / "demo"
    create_demo(resolve(demo)).close()
    older = template / "older.imag.sqlite"
    backup.copy_database(demo / REGISTER, older)
    cycle = start_round(demo, template / "kit", name="Frühjahr 2026")
    returns = []
    for number, department in enumerate(("SK", "SMWK", "SMWA")):
        codes = cycle.codes(department)[:3]
        answers = {
            code: {"progress": 10 + 20 * number, "comment": f"Rückmeldung {code}"} for code in codes
        }
        returns.append(cycle.answer(department, answers))
    with session_of(cycle.secretariat_dir) as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(
                name="Entwurf", deadline=dt.date(2099, 1, 1), departments=("SK", "SMI")
            ),
        )
    shutil.move(cycle.secretariat_dir, template / "secretariat")
    backup.automatic_backup(resolve(template / "secretariat"), "daily")  # fresh: no daily one
    return {"returns": [str(path) for path in returns], "round": cycle.name, "older": str(older)}


def preload() -> None:
    """Import what the operations use once, so that a forked child spends its time on the
    operation itself (the moments of the kills fall into its work, not into imports)."""
    import app.cli.main
    import app.demo
    import app.operations.measures
    import app.rounds.secretariat
    import app.storage.restore

    app.cli.main.command_groups()


def fresh_trial(template: Path, trial: Path, op: Operation) -> Path:
    if trial.exists():
        shutil.rmtree(trial)
    trial.mkdir(parents=True)
    shutil.copytree(template / op.folder, trial / op.folder, symlinks=True)
    return trial / op.folder


def fork_run(run: Callable[[Path], int], trial: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child: the operation, its output discarded
        code = 99
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            code = run(trial)
        finally:
            os._exit(code)
    return pid


def reference_states(template: Path, trial: Path, op: Operation) -> tuple[list[Dump], float]:
    """The states ``op`` may leave, and how long it takes (run whole, not killed)."""
    folder = fresh_trial(template, trial, op)
    states = [logical_dump(folder / REGISTER)]
    started = time.monotonic()
    for stage in op.stages or [op.run]:
        _, status = os.waitpid(fork_run(stage, trial), 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{op.name} fails when not interrupted: {status}")
        states.append(logical_dump(folder / REGISTER))
    return states, time.monotonic() - started


def normal_start(folder: Path, counts: Counter[str], op: Operation, states: list[Dump]) -> None:
    """What the next start does, and the figures it must give."""
    from app.errors import UserError
    from app.paths import resolve
    from app.storage import backup
    from app.storage.fileformat import inspect
    from app.storage.recovery import start_up
    from app.storage.register import open_register

    paths = resolve(folder)
    if not paths.register_file.exists():
        counts["no register"] += 1
        return
    try:
        if start_up(paths) is not None:
            counts["rolled back"] += 1
        open_register(paths).close()
    except UserError as error:
        counts["refused"] += 1
        print(f"refused after {op.name}: {error}", file=sys.stderr)
        return
    found = logical_dump(paths.register_file)
    if found not in states:
        counts["partial"] += 1
        where = f"{op.name} ({counts['kills']} kills, {counts['power losses']} power losses)"
        print(f"partial change after {where}: {difference(found, states)}", file=sys.stderr)
    left = leftovers(folder)
    if left:
        counts["leftovers"] += 1
        print(f"leftovers after {op.name}: {left}", file=sys.stderr)
    for copy in backup.list_backups(paths):
        try:
            inspect(copy)
        except UserError:
            counts["bad backups"] += 1


def difference(found: Dump, states: list[Dump]) -> str:
    """The tables in which ``found`` differs from the nearest allowed state (for the log)."""
    if found is None:
        return "no register"
    best: list[str] = []
    for state in states:
        if state is None:
            continue
        tables = dict(state)
        differ = [
            f"{name}: found {sorted(set(rows) - set(tables.get(name, ())), key=repr)[:2]}, "
            f"expected {sorted(set(tables.get(name, ())) - set(rows), key=repr)[:2]}"
            for name, rows in found
            if tables.get(name) != rows
        ]
        if not best or len(differ) < len(best):
            best = differ
    return "; ".join(best)


def kill_trial(
    template: Path, trial: Path, op: Operation, moment: Moment, counts: Counter[str]
) -> None:
    folder = fresh_trial(template, trial, op)
    pid = fork_run(op.run, trial)
    moment.wait(pid, folder)
    os.kill(pid, signal.SIGKILL)  # a finished child is a zombie until waited for: no error
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        counts["kills"] += 1
        counts[f"kills {op.name}"] += 1
        counts["kills while writing"] += moment.writing
    else:
        counts["finished before the kill"] += 1
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            counts["failed"] += 1
            print(f"{op.name} failed with exit code {code}", file=sys.stderr)


class Moment:
    """When to strike: ``delay`` seconds after the start, or (``at_write``) that long after a
    commit began writing (a synced journal in the folder): the register's own pages are being
    written then."""

    def __init__(self, rng: random.Random, took: float, *, at_write: bool) -> None:
        self.at_write = at_write
        self.delay = rng.uniform(0.0, 0.002) if at_write else rng.uniform(0.0, took)
        self.limit = took * 3 + 1
        self.writing = False

    def wait(self, pid: int, folder: Path) -> None:
        if self.at_write:
            deadline = time.monotonic() + self.limit
            while time.monotonic() < deadline and not _journal_in(folder):
                finished = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                if finished is not None:  # done before it wrote: it is not reaped yet
                    break
                time.sleep(0.0002)
        time.sleep(self.delay)
        self.writing = _journal_in(folder)


def _journal_in(folder: Path) -> bool:
    """Whether a commit is under way: a journal that SQLite has synced (its header written; before
    that it starts with zeros and would not be played back)."""
    backups = folder / "backups"
    names = [folder / name for name in os.listdir(folder)]
    if backups.is_dir():
        names += [backups / name for name in os.listdir(backups)]
    for path in names:
        if path.name.endswith("-journal"):
            try:
                with path.open("rb") as fh:
                    if fh.read(1) not in (b"", b"\x00"):
                        return True
            except OSError:  # deleted meanwhile: the commit is over
                pass
    return False


def power_trial(
    *,
    template: Path,
    trial: Path,
    op: Operation,
    moment: Moment,
    rng: random.Random,
    counts: Counter[str],
) -> None:
    """Stop the child at a random moment, take the files as a disk would hold them after a
    power loss there (the writes since SQLite's last sync partly dropped), and start on them."""
    folder = fresh_trial(template, trial, op)
    before = (folder / REGISTER).read_bytes()
    journal = folder / (REGISTER + "-journal")
    pid = fork_run(op.run, trial)
    moment.wait(pid, folder)
    os.kill(pid, signal.SIGSTOP)
    database = (folder / REGISTER).read_bytes()
    journal_bytes = journal.read_bytes() if journal.exists() else None
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    database, journal_bytes = dropped_writes(before, database, journal_bytes, rng, counts)
    (folder / REGISTER).write_bytes(database)
    if journal_bytes is None:
        journal.unlink(missing_ok=True)
    else:
        journal.write_bytes(journal_bytes)
    counts["power losses"] += 1


def dropped_writes(
    before: bytes, database: bytes, journal: bytes | None, rng: random.Random, counts: Counter[str]
) -> tuple[bytes, bytes | None]:
    """With ``synchronous = FULL`` SQLite syncs the journal before it writes the register, and
    the register before it deletes the journal. So a power loss can drop the journal's unsynced
    tail while the register is untouched, or part of the register's writes (pages reverted,
    the file's growth cut off) once the journal is complete; never both."""
    if journal is None:  # no commit under way (or it was complete): nothing unsynced to drop
        counts["power lost outside a commit"] += 1
        return database, None
    # Where the register's own writes had begun, the power may as well have gone a moment
    # earlier, while the journal was still being written: on a fast disk (tmpfs) that window is
    # too short to hit by timing alone, so a third of these trials take the earlier moment.
    if database == before or rng.random() < 1 / 3:
        counts["journal tail dropped"] += 1
        database = before
        cut = rng.randrange(len(journal) + 1)
        tail = (
            bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
            if rng.random() < 0.5
            else b""
        )
        return database[:], journal[:cut] + tail
    counts["register writes dropped"] += 1
    page = int.from_bytes(before[16:18], "big") or 65536
    pages = [database[i : i + page] for i in range(0, len(database), page)]
    for index in range(min(len(pages), len(before) // page)):
        if rng.random() < 0.5:
            pages[index] = before[index * page : (index + 1) * page]
    grown = len(pages) - len(before) // page
    if grown > 0 and rng.random() < 0.5:
        pages = pages[: len(before) // page + rng.randrange(grown + 1)]
    return b"".join(pages), journal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--power", type=int, default=60)
    parser.add_argument("--only", help="only the operation of this name (to look closer)")
    parser.add_argument(
        "--rollbacks",
        type=int,
        default=20,
        help="kill on (up to four times --kills) until this many interrupted commits were rolled "
        "back: how many kills land in a commit depends on the machine's speed",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    preload()
    template = args.root / "template"
    world = build_world(template)
    ops = [op for op in operations(world) if args.only in (None, op.name)]
    trial = args.root / "trial"
    references = {op.name: reference_states(template, trial, op) for op in ops}
    timings = {name: round(took, 2) for name, (_states, took) in references.items()}
    print(f"durations: {timings}", file=sys.stderr)
    counts: Counter[str] = Counter()
    started = time.monotonic()
    attempts = 0
    while attempts < args.kills * 4 and (
        counts["kills"] < args.kills or counts["rolled back"] < args.rollbacks
    ):
        op = ops[attempts % len(ops)]
        attempts += 1
        states, took = references[op.name]
        moment = Moment(rng, took, at_write=rng.random() < 0.5)
        kill_trial(template, trial, op, moment, counts)
        normal_start(trial / op.folder, counts, op, states)
    single = [op for op in ops if op.single_transaction]
    number = 0
    # on (up to five times --power) until both kinds of dropped writes happened at least once
    while number < args.power or not (
        counts["journal tail dropped"] and counts["register writes dropped"]
    ):
        if number >= args.power * 5:
            break
        op = single[number % len(single)]
        number += 1
        states, took = references[op.name]
        moment = Moment(rng, took, at_write=True)
        if rng.random() < 0.5:  # at once when the journal appears: before the register's writes
            moment.delay = 0.0
        power_trial(template=template, trial=trial, op=op, moment=moment, rng=rng, counts=counts)
        normal_start(trial / op.folder, counts, op, states)
    counts["seconds"] = round(time.monotonic() - started)
    print(json.dumps(dict(sorted(counts.items())), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
