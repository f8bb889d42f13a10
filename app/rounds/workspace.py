"""The department's side of a round: open the round package, answer, export the return.

Opening a package checks it (shape, hashes, the secretariat's signature: the key is remembered
the first time a package from that secretariat is opened, and a package signed with another
key is refused) and keeps its content in the workspace tables of this laptop's register.
Opening the same package again changes nothing; a newer package for the same round replaces
the round's data and keeps every answer typed so far.

Answers are saved as they are typed (:func:`save_draft` keeps even an answer that is not valid
yet, e.g. "dropped" before the reason is written); :func:`item_states` says which ones are still
missing or incomplete, and :func:`export_return` refuses while any answer is not valid.
"""

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
from app.errors import InvalidInput, NotFound, PackageRefused
from app.exchange import container, payloads
from app.fileio import write_atomically
from app.i18n import N_, NP_, Message
from app.models import (
    Round,
    TrustedIssuer,
    WorkspaceAnswer,
    WorkspaceExport,
    WorkspaceProposal,
    WorkspaceRound,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.partnerships import answers as assessment
from app.rounds import values
from app.rounds.secretariat import RETURN_SUFFIX, _slug

MAX_PROPOSAL_TITLE = 2_000


@dataclass(frozen=True)
class Opened:
    round_name: str
    department: str
    items: int
    state: str  # "new", "updated", "unchanged"
    fingerprint: str
    message: Message


def _refused(name: str, reason: str, **params: Any) -> PackageRefused:
    return PackageRefused(
        Message(
            N_("The package {file} was refused: {reason}. Nothing was changed."),
            file=name,
            reason=Message(reason, **params),
        )
    )


def open_package(session: Session, actor: Actor, path: Path) -> Opened:
    """Check the round package at ``path`` and create or update its workspace."""
    package = container.read(path)
    name = package.name
    manifest = package.manifest
    if package.kind != "round":
        raise _refused(name, N_("it is a return; import it on the secretariat's side"))
    signer_key = container.unb64(manifest.get("signer_key"), name)
    package.verify_signature(signer_key)
    raw = package.content()
    content = payloads.check(raw, payloads.round_spec(raw), name)
    partnership_round = content["round"]["kind"] == "partnerships"
    if (
        content["round"]["uid"] != manifest["round_uid"]
        or content["department"]["code"] != manifest["department"]
        or content["issuer"]["register_uid"] != manifest["register_uid"]
    ):
        raise _refused(name, N_("its manifest and its content disagree"))
    return_key = container.unb64(content["return_key"], name)
    recipient_key = container.unb64(content["recipient_key"], name)
    if len(return_key) != 32 or len(recipient_key) != 32:
        raise _refused(name, N_("it holds a malformed key"))
    if partnership_round:
        _check_partnership_items(content, name)
    for item in [] if partnership_round else content["items"]:
        try:
            values.normalized_answer(values.answer_from_issued(item["values"]), item["values"])
        except InvalidInput as exc:
            # issued values break the rules only if the secretariat's register is inconsistent;
            # a dropped measure without a reason is the one case we tolerate (it came that way)
            if item["values"]["status"] != "dropped":
                raise _refused(
                    name,
                    N_("its values for {code} are not valid: {problem}"),
                    code=item["code"],
                    problem=exc.message,
                ) from None
    fingerprint = container.fingerprint(signer_key)
    with transaction(session):
        if session.scalar(select(Round.id).where(Round.uid == manifest["round_uid"])) is not None:
            raise _refused(
                name,
                N_("this register issued it; open it on the department's computer"),
            )
        issuer = session.get(TrustedIssuer, manifest["register_uid"])
        now = audit.now_iso()
        if issuer is None:
            session.add(
                TrustedIssuer(
                    register_uid=manifest["register_uid"], public_key=signer_key, first_seen=now
                )
            )
        elif issuer.public_key != signer_key:
            raise _refused(
                name,
                N_(
                    "it is signed with another key than the earlier packages from this "
                    "secretariat (fingerprint {fingerprint}); ask the secretariat"
                ),
                fingerprint=fingerprint,
            )
        existing = session.scalar(
            select(WorkspaceRound).where(WorkspaceRound.round_uid == manifest["round_uid"])
        )
        round_info = content["round"]
        department = content["department"]["code"]
        state = "new"
        if existing is not None:
            if existing.package_uid == manifest["package_uid"]:
                state = "unchanged"
            elif existing.department != department:
                raise _refused(
                    name,
                    N_(
                        "this workspace answers the round for {department}; the package is "
                        "for {other}"
                    ),
                    department=existing.department,
                    other=department,
                )
            elif str(manifest["created_at"]) < existing.issued_at:
                raise _refused(name, N_("a newer package for this round was opened already"))
            else:
                state = "updated"
        if state != "unchanged":
            target = existing or WorkspaceRound(round_uid=manifest["round_uid"], last_sequence=0)
            target.package_uid = manifest["package_uid"]
            target.issued_at = str(manifest["created_at"])
            target.issuer_uid = manifest["register_uid"]
            target.name = round_info["name"]
            target.kind = round_info["kind"]
            target.department = department
            target.deadline = round_info["deadline"]
            target.payload = json.dumps(content, ensure_ascii=False, sort_keys=True)
            target.return_key = return_key
            target.recipient_key = recipient_key
            target.opened_at = now
            session.add(target)
            audit.log(
                session,
                actor,
                action="open" if state == "new" else "update",
                entity="workspace",
                code=round_info["name"],
                new={"package": manifest["package_uid"], "department": department},
                at=now,
            )
    messages = {
        "new": N_("Round “{round}” opened for {department}. Measures to report on: {items}."),
        "new-partnerships": N_(
            "Round “{round}” opened for {department}. Partnerships to assess: {items}."
        ),
        "updated": N_(
            "Round “{round}” updated for {department}; your answers are kept. Measures to "
            "report on: {items}."
        ),
        "unchanged": N_("Round “{round}” for {department} was already open; nothing changed."),
    }
    return Opened(
        round_name=round_info["name"],
        department=department,
        items=len(content["items"]),
        state=state,
        fingerprint=fingerprint,
        message=Message(
            messages["new-partnerships"]
            if partnership_round and state == "new"
            else messages[state],
            round=round_info["name"],
            department=department,
            items=len(content["items"]),
        ),
    )


def _check_partnership_items(content: dict[str, Any], name: str) -> None:
    document = content["criteria"]
    scale = document["scale"]
    codes = [c["code"] for c in document["criteria"]]
    if not document["criteria"] or len(set(codes)) != len(codes) or scale["min"] >= scale["max"]:
        raise _refused(name, N_("its criteria are malformed"))
    for item in content["items"]:
        try:
            assessment.normalized(item["values"], document["criteria"], scale)
        except InvalidInput as exc:
            raise _refused(
                name,
                N_("its values for {code} are not valid: {problem}"),
                code=item["code"],
                problem=exc.message,
            ) from None


def is_partnership_round(ws_round: WorkspaceRound) -> bool:
    return ws_round.kind == "partnerships"


def criteria(ws_round: WorkspaceRound) -> dict[str, Any]:
    """A partnership round's criteria and scale, as the package carried them."""
    return dict(content(ws_round)["criteria"])


# -- reading the workspace --------------------------------------------------------------------


def rounds(session: Session) -> list[WorkspaceRound]:
    return list(session.scalars(select(WorkspaceRound).order_by(WorkspaceRound.opened_at)))


def find(session: Session, name: str | None) -> WorkspaceRound:
    """The workspace round called ``name``; without a name, the only one there is."""
    available = rounds(session)
    if name is None:
        if len(available) == 1:
            return available[0]
        if not available:
            raise NotFound(
                Message(N_("No round package has been opened here yet (imag package open FILE)."))
            )
        raise InvalidInput(
            Message(
                N_("Several rounds are open here; choose one with --round: {names}."),
                names=", ".join(r.name for r in available),
            )
        )
    for candidate in available:
        if name.strip() in (candidate.name, candidate.round_uid):
            return candidate
    raise NotFound(
        Message(
            N_("No round “{name}” has been opened here; open here: {names}."),
            name=name,
            names=", ".join(r.name for r in available) or "–",
        )
    )


def content(ws_round: WorkspaceRound) -> dict[str, Any]:
    return dict(json.loads(ws_round.payload))


def items(ws_round: WorkspaceRound) -> list[dict[str, Any]]:
    return list(content(ws_round)["items"])


def _item(ws_round: WorkspaceRound, code: str) -> dict[str, Any]:
    for item in items(ws_round):
        if item["code"] == code:
            return item
    raise NotFound(
        Message(
            N_("The partnership {code} is not in the round “{round}” for {department}.")
            if is_partnership_round(ws_round)
            else N_("The measure {code} is not in the round “{round}” for {department}."),
            code=code,
            round=ws_round.name,
            department=ws_round.department,
        )
    )


def answers(session: Session, ws_round: WorkspaceRound) -> dict[str, dict[str, Any]]:
    return {
        answer.code: json.loads(answer.values)
        for answer in session.scalars(
            select(WorkspaceAnswer).where(WorkspaceAnswer.round_id == ws_round.id)
        )
    }


@dataclass(frozen=True)
class ItemState:
    code: str
    state: str  # "missing", "incomplete", "answered"
    problem: Message | None


def item_states(session: Session, ws_round: WorkspaceRound) -> list[ItemState]:
    given = answers(session, ws_round)
    result = []
    document = criteria(ws_round) if is_partnership_round(ws_round) else None
    for item in items(ws_round):
        answer = given.get(item["code"])
        if answer is None:
            result.append(ItemState(item["code"], "missing", None))
            continue
        if document is not None:
            try:
                problem = assessment.problem(
                    assessment.normalized(answer, document["criteria"], document["scale"]),
                    document["criteria"],
                )
            except InvalidInput as exc:
                problem = exc.message
            result.append(ItemState(item["code"], "incomplete" if problem else "answered", problem))
            continue
        try:
            values.normalized_answer(answer, item["values"])
        except InvalidInput as exc:
            result.append(ItemState(item["code"], "incomplete", exc.message))
        else:
            result.append(ItemState(item["code"], "answered", None))
    return result


def current_answer(session: Session, ws_round: WorkspaceRound, code: str) -> dict[str, Any]:
    """The answer so far, or the issued values if nothing was typed yet."""
    item = _item(ws_round, code)
    stored = answers(session, ws_round).get(code)
    if is_partnership_round(ws_round):
        return stored if stored is not None else dict(item["values"])
    return stored if stored is not None else values.answer_from_issued(item["values"])


def assess(
    session: Session,
    ws_round: WorkspaceRound,
    code: str,
    *,
    scores: dict[str, tuple[int | None, str | None]] | None = None,
    recommendation: tuple[str | None, str | None] | None = None,
) -> dict[str, Any]:
    """Change a partnership's assessment: ``scores`` per criterion (score, comment),
    ``recommendation`` (choice, comment). The result may be incomplete (saved as a draft) but
    every value given must be valid, else :class:`InvalidInput` and nothing is stored."""
    if not is_partnership_round(ws_round):
        raise InvalidInput(
            Message(N_("The round “{round}” is not a partnership round."), round=ws_round.name)
        )
    _item(ws_round, code)
    document = criteria(ws_round)
    answer = assessment.normalized(
        current_answer(session, ws_round, code), document["criteria"], document["scale"]
    )
    for criterion, (score, comment) in (scores or {}).items():
        answer["scores"][criterion] = {"score": score, "comment": comment}
    if recommendation is not None:
        answer["recommendation"] = {"choice": recommendation[0], "comment": recommendation[1]}
    normalized = assessment.normalized(answer, document["criteria"], document["scale"])
    _store_answer(session, ws_round, code, normalized)
    return normalized


def _store_answer(
    session: Session, ws_round: WorkspaceRound, code: str, answer: dict[str, Any]
) -> None:
    with transaction(session):
        stored = session.get(WorkspaceAnswer, (ws_round.id, code))
        encoded = json.dumps(answer, ensure_ascii=False, sort_keys=True)
        if stored is None:
            session.add(
                WorkspaceAnswer(
                    round_id=ws_round.id, code=code, values=encoded, updated_at=audit.now_iso()
                )
            )
        elif stored.values != encoded:
            stored.values = encoded
            stored.updated_at = audit.now_iso()


# -- answering --------------------------------------------------------------------------------


def save_draft(
    session: Session, ws_round: WorkspaceRound, code: str, answer: dict[str, Any]
) -> None:
    """Keep ``answer`` as typed (it may not be valid yet); only its shape is checked."""
    item = _item(ws_round, code)
    keep = {
        key: answer.get(key)
        for key in ("status", "status_reason", "traffic_light", "progress", "comment", "next_steps")
    }
    keep["indicators"] = (
        answer.get("indicators") or values.answer_from_issued(item["values"])["indicators"]
    )
    for key in ("status_reason", "comment", "next_steps"):
        text = keep[key]
        if text is not None and (not isinstance(text, str) or len(text) > values.MAX_TEXT):
            raise InvalidInput(
                Message(
                    N_("{field} must be a text."),
                    field=Message(values.UNIT_LABELS.get(key, N_("Reason"))),
                )
            )
    _store_answer(session, ws_round, code, keep)


def set_answer(
    session: Session, ws_round: WorkspaceRound, code: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change some values of an answer (the rest stay as answered or issued); the result must
    be valid, else :class:`InvalidInput` and nothing is stored."""
    item = _item(ws_round, code)
    answer = dict(current_answer(session, ws_round, code))
    indicator_changes = changes.pop("indicators", None)
    answer.update(changes)
    if indicator_changes:
        by_id = {entry["id"]: dict(entry) for entry in answer["indicators"]}
        for entry in indicator_changes:
            by_id.setdefault(entry["id"], {"id": entry["id"]}).update(entry)
        answer["indicators"] = list(by_id.values())
    normalized = values.normalized_answer(answer, item["values"])
    save_draft(session, ws_round, code, normalized)
    return normalized


def clear_answer(session: Session, ws_round: WorkspaceRound, code: str) -> None:
    with transaction(session):
        stored = session.get(WorkspaceAnswer, (ws_round.id, code))
        if stored is not None:
            session.delete(stored)


def proposals(session: Session, ws_round: WorkspaceRound) -> list[WorkspaceProposal]:
    return list(
        session.scalars(
            select(WorkspaceProposal)
            .where(WorkspaceProposal.round_id == ws_round.id)
            .order_by(WorkspaceProposal.id)
        )
    )


def add_proposal(
    session: Session,
    ws_round: WorkspaceRound,
    *,
    instrument: str,
    title_de: str,
    description_de: str | None = None,
    rationale: str | None = None,
) -> int:
    numerals = [entry["numeral"] for entry in content(ws_round)["instruments"]]
    if instrument.strip().upper() not in numerals:
        raise InvalidInput(
            Message(
                N_("There is no instrument {code}; known: {known}."),
                code=instrument,
                known=", ".join(numerals),
            )
        )
    title = (title_de or "").strip()
    if not title:
        raise InvalidInput(Message(N_("A measure needs a German title.")))
    record = {
        "instrument": instrument.strip().upper(),
        "title_de": title[:MAX_PROPOSAL_TITLE],
        "description_de": values.clean_text(description_de, N_("Description")),
        "rationale": values.clean_text(rationale, N_("Rationale")),
    }
    with transaction(session):
        proposal = WorkspaceProposal(
            round_id=ws_round.id,
            values=json.dumps(record, ensure_ascii=False, sort_keys=True),
            updated_at=audit.now_iso(),
        )
        session.add(proposal)
        session.flush()
        return proposal.id


def remove_proposal(session: Session, ws_round: WorkspaceRound, proposal_id: int) -> None:
    with transaction(session):
        proposal = session.get(WorkspaceProposal, proposal_id)
        if proposal is None or proposal.round_id != ws_round.id:
            raise NotFound(Message(N_("There is no proposal {number}."), number=proposal_id))
        session.delete(proposal)


# -- exporting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    path: Path
    sequence: int
    answers: int
    missing: int
    encrypted: bool
    message: Message


def default_file_name(ws_round: WorkspaceRound) -> str:
    return f"{_slug(ws_round.name)}_{ws_round.department}{RETURN_SUFFIX}"


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
    issued = {item["code"]: item for item in items(ws_round)}
    if is_partnership_round(ws_round):
        document = criteria(ws_round)
        answer_list = [
            assessment.to_wire(
                code,
                assessment.normalized(given[code], document["criteria"], document["scale"]),
            )
            for code in issued
            if code in given
        ]
    else:
        answer_list = [
            {"code": code, **values.normalized_answer(given[code], issued[code]["values"])}
            for code in issued
            if code in given
        ]
    proposal_list = [json.loads(p.values) for p in proposals(session, ws_round)]
    if not answer_list and not proposal_list:
        raise InvalidInput(
            Message(N_("There is nothing to export yet: no partnership is assessed."))
            if is_partnership_round(ws_round)
            else Message(N_("There is nothing to export yet: no measure has an answer."))
        )
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
        data = container.package_bytes(
            manifest,
            {"author": actor.name, "answers": answer_list, "proposals": proposal_list},
            authenticate=container.mac(stored.return_key),
            authentication=container.MACED,
            recipient=stored.recipient_key if encrypt else None,
        )
        write_atomically(target, lambda temporary: temporary.write_bytes(data))
        stored.last_sequence = sequence
        session.add(
            WorkspaceExport(
                round_id=stored.id,
                sequence=sequence,
                return_uid=return_uid,
                exported_at=now,
                file_name=target.name,
                sha256=hashlib.sha256(data).hexdigest(),
                encrypted=encrypt,
                answers=len(answer_list),
            )
        )
        audit.log(
            session,
            actor,
            action="export",
            entity="workspace",
            code=stored.name,
            new={"return": return_uid, "sequence": sequence, "answers": len(answer_list)},
            at=now,
        )
    missing = sum(1 for state in states if state.state == "missing")
    return Exported(
        path=target,
        sequence=sequence,
        answers=len(answer_list),
        missing=missing,
        encrypted=encrypt,
        message=Message(
            N_(
                "Return written to {path}: version {sequence}, {encryption}. Partnerships "
                "assessed: {answers}; not assessed: {missing}."
            )
            if is_partnership_round(ws_round)
            else N_(
                "Return written to {path}: version {sequence}, {encryption}. Answers: "
                "{answers}; measures without an answer: {missing}."
            ),
            path=target,
            sequence=sequence,
            answers=len(answer_list),
            missing=missing,
            encryption=Message(
                N_("encrypted for the secretariat") if encrypt else N_("not encrypted")
            ),
        ),
    )


def exports(session: Session, ws_round: WorkspaceRound) -> list[WorkspaceExport]:
    return list(
        session.scalars(
            select(WorkspaceExport)
            .where(WorkspaceExport.round_id == ws_round.id)
            .order_by(WorkspaceExport.sequence)
        )
    )
