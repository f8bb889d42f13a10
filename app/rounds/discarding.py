"""Closing a round on the department's side: the workspace round, its answers, proposals and
the record of its exported returns are removed from this register (audited). A round opened
from another department's package by mistake, or one that is over, goes this way; the
secretariat's package can be opened again afterwards.

What would be lost is said first: the answers and proposals changed since the last export
(all of them if none was exported), so that they can be exported before."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.i18n import NP_, Message
from app.models import WorkspaceAnswer, WorkspaceExport, WorkspaceProposal, WorkspaceRound
from app.operations import audit
from app.operations.context import Actor, transaction


@dataclass(frozen=True)
class Unsent:
    """What a round holds that no exported return carries yet."""

    answers: int
    proposals: int
    exported: bool  # whether any return was exported at all

    def __bool__(self) -> bool:
        return bool(self.answers or self.proposals)


def unsent(session: Session, ws_round: WorkspaceRound) -> Unsent:
    """The answers and proposals changed after the round's last export."""
    last = session.scalar(
        select(func.max(WorkspaceExport.exported_at)).where(WorkspaceExport.round_id == ws_round.id)
    )
    since = last or ""
    answers = session.scalar(
        select(func.count())
        .select_from(WorkspaceAnswer)
        .where(WorkspaceAnswer.round_id == ws_round.id, WorkspaceAnswer.updated_at > since)
    )
    proposals = session.scalar(
        select(func.count())
        .select_from(WorkspaceProposal)
        .where(WorkspaceProposal.round_id == ws_round.id, WorkspaceProposal.updated_at > since)
    )
    return Unsent(answers or 0, proposals or 0, exported=last is not None)


def discard_round(session: Session, actor: Actor, ws_round: WorkspaceRound) -> Message:
    """Remove ``ws_round`` with everything typed in it; the message says what went."""
    lost = unsent(session, ws_round)
    name, department = ws_round.name, ws_round.department
    with transaction(session):
        for table in (WorkspaceAnswer, WorkspaceProposal, WorkspaceExport):
            session.execute(delete(table).where(table.round_id == ws_round.id))
        session.delete(ws_round)
        audit.log(
            session,
            actor,
            action="delete",
            entity="workspace",
            code=name,
            old={
                "department": department,
                "unsent answers": lost.answers,
                "unsent proposals": lost.proposals,
            },
        )
    return Message(
        *NP_(
            "The round “{name}” ({department}) was closed in this workspace; {n} answer or "
            "proposal not exported was thrown away.",
            "The round “{name}” ({department}) was closed in this workspace; {n} answers and "
            "proposals not exported were thrown away.",
        ),
        name=name,
        department=department,
        n=lost.answers + lost.proposals,
    )
