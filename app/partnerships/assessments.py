"""The departments' assessments of the partnerships in a round, as the register accepted them
(no Qt): what a package carries, the returned assessment checked, one unit stored with its audit
record, an assessment the secretariat records itself, and the working group's conclusions."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import (
    Department,
    IssuedItem,
    Partnership,
    PartnershipAssessment,
    PartnershipConclusion,
    Recommendation,
    Round,
    RoundCriteria,
    RoundStatus,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.partnerships import answers
from app.partnerships.scope import partner_names, round_criteria, scope
from app.rounds.lookup import find_round

# -- issuing ----------------------------------------------------------------------------------


def accepted(
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
        values = accepted(session, round_, department, partnership, document)
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
        round_ = _open_evaluation(session, round_name)
        department, partnership = _asked(session, round_, department_code, partnership_code)
        document = round_criteria(session, round_)
        values = accepted(session, round_, department, partnership, document)
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


def _open_evaluation(session: Session, name: str) -> Round:
    """The open round ``name`` with criteria to assess the partnerships against."""
    round_ = find_round(session, name)
    if session.get(RoundCriteria, round_.id) is None:
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
        round_ = _open_evaluation(session, round_name)
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
        cleaned = answers.checked_text(text, Message(N_("Conclusion")))
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
