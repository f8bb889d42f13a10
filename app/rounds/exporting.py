"""Exporting a department's return: every answer typed, checked by the round's kind, in one
package signed with the department's own key (rounds of format 2; format 1: MAC'd with the
round's return key) and (by default) encrypted for the secretariat; refused while any answer is
not valid."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.errors import InvalidInput
from app.exchange import container
from app.fileio import write_atomically
from app.i18n import N_, NP_, Message
from app.models import WorkspaceExport, WorkspaceRound
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import keys
from app.rounds.answering import answers, content, item_states, proposals
from app.rounds.kinds import kind_of
from app.rounds.lookup import RETURN_SUFFIX, slug


@dataclass(frozen=True)
class Exported:
    path: Path
    sequence: int
    answers: int
    missing: int
    encrypted: bool
    message: Message


def default_file_name(ws_round: WorkspaceRound) -> str:
    return f"{slug(ws_round.name)}_{ws_round.department}{RETURN_SUFFIX}"


def export_return(
    session: Session,
    actor: Actor,
    ws_round: WorkspaceRound,
    target: Path,
    *,
    encrypt: bool = True,
) -> Exported:
    """Write the return package with every valid answer (refused while one is not valid)."""
    states = item_states(session, ws_round)
    incomplete = [state for state in states if state.state == "incomplete"]
    if incomplete:
        first = incomplete[0]
        raise InvalidInput(
            Message(
                *NP_(
                    "{n} answer is not complete ({code}: {problem}); nothing was exported.",
                    "{n} answers are not complete (first: {code}: {problem}); nothing was "
                    "exported.",
                ),
                n=len(incomplete),
                code=first.code,
                problem=first.problem or "",
            )
        )
    given = answers(session, ws_round)
    kind = kind_of(ws_round)
    payload = content(ws_round)
    issued = {item["code"]: item for item in payload["items"]}
    answer_list = [
        kind.wire_answer(payload, code, item, given[code])
        for code, item in issued.items()
        if code in given
    ]
    proposal_list = [json.loads(p.values) for p in proposals(session, ws_round)]
    if not answer_list and not proposal_list:
        raise InvalidInput(Message(kind.nothing_to_export))
    returned = {"author": actor.name, "answers": answer_list, "proposals": proposal_list}
    sequence = _write(session, actor, ws_round, target, returned, encrypt=encrypt)
    missing = sum(1 for state in states if state.state == "missing")
    return Exported(
        path=target,
        sequence=sequence,
        answers=len(answer_list),
        missing=missing,
        encrypted=encrypt,
        message=Message(
            kind.exported,
            path=target,
            sequence=sequence,
            answers=len(answer_list),
            missing=missing,
            encryption=Message(
                N_("encrypted for the secretariat") if encrypt else N_("not encrypted")
            ),
        ),
    )


def _write(
    session: Session,
    actor: Actor,
    ws_round: WorkspaceRound,
    target: Path,
    returned: dict[str, Any],
    *,
    encrypt: bool,
) -> int:
    """Write the return with ``returned`` as its payload and record the export; returns its
    version."""
    with transaction(session):
        stored = session.get(WorkspaceRound, ws_round.id)
        assert stored is not None
        sequence = stored.last_sequence + 1
        return_uid = str(uuid.uuid4())
        now = audit.now_iso()
        manifest = {
            "kind": "return",
            "package_uid": return_uid,
            "created_at": now,
            "created_with": __version__,
            "register_uid": stored.issuer_uid,
            "round_uid": stored.round_uid,
            "round_name": stored.name,
            "department": stored.department,
            "issued_package_uid": stored.package_uid,
            "sequence": sequence,
        }
        if stored.format_version == 1:
            authenticate, authentication = container.mac(stored.return_key), container.MACED
        else:
            private = keys.department_key(session, stored.department)
            manifest["signer_key"] = container.b64(keys.public_of(private))
            authenticate, authentication = container.signer(private), container.SIGNED
        data = container.package_bytes(
            manifest,
            returned,
            authenticate=authenticate,
            authentication=authentication,
            recipient=stored.recipient_key if encrypt else None,
            format_version=stored.format_version,
        )
        write_atomically(target, lambda temporary: temporary.write_bytes(data))
        stored.last_sequence = sequence
        answered = len(returned["answers"])
        session.add(
            WorkspaceExport(
                round_id=stored.id,
                sequence=sequence,
                return_uid=return_uid,
                exported_at=now,
                file_name=target.name,
                sha256=hashlib.sha256(data).hexdigest(),
                encrypted=encrypt,
                answers=answered,
            )
        )
        audit.log(
            session,
            actor,
            action="export",
            entity="workspace",
            code=stored.name,
            new={"return": return_uid, "sequence": sequence, "answers": answered},
            at=now,
        )
    return sequence


def exports(session: Session, ws_round: WorkspaceRound) -> list[WorkspaceExport]:
    return list(
        session.scalars(
            select(WorkspaceExport)
            .where(WorkspaceExport.round_id == ws_round.id)
            .order_by(WorkspaceExport.sequence)
        )
    )
