"""A whole partnership round through the core functions, for the report tests: the secretariat
creates and issues it, each department scores every partnership it is asked about on its own
laptop and returns it, the secretariat imports the returns, concludes and (optionally) closes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.models import RoundKind
from app.partnerships import rounds as partnership_rounds
from app.rounds import secretariat, workspace
from tests.rounds_kit import DEPARTMENT, SECRETARIAT, Cycle, session_of, start_round

ROUND = "Partnerschaften 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")
CHOICES = ("continue", "sectoral", "rest", "end", "explore")


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


__all__ = ["partnership_cycle", "start_round"]
