"""Setting a round right on the secretariat's side, each with a reason and audited: withdraw a
bogus version of a department's return (so that its genuine later returns are accepted again),
take a return that came after the round was closed as an amendment (kept beside the round; the
closed round's snapshot and its reports stay byte for byte as they were), or reopen a closed
round (its snapshot is set aside; closing it again freezes a new one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound, PackageRefused
from app.exchange import container
from app.i18n import N_, NP_, Message
from app.models import (
    Conflict,
    ConflictState,
    Department,
    ImportedReturn,
    Round,
    RoundAmendment,
    RoundSnapshot,
    RoundStatus,
    SupersededSnapshot,
)
from app.models.rounds import SNAPSHOT_TRIGGERS
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds.importing import ImportOutcome, checked_return, return_files
from app.rounds.lookup import find_round
from app.rounds.taken import AlreadyImported

MAX_REASON = 2_000


def _reason(reason: str | None) -> str:
    found = (reason or "").strip()
    if not found:
        raise InvalidInput(Message(N_("Give a reason with --reason; it is kept in the history.")))
    if len(found) > MAX_REASON:
        raise InvalidInput(
            Message(N_("The reason is longer than {limit} characters."), limit=MAX_REASON)
        )
    return found


def withdraw_return(
    session: Session, actor: Actor, name: str, *, department: str, version: int, reason: str
) -> ImportedReturn:
    """Withdraw version ``version`` of ``department``'s return to round ``name``: it no longer
    counts as the department's latest (its versions go on from the one before), its open
    conflicts are set aside, and it stays recorded with the reason. What it changed in the
    register stays (the history shows it)."""
    why = _reason(reason)
    with transaction(session):
        round_ = find_round(session, name)
        record = session.scalar(
            select(ImportedReturn)
            .join(Department, ImportedReturn.department_id == Department.id)
            .where(
                ImportedReturn.round_id == round_.id,
                Department.code == department.strip().upper(),
                ImportedReturn.sequence == version,
            )
        )
        if record is None:
            raise NotFound(
                Message(
                    N_(
                        "The round “{name}” has no version {version} of a return from {department}."
                    ),
                    name=round_.name,
                    version=version,
                    department=department,
                )
            )
        if record.withdrawn_at is not None:
            raise InvalidInput(
                Message(
                    N_("Version {version} of {department}'s return was already withdrawn."),
                    version=version,
                    department=record.department.code,
                )
            )
        now = audit.now_iso()
        record.withdrawn_at, record.withdrawn_by, record.withdrawn_reason = now, actor.name, why
        settled = 0
        for conflict in session.scalars(
            select(Conflict).where(
                Conflict.return_id == record.id, Conflict.state == ConflictState.OPEN
            )
        ):
            conflict.state = ConflictState.SUPERSEDED
            conflict.resolved_at, conflict.resolved_by = now, actor.name
            settled += 1
        audit.log(
            session,
            actor,
            action="withdraw",
            entity="round",
            code=round_.name,
            new={
                "department": record.department.code,
                "return": record.uid,
                "sequence": version,
                "reason": why,
                "conflicts_set_aside": settled,
            },
            at=now,
        )
    return record


def reopen_round(session: Session, actor: Actor, name: str, reason: str) -> Round:
    """Reopen the closed round ``name``: it accepts returns again; its snapshot is set aside
    (kept in ``round_snapshot_superseded``), so that closing it again freezes a new one."""
    why = _reason(reason)
    with transaction(session):
        round_ = find_round(session, name)
        if round_.status != RoundStatus.CLOSED:
            raise InvalidInput(
                Message(N_("The round “{name}” is not closed; it is open already."), name=name)
            )
        now = audit.now_iso()
        frozen = session.get(RoundSnapshot, round_.id)
        if frozen is not None:
            session.add(
                SupersededSnapshot(
                    round_id=round_.id,
                    created_at=frozen.created_at,
                    superseded_at=now,
                    reason=why,
                    schema_version=frozen.schema_version,
                    sha256=frozen.sha256,
                    data=frozen.data,
                )
            )
            session.flush()
            # the snapshot is immutable: the trigger is lifted for this one delete, in this
            # transaction, and put back as it was
            session.execute(text("DROP TRIGGER round_snapshot_no_delete"))
            session.execute(
                text("DELETE FROM round_snapshot WHERE round_id = :id"), {"id": round_.id}
            )
            session.execute(text(SNAPSHOT_TRIGGERS[1]))
            session.expire(frozen)
        round_.status = RoundStatus.OPEN
        round_.closed_at = None
        audit.log(
            session,
            actor,
            action="reopen",
            entity="round",
            code=round_.name,
            new={"reason": why, "snapshot_set_aside": frozen is not None},
            at=now,
        )
    return round_


def take_amendments(
    session: Session, actor: Actor, paths: list[Path], reason: str | None = None
) -> list[ImportOutcome]:
    """Take each return (files, or the returns in folders) for a closed round as an amendment,
    each on its own, whole or not at all (state ``"amended"``, ``"duplicate"`` or
    ``"refused"``)."""
    why = (reason or "").strip()[:MAX_REASON] or None
    outcomes = []
    for path in return_files(paths):
        try:
            outcomes.append(take_amendment(session, actor, path, why))
        except AlreadyImported as exc:
            outcomes.append(ImportOutcome(path, "duplicate", exc.message))
        except PackageRefused as exc:
            outcomes.append(ImportOutcome(path, "refused", exc.message))
    return outcomes


def take_amendment(
    session: Session, actor: Actor, path: Path, reason: str | None = None
) -> ImportOutcome:
    """Check the return at ``path`` as an import does, for a closed round, and keep it as an
    amendment with its checked answers; nothing else in the register changes."""
    package = container.read(path)
    with transaction(session):
        found, answers = checked_return(session, package, late=True)
        now = audit.now_iso()
        record = RoundAmendment(
            uid=package.manifest["package_uid"],
            sha256=package.sha256,
            round_id=found.round_.id,
            department_id=found.department.id,
            package_id=found.issued.id,
            sequence=found.sequence,
            created_at=package.manifest["created_at"],
            author=found.content.get("author"),
            taken_at=now,
            taken_by=actor.name,
            reason=reason,
            encrypted=package.encrypted,
            file_name=package.name[:255],
            answers=json.dumps(answers, ensure_ascii=False, sort_keys=True),
            proposals=json.dumps(found.content["proposals"], ensure_ascii=False, sort_keys=True),
        )
        session.add(record)
        audit.log(
            session,
            actor,
            action="amend",
            entity="round",
            code=found.round_.name,
            new={
                "department": found.department.code,
                "return": record.uid,
                "sequence": found.sequence,
                "answers": len(answers),
                "proposals": len(found.content["proposals"]),
                "reason": reason,
            },
            at=now,
        )
    return ImportOutcome(
        path,
        "amended",
        Message(
            *NP_(
                "{file}: the late return of {department} (version {sequence}) was taken as an "
                "amendment to the closed round “{round}” with {n} answer; the round's snapshot "
                "and reports are unchanged.",
                "{file}: the late return of {department} (version {sequence}) was taken as an "
                "amendment to the closed round “{round}” with {n} answers; the round's snapshot "
                "and reports are unchanged.",
            ),
            file=package.name,
            department=found.department.code,
            sequence=found.sequence,
            round=found.round_.name,
            n=len(answers),
        ),
        department=found.department.code,
        answers=len(answers),
        proposals=len(found.content["proposals"]),
    )


@dataclass(frozen=True)
class AmendmentRow:
    """A late return taken as an amendment, for the round's status and view."""

    department: str
    version: int
    exported_at: str
    taken_at: str
    taken_by: str
    reason: str | None
    file_name: str
    author: str | None
    encrypted: bool
    answers: dict[str, dict[str, object]]


def amendments(session: Session, round_: Round) -> list[AmendmentRow]:
    """The amendments taken for ``round_``, in the order they were taken."""
    return [
        AmendmentRow(
            department=record.department.code,
            version=record.sequence,
            exported_at=record.created_at,
            taken_at=record.taken_at,
            taken_by=record.taken_by,
            reason=record.reason,
            file_name=record.file_name,
            author=record.author,
            encrypted=record.encrypted,
            answers=dict(json.loads(record.answers)),
        )
        for record in session.scalars(
            select(RoundAmendment)
            .where(RoundAmendment.round_id == round_.id)
            .options(selectinload(RoundAmendment.department))
            .order_by(RoundAmendment.id)
        )
    ]


def withdrawn(session: Session, round_: Round) -> list[ImportedReturn]:
    """The returns of ``round_`` that were withdrawn, in the order they were imported."""
    return list(
        session.scalars(
            select(ImportedReturn)
            .where(ImportedReturn.round_id == round_.id, ImportedReturn.withdrawn_at.is_not(None))
            .options(selectinload(ImportedReturn.department))
            .order_by(ImportedReturn.id)
        )
    )
