"""Importing the departments' returns on the secretariat's side, the same for every kind of
round: check a return (its round, its department, its authenticity, its version, the shape of its
content, each answer by the round's kind), then record it and merge each answer into the
register (:mod:`app.rounds.merge`) in one transaction: a return is applied whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import ExitCode, InvalidInput, PackageRefused
from app.exchange import container, schema
from app.exchange.container import Package
from app.i18n import N_, Message
from app.keystore import KeyRing
from app.models import (
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
from app.operations.context import Actor, one_connection, transaction
from app.rounds import department_keys, keys
from app.rounds.kinds import kind_of
from app.rounds.kinds.base import Refuse
from app.rounds.lookup import RETURN_SUFFIX
from app.rounds.merge import merge_answer, open_conflicts_of, previous_answers
from app.rounds.taken import AlreadyImported, latest_version, refuse_if_taken, taken_like
from app.storage.bulk import insert_rows
from app.storage.replay import entries_digest, entry_text
from app.storage.server import serialize_rounds


class LateReturn(PackageRefused):
    """A sound return for a closed round: not imported, not damaged (amend, or reopen)."""

    exit_code = ExitCode.REFUSED


class PackageDamaged(PackageRefused):
    """The file is not a sound package (damaged, truncated, changed bytes); nothing was changed."""


@dataclass
class ImportOutcome:
    path: Path
    state: str  # "imported", "duplicate", "late", "refused"
    message: Message
    department: str | None = None
    answers: int = 0
    applied: int = 0
    conflicts: int = 0
    proposals: int = 0
    superseded: bool = False
    damaged: bool = False  # refused because the file itself is not a sound package
    new_key: str | None = None  # fingerprint of a department key registered by this import


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
    known = Known()  # read for the first return, used for all
    with one_connection(session):
        for path in return_files(paths):
            try:
                outcomes.append(import_return(session, actor, path, known=known))
            except AlreadyImported as exc:
                outcomes.append(ImportOutcome(path, "duplicate", exc.message))
            except LateReturn as exc:
                outcomes.append(ImportOutcome(path, "late", exc.message))
            except PackageRefused as exc:
                damaged = isinstance(exc, PackageDamaged)
                outcomes.append(ImportOutcome(path, "refused", exc.message, damaged=damaged))
    return outcomes


@dataclass
class Known:
    """What every return of one import is checked against, read once for the import and not
    once per return: the register's uid and its key ring (a file in the profile, decrypted)."""

    register_uid: str | None = None
    ring: KeyRing | None = None


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
    new_key: bytes | None = None  # the department's key, registered with this first signed return


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


def import_return(
    session: Session, actor: Actor, path: Path, *, known: Known | None = None
) -> ImportOutcome:
    """Check and apply one return package in one transaction; raises :class:`PackageRefused`
    (or :class:`AlreadyImported`) and changes nothing if anything is wrong with it.
    ``known``: what the returns of one import share (:class:`Known`)."""
    try:
        package = container.read(path)
    except PackageRefused as exc:
        raise PackageDamaged(exc.message, detail=exc.detail) from None
    with transaction(session):
        serialize_rounds(session)
        found, answers = checked_return(session, package, known=known)
        with audit.batched(session):  # thousands of events: one INSERT, not an object each
            outcome = _record(
                session, actor, path=path, package=package, found=found, answers=answers
            )
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
    if outcome.new_key is not None:
        outcome.message = Message(
            N_(
                "{imported} The key of {department} was registered with this first signed "
                "return: fingerprint {fingerprint}; compare it with the department by phone."
            ),
            imported=outcome.message,
            department=found.department.code,
            fingerprint=outcome.new_key,
        )
    return outcome


def checked_return(
    session: Session, package: Package, *, late: bool = False, known: Known | None = None
) -> tuple[Addressed, dict[str, dict[str, Any]]]:
    """``package`` checked as a return (see :func:`_addressed`; ``late``: for a closed round),
    with its answers by item code, each checked and normalized by the round's kind."""
    refuse = _refuser(package.name)
    if package.kind != "return":
        raise refuse(N_("it is a round package, not a return; open it on the department's side"))
    found = _addressed(session, package, refuse, late=late, known=known or Known())
    answers = _answers(session, found, refuse)
    proposals = found.content["proposals"]
    numerals = set(session.scalars(select(Instrument.numeral))) if proposals else set()
    for proposal in proposals:
        if proposal["instrument"] not in numerals:
            raise refuse(
                N_("it proposes a measure for an unknown instrument {code}"),
                code=proposal["instrument"],
            )
    return found, answers


def _addressed(
    session: Session, package: Package, refuse: Refuse, *, late: bool, known: Known
) -> Addressed:
    """The round and department ``package`` answers for, checked (see :class:`Addressed`);
    with ``late``, the round must be closed (the return is taken as an amendment)."""
    name, manifest = package.name, package.manifest
    if known.register_uid is None:
        known.register_uid = keys.register_uid(session)
    if manifest["register_uid"] != known.register_uid:
        raise refuse(N_("it answers a round of another register"))
    round_ = session.scalar(select(Round).where(Round.uid == manifest["round_uid"]))
    if round_ is None:
        raise refuse(N_("it answers a round this register does not have"))
    # the returns taken before with this file or this return's uid (both checked at once)
    taken = taken_like(session, sha256=package.sha256, uid=str(manifest["package_uid"]))
    # the very same file: already imported (also once the round is closed)
    refuse_if_taken(name, taken, sha256=package.sha256)
    if round_.status == RoundStatus.CLOSED and not late:
        raise LateReturn(
            Message(
                N_(
                    "The return {file} came after the round “{round}” was closed; it was not "
                    "imported. Take it as an amendment (imag round amend) or reopen the round "
                    "with a reason (imag round reopen)."
                ),
                file=name,
                round=round_.name,
            )
        )
    if late and round_.status != RoundStatus.CLOSED:
        raise refuse(
            N_("the round “{round}” is not closed; import the return instead"), round=round_.name
        )
    if round_.status not in (RoundStatus.OPEN, RoundStatus.CLOSED):
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
    if known.ring is None:
        known.ring = keys.ring(session)
    secret = keys.round_secret(session, round_, known.ring)
    new_key = department_keys.authenticate(
        session, package, round_=round_, department=department, secret=secret, refuse=refuse
    )
    # the same return in another file (authentic, so its uid can be trusted)
    refuse_if_taken(name, taken, uid=manifest["package_uid"])
    found = _versioned(
        session, package, refuse, round_=round_, department=department, issued=issued, secret=secret
    )
    found.new_key = new_key
    return found


def _versioned(
    session: Session,
    package: Package,
    refuse: Refuse,
    *,
    round_: Round,
    department: Department,
    issued: IssuedPackage,
    secret: bytes,
) -> Addressed:
    """The return's version checked (newer than the latest taken, by at most
    :data:`~app.exchange.schema.MAX_VERSION_JUMP`) and its content's shape."""
    sequence = int(package.manifest["sequence"])  # an integer 1 … 1,000,000 (the schema's)
    content = schema.check_payload(
        package.content(keys.encryption_private_key(secret)),
        kind_of(round_).return_payload,
        package.name,
    )
    latest = latest_version(session, round_, department)
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
    if sequence > (latest or 0) + schema.MAX_VERSION_JUMP:
        raise refuse(
            N_(
                "it is version {sequence} of {department}'s return, more than {jump} above the "
                "latest version taken ({latest}); versions are counted up one by one"
            ),
            sequence=sequence,
            department=department.code,
            jump=schema.MAX_VERSION_JUMP,
            latest=latest or 0,
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
    texts = _merge_answers(
        session,
        Actor(actor.name, f"package:{record.uid}"),
        found=found,
        record=record,
        answers=answers,
        outcome=outcome,
        now=now,
    )
    outcome.proposals = _keep_proposals(session, record, found.content["proposals"])
    if found.new_key is not None:
        department_keys.register(session, actor, department, found.new_key, source="return")
        outcome.new_key = container.fingerprint(found.new_key)
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
            "entries": entries_digest(texts.items()),
        },
        at=now,
    )
    return outcome


def _keep_proposals(session: Session, record: ImportedReturn, proposals: list[Any]) -> int:
    """Keep a return's proposals of new measures, open; how many."""
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
    return len(proposals)


def _merge_answers(
    session: Session,
    source: Actor,
    *,
    found: Addressed,
    record: ImportedReturn,
    answers: dict[str, dict[str, Any]],
    outcome: ImportOutcome,
    now: str,
) -> dict[str, str]:
    """Keep each answer as a return entry and merge it into the register; the entries' texts
    by code."""
    kind = kind_of(found.round_)
    issued_items = {item.code: item for item in found.issued.items}
    answered: list[IssuedItem] = [issued_items[code] for code in answers]
    # read what the merge compares with once, not per answer or per field
    targets = kind.merge_targets(session, found.round_, found.department, answered)
    previous = previous_answers(session, found.round_, found.department, record)
    open_conflicts = open_conflicts_of(session, found.round_, found.department, record)
    texts = {code: entry_text(answer) for code, answer in answers.items()}
    entries = []  # kept with one INSERT of many rows, not an ORM object each
    for code, answer in answers.items():
        target = targets[code]
        entries.append((record.id, code, target.measure_id, texts[code]))
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
    kind.write_merged(session, list(targets.values()), now)
    insert_rows(session, ReturnEntry, ("return_id", "code", "measure_id", "values"), entries)
    return texts
