"""Who assesses what in a partnership round (no Qt): the partnerships in its scope, the
departments working with each, the rule that pairs them, and the criteria frozen with the round.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import (
    Department,
    Measure,
    MeasureDepartment,
    MeasurePartner,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Round,
    RoundCriteria,
    RoundPartnership,
)
from app.partnerships import criteria
from app.rounds import departments as asked_departments

DEFAULT_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.DORMANT)
COORDINATOR = "SK"  # the State Chancellery coordinates the regional partnerships
P = TypeVar("P")
D = TypeVar("D")


# -- scope ------------------------------------------------------------------------------------


def working_departments(session: Session) -> dict[int, list[Department]]:
    """Per partnership id: the departments working with it (leading or taking part in a measure
    with its partner, or having signed it), in the register's order."""
    found: dict[int, dict[int, Department]] = {}
    partnerships = list(session.scalars(select(Partnership)))
    by_partner: dict[int, list[Partnership]] = {}
    for partnership in partnerships:
        by_partner.setdefault(partnership.partner_id, []).append(partnership)
        found[partnership.id] = {}
        if partnership.signatory is not None and not partnership.signatory.retired:
            found[partnership.id][partnership.signatory.id] = partnership.signatory
    rows = session.execute(
        select(MeasurePartner.partner_id, Department)
        .join(Measure, Measure.id == MeasurePartner.measure_id)
        .join(MeasureDepartment, MeasureDepartment.measure_id == Measure.id)
        .join(Department, Department.id == MeasureDepartment.department_id)
        .where(Measure.archived.is_(False), Department.retired.is_(False))
    )
    for partner_id, department in rows:
        for partnership in by_partner.get(partner_id, []):
            found[partnership.id][department.id] = department
    return {
        key: sorted(value.values(), key=lambda d: (d.position, d.code))
        for key, value in found.items()
    }


def _partnerships(session: Session, codes: tuple[str, ...]) -> list[Partnership]:
    statement = select(Partnership).options(selectinload(Partnership.partner))
    if codes:
        wanted = [code.strip().upper() for code in codes if code.strip()]
        found = {p.code.upper(): p for p in session.scalars(statement)}
        missing = [code for code in wanted if code not in found]
        if missing:
            raise InvalidInput(
                Message(
                    N_("There is no partnership {code}; see imag partnerships list."),
                    code=", ".join(missing),
                )
            )
        return [found[code] for code in dict.fromkeys(wanted)]
    return [
        p
        for p in session.scalars(statement.order_by(Partnership.id))
        if p.kind == PartnershipKind.REGIONAL and p.status in DEFAULT_STATUSES
    ]


def assign(
    chosen: list[P], working: dict[P, list[D]], wanted: list[D], coordinator: D | None
) -> list[tuple[P, D]]:
    """Who assesses which of the ``chosen`` partnerships (the rule :func:`set_up` applies):
    without ``wanted`` departments, those ``working`` with each (the ``coordinator`` where
    nobody does); with them, each wanted department assesses those it works with, and a
    partnership none of them works with, or a wanted department working with none of the
    chosen, is paired with all: nobody named is left out."""
    pairs: list[tuple[P, D]] = []
    idle = [d for d in wanted if not any(d in working.get(p, []) for p in chosen)]
    for partnership in chosen:
        asked = working.get(partnership, [])
        if wanted:
            here = [d for d in wanted if d in asked]
            asked = [d for d in wanted if d in here or d in idle] if here else list(wanted)
        elif not asked and coordinator is not None:
            asked = [coordinator]
        pairs.extend((partnership, department) for department in asked)
    return pairs


@dataclass(frozen=True)
class ScopeChoice:
    """A partnership as the new-round dialog offers it."""

    code: str
    names: dict[str, str | None]  # name_de, name_pl, name_cs of the partner
    kind: str
    status: str
    default: bool  # in a round's scope unless chosen otherwise
    departments: tuple[str, ...]  # the codes of the departments working with it


def scope_choices(session: Session) -> list[ScopeChoice]:
    """Every partnership with the departments working with it, for choosing a round's scope."""
    working = working_departments(session)
    return [
        ScopeChoice(
            code=p.code,
            names=partner_names(p),
            kind=p.kind.value,
            status=p.status.value,
            default=p.kind == PartnershipKind.REGIONAL and p.status in DEFAULT_STATUSES,
            departments=tuple(d.code for d in working.get(p.id, [])),
        )
        for p in session.scalars(
            select(Partnership).options(selectinload(Partnership.partner)).order_by(Partnership.id)
        )
    ]


def set_up(
    session: Session,
    round_: Round,
    *,
    criteria_set: str | None,
    partnerships: tuple[str, ...],
    departments: tuple[str, ...],
) -> list[Department]:
    """Freeze the criteria with ``round_`` and decide who assesses what; returns the round's
    departments.

    Without ``departments``, each partnership goes to the departments working with it (a
    measure with its partner, or its signatory), one nobody works with to the coordinator.
    With ``departments``, each named department assesses the partnerships it works with; a
    partnership none of them works with goes to all of them, and so does every partnership
    for a named department that works with none of them: nobody named is left out."""
    chosen_set = criteria.find_set(session, criteria_set)
    session.add(
        RoundCriteria(
            round_id=round_.id,
            set_code=chosen_set.code,
            data=json.dumps(criteria.as_document(chosen_set), ensure_ascii=False),
        )
    )
    chosen = _partnerships(session, partnerships)
    if not chosen:
        raise InvalidInput(Message(N_("No partnership is in this round's scope.")))
    working = working_departments(session)
    wanted = asked_departments.resolve(session, departments) if departments else []
    coordinator = session.scalar(select(Department).where(Department.code == COORDINATOR))
    by_id = {d.id: d for ds in working.values() for d in ds}
    by_id.update({d.id: d for d in wanted})
    if coordinator is not None:
        by_id[coordinator.id] = coordinator
    chosen_by_id = {p.id: p for p in chosen}
    pairs = [
        (chosen_by_id[p], by_id[d])
        for p, d in assign(
            [p.id for p in chosen],
            {p.id: [d.id for d in working.get(p.id, [])] for p in chosen},
            [d.id for d in wanted],
            coordinator.id if coordinator is not None else None,
        )
    ]
    session.add_all(
        RoundPartnership(round_id=round_.id, partnership_id=p.id, department_id=d.id)
        for p, d in pairs
    )
    seen: dict[int, Department] = {}
    for _partnership, department in pairs:
        seen.setdefault(department.id, department)
    if wanted:
        return [d for d in wanted if d.id in seen]
    return sorted(seen.values(), key=lambda d: (d.position, d.code))


def round_criteria(session: Session, round_: Round) -> dict[str, Any]:
    """The criteria document frozen with the round."""
    row = session.get(RoundCriteria, round_.id)
    if row is None:
        raise NotFound(
            Message(N_("The round “{name}” is not a partnership round."), name=round_.name)
        )
    return dict(json.loads(row.data))


def scope(session: Session, round_: Round) -> list[tuple[Partnership, Department]]:
    rows = session.execute(
        select(Partnership, Department)
        .join(RoundPartnership, RoundPartnership.partnership_id == Partnership.id)
        .join(Department, Department.id == RoundPartnership.department_id)
        .where(RoundPartnership.round_id == round_.id)
        .order_by(Partnership.id, Department.position, Department.code)
    )
    return [(p, d) for p, d in rows]


def partner_names(partnership: Partnership) -> dict[str, str | None]:
    partner = partnership.partner
    return {f"name_{lang}": getattr(partner, f"name_{lang}") for lang in ("de", "pl", "cs")}
