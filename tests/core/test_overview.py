"""The overview's numbers (app.overview) on the demo register: counted as the register holds
them, overdue by the end date, the trend per instrument from the closed rounds' snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from app.models import Measure, Status, TrafficLight
from app.overview import AT_RISK, LIGHTS, NO_LIGHT, OVERDUE, overview
from tests.support.overview_kit import CLOSED, DAY, OPEN, register_with_rounds
from tests.support.rounds_kit import session_of


class Plain(NamedTuple):
    code: str
    instrument: str
    status: Status
    traffic_light: TrafficLight | None
    end_date: dt.date | None
    lead: str | None
    departments: set[str]


def test_counts_match_the_register(demo_dir: Path) -> None:
    with session_of(demo_dir) as session:
        data = overview(session, today=DAY)
        measures = [
            Plain(
                m.code,
                m.instrument.numeral,
                m.status,
                m.traffic_light,
                m.end_date,
                m.lead_department.code if m.lead_department else None,
                {link.department.code for link in m.department_links},
            )
            for m in session.scalars(select(Measure).where(Measure.archived.is_(False)))
        ]
    lead = {m.code: m.lead for m in measures}
    assert data.measures == len(measures) == 66
    assert sum(g.total for g in data.instruments) == len(measures)
    for group in data.instruments:
        mine = [m for m in measures if m.instrument == group.key]
        assert group.total == len(mine)
        assert sum(group.by_status.values()) == sum(group.by_light.values()) == group.total
        for status in Status:
            assert group.by_status[status.value] == sum(1 for m in mine if m.status == status)
        for light in LIGHTS:
            codes = {
                m.code
                for m in mine
                if (m.traffic_light.value if m.traffic_light else NO_LIGHT) == light
            }
            assert group.light_codes[light] == codes
    sk = next(g for g in data.departments if g.key == "SK")
    involved = [m for m in measures if "SK" in m.departments]
    assert sk.total == len(involved)
    assert sk.by_light["red"] == sum(1 for m in involved if m.traffic_light == TrafficLight.RED)

    # overdue: the end date passed and not completed or dropped; ending soon: within 90 days
    open_ = [m for m in measures if m.status not in (Status.COMPLETED, Status.DROPPED)]
    overdue = {m.code for m in open_ if m.end_date and m.end_date < DAY}
    soon = {
        m.code for m in open_ if m.end_date and DAY <= m.end_date <= DAY + dt.timedelta(days=90)
    }
    assert data.due_codes(OVERDUE) == overdue == {"III.C.05", "VII.01", "IV.01"}
    assert data.due_codes(AT_RISK) == soon == {"III.C.03"}
    assert [m.code for m in data.due] == ["III.C.05", "VII.01", "IV.01", "III.C.03"]
    assert all(m.lead == lead[m.code] for m in data.due)
    # no round yet: no returns, and the trend is today alone
    assert data.round is None
    assert [p.closed_on for p in data.trend] == [None]


def test_round_completeness_and_trend_from_the_snapshots(demo_dir: Path, tmp_path: Path) -> None:
    folder = register_with_rounds(demo_dir, tmp_path)
    with session_of(folder) as session:
        data = overview(session, today=DAY)
    current = data.round
    assert current is not None
    assert (current.name, current.status) == (OPEN, "open")
    by_code = {d.code: d for d in current.departments}
    assert by_code["SK"].state == "complete"
    assert by_code["SK"].returned == by_code["SK"].expected
    assert by_code["SMWK"].state == "missing"
    assert by_code["SMWK"].returned == 0
    assert len(by_code["SMWK"].missing_codes) == by_code["SMWK"].expected > 0
    # instrument I was raised by 10, then by 20 points after the rounds were closed
    assert [p.label for p in data.trend] == [*CLOSED, ""]
    first = [p.progress["I"] or 0 for p in data.trend]
    assert 0 < first[0] < first[1] < first[2]
    assert len({p.progress["II"] for p in data.trend}) == 1  # unchanged
    with session_of(demo_dir) as session:
        assert overview(session, today=DAY).trend[0].progress == data.trend[0].progress
