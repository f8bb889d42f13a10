"""A register with a history for the overview: the demo register with two closed rounds (the
progress of instrument I raised between them) and an open one that SK has answered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.models import Instrument, Measure
from app.rounds import secretariat
from tests.support.rounds_kit import SECRETARIAT, session_of, start_round

CLOSED = ("Herbst 2025", "Frühjahr 2026")
OPEN = "Herbst 2026"


def raise_progress(folder: Path, numeral: str, by: int) -> None:
    """Raise the progress of the measures of instrument ``numeral`` that have one."""
    with session_of(folder) as session:
        for measure in session.scalars(
            select(Measure).join(Instrument).where(Instrument.numeral == numeral)
        ):
            if measure.progress is not None:
                measure.progress = min(measure.progress + by, 100)
        session.commit()


def register_with_rounds(demo_dir: Path, root: Path) -> Path:
    """The secretariat's data folder of that register."""
    folder = root / "secretariat"
    for number, name in enumerate(CLOSED):
        start_round(demo_dir, root, name=name, open_packages=False)
        with session_of(folder) as session:
            secretariat.close_round(session, SECRETARIAT, name)
        raise_progress(folder, "I", 10 * (number + 1))
    cycle = start_round(demo_dir, root, name=OPEN, departments=("SK", "SMWK"))
    cycle.import_(cycle.answer("SK", {code: {} for code in cycle.codes("SK")}))
    return folder


DAY = dt.date(2026, 12, 4)
