"""The operations the fault-injection loop interrupts, each run in a forked child process on a
data folder prepared by :mod:`tests.faults.world`, and what a register may look like after one.

Every operation goes through the same code as the user does: the ``imag`` command line
(``app.cli.main.main``) for import, issue, close, restore, backup and demo creation, and for the
window's edit the core operation the window calls (``update_measure`` with the editor's revision,
as :mod:`app.ui.main_window` does it on the DbWorker).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.rounds_kit import table_dump

REGISTER = "register.imag.sqlite"
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HEX = re.compile(r"\b[0-9a-f]{32,}\b")


def cli(*args: object) -> int:
    from app.cli.main import main

    return main([str(arg) for arg in args])


def edit_measure(data_dir: Path) -> int:
    """What the window does when the editor's changes are saved."""
    from app.operations.context import Actor
    from app.operations.measures import measure_input, update_measure
    from app.paths import resolve
    from app.storage.register import open_register

    with open_register(resolve(data_dir), actor="Fenster") as register:
        with register.session() as session:
            values, revision = measure_input(session, "I.01")
        changed = dataclasses.replace(
            values, progress=77, comment="Geändert im Fenster", next_steps="Abstimmung"
        )
        with register.session() as session:
            update_measure(session, Actor("Fenster", "app"), "I.01", changed, revision=revision)
    return 0


@dataclass
class Operation:
    """One operation: ``run`` in the child (given the trial's folder, returns an exit code);
    ``folder``: the data folder the operation changes, relative to the trial's root."""

    name: str
    run: Callable[[Path], int]
    folder: str = "secretariat"
    single_transaction: bool = True  # power-loss simulation needs one transaction per run
    stages: list[Callable[[Path], int]] | None = None
    """Run one after the other, the states after each are those ``run`` may leave (an import of
    several returns takes each whole or not at all); by default ``run`` is the one stage."""


def operations(world: dict[str, Any]) -> list[Operation]:
    returns = world["returns"]
    return [
        Operation(
            "import",
            lambda root: cli("--data-dir", root / "secretariat", "round", "import", *returns),
            single_transaction=False,
            stages=[_import(path) for path in returns],
        ),
        Operation(
            "import-one",
            lambda root: cli("--data-dir", root / "secretariat", "round", "import", returns[0]),
        ),
        Operation(
            "issue",
            lambda root: cli(
                "--data-dir",
                root / "secretariat",
                "round",
                "issue",
                "Entwurf",
                "--out",
                root / "outbox",
            ),
        ),
        Operation(
            "close",
            lambda root: cli("--data-dir", root / "secretariat", "round", "close", world["round"]),
        ),
        Operation(
            "restore",
            lambda root: cli(
                "--data-dir", root / "secretariat", "db", "restore", world["older"], "--yes"
            ),
            single_transaction=False,
        ),
        Operation(
            "backup",
            lambda root: cli("--data-dir", root / "secretariat", "db", "backup"),
            single_transaction=False,
        ),
        Operation(
            "demo-reset",
            lambda root: cli("--data-dir", root / "demo", "demo", "--reset"),
            folder="demo",
            single_transaction=False,
        ),
        Operation("edit", lambda root: edit_measure(root / "secretariat")),
    ]


def _import(path: str) -> Callable[[Path], int]:
    return lambda root: cli("--data-dir", root / "secretariat", "round", "import", path)


def masked(value: Any) -> Any:
    """A value with what differs from run to run (times, random identifiers, keys) masked."""
    if isinstance(value, bytes):
        return "<bytes>"
    if isinstance(value, str):
        value = ISO_TIME.sub("<time>", value)
        value = UUID.sub("<uuid>", value)
        return HEX.sub("<hex>", value)
    return value


def logical_dump(register: Path) -> tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...] | None:
    """Every row of every table (values masked, rows sorted), or ``None`` without a register."""
    if not register.exists():
        return None
    return tuple(
        (table, tuple(sorted((tuple(masked(v) for v in row) for row in rows), key=repr)))
        for table, rows in table_dump(register.parent).items()
    )


def leftovers(folder: Path) -> list[str]:
    """Files in a data folder that a finished start should not find: a journal SQLite would
    still play back, temporary files of the program."""
    from app.storage.recovery import pending

    found = [REGISTER + "-journal"] if pending(folder / REGISTER) else []
    for path in [*folder.glob(".*"), *folder.glob("backups/.*")]:
        found.append(str(path.relative_to(folder)))
    return sorted(found)
