"""Partnership rounds through the core functions, for the tests: a round issued to some
departments and opened on their laptops (``partnership_round``), one department's assessment
typed and returned (``assess_and_return``), and a whole round answered by three departments,
imported, concluded and (optionally) closed (``partnership_cycle``)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from app.models import RoundKind
from app.partnerships import rounds as partnership_rounds
from app.rounds import secretariat, workspace
from tests.support.rounds_kit import DEPARTMENT, SECRETARIAT, Cycle, session_of, start_round

ROUND = "Partnerschaften 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")
CHOICES = ("continue", "sectoral", "rest", "end", "explore")
PARTNERSHIPS = ("RP-PL-DS", "RP-CZ")
CRITERIA = ("GOALS", "WORKING_GROUP", "SECTOR_RESULTS", "SECTORAL_POTENTIAL",
            "EFFORT_BENEFIT", "NETWORKS")  # fmt: skip


def score_for(department_index: int, partnership_index: int, criterion_index: int) -> int:
    """A made-up but varied score on the 0–4 scale (departments disagree now and then)."""
    return (
        partnership_index * 3 + criterion_index * 2 + department_index * (criterion_index % 2)
    ) % 5


def partnership_cycle(
    demo_dir: Path, root: Path, *, close: bool = True, name: str = ROUND
) -> Cycle:
    """A partnership round answered by SK, SMWK and SMWA, with conclusions; closed if asked."""
    folder = root / "secretariat"
    if not folder.exists():
        folder.mkdir(parents=True)
        (folder / "register.imag.sqlite").write_bytes(
            (demo_dir / "register.imag.sqlite").read_bytes()
        )
    with session_of(folder) as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(
                name=name,
                deadline=dt.date(2099, 6, 30),
                departments=DEPARTMENTS,
                kind=RoundKind.PARTNERSHIPS,
            ),
        )
        issued = secretariat.issue(session, SECRETARIAT, name, root / "outbox")
    cycle = Cycle(root, name, {item.department: item.path for item in issued})
    all_codes: list[str] = []
    for department_index, (code, package) in enumerate(cycle.packages.items()):
        laptop = root / f"laptop-{code}"
        with session_of(laptop) as session:
            workspace.open_package(session, DEPARTMENT, package)
            ws_round = workspace.find(session, name)
            criteria = [c["code"] for c in workspace.criteria(ws_round)["criteria"]]
            for item in workspace.items(ws_round):
                if item["code"] not in all_codes:
                    all_codes.append(item["code"])
                index = all_codes.index(item["code"])
                scores: dict[str, tuple[int | None, str | None]] = {
                    criterion: (
                        score_for(department_index, index, criterion_index),
                        f"Anmerkung {code} zu {criterion}: Zusammenarbeit über Grenzen"
                        if criterion_index == 0
                        else None,
                    )
                    for criterion_index, criterion in enumerate(criteria)
                }
                choice = CHOICES[(index + department_index) % 3]
                workspace.assess(
                    session,
                    ws_round,
                    item["code"],
                    scores=scores,
                    recommendation=(choice, f"Empfehlung von {code}"),
                )
        cycle.laptops[code] = laptop
    for code in cycle.laptops:
        cycle.import_(cycle.answer(code, {}))
    with session_of(folder) as session:
        results = partnership_rounds.results(session, name)
        for index, result in enumerate(results.partnerships[:4]):
            partnership_rounds.conclude(
                session,
                SECRETARIAT,
                name,
                result.code,
                CHOICES[index % len(CHOICES)],
                text=f"Die IMAG empfiehlt für {result.code}: Schwerpunkt auf Wissenschaft",
            )
        if close:
            secretariat.close_round(session, SECRETARIAT, name)
    return cycle


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


__all__ = ["assess_and_return", "partnership_cycle", "partnership_round", "start_round"]
