"""A round's conflicts (a returned value that differs from a register's value changed since
the package was issued) and their resolution, and the proposals for new measures that returns
carried; the same for every kind of round (the kind applies a value taken from a return)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import Conflict, ConflictState, ImportedReturn, Proposal, Round, RoundStatus
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds.kinds import kind_of
from app.rounds.lookup import find_round


def conflicts(session: Session, name: str, *, open_only: bool = True) -> list[Conflict]:
    round_ = find_round(session, name)
    statement = (
        select(Conflict)
        .where(Conflict.round_id == round_.id)
        .options(selectinload(Conflict.imported_return).selectinload(ImportedReturn.department))
        .order_by(Conflict.code, Conflict.field, Conflict.id)
    )
    if open_only:
        statement = statement.where(Conflict.state == ConflictState.OPEN)
    return list(session.scalars(statement))


def resolve_conflict(session: Session, actor: Actor, conflict_id: int, take: str) -> None:
    """Resolve one conflict: ``take`` is ``"register"`` (keep) or ``"returned"`` (apply)."""
    if take not in ("register", "returned"):
        raise InvalidInput(Message(N_("Choose “register” or “returned”.")))
    with transaction(session):
        conflict = session.get(Conflict, conflict_id)
        if conflict is None:
            raise NotFound(Message(N_("There is no conflict {number}."), number=conflict_id))
        if conflict.state != ConflictState.OPEN:
            raise InvalidInput(
                Message(N_("The conflict {number} is already settled."), number=conflict_id)
            )
        round_ = session.get(Round, conflict.round_id)
        assert round_ is not None
        if round_.status != RoundStatus.OPEN:
            raise InvalidInput(
                Message(
                    N_("The round “{name}” is closed; nothing can be changed."), name=round_.name
                )
            )
        now = audit.now_iso()
        chosen = audit.decode(conflict.register_value)
        if take == "returned":
            chosen = audit.decode(conflict.returned_value)
            kind_of(round_).apply_returned(
                session,
                Actor(actor.name, f"package:{conflict.imported_return.uid}"),
                round_=round_,
                conflict=conflict,
                value=chosen,
                now=now,
            )
        conflict.state = ConflictState.RESOLVED
        conflict.resolved_value = audit.encode(chosen)
        conflict.resolved_at = now
        conflict.resolved_by = actor.name
        audit.log(
            session,
            actor,
            action="resolve",
            entity="round",
            code=round_.name,
            field=f"{conflict.code}/{conflict.field}",
            new=take,
            at=now,
        )


def proposals(session: Session, name: str) -> list[Proposal]:
    round_ = find_round(session, name)
    return list(
        session.scalars(
            select(Proposal)
            .join(ImportedReturn, Proposal.return_id == ImportedReturn.id)
            .where(ImportedReturn.round_id == round_.id)
            .options(selectinload(Proposal.imported_return).selectinload(ImportedReturn.department))
            .order_by(Proposal.id)
        )
    )
