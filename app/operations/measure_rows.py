"""Measures as they are stored, read in a few plain queries (fast for tens of thousands): each
as the :class:`~app.operations.measures.MeasureInput` the editor would see (not normalized:
what is stored, with its lists sorted as the audit trail shows them), with its id, revision
and the ids its links and items have.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Partner,
    Section,
)
from app.operations.measure_details import DETAIL_SCALARS
from app.operations.measure_normal import built
from app.operations.measures import SCALAR_FIELDS, IndicatorInput, MeasureInput, MilestoneInput

_ENUMS = ("state_pl", "state_cs", "status", "traffic_light")
_SCALARS = tuple(name for name in (*SCALAR_FIELDS, *DETAIL_SCALARS) if name not in _ENUMS)
"""The columns read as they are (the enums' are turned into their members)."""
_CHUNK = 500
"""Ids per ``IN (…)`` when only some measures are read."""
_MANY = 2000
"""When more measures than this are read, all are read and the others left out (faster)."""


@dataclass
class Stored:
    """A measure as stored: ``data`` as the editor sees it; ``departments`` maps the linked
    departments' ids to their roles; ``positions`` the ids of its indicators and milestones
    (``"indicators"``, ``"milestones"``) to their positions."""

    id: int
    revision: int
    archived: bool
    data: MeasureInput
    departments: dict[int, str] = field(default_factory=dict)
    goals: set[int] = field(default_factory=set)
    partners: set[int] = field(default_factory=set)
    positions: dict[str, dict[int, int]] = field(default_factory=dict)


def revisions_of(session: Session, codes: Collection[str]) -> dict[str, int]:
    """The current revision of each measure of ``codes`` that exists (one cheap query; all
    revisions are read when there are many codes, then the others left out)."""
    wanted = set(codes)
    query = select(Measure.code, Measure.revision)
    if len(wanted) <= _CHUNK:
        query = query.where(Measure.code.in_(wanted))
    return {code: revision for code, revision in session.execute(query) if code in wanted}


def _measures_query() -> Any:
    """The measures' columns: the scalars of :data:`_SCALARS`, then id, code, position,
    revision, archived, the enums, the instrument's numeral, the section's and successor's
    codes."""
    m = Measure.__table__.c
    instrument, section = Instrument.__table__.c, Section.__table__.c
    successor_table = Measure.__table__.alias("successor")
    successor = successor_table.c
    return (
        select(
            *(m[name] for name in _SCALARS),
            m.id,
            m.code,
            m.position,
            m.revision,
            m.archived,
            m.status,
            m.traffic_light,
            m.state_pl,
            m.state_cs,
            instrument.numeral,
            section.code.label("section_code"),
            successor.code.label("successor_code"),
        )
        .select_from(Measure.__table__)
        .join(Instrument.__table__, instrument.id == m.instrument_id)
        .outerjoin(Section.__table__, section.id == m.section_id)
        .outerjoin(successor_table, successor.id == m.successor_id)
    )


def stored_measures(session: Session, codes: Collection[str] | None = None) -> dict[str, Stored]:
    """The measures of ``codes`` (all when ``None``) by code, in register order; codes that
    name no measure are left out."""
    m = Measure.__table__.c
    query = _measures_query()
    count = len(_SCALARS)
    rows = _rows(session, query, m.code, None if codes is None else set(codes), at=count + 1)
    rows.sort(key=itemgetter(count + 2, count))  # position, id
    ids = None if codes is None else {row[count] for row in rows}
    links = _links(session, ids)
    lead_of, participating_of, goals_of, partners_of = (
        links[name] for name in ("lead", "participating", "goals", "partners")
    )
    indicators_of, milestones_of = links["indicators"], links["milestones"]
    lead_role, participating_role = DepartmentRole.LEAD.value, DepartmentRole.PARTICIPATING.value
    no_pairs: tuple[tuple[int, Any], ...] = ()
    result: dict[str, Stored] = {}
    for row in rows:  # tuples in the query's order (a mapping per row costs a look-up a value)
        (
            measure_id,
            code,
            _position,
            revision,
            archived,
            status,
            traffic_light,
            state_pl,
            state_cs,
            numeral,
            section_code,
            successor_code,
        ) = row[count:]
        lead = lead_of.get(measure_id)
        participating = participating_of.get(measure_id, no_pairs)
        goals = goals_of.get(measure_id, no_pairs)
        partners = partners_of.get(measure_id, no_pairs)
        indicators = indicators_of.get(measure_id, no_pairs)
        milestones = milestones_of.get(measure_id, no_pairs)
        values = dict(zip(_SCALARS, row, strict=False))
        values.update(
            instrument=numeral,
            section=section_code,
            successor=successor_code,
            status=status,  # the enum columns give their members
            traffic_light=traffic_light,
            state_pl=state_pl,
            state_cs=state_cs,
            lead_department=lead[1] if lead else None,
            participating=_sorted(participating),
            goals=_sorted(goals),
            partners=_sorted(partners),
            indicators=tuple([item for _pos, item in indicators]) if indicators else (),
            milestones=tuple([item for _pos, item in milestones]) if milestones else (),
        )
        data = built(MeasureInput, values)
        departments = (
            dict.fromkeys([id_ for id_, _code in participating], participating_role)
            if participating
            else {}
        )
        if lead:
            departments[lead[0]] = lead_role
        result[code] = Stored(
            measure_id,
            revision,
            bool(archived),
            data,
            departments,
            {id_ for id_, _number in goals},
            {id_ for id_, _code in partners} if partners else set(),
            {
                "indicators": {item.id: pos for pos, item in indicators} if indicators else {},
                "milestones": {item.id: pos for pos, item in milestones} if milestones else {},
            },
        )
    return result


def _sorted(pairs: Sequence[tuple[int, Any]]) -> tuple[Any, ...]:
    """The codes (or numbers) of (id, code) pairs, sorted."""
    return tuple(sorted([code for _id, code in pairs])) if pairs else ()


def _rows(
    session: Session, query: Any, column: Any, keys: set[Any] | None, *, at: int | None = None
) -> list[Any]:
    """The rows of ``query``, all of them or those whose ``column`` is one of ``keys``: as
    mappings, or with ``at`` (``column``'s place in them) as tuples."""

    def fetched(statement: Any) -> Sequence[Any]:
        result = session.execute(statement)
        return result.mappings().all() if at is None else result.all()

    if keys is None:  # fetched at once (row by row costs a call each)
        return list(fetched(query))
    if len(keys) > _MANY:
        where = column.key if at is None else at
        return [row for row in fetched(query) if row[where] in keys]
    ordered = sorted(keys)
    rows: list[Any] = []
    for start in range(0, len(ordered), _CHUNK):
        rows += fetched(query.where(column.in_(ordered[start : start + _CHUNK])))
    return rows


def _links(session: Session, ids: set[int] | None) -> dict[str, dict[int, Any]]:
    """By measure id: ``lead`` (id, code), ``participating``, ``goals`` and ``partners`` as
    (id, code or number) pairs, ``indicators`` and ``milestones`` as (position, input) pairs."""
    links: dict[str, dict[int, Any]] = {
        name: defaultdict(list)
        for name in ("participating", "goals", "partners", "indicators", "milestones")
    }
    links["lead"] = {}
    link, department = MeasureDepartment.__table__.c, Department.__table__.c
    query: Any = select(link.measure_id, department.id, department.code, link.role).join(
        Department.__table__, department.id == link.department_id
    )
    for row in _rows(session, query, link.measure_id, ids):
        pair = (row["id"], row["code"])
        if row["role"] == DepartmentRole.LEAD.value:
            links["lead"][row["measure_id"]] = pair
        else:
            links["participating"][row["measure_id"]].append(pair)
    goal_link, goal = MeasureGoal.__table__.c, Goal.__table__.c
    query = select(goal_link.measure_id, goal.id, goal.number).join(
        Goal.__table__, goal.id == goal_link.goal_id
    )
    for row in _rows(session, query, goal_link.measure_id, ids):
        links["goals"][row["measure_id"]].append((row["id"], row["number"]))
    partner_link, partner = MeasurePartner.__table__.c, Partner.__table__.c
    query = select(partner_link.measure_id, partner.id, partner.code).join(
        Partner.__table__, partner.id == partner_link.partner_id
    )
    for row in _rows(session, query, partner_link.measure_id, ids):
        links["partners"][row["measure_id"]].append((row["id"], row["code"]))
    _items(session, ids, links)
    return links


def _items(session: Session, ids: set[int] | None, links: dict[str, dict[int, Any]]) -> None:
    """Indicators and milestones (their inputs have the fields their tables have)."""
    for which, model, make in (
        ("indicators", Indicator, IndicatorInput),
        ("milestones", Milestone, MilestoneInput),
    ):
        table = model.__table__
        names = [item.name for item in fields(make)]
        for row in sorted(
            _rows(session, select(table), table.c.measure_id, ids),
            key=lambda row: (row["measure_id"], row["position"], row["id"]),
        ):
            item = make(*(row[name] for name in names))
            links[which][row["measure_id"]].append((row["position"], item))
