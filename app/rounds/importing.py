"""Importing the departments' returns on the secretariat's side, the same for every kind of
round: check a return (its round, its department, its authenticity, its version, the shape of its
content, each answer by the round's kind), then record it and merge each answer into the
register (:mod:`app.rounds.merge`) in one transaction: a return is applied whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, PackageRefused
from app.exchange import container, payloads
from app.exchange.container import Package
from app.i18n import N_, Message
from app.models import (
    Conflict,
    ConflictState,
    Department,
    ImportedReturn,
    Instrument,
    IssuedItem,
    IssuedPackage,
    Proposal,
    ProposalState,
    ReturnEntry,
    Round,
    RoundStatus,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import keys
from app.rounds.kinds import kind_of
from app.rounds.kinds.base import Refuse
from app.rounds.lookup import RETURN_SUFFIX
from app.rounds.merge import merge_answer
from app.storage.server import serialize_rounds

MAX_SEQUENCE = 1_000_000  # a department's return versions for one round; SQLite holds 2**63


class AlreadyImported(PackageRefused):
    """The same return was imported before; nothing was changed."""


@dataclass
class ImportOutcome:
    path: Path
    state: str  # "imported", "duplicate", "refused"
    message: Message
    department: str | None = None
    answers: int = 0
    applied: int = 0
    conflicts: int = 0
    proposals: int = 0
    superseded: bool = False


def return_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file as given, and the ``*.imag-return`` files of each folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix == RETURN_SUFFIX and p.is_file())
        else:
            found.append(path)
    return found


def import_returns(session: Session, actor: Actor, paths: Iterable[Path]) -> list[ImportOutcome]:
    """Import each return on its own: applied whole or refused whole, with a reason."""
    outcomes = []
    for path in return_files(paths):
        try:
            outcomes.append(import_return(session, actor, path))
        except AlreadyImported as exc:
            outcomes.append(ImportOutcome(path, "duplicate", exc.message))
        except PackageRefused as exc:
            outcomes.append(ImportOutcome(path, "refused", exc.message))
    return outcomes


def _refuse_if_imported(session: Session, name: str, statement: Select[ImportedReturn]) -> None:
    previous = session.scalar(statement)
    if previous is not None:
        raise AlreadyImported(
            Message(
                N_(
                    "The return {file} was already imported on {date} (from {department}, "
                    "version {sequence}); nothing was changed."
                ),
                file=name,
                date=previous.imported_at[:10],
                department=previous.department.code,
                sequence=previous.sequence,
            )
        )


@dataclass
class Addressed:
    """A return found to answer an open round of this register, for a department it was issued
    to, authentic, and newer than what was imported from that department."""

    round_: Round
    department: Department
    issued: IssuedPackage
    sequence: int
    latest: int | None  # the latest version imported before, if any
    content: dict[str, Any]


def _refuser(name: str) -> Refuse:
    def refuse(reason: str, **params: Any) -> PackageRefused:
        return PackageRefused(
            Message(
                N_("The package {file} was refused: {reason}. Nothing was changed."),
                file=name,
                reason=Message(reason, **params),
            )
        )

    return refuse


def import_return(session: Session, actor: Actor, path: Path) -> ImportOutcome:
    """Check and apply one return package in one transaction; raises :class:`PackageRefused`
    (or :class:`AlreadyImported`) and changes nothing if anything is wrong with it."""
    package = container.read(path)
    refuse = _refuser(package.name)
    if package.kind != "return":
        raise refuse(N_("it is a round package, not a return; open it on the department's side"))
    with transaction(session):
        serialize_rounds(session)
        found = _addressed(session, package, refuse)
        answers = _answers(session, found, refuse)
        numerals = set(session.scalars(select(Instrument.numeral)))
        for proposal in found.content["proposals"]:
            if proposal["instrument"] not in numerals:
                raise refuse(
                    N_("it proposes a measure for an unknown instrument {code}"),
                    code=proposal["instrument"],
                )
        outcome = _record(session, actor, path=path, package=package, found=found, answers=answers)
    outcome.message = Message(
        N_(
            "{file}: the return of {department} (version {sequence}) was imported. Answers: "
            "{answers}; changes applied: {applied}; conflicts: {conflicts}; proposals: "
            "{proposals}."
        ),
        file=package.name,
        department=found.department.code,
        sequence=found.sequence,
        answers=outcome.answers,
        applied=outcome.applied,
        conflicts=outcome.conflicts,
        proposals=outcome.proposals,
    )
    return outcome


def _addressed(session: Session, package: Package, refuse: Refuse) -> Addressed:
    """The round and department ``package`` answers for, checked (see :class:`Addressed`)."""
    name, manifest = package.name, package.manifest
    if manifest["register_uid"] != keys.register_uid(session):
        raise refuse(N_("it answers a round of another register"))
    round_ = session.scalar(select(Round).where(Round.uid == manifest["round_uid"]))
    if round_ is None:
        raise refuse(N_("it answers a round this register does not have"))
    # the very same file: already imported (also once the round is closed)
    _refuse_if_imported(
        session, name, select(ImportedReturn).where(ImportedReturn.sha256 == package.sha256)
    )
    if round_.status == RoundStatus.CLOSED:
        raise refuse(
            N_("the round “{round}” is closed; returns are accepted only while it is open"),
            round=round_.name,
        )
    if round_.status != RoundStatus.OPEN:
        raise refuse(N_("the round “{round}” has not been issued yet"), round=round_.name)
    department = session.scalar(select(Department).where(Department.code == manifest["department"]))
    issued = session.scalar(
        select(IssuedPackage)
        .where(IssuedPackage.uid == str(manifest.get("issued_package_uid")))
        .options(selectinload(IssuedPackage.items))
    )
    if (
        department is None
        or issued is None
        or issued.round_id != round_.id
        or issued.department_id != department.id
    ):
        raise refuse(
            N_("it speaks for department {department}, to which this round package was not issued"),
            department=str(manifest["department"]),
        )
    package.verify_mac(keys.return_key(round_.secret, department.code))
    # the same return in another file (authentic, so its uid can be trusted)
    _refuse_if_imported(
        session, name, select(ImportedReturn).where(ImportedReturn.uid == manifest["package_uid"])
    )
    return _versioned(session, package, refuse, round_=round_, department=department, issued=issued)


def _versioned(
    session: Session,
    package: Package,
    refuse: Refuse,
    *,
    round_: Round,
    department: Department,
    issued: IssuedPackage,
) -> Addressed:
    """The return's version checked (newer than the last imported) and its content's shape."""
    sequence = package.manifest.get("sequence")
    if (
        not isinstance(sequence, int)
        or isinstance(sequence, bool)
        or not 1 <= sequence <= MAX_SEQUENCE
    ):
        raise refuse(N_("its manifest is incomplete or malformed"))
    content = payloads.check(
        package.content(keys.encryption_private_key(round_.secret)),
        kind_of(round_).return_payload,
        package.name,
    )
    latest = session.scalar(
        select(func.max(ImportedReturn.sequence)).where(
            ImportedReturn.round_id == round_.id,
            ImportedReturn.department_id == department.id,
        )
    )
    if latest is not None and sequence <= latest:
        raise refuse(
            N_(
                "it is version {sequence} of {department}'s return, older than version "
                "{latest}, which was already imported"
            ),
            sequence=sequence,
            department=department.code,
            latest=latest,
        )
    return Addressed(round_, department, issued, sequence, latest, content)


def _answers(session: Session, found: Addressed, refuse: Refuse) -> dict[str, dict[str, Any]]:
    """The return's answers by item code, each checked and normalized by the round's kind."""
    kind = kind_of(found.round_)
    issued_items = {item.code: item for item in found.issued.items}
    answers: dict[str, dict[str, Any]] = {}
    for raw in found.content["answers"]:
        code = raw["code"]
        item = issued_items.get(code)
        if item is None:
            raise refuse(kind.not_issued, code=code, department=found.department.code)
        if code in answers:
            raise refuse(kind.answered_twice, code=code)
        try:
            answers[code] = kind.normalized_return(session, found.round_, raw, item)
        except InvalidInput as exc:
            raise refuse(
                N_("its answer for {code} is not valid: {problem}"),
                code=code,
                problem=exc.message,
            ) from None
    return answers


def _record(
    session: Session,
    actor: Actor,
    *,
    path: Path,
    package: Package,
    found: Addressed,
    answers: dict[str, dict[str, Any]],
) -> ImportOutcome:
    """Record the checked return, merge its answers and keep its proposals."""
    now = audit.now_iso()
    round_, department = found.round_, found.department
    record = ImportedReturn(
        uid=package.manifest["package_uid"],
        sha256=package.sha256,
        round_id=round_.id,
        department_id=department.id,
        package_id=found.issued.id,
        sequence=found.sequence,
        created_at=str(package.manifest["created_at"])[:32],
        author=found.content.get("author"),
        imported_at=now,
        imported_by=actor.name,
        encrypted=package.encrypted,
        file_name=package.name[:255],
    )
    session.add(record)
    session.flush()
    outcome = ImportOutcome(
        path=path,
        state="imported",
        message=Message(""),
        department=department.code,
        answers=len(answers),
        superseded=found.latest is not None,
    )
    _merge_answers(
        session,
        Actor(actor.name, f"package:{record.uid}"),
        found=found,
        record=record,
        answers=answers,
        outcome=outcome,
        now=now,
    )
    proposals = found.content["proposals"]
    for position, proposal in enumerate(proposals):
        session.add(
            Proposal(
                return_id=record.id,
                position=position,
                instrument=proposal["instrument"],
                title_de=proposal["title_de"].strip(),
                description_de=(proposal.get("description_de") or "").strip() or None,
                rationale=(proposal.get("rationale") or "").strip() or None,
                state=ProposalState.OPEN,
            )
        )
    outcome.proposals = len(proposals)
    audit.log(
        session,
        actor,
        action="import",
        entity="round",
        code=round_.name,
        new={
            "department": department.code,
            "return": record.uid,
            "sequence": found.sequence,
            "answers": outcome.answers,
            "applied": outcome.applied,
            "conflicts": outcome.conflicts,
            "proposals": outcome.proposals,
        },
        at=now,
    )
    return outcome


def _merge_answers(
    session: Session,
    source: Actor,
    *,
    found: Addressed,
    record: ImportedReturn,
    answers: dict[str, dict[str, Any]],
    outcome: ImportOutcome,
    now: str,
) -> None:
    """Keep each answer as a return entry and merge it into the register."""
    kind = kind_of(found.round_)
    issued_items = {item.code: item for item in found.issued.items}
    answered: list[IssuedItem] = [issued_items[code] for code in answers]
    # read what the merge compares with once, not per answer or per field
    targets = kind.merge_targets(session, found.round_, found.department, answered)
    previous = _previous_answers(session, found.round_, found.department, record)
    open_conflicts = _open_conflicts(session, found.round_, found.department, record)
    for code, answer in answers.items():
        target = targets[code]
        session.add(
            ReturnEntry(
                return_id=record.id,
                code=code,
                measure_id=target.measure_id,
                values=json.dumps(answer, ensure_ascii=False, sort_keys=True),
            )
        )
        merged = merge_answer(
            session,
            source,
            kind=kind,
            record=record,
            item=issued_items[code],
            target=target,
            answer=answer,
            previous=previous.get(code),
            open_conflicts=open_conflicts,
            now=now,
        )
        outcome.applied += merged.applied
        outcome.conflicts += merged.conflicts


def _previous_answers(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[str, dict[str, Any]]:
    """Per code, the answer of the department's latest earlier return that has one."""
    rows = session.execute(
        select(ReturnEntry.code, ReturnEntry.values)
        .join(ImportedReturn, ReturnEntry.return_id == ImportedReturn.id)
        .where(
            ImportedReturn.round_id == round_.id,
            ImportedReturn.department_id == department.id,
            ImportedReturn.id != current.id,
        )
        .order_by(ImportedReturn.sequence)
    )
    return {code: dict(json.loads(encoded)) for code, encoded in rows}


def _open_conflicts(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[tuple[str, str], list[Conflict]]:
    """The department's open conflicts from earlier returns, by (code, field)."""
    found: dict[tuple[str, str], list[Conflict]] = {}
    for conflict in session.scalars(
        select(Conflict)
        .join(ImportedReturn, Conflict.return_id == ImportedReturn.id)
        .where(
            Conflict.round_id == round_.id,
            Conflict.state == ConflictState.OPEN,
            Conflict.return_id != current.id,
            ImportedReturn.department_id == department.id,
        )
    ):
        found.setdefault((conflict.code, conflict.field), []).append(conflict)
    return found
