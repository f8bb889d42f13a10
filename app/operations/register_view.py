"""The register as rows for browsing, loaded in a few plain queries (the rows, the filter and
the vocabularies themselves are in :mod:`app.operations.register_rows`, without SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Partner,
    Section,
)
from app.operations.queries import restricted
from app.operations.register_rows import (
    COLUMNS,
    FIRST_ROWS,
    Filter,
    Links,
    MeasureRow,
    Named,
    Vocabulary,
    fold,
    matching,
    measure_rows,
    narrowed,
    narrows,
    with_words,
)

__all__ = [  # the rows themselves are kept in register_rows (no SQLAlchemy there)
    "FIRST_ROWS",
    "Filter",
    "MeasureRow",
    "Named",
    "Vocabulary",
    "chosen_ids",
    "fold",
    "load_rows",
    "load_start",
    "load_vocabulary",
    "matching",
    "narrowed",
    "narrows",
    "with_words",
]


def chosen_ids(
    session: Session, codes: Collection[str] | None, first: int | None
) -> list[int] | None:
    """The ids of the measures ``codes``, or of the ``first`` in register order (``None``:
    all measures)."""
    if codes is not None:
        return list(session.scalars(select(Measure.id).where(Measure.code.in_(list(codes)))))
    if first is not None:
        order = (Measure.position, Measure.id)
        return list(session.scalars(select(Measure.id).order_by(*order).limit(first)))
    return None


def load_rows(
    session: Session, codes: Collection[str] | None = None, *, first: int | None = None
) -> list[MeasureRow]:
    """All measures (or those of ``codes``, or the ``first`` in register order: a screenful to
    show before the rest is read), register order, with their links, in a few plain queries."""
    ids = chosen_ids(session, codes, first)
    instruments = dict(session.execute(select(Instrument.id, Instrument.numeral)).all())
    sections = dict(session.execute(select(Section.id, Section.code)).all())
    departments = dict(session.execute(select(Department.id, Department.code)).all())
    goals = dict(session.execute(select(Goal.id, Goal.number)).all())
    partners = dict(session.execute(select(Partner.id, Partner.code)).all())
    links = Links(instruments, sections)
    for measure_id, department_id, role in session.execute(
        restricted(
            select(
                MeasureDepartment.measure_id,
                MeasureDepartment.department_id,
                MeasureDepartment.role,
            ),
            MeasureDepartment.measure_id,
            ids,
        )
    ):
        code = departments[department_id]
        links.departments[measure_id].add(code)
        if role == DepartmentRole.LEAD:
            links.lead[measure_id] = code
    for measure_id, goal_id in session.execute(
        restricted(select(MeasureGoal.measure_id, MeasureGoal.goal_id), MeasureGoal.measure_id, ids)
    ):
        links.goals[measure_id].add(goals[goal_id])
    for measure_id, partner_id in session.execute(
        restricted(
            select(MeasurePartner.measure_id, MeasurePartner.partner_id),
            MeasurePartner.measure_id,
            ids,
        )
    ):
        links.partners[measure_id].add(partners[partner_id])
    table = Measure.__table__.c  # the table's columns: plain rows, not the ORM's (a quarter less)
    statement = select(*(table[name] for name in COLUMNS))
    return measure_rows(
        session.execute(restricted(statement, table.id, ids).order_by(table.position, table.id)),
        links,
    )


def load_start(session: Session, first: bool) -> tuple[list[MeasureRow], Vocabulary, bool]:
    """What the register view shows: its rows (only the first :data:`FIRST_ROWS` if ``first``,
    the window's start: a screenful painted at once, the rest read after it), the vocabulary,
    and whether rows are still to be read."""
    rows = load_rows(session, first=FIRST_ROWS if first else None)
    return rows, load_vocabulary(session), first and len(rows) == FIRST_ROWS


def load_vocabulary(session: Session) -> Vocabulary:
    """The lists the filters and the editor offer, with their names in every language."""
    numerals = dict(session.execute(select(Instrument.id, Instrument.numeral)).all())
    return Vocabulary(
        instruments=[
            Named(i.numeral, i.title_de, i.title_pl, i.title_cs)
            for i in session.scalars(select(Instrument).order_by(Instrument.position))
        ],
        sections=[
            Named(s.code, s.title_de, s.title_pl, s.title_cs, parent=numerals[s.instrument_id])
            for s in session.scalars(select(Section).order_by(Section.position))
        ],
        departments=[
            Named(d.code, d.name_de, d.name_pl, d.name_cs, retired=d.retired)
            for d in session.scalars(select(Department).order_by(Department.position))
        ],
        goals=[
            Named(str(g.number), g.text_de, g.text_pl, g.text_cs)
            for g in session.scalars(select(Goal).order_by(Goal.number))
        ],
        partners=[
            Named(p.code, p.name_de, p.name_pl, p.name_cs)
            for p in session.scalars(select(Partner).order_by(Partner.name_de))
        ],
    )
