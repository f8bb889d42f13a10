"""Evaluation rounds as the reports see them: which round a report is about, how complete the
departments' returns are, and what changed since the previous closed round.

A closed round is reported from its frozen snapshot (:mod:`app.rounds.snapshot`), so these
functions take the session they should read, the live register's or the snapshot's. The
previous closed round's values always come from that round's own snapshot, which never changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_
from app.models import Round, RoundStatus
from app.reports.records import MeasureLike, load_records
from app.reports.request import ReportKind
from app.rounds import lookup
from app.rounds.kinds import reported_in
from app.rounds.labels import DEPARTMENT_STATE

STATE_LABELS = DEPARTMENT_STATE

COMPARED_FIELDS = {
    "status": N_("Status"),
    "status_reason": N_("Reason"),
    "traffic_light": N_("Traffic light"),
    "progress": N_("Progress"),
    "lead_department": N_("Lead department"),
    "start_date": N_("Start"),
    "end_date": N_("End"),
    "budget_reservation": N_("Budget reservation"),
    "comment": N_("Comment"),
    "next_steps": N_("Next steps"),
}
"""The values of a measure that the changes since the previous round compare, in this order."""

ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class DepartmentReturns:
    code: str
    names: dict[str, str | None]
    state: str  # a key of STATE_LABELS
    expected: int
    returned: int
    late: bool = False
    """Its first return came after the deadline."""
    returned_at: str | None = None
    """When it made its latest return (ISO 8601, UTC)."""
    missing: tuple[str, ...] = ()
    """The codes of the measures it was asked about and did not answer."""


@dataclass(frozen=True)
class Amendment:
    """A return that came after the round was closed, taken as an amendment (not in the
    round's figures)."""

    department: str
    version: int
    exported_at: str


@dataclass(frozen=True)
class ReturnsCompleteness:
    round_name: str
    departments_expected: int
    departments_returned: int
    measures_expected: int
    measures_returned: int
    departments: tuple[DepartmentReturns, ...] = ()
    amendments: tuple[Amendment, ...] = ()


def find_round(session: Session, name: str) -> Round:
    """The evaluation round called ``name`` (or with that uid); :class:`~app.errors.NotFound`
    with the names of the rounds there are otherwise."""
    return lookup.find_round(session, name)


def latest_round(session: Session) -> Round | None:
    """The latest round a cabinet report can be about (a partnership round has its own
    report)."""
    return session.scalar(
        select(Round)
        .where(Round.kind.in_(reported_in(ReportKind.CABINET.value)))
        .order_by(Round.created_at.desc(), Round.id.desc())
        .limit(1)
    )


def returns_completeness(
    session: Session, round_name: str | None = None, *, today: dt.date | None = None
) -> ReturnsCompleteness | None:
    """How complete the returns of ``round_name`` are (without a name: of the latest round);
    ``None`` when the register has no round. ``today`` decides which missing returns are
    overdue (a report passes its reporting date, so that it does not depend on the clock)."""
    from app.rounds import secretariat

    if round_name is None:
        latest = latest_round(session)
        if latest is None:
            return None
        round_name = latest.name
    progress = secretariat.progress(session, round_name, today=today)
    return ReturnsCompleteness(
        round_name=progress.name,
        departments_expected=len(progress.departments),
        departments_returned=progress.departments_returned,
        measures_expected=progress.measures_expected,
        measures_returned=progress.measures_returned,
        departments=tuple(
            DepartmentReturns(
                code=row.code,
                names=dict(row.names),
                state=row.state,
                expected=row.expected,
                returned=row.returned,
                late=row.late,
                returned_at=row.returned_at,
                missing=tuple(row.missing_codes),
            )
            for row in progress.departments
        ),
        amendments=tuple(
            Amendment(str(row["department"]), int(row["version"]), str(row["exported_at"]))
            for row in progress.amendments
        ),
    )


def of_department(completeness: ReturnsCompleteness, code: str) -> ReturnsCompleteness:
    """The returns of one department only (its row, its amendments)."""
    return replace(
        completeness,
        departments=tuple(row for row in completeness.departments if row.code == code),
        amendments=tuple(a for a in completeness.amendments if a.department == code),
    )


# -- changes since the previous closed round ---------------------------------------------------


def measure_state(measure: MeasureLike) -> dict[str, Any]:
    """The compared values of ``measure`` as plain data (kept after its session is gone)."""
    lead = measure.lead_department
    return {
        "titles": {"de": measure.title_de, "pl": measure.title_pl, "cs": measure.title_cs},
        "status": measure.status.value,
        "status_reason": measure.status_reason,
        "traffic_light": measure.traffic_light.value if measure.traffic_light else None,
        "progress": measure.progress,
        "lead_department": lead.code if lead else None,
        "start_date": measure.start_date.isoformat() if measure.start_date else None,
        "end_date": measure.end_date.isoformat() if measure.end_date else None,
        "budget_reservation": measure.budget_reservation,
        "comment": measure.comment,
        "next_steps": measure.next_steps,
    }


@dataclass(frozen=True)
class PreviousRound:
    name: str
    closed_on: dt.date
    measures: dict[str, dict[str, Any]]  # code → measure_state(), in the register's order


def closed_on(round_: Round) -> dt.date:
    assert round_.closed_at is not None
    return dt.date.fromisoformat(round_.closed_at[:10])


def previous_closed_round(session: Session, round_: Round | None) -> Round | None:
    """The closed measure round before ``round_`` if that is closed, else the latest closed
    measure round (a partnership round says nothing about the measures)."""

    def order(candidate: Round) -> tuple[str, int]:
        return (candidate.closed_at or "", candidate.id)

    closed = sorted(
        session.scalars(
            select(Round).where(
                Round.status == RoundStatus.CLOSED,
                Round.kind.in_(reported_in(ReportKind.CABINET.value)),
            )
        ),
        key=order,
    )
    if round_ is not None and round_.status == RoundStatus.CLOSED:
        closed = [candidate for candidate in closed if order(candidate) < order(round_)]
    return closed[-1] if closed else None


def previous_round(session: Session, round_: Round | None) -> PreviousRound | None:
    """The values of the measures when the previous closed round was closed (from its
    snapshot); ``None`` if there is no such round."""
    from app.rounds import snapshot

    previous = previous_closed_round(session, round_)
    if previous is None:
        return None
    with snapshot.opened(session, previous) as frozen, frozen.session() as reader:
        measures = {m.code: measure_state(m) for m in load_records(reader)}
    return PreviousRound(name=previous.name, closed_on=closed_on(previous), measures=measures)


@dataclass(frozen=True)
class Change:
    code: str
    titles: dict[str, str | None]
    field: str  # a key of COMPARED_FIELDS, or ADDED / REMOVED for a whole measure
    before: Any = None
    after: Any = None


def changes(before: dict[str, dict[str, Any]], measures: Sequence[MeasureLike]) -> list[Change]:
    """What differs between the values ``before`` and ``measures`` now: field by field, in the
    register's order, then the measures no longer reported."""
    result: list[Change] = []
    seen = set()
    for measure in measures:
        seen.add(measure.code)
        now = measure_state(measure)
        then = before.get(measure.code)
        if then is None:
            result.append(Change(measure.code, now["titles"], ADDED))
            continue
        for name in COMPARED_FIELDS:
            if then[name] != now[name]:
                result.append(Change(measure.code, now["titles"], name, then[name], now[name]))
    for code, then in before.items():
        if code not in seen:
            result.append(Change(code, then["titles"], REMOVED))
    return result


@dataclass(frozen=True)
class RoundInfo:
    """What a report says about the round it is about."""

    name: str
    status: str
    deadline: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    closed_on: dt.date | None

    @classmethod
    def of(cls, round_: Round) -> RoundInfo:
        return cls(
            name=round_.name,
            status=round_.status.value,
            deadline=round_.deadline,
            period_start=round_.period_start,
            period_end=round_.period_end,
            closed_on=closed_on(round_) if round_.status == RoundStatus.CLOSED else None,
        )
