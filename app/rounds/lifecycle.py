"""A round's lifecycle on the secretariat's side, the same for every kind of round: create it
(its kind sets up its scope), issue one package per department (its kind fills it), close it
(and freeze its snapshot).

Every function that writes takes a session without an open transaction and runs its whole
change in one transaction. Refusals raise :class:`~app.errors.UserError` subclasses with a
translatable message that names the reason.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotWritable
from app.exchange import container
from app.fileio import os_reason, write_atomically
from app.i18n import N_, NP_, Message
from app.models import (
    AuditEvent,
    Conflict,
    ConflictState,
    Department,
    Instrument,
    IssuedItem,
    IssuedPackage,
    Round,
    RoundDepartment,
    RoundSnapshot,
    RoundStatus,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import keys, snapshot
from app.rounds.kinds import kind_of
from app.rounds.kinds.base import Package, RoundInput, names_of
from app.rounds.lookup import ROUND_SUFFIX, find_round, slug
from app.rounds.taken import latest_version
from app.storage.integrity import chain_head
from app.storage.server import serialize_rounds

MAX_NAME = 120


@dataclass(frozen=True)
class Issued:
    department: str
    path: Path
    items: int


def _validate(data: RoundInput) -> None:
    name = data.name.strip()
    if not name:
        raise InvalidInput(Message(N_("A round needs a name.")))
    if len(name) > MAX_NAME or any(ord(char) < 32 for char in name):
        raise InvalidInput(
            Message(
                N_("A round's name must be one line of at most {limit} characters."),
                limit=MAX_NAME,
            )
        )
    if data.period_start and data.period_end and data.period_end < data.period_start:
        raise InvalidInput(
            Message(
                N_("The reporting period ends ({end}) before it starts ({start})."),
                end=data.period_end,
                start=data.period_start,
            )
        )


def create_round(session: Session, actor: Actor, data: RoundInput) -> Round:
    """A new round in draft, its scope set up by its kind (a measure round's departments
    default to those leading a measure in scope)."""
    _validate(data)
    kind = kind_of(data.kind)
    with transaction(session):
        name = data.name.strip()
        if session.scalar(select(Round.id).where(Round.name == name)) is not None:
            raise InvalidInput(Message(N_("There is already a round called “{name}”."), name=name))
        numerals = kind.instruments(session, data)
        now = audit.now_iso()
        round_ = Round(
            uid=str(uuid.uuid4()),
            name=name,
            kind=data.kind,
            status=RoundStatus.DRAFT,
            period_start=data.period_start,
            period_end=data.period_end,
            deadline=data.deadline,
            note=(data.note or "").strip() or None,
            instruments=json.dumps(numerals) if numerals else None,
            created_at=now,
            created_by=actor.name,
        )
        session.add(round_)
        session.flush()
        chosen = kind.set_up(session, round_, data)
        round_.departments = [RoundDepartment(department=department) for department in chosen]
        if not round_.departments:
            raise InvalidInput(
                Message(
                    N_(
                        "No department leads a measure in this round's scope; name the "
                        "departments with --departments or assign lead departments first."
                    )
                )
            )
        audit.log(
            session,
            actor,
            action="create",
            entity="round",
            code=name,
            new={
                "kind": data.kind.value,
                "deadline": data.deadline.isoformat(),
                "departments": [link.department.code for link in round_.departments],
                "instruments": numerals,
            },
            at=now,
        )
    return round_


# -- issuing ----------------------------------------------------------------------------------


def issue(
    session: Session,
    actor: Actor,
    name: str,
    out_dir: Path,
    *,
    departments: tuple[str, ...] = (),
) -> list[Issued]:
    """Write one round package per department into ``out_dir`` (all or none) and open the
    round. A department issued again gets a new package; returns to the old one still count."""
    written: list[Path] = []
    try:
        with transaction(session):
            serialize_rounds(session)
            round_ = find_round(session, name)
            if round_.status == RoundStatus.CLOSED:
                raise InvalidInput(
                    Message(N_("The round “{name}” is closed; nothing can be issued."), name=name)
                )
            scope = [link.department for link in round_.departments]
            if departments:
                wanted = {code.strip().upper() for code in departments}
                unknown = wanted - {department.code for department in scope}
                if unknown:
                    raise InvalidInput(
                        Message(
                            N_("{codes} is not in the round's scope (in scope: {scope})."),
                            codes=", ".join(sorted(unknown)),
                            scope=", ".join(department.code for department in scope),
                        )
                    )
                scope = [department for department in scope if department.code in wanted]
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NotWritable(
                    Message(N_("Cannot write {path}: {error}"), path=out_dir, error=os_reason(exc))
                ) from None
            signing = keys.signing_key(session)
            register_uid = keys.register_uid(session)
            secret = keys.round_secret(session, round_)
            announced: dict[str, list[Any]] = {
                "signer_rotations": keys.rotations(session),
                "revoked_keys": keys.revoked(session),
            }
            now = audit.now_iso()
            if round_.status == RoundStatus.DRAFT:
                round_.status = RoundStatus.OPEN
                round_.opened_at = now
                audit.log(session, actor, action="open", entity="round", code=round_.name, at=now)
            instruments = [
                {"numeral": instrument.numeral, **names_of(instrument, "title")}
                for instrument in session.scalars(select(Instrument).order_by(Instrument.position))
            ]
            package = kind_of(round_).packer(session, round_)
            return [
                _issue_one(
                    session,
                    actor,
                    round_=round_,
                    department=department,
                    package=package(department),
                    out_dir=out_dir,
                    keys_=_Keys(signing, secret, announced),
                    register_uid=register_uid,
                    instruments=instruments,
                    now=now,
                    written=written,
                )
                for department in scope
            ]
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class _Keys:
    """What signs a round's packages and what they announce about the register's keys."""

    signing: bytes
    secret: bytes
    announced: dict[str, list[Any]]


def _legacy_return_key(round_: Round, department: Department, keys_: _Keys) -> dict[str, str]:
    """A format-1 round's packages carry the key that MACs the department's returns; in
    format 2 the department signs them with its own key, and the package carries none."""
    if round_.format_version != 1:
        return {}
    return {"return_key": container.b64(keys.return_key(keys_.secret, department.code))}


def _issue_one(
    session: Session,
    actor: Actor,
    *,
    round_: Round,
    department: Department,
    package: Package,
    out_dir: Path,
    keys_: _Keys,
    register_uid: str,
    instruments: list[dict[str, Any]],
    now: str,
    written: list[Path],
) -> Issued:
    package_uid = str(uuid.uuid4())
    items = package.items
    payload = {
        "round": {
            "uid": round_.uid,
            "name": round_.name,
            "kind": round_.kind.value,
            "deadline": round_.deadline.isoformat(),
            "period_start": round_.period_start.isoformat() if round_.period_start else None,
            "period_end": round_.period_end.isoformat() if round_.period_end else None,
            "note": round_.note,
        },
        "department": {"code": department.code, **names_of(department, "name")},
        "issuer": {"register_uid": register_uid, "name": actor.name},
        **_legacy_return_key(round_, department, keys_),
        "recipient_key": container.b64(keys.encryption_public_key(keys_.secret)),
        "instruments": instruments,
        **package.extra,
        "items": items,
    }
    manifest = {
        "kind": "round",
        "package_uid": package_uid,
        "created_at": now,
        "register_uid": register_uid,
        "round_uid": round_.uid,
        "round_name": round_.name,
        "department": department.code,
        "signer_key": container.b64(container.public_signing_key(keys_.signing)),
        **keys_.announced,
        # where the department's numbering of its returns goes on (on a new laptop too)
        "next_sequence": (latest_version(session, round_, department) or 0) + 1,
        **_chain_head(session),
    }
    data = container.package_bytes(
        manifest,
        payload,
        authenticate=container.signer(keys_.signing),
        authentication=container.SIGNED,
        format_version=round_.format_version,
    )
    target = out_dir / f"{slug(round_.name)}_{department.code}{ROUND_SUFFIX}"
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    written.append(target)
    record = IssuedPackage(
        uid=package_uid,
        round_id=round_.id,
        department_id=department.id,
        issued_at=now,
        issued_by=actor.name,
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=target.name,
        folder=str(out_dir.resolve()),
    )
    _record_package(session, record, package.issued)
    audit.log(
        session,
        actor,
        action="issue",
        entity="round",
        code=round_.name,
        new={"department": department.code, "package": package_uid, "items": len(items)},
        at=now,
    )
    return Issued(department=department.code, path=target, items=len(items))


def _record_package(session: Session, record: IssuedPackage, issued: list[IssuedItem]) -> None:
    """Keep the issued package with its items (one Core INSERT of many rows, not an object
    each)."""
    session.add(record)
    session.flush()  # its id, for its items
    if issued:
        session.execute(
            insert(IssuedItem),
            [
                {
                    "package_id": record.id,
                    "position": item.position,
                    "code": item.code,
                    "measure_id": item.measure_id,
                    "revision": item.revision,
                    "values": item.values,
                }
                for item in issued
            ],
        )


# -- closing ----------------------------------------------------------------------------------


def _chain_head(session: Session) -> dict[str, str]:
    """The register's audit chain head as a package records it (app.storage.integrity)."""
    session.flush()
    head = chain_head(session.connection())
    return {} if head is None else {"register_chain_head": f"{head[0]}:{head[1]}"}


def close_round(session: Session, actor: Actor, name: str) -> Round:
    """Close an open round (refused while conflicts are open) and freeze its snapshot, in one
    transaction: a crash leaves the round open, or closed with its snapshot."""
    with transaction(session):
        serialize_rounds(session)
        round_ = find_round(session, name)
        if round_.status == RoundStatus.DRAFT:
            raise InvalidInput(
                Message(
                    N_("The round “{name}” was never issued; there is nothing to close."), name=name
                )
            )
        already = round_.status == RoundStatus.CLOSED
        has_snapshot = session.get(RoundSnapshot, round_.id) is not None
        if already and has_snapshot:
            raise InvalidInput(Message(N_("The round “{name}” is already closed."), name=name))
        if not already:
            _refuse_open_conflicts(session, round_)
            audit_before = session.scalar(select(func.max(AuditEvent.id))) or 0
            now = audit.now_iso()
            round_.status = RoundStatus.CLOSED
            round_.closed_at = now
            audit.log(session, actor, action="close", entity="round", code=round_.name, at=now)
            session.flush()
            carry = snapshot.carried(session, round_, audit_before)
        else:  # closed by an earlier version without its snapshot: frozen as it is
            carry = {}
        if not has_snapshot:
            session.add(snapshot.build(session, round_, carry))
    return round_


def _refuse_open_conflicts(session: Session, round_: Round) -> None:
    count = session.scalar(
        select(func.count(Conflict.id)).where(
            Conflict.round_id == round_.id, Conflict.state == ConflictState.OPEN
        )
    )
    if count:
        raise InvalidInput(
            Message(
                *NP_(
                    "The round “{name}” still has {n} open conflict; resolve it first.",
                    "The round “{name}” still has {n} open conflicts; resolve them first.",
                ),
                n=count,
                name=round_.name,
            )
        )
