"""The register at a glance, as the window's overview page shows it (no Qt): the current
round's completeness per department, the measures' status and traffic lights per instrument
and per department, the measures overdue or at risk, and the progress per instrument across
the closed rounds (read from their snapshots).

Everything is counted by a few grouped queries, so that it stays fast with many measures; every
group carries the codes of its measures, for the window to show exactly those in the register.
Archived measures are not counted (the register hides them, too)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app import overview_cache
from app.models import (
    Department,
    DepartmentRole,
    Instrument,
    Measure,
    MeasureDepartment,
    Round,
    RoundSnapshot,
    RoundStatus,
    Status,
)
from app.overview_data import (
    AT_RISK,
    AT_RISK_DAYS,
    FINISHED,
    LIGHTS,
    NO_LIGHT,
    OVERDUE,
    STATUSES,
    CurrentRound,
    DepartmentReturns,
    DueMeasure,
    Group,
    Names,
    Overview,
    TrendPoint,
    names_in,
)
from app.reports.request import ReportKind
from app.storage.fileformat import change_stamp

__all__ = [
    "AT_RISK",
    "AT_RISK_DAYS",
    "LIGHTS",
    "NO_LIGHT",
    "OVERDUE",
    "Overview",
    "counted",
    "mean_progress",
    "names_in",
    "overview",
]

# -- the register now ---------------------------------------------------------------------------
_Row = tuple[int, str, str, str, str | None, int | None, dt.date | None]


def _measure_rows(session: Session) -> list[_Row]:
    """(id, code, instrument, status, light, progress, end) of every measure not archived."""
    statement = (
        select(
            Measure.id,
            Measure.code,
            Instrument.numeral,
            # the stored values as they are: no enum made for each of many rows
            type_coerce(Measure.status, String),
            type_coerce(Measure.traffic_light, String),
            Measure.progress,
            Measure.end_date,
        )
        .join(Instrument, Instrument.id == Measure.instrument_id)
        .where(Measure.archived.is_(False))
        .order_by(Measure.position, Measure.id)
    )
    # through the connection: plain rows, without the ORM's loading around them
    return [tuple(row) for row in session.connection().execute(statement)]  # type: ignore[misc]


def _groups(keys: list[tuple[str, Names]], members: dict[str, list[_Row]]) -> tuple[Group, ...]:
    result = []
    for key, names in keys:
        rows = members.get(key, [])
        by_status = dict.fromkeys(STATUSES, 0)
        codes: dict[str, set[str]] = {light: set() for light in LIGHTS}
        for row in rows:
            by_status[row[3]] += 1
            codes[row[4] or NO_LIGHT].add(row[1])
        result.append(
            Group(
                key=key,
                names=names,
                total=len(rows),
                by_status=by_status,
                by_light={light: len(codes[light]) for light in LIGHTS},
                light_codes={light: frozenset(codes[light]) for light in LIGHTS},
            )
        )
    return tuple(result)


def _instrument_names(session: Session) -> list[tuple[str, Names]]:
    return [
        (i.numeral, {"de": i.title_de, "pl": i.title_pl, "cs": i.title_cs})
        for i in session.scalars(select(Instrument).order_by(Instrument.position))
    ]


def _department_members(
    session: Session, rows: list[_Row]
) -> tuple[list[tuple[str, Names]], dict[str, list[_Row]], dict[int, str]]:
    """The departments (those with measures, and every one not retired), their measures (lead
    or participating) and each measure's lead."""
    by_id = {row[0]: row for row in rows}
    members: dict[str, list[_Row]] = defaultdict(list)
    leads: dict[int, str] = {}
    links = session.connection().execute(
        select(MeasureDepartment.measure_id, Department.code, MeasureDepartment.role).join(
            Department, Department.id == MeasureDepartment.department_id
        )
    )
    for measure_id, code, role in links:
        row = by_id.get(measure_id)
        if row is None:  # archived
            continue
        members[code].append(row)
        if role == DepartmentRole.LEAD:
            leads[measure_id] = code
    keys = [
        (d.code, {"de": d.name_de, "pl": d.name_pl, "cs": d.name_cs})
        for d in session.scalars(select(Department).order_by(Department.position, Department.code))
        if d.code in members or not d.retired
    ]
    return keys, members, leads


def _due(
    session: Session, rows: list[_Row], leads: dict[int, str], today: dt.date
) -> tuple[DueMeasure, ...]:
    horizon = today + dt.timedelta(days=AT_RISK_DAYS)
    finished = {status.value for status in FINISHED}
    due = [
        row for row in rows if row[6] is not None and row[6] <= horizon and row[3] not in finished
    ]
    titles = _titles(session, [row[0] for row in due])
    result = [
        DueMeasure(
            code=code,
            titles=titles[m_id],
            end_date=end,
            state=OVERDUE if end < today else AT_RISK,
            status=status,
            traffic_light=light,
            lead=leads.get(m_id),
        )
        for m_id, code, _numeral, status, light, _progress, end in due
        if end is not None
    ]
    return tuple(sorted(result, key=lambda m: (m.state != OVERDUE, m.end_date, m.code)))


def _titles(session: Session, ids: list[int]) -> dict[int, Names]:
    result: dict[int, Names] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on parameters
        chunk = ids[start : start + 500]
        for m_id, de, pl, cs in session.execute(
            select(Measure.id, Measure.title_de, Measure.title_pl, Measure.title_cs).where(
                Measure.id.in_(chunk)
            )
        ):
            result[m_id] = {"de": de, "pl": pl, "cs": cs}
    return result


def mean_progress(rows: list[_Row]) -> dict[str, int | None]:
    """Instrument → the mean progress (in %, rounded) of its measures that have a value, a
    completed measure counting as 100 %; dropped measures are left out."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row[3] == Status.DROPPED.value:
            continue
        value = 100 if row[3] == Status.COMPLETED.value else row[5]
        if value is not None:
            sums[row[2]][0] += value
            sums[row[2]][1] += 1
    return {key: round(total / count) for key, (total, count) in sums.items()}


# -- rounds -------------------------------------------------------------------------------------
def _current_round(session: Session, today: dt.date) -> CurrentRound | None:
    """The open measure round created last, else the measure round created last."""
    from app.rounds.kinds import reported_in  # the kinds' registry: not before it is needed
    from app.rounds.progress import progress

    candidates = list(
        session.scalars(
            select(Round)
            .where(Round.kind.in_(reported_in(ReportKind.CABINET.value)))
            .order_by(Round.created_at.desc(), Round.id.desc())
        )
    )
    if not candidates:
        return None
    chosen = next((r for r in candidates if r.status == RoundStatus.OPEN), candidates[0])
    state = progress(session, chosen.name, today=today)
    return CurrentRound(
        name=state.name,
        status=state.status,
        deadline=state.deadline,
        departments=tuple(
            DepartmentReturns(
                code=d.code,
                names=dict(d.names),
                state=d.state,
                expected=d.expected,
                returned=d.returned,
                missing_codes=tuple(d.missing_codes),
            )
            for d in state.departments
        ),
    )


_SNAPSHOT_PROGRESS: dict[str, dict[str, int | None]] = {}
"""A snapshot's progress per instrument by the snapshot's checksum: a snapshot never changes,
so it is unpacked once per program run."""


def _closed_rounds(session: Session) -> list[TrendPoint]:
    from app.rounds import snapshot
    from app.rounds.kinds import reported_in

    rounds = sorted(
        session.scalars(
            select(Round).where(
                Round.status == RoundStatus.CLOSED,
                Round.kind.in_(reported_in(ReportKind.CABINET.value)),
            )
        ),
        key=lambda r: (r.closed_at or "", r.id),
    )
    checksums: dict[int, str] = {
        int(round_id): str(sha256)
        for round_id, sha256 in session.execute(
            select(RoundSnapshot.round_id, RoundSnapshot.sha256)
        )
    }
    points = []
    for round_ in rounds:
        checksum = checksums.get(round_.id)
        if checksum is None:
            continue  # closed before snapshots were taken: nothing to compare
        if checksum not in _SNAPSHOT_PROGRESS:
            with snapshot.opened(session, round_) as frozen, frozen.session() as reader:
                _SNAPSHOT_PROGRESS[checksum] = mean_progress(_measure_rows(reader))
        closed = dt.date.fromisoformat(round_.closed_at[:10]) if round_.closed_at else None
        points.append(TrendPoint(round_.name, closed, _SNAPSHOT_PROGRESS[checksum]))
    return points


# -- all of it ----------------------------------------------------------------------------------
def counted(session: Session, register_file: Path | None) -> Overview:
    """The overview as :func:`overview` counts it; from a register file (``register_file``,
    ``None`` for one on a server) also kept for the next start's first screen
    (:mod:`app.overview_cache`) if nothing was committed while it was counted."""
    stamp = change_stamp(register_file) if register_file is not None else None
    data = overview(session)
    if register_file is not None:
        overview_cache.remember(register_file, stamp, data)
    return data


def overview(session: Session, *, today: dt.date | None = None) -> Overview:
    """The overview of the register as it is now (``today`` decides what is overdue)."""
    today = today or dt.date.today()
    rows = _measure_rows(session)
    instruments = _instrument_names(session)
    by_instrument: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_instrument[row[2]].append(row)
    departments, members, leads = _department_members(session, rows)
    trend = [*_closed_rounds(session), TrendPoint("", None, mean_progress(rows))]
    return Overview(
        today=today,
        measures=len(rows),
        round=_current_round(session, today),
        instruments=_groups(instruments, by_instrument),
        departments=_groups(departments, members),
        due=_due(session, rows, leads, today),
        trend=tuple(trend),
        instrument_names=dict(instruments),
    )
