"""The department's side of a round, once its package is opened: the rounds opened here, their
items, the answers typed so far and their states, and answering (the same for every kind of
round; the round's kind checks and keeps an answer).

Answers are saved as they are typed (:func:`save_draft` keeps even an answer that is not valid
yet, e.g. "dropped" before the reason is written); :func:`item_states` says which ones are still
missing or incomplete.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import WorkspaceAnswer, WorkspaceProposal, WorkspaceRound
from app.operations import audit
from app.operations.context import transaction
from app.rounds import values
from app.rounds.kinds import kind_of

MAX_PROPOSAL_TITLE = 2_000


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


def criteria(ws_round: WorkspaceRound) -> dict[str, Any]:
    """A partnership round's criteria and scale, as the package carried them; refused for a
    round whose kind has none."""
    found = kind_of(ws_round).criteria(content(ws_round))
    if found is None:
        raise kind_of(ws_round).not_assessed(ws_round.name)
    return found


@lru_cache(maxsize=4)
def _split(payload: str) -> tuple[str, dict[str, str]]:
    """A round's payload parsed once (per text): the content without its items, and each item
    by code, both as JSON text so that every caller gets a fresh copy of what it asks for at the
    cost of that part alone (answering a package of 1,000 items stays linear)."""
    data = json.loads(payload)
    items = data.pop("items")
    return json.dumps(data), {entry["code"]: json.dumps(entry) for entry in items}


def _head(ws_round: WorkspaceRound) -> dict[str, Any]:
    """The round's content without its ``items`` (all that answering one item needs)."""
    return dict(json.loads(_split(ws_round.payload)[0]))


def item(ws_round: WorkspaceRound, code: str) -> dict[str, Any]:
    """The item ``code`` as the package carried it; :class:`NotFound` if it has none."""
    found = _split(ws_round.payload)[1].get(code)
    if found is not None:
        return dict(json.loads(found))
    raise NotFound(
        Message(
            kind_of(ws_round).not_in_workspace,
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
    kind = kind_of(ws_round)
    payload = content(ws_round)
    result = []
    for entry in payload["items"]:
        answer = given.get(entry["code"])
        if answer is None:
            result.append(ItemState(entry["code"], "missing", None))
            continue
        problem = kind.problem(payload, entry, answer)
        result.append(ItemState(entry["code"], "incomplete" if problem else "answered", problem))
    return result


def current_answer(session: Session, ws_round: WorkspaceRound, code: str) -> dict[str, Any]:
    """The answer so far, or the issued values if nothing was typed yet."""
    found = item(ws_round, code)
    stored = session.get(WorkspaceAnswer, (ws_round.id, code))
    if stored is not None:
        return dict(json.loads(stored.values))
    return kind_of(ws_round).default_answer(found)


# -- answering --------------------------------------------------------------------------------


def _store_answers(
    session: Session, ws_round: WorkspaceRound, answers: Mapping[str, dict[str, Any]]
) -> None:
    with transaction(session):
        for code, answer in answers.items():
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


def save_draft(
    session: Session, ws_round: WorkspaceRound, code: str, answer: dict[str, Any]
) -> None:
    """Keep ``answer`` as typed (it may not be valid yet); only its shape is checked."""
    save_drafts(session, ws_round, {code: answer})


def save_drafts(
    session: Session, ws_round: WorkspaceRound, answers: Mapping[str, dict[str, Any]]
) -> None:
    """Keep several answers (code → answer) in one transaction, all or none; only their shape
    is checked."""
    kind, payload = kind_of(ws_round), _head(ws_round)
    checked = {
        code: kind.draft(payload, item(ws_round, code), answer) for code, answer in answers.items()
    }
    _store_answers(session, ws_round, checked)


def set_answer(
    session: Session, ws_round: WorkspaceRound, code: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change some values of an answer (the rest stay as answered or issued); the result must
    be valid, else :class:`InvalidInput` and nothing is stored."""
    found = item(ws_round, code)
    normalized = kind_of(ws_round).changed(
        _head(ws_round), found, current_answer(session, ws_round, code), changes
    )
    save_draft(session, ws_round, code, normalized)
    return normalized


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
    if kind_of(ws_round).criteria(content(ws_round)) is None:
        raise kind_of(ws_round).not_assessed(ws_round.name)
    changes: dict[str, Any] = {
        "scores": {
            criterion: {"score": score, "comment": comment}
            for criterion, (score, comment) in (scores or {}).items()
        }
    }
    if recommendation is not None:
        changes["recommendation"] = {"choice": recommendation[0], "comment": recommendation[1]}
    return set_answer(session, ws_round, code, changes)


def clear_answer(session: Session, ws_round: WorkspaceRound, code: str) -> None:
    with transaction(session):
        stored = session.get(WorkspaceAnswer, (ws_round.id, code))
        if stored is not None:
            session.delete(stored)


# -- proposals for new measures ---------------------------------------------------------------


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
