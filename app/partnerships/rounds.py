"""Partnership rounds on the secretariat's side (no Qt): the scope (which department assesses
which partnership), the criteria frozen with the round, the items of each department's package,
the merge of returned assessments, the results and the working group's conclusions.

:mod:`app.rounds.secretariat` calls this module where the two kinds of round differ; creating,
issuing, importing (all or nothing, replay and version checks), completeness and closing stay
the same for both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from statistics import mean, pstdev
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import (
    Conflict,
    ConflictState,
    Department,
    ImportedReturn,
    IssuedItem,
    Measure,
    MeasureDepartment,
    MeasurePartner,
    Partnership,
    PartnershipAssessment,
    PartnershipConclusion,
    PartnershipKind,
    PartnershipStatus,
    Recommendation,
    Round,
    RoundCriteria,
    RoundKind,
    RoundPartnership,
    RoundStatus,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.partnerships import answers, criteria

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
    wanted: list[Department] = []
    if departments:
        codes = [code.strip().upper() for code in departments if code.strip()]
        by_code = {
            d.code: d for d in session.scalars(select(Department).where(Department.code.in_(codes)))
        }
        for code in codes:
            if code not in by_code:
                raise InvalidInput(
                    Message(N_("There is no department with the code {code}."), code=code)
                )
            if by_code[code].retired:
                raise InvalidInput(Message(N_("The department {code} is retired."), code=code))
        wanted = [by_code[code] for code in dict.fromkeys(codes)]
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


# -- issuing ----------------------------------------------------------------------------------


def _assessment(
    session: Session,
    round_: Round,
    department: Department,
    partnership: Partnership,
    document: dict[str, Any],
) -> dict[str, Any]:
    """The accepted assessment (values form), empty where nothing was accepted yet."""
    values = answers.empty(document["criteria"])
    for row in session.scalars(
        select(PartnershipAssessment).where(
            PartnershipAssessment.round_id == round_.id,
            PartnershipAssessment.department_id == department.id,
            PartnershipAssessment.partnership_id == partnership.id,
        )
    ):
        value = json.loads(row.value)
        if row.unit == "recommendation":
            values["recommendation"] = value
        elif row.unit.startswith("score:") and row.unit[6:] in values["scores"]:
            values["scores"][row.unit[6:]] = value
    return values


def package_items(
    session: Session, round_: Round, department: Department
) -> tuple[list[dict[str, Any]], list[IssuedItem], dict[str, Any]]:
    """The items of ``department``'s package, their issued records and the payload's extra
    part (the criteria and the scale)."""
    document = round_criteria(session, round_)
    items, issued = [], []
    for position, partnership in enumerate(
        p for p, d in scope(session, round_) if d.id == department.id
    ):
        values = _assessment(session, round_, department, partnership, document)
        items.append(
            {
                "code": partnership.code,
                "kind": partnership.kind.value,
                "status": partnership.status.value,
                "since_year": partnership.since_year,
                **partner_names(partnership),
                "values": values,
            }
        )
        issued.append(
            IssuedItem(
                position=position,
                code=partnership.code,
                measure_id=None,
                revision=None,
                values=json.dumps(values, ensure_ascii=False, sort_keys=True),
            )
        )
    extra = {
        "criteria": {
            key: document[key]
            for key in (
                "code",
                "name_de",
                "name_pl",
                "name_cs",
                "scale",
                "scale_labels",
                "criteria",
            )
        }
    }
    return items, issued, extra


# -- importing --------------------------------------------------------------------------------


def normalized_return(session: Session, round_: Round, raw: dict[str, Any]) -> dict[str, Any]:
    document = round_criteria(session, round_)
    return answers.normalized(answers.from_wire(raw), document["criteria"], document["scale"])


def merge(
    session: Session,
    actor: Actor,
    *,
    round_: Round,
    record: ImportedReturn,
    department: Department,
    item: IssuedItem,
    answer: dict[str, Any],
    previous: dict[str, Any] | None,
    open_conflicts: dict[tuple[str, str], list[Conflict]],
    now: str,
) -> tuple[int, int]:
    """Three-way merge of one assessment, as for measures: base (the department's previous
    answer, else the issued values), the accepted value (the register's), the returned one."""
    partnership = session.scalar(select(Partnership).where(Partnership.code == item.code))
    assert partnership is not None
    document = round_criteria(session, round_)
    issued_units = answers.units(json.loads(item.values))
    base_units = answers.units(previous) if previous is not None else issued_units
    current = answers.units(_assessment(session, round_, department, partnership, document))
    applied = raised = 0
    for unit, returned in answers.units(answer).items():
        base = base_units.get(unit)
        if returned == base:
            continue
        for old in open_conflicts.pop((item.code, unit), []):
            old.state = ConflictState.SUPERSEDED
            old.resolved_at = now
            old.resolved_by = actor.name
        if current.get(unit) == base:
            store(
                session,
                actor,
                round_=round_,
                department=department,
                partnership=partnership,
                unit=unit,
                value=returned,
                now=now,
            )
            applied += 1
        elif current.get(unit) == returned:
            continue
        else:
            session.add(
                Conflict(
                    round_id=round_.id,
                    return_id=record.id,
                    code=item.code,
                    measure_id=None,
                    field=unit,
                    register_value=audit.encode(current.get(unit)),
                    issued_value=audit.encode(issued_units.get(unit)),
                    returned_value=audit.encode(returned),
                    state=ConflictState.OPEN,
                )
            )
            raised += 1
    return applied, raised


def store(
    session: Session,
    actor: Actor,
    *,
    round_: Round,
    department: Department,
    partnership: Partnership,
    unit: str,
    value: Any,
    now: str,
) -> None:
    row = session.get(PartnershipAssessment, (round_.id, department.id, partnership.id, unit))
    old = json.loads(row.value) if row is not None else None
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(
            PartnershipAssessment(
                round_id=round_.id,
                department_id=department.id,
                partnership_id=partnership.id,
                unit=unit,
                value=encoded,
                source=actor.source,
                updated_at=now,
                updated_by=actor.name,
            )
        )
    else:
        row.value = encoded
        row.source = actor.source
        row.updated_at = now
        row.updated_by = actor.name
    audit.log(
        session,
        actor,
        action="assess",
        entity="partnership",
        code=partnership.code,
        field=f"{round_.name}/{department.code}/{unit}",
        old=old,
        new=value,
        at=now,
    )


def record_assessment(
    session: Session,
    actor: Actor,
    round_name: str,
    department_code: str,
    partnership_code: str,
    *,
    criterion: str | None = None,
    score: int | None = None,
    choice: str | None = None,
    comment: str | None = None,
) -> None:
    """The secretariat records (part of) a department's assessment itself, e.g. one given by
    telephone. A return that later differs from it raises a conflict instead of overwriting."""
    with transaction(session):
        round_ = _open_partnership_round(session, round_name)
        department, partnership = _asked(session, round_, department_code, partnership_code)
        document = round_criteria(session, round_)
        values = _assessment(session, round_, department, partnership, document)
        if criterion is not None:
            values["scores"].setdefault(criterion, {})
            values["scores"][criterion] = {"score": score, "comment": comment}
        else:
            values["recommendation"] = {"choice": choice, "comment": comment}
        checked = answers.normalized(values, document["criteria"], document["scale"])
        unit = f"score:{criterion}" if criterion is not None else "recommendation"
        value = answers.units(checked)[unit]
        store(
            session,
            Actor(actor.name, "secretariat"),
            round_=round_,
            department=department,
            partnership=partnership,
            unit=unit,
            value=value,
            now=audit.now_iso(),
        )


def _open_partnership_round(session: Session, name: str) -> Round:
    from app.rounds.secretariat import find_round

    round_ = find_round(session, name)
    if round_.kind != RoundKind.PARTNERSHIPS:
        raise InvalidInput(
            Message(N_("The round “{name}” is not a partnership round."), name=round_.name)
        )
    if round_.status == RoundStatus.CLOSED:
        raise InvalidInput(
            Message(N_("The round “{name}” is closed; it can no longer change."), name=round_.name)
        )
    return round_


def _asked(
    session: Session, round_: Round, department_code: str, partnership_code: str
) -> tuple[Department, Partnership]:
    for partnership, department in scope(session, round_):
        if (
            partnership.code.upper() == partnership_code.strip().upper()
            and department.code == department_code.strip().upper()
        ):
            return department, partnership
    raise InvalidInput(
        Message(
            N_("In the round “{round}”, {department} is not asked about the partnership {code}."),
            round=round_.name,
            department=department_code,
            code=partnership_code,
        )
    )


# -- conclusions ------------------------------------------------------------------------------


def conclude(
    session: Session,
    actor: Actor,
    round_name: str,
    partnership_code: str,
    recommendation: str,
    *,
    text: str | None = None,
) -> PartnershipConclusion:
    """Record (or change) the working group's conclusion on a partnership in an open round."""
    if recommendation not in answers.CHOICES:
        raise InvalidInput(
            Message(
                N_("The recommendation must be one of: {choices}."),
                choices=", ".join(answers.CHOICES),
            )
        )
    with transaction(session):
        round_ = _open_partnership_round(session, round_name)
        partnership = next(
            (
                p
                for p, _d in scope(session, round_)
                if p.code.upper() == partnership_code.strip().upper()
            ),
            None,
        )
        if partnership is None:
            raise InvalidInput(
                Message(
                    N_("The partnership {code} is not in the round “{round}”."),
                    code=partnership_code,
                    round=round_.name,
                )
            )
        row = session.get(PartnershipConclusion, (round_.id, partnership.id))
        old = {"recommendation": row.recommendation.value, "text": row.text} if row else None
        now = audit.now_iso()
        cleaned = answers._text(text, Message(N_("Conclusion")))
        if row is None:
            row = PartnershipConclusion(round_id=round_.id, partnership_id=partnership.id)
            session.add(row)
        row.recommendation = Recommendation(recommendation)
        row.text = cleaned
        row.decided_at = now
        row.decided_by = actor.name
        audit.log(
            session,
            actor,
            action="conclude",
            entity="partnership",
            code=partnership.code,
            field=round_.name,
            old=old,
            new={"recommendation": recommendation, "text": cleaned},
            at=now,
        )
    return row


# -- results ----------------------------------------------------------------------------------


@dataclass
class CriterionResult:
    code: str
    weight: float
    names: dict[str, str | None]
    scores: dict[str, int]  # department code -> score
    comments: dict[str, str]  # department code -> comment

    @property
    def mean(self) -> float | None:
        return mean(self.scores.values()) if self.scores else None

    @property
    def spread(self) -> int | None:
        """Highest minus lowest score (0: all departments agree)."""
        return max(self.scores.values()) - min(self.scores.values()) if self.scores else None

    @property
    def stdev(self) -> float | None:
        return pstdev(self.scores.values()) if self.scores else None


@dataclass
class PartnershipResult:
    code: str
    names: dict[str, str | None]
    kind: str
    status: str
    since_year: int | None
    asked: list[str]  # department codes
    answered: list[str]
    criteria: list[CriterionResult]
    recommendations: dict[str, dict[str, str | None]]  # department -> {"choice", "comment"}
    conclusion: dict[str, str | None] | None = None
    scale: dict[str, int] = field(default_factory=dict)

    @property
    def weighted(self) -> float | None:
        """The weighted mean score over the criteria that have scores (on the round's scale)."""
        scored = [(c.weight, c.mean) for c in self.criteria if c.mean is not None]
        total = sum(weight for weight, _ in scored)
        if not scored or not total:
            return None
        return sum(weight * value for weight, value in scored if value is not None) / total

    @property
    def weighted_percent(self) -> float | None:
        """The weighted result as a share of the scale (0 = lowest, 100 = highest point)."""
        if self.weighted is None or not self.scale:
            return None
        low, high = self.scale["min"], self.scale["max"]
        return 100 * (self.weighted - low) / (high - low)

    @property
    def max_spread(self) -> int | None:
        spreads = [c.spread for c in self.criteria if c.spread is not None]
        return max(spreads) if spreads else None

    def recommendation_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(answers.CHOICES, 0)
        for entry in self.recommendations.values():
            if entry["choice"]:
                counts[entry["choice"]] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            **self.names,
            "kind": self.kind,
            "status": self.status,
            "since_year": self.since_year,
            "asked": self.asked,
            "answered": self.answered,
            "weighted": self.weighted,
            "weighted_percent": self.weighted_percent,
            "max_spread": self.max_spread,
            "criteria": [
                {
                    "code": c.code,
                    "weight": c.weight,
                    "scores": c.scores,
                    "comments": c.comments,
                    "mean": c.mean,
                    "spread": c.spread,
                    "stdev": c.stdev,
                }
                for c in self.criteria
            ],
            "recommendations": self.recommendations,
            "recommendation_counts": self.recommendation_counts(),
            "conclusion": self.conclusion,
        }


@dataclass
class RoundResults:
    name: str
    status: str
    deadline: str
    closed_at: str | None
    criteria: dict[str, Any]  # the frozen criteria document
    partnerships: list[PartnershipResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.name,
            "status": self.status,
            "deadline": self.deadline,
            "closed_at": self.closed_at,
            "criteria_set": self.criteria["code"],
            "scale": self.criteria["scale"],
            "criteria": [
                {"code": c["code"], "weight": c["weight"], "name_de": c["name_de"]}
                for c in self.criteria["criteria"]
            ],
            "partnerships": [p.as_json() for p in self.partnerships],
        }


def results(session: Session, round_name: str) -> RoundResults:
    """Per partnership: every department's scores per criterion with mean and spread, the
    weighted result, the recommendations and the working group's conclusion."""
    from app.rounds.secretariat import find_round

    round_ = find_round(session, round_name)
    document = round_criteria(session, round_)
    rows: dict[int, PartnershipResult] = {}
    assessments: dict[tuple[int, int], dict[str, Any]] = {}
    for row in session.scalars(
        select(PartnershipAssessment).where(PartnershipAssessment.round_id == round_.id)
    ):
        assessments.setdefault((row.partnership_id, row.department_id), {})[row.unit] = json.loads(
            row.value
        )
    for partnership, department in scope(session, round_):
        result = rows.get(partnership.id)
        if result is None:
            result = rows[partnership.id] = PartnershipResult(
                code=partnership.code,
                names=partner_names(partnership),
                kind=partnership.kind.value,
                status=partnership.status.value,
                since_year=partnership.since_year,
                asked=[],
                answered=[],
                criteria=[
                    CriterionResult(
                        code=c["code"],
                        weight=float(c["weight"]),
                        names={lang: c.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
                        scores={},
                        comments={},
                    )
                    for c in document["criteria"]
                ],
                recommendations={},
                scale=dict(document["scale"]),
            )
            conclusion = session.get(PartnershipConclusion, (round_.id, partnership.id))
            if conclusion is not None:
                result.conclusion = {
                    "recommendation": conclusion.recommendation.value,
                    "text": conclusion.text,
                    "decided_at": conclusion.decided_at,
                    "decided_by": conclusion.decided_by,
                }
        result.asked.append(department.code)
        units = assessments.get((partnership.id, department.id), {})
        if units:
            result.answered.append(department.code)
        for criterion in result.criteria:
            entry = units.get(f"score:{criterion.code}")
            if entry and entry.get("score") is not None:
                criterion.scores[department.code] = int(entry["score"])
            if entry and entry.get("comment"):
                criterion.comments[department.code] = entry["comment"]
        if "recommendation" in units:
            result.recommendations[department.code] = units["recommendation"]
    return RoundResults(
        name=round_.name,
        status=round_.status.value,
        deadline=round_.deadline.isoformat(),
        closed_at=round_.closed_at,
        criteria=document,
        partnerships=list(rows.values()),
    )
