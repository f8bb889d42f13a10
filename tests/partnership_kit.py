"""Helpers for the tests of partnership rounds: a round issued to some departments, their
assessments typed on their laptops and returned, all through the core functions."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from app.models import RoundKind
from app.rounds import secretariat, workspace
from tests.rounds_kit import DEPARTMENT, SECRETARIAT, Cycle, session_of

ROUND = "Partnerschaften 2026"
PARTNERSHIPS = ("RP-PL-DS", "RP-CZ")
CRITERIA = ("GOALS", "WORKING_GROUP", "SECTOR_RESULTS", "SECTORAL_POTENTIAL",
            "EFFORT_BENEFIT", "NETWORKS")  # fmt: skip


def partnership_round(
    register_file: Path,
    root: Path,
    *,
    departments: tuple[str, ...] = ("SMWK", "SMWA"),
    partnerships: tuple[str, ...] = PARTNERSHIPS,
) -> Cycle:
    """A partnership round in a copy of ``register_file`` (``root/secretariat``), issued, each
    package opened on its department's laptop."""
    folder = root / "secretariat"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(register_file, folder / "register.imag.sqlite")
    with session_of(folder) as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(
                name=ROUND,
                deadline=dt.date(2099, 6, 30),
                kind=RoundKind.PARTNERSHIPS,
                departments=departments,
                partnerships=partnerships,
            ),
        )
        issued = secretariat.issue(session, SECRETARIAT, ROUND, root / "outbox")
    cycle = Cycle(root, ROUND, {item.department: item.path for item in issued})
    for code, package in cycle.packages.items():
        laptop = root / f"laptop-{code}"
        with session_of(laptop) as session:
            workspace.open_package(session, DEPARTMENT, package)
        cycle.laptops[code] = laptop
    return cycle


def assess_and_return(cycle: Cycle, department: str, score: int, choice: str) -> Path:
    """``department`` gives every criterion of every partnership ``score`` and recommends
    ``choice``; its return is exported to ``root/inbox``."""
    with session_of(cycle.laptops[department]) as session:
        ws_round = workspace.find(session, cycle.name)
        for item in workspace.items(ws_round):
            workspace.assess(
                session,
                ws_round,
                item["code"],
                scores={c: (score, f"{department} zu {c}") for c in CRITERIA},
                recommendation=(choice, None),
            )
        target = cycle.root / "inbox" / workspace.default_file_name(ws_round)
        target.parent.mkdir(exist_ok=True)
        workspace.export_return(session, DEPARTMENT, ws_round, target)
    return target
