"""The secretariat's own texts on a round: an introduction and an assessment that the cabinet
report prints, written in German, with Polish and Czech versions, each version with its state
(missing, proposal, reviewed). Every change is audited.

A closed round's texts are part of its snapshot (the close freezes the whole register), so its
report keeps its bytes: they can only be changed while the round is open (or a draft); a closed
round is reopened for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Round, RoundStatus, RoundText, TextLang, TextPart, TextState
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds.lookup import find_round

MAX_TEXT = 20_000
NEEDS_UPDATE = "needs_update"
PARTS = {TextPart.INTRO.value: N_("Introduction"), TextPart.ASSESSMENT.value: N_("Assessment")}
"""The texts a round has, in the order a report prints them, with their labels."""
STATES = {
    "missing": N_("missing"),
    TextState.PROPOSAL.value: N_("proposal"),
    TextState.REVIEWED.value: N_("reviewed"),
    NEEDS_UPDATE: N_("needs update"),
}
"""A language version's states, with their labels ("missing": not written yet; "needs update":
a translation whose German text changed since it was made)."""


@dataclass(frozen=True)
class TextVersion:
    text: str
    state: str  # a key of STATES
    updated_at: str | None = None
    updated_by: str | None = None


MISSING = TextVersion("", "missing")


def versions(session: Session, round_: Round) -> dict[tuple[str, str], TextVersion]:
    """(part, lang) → the version written of ``round_``'s texts (those not written: absent)."""
    rows = list(session.scalars(select(RoundText).where(RoundText.round_id == round_.id)))
    german = {row.part: row.text for row in rows if row.lang == TextLang.DE}
    return {
        (row.part.value, row.lang.value): TextVersion(
            row.text, state_of(row, german.get(row.part)), row.updated_at, row.updated_by
        )
        for row in rows
    }


def state_of(row: RoundText, german: str | None) -> str:
    """A version's state: "needs update" for a translation made from another German text."""
    if row.lang != TextLang.DE and row.source_de is not None and row.source_de != german:
        return NEEDS_UPDATE
    return row.state.value


def round_texts(session: Session, name: str) -> dict[tuple[str, str], TextVersion]:
    """Every (part, lang) of the round ``name``'s texts, :data:`MISSING` where not written."""
    found = versions(session, find_round(session, name))
    return {
        (part, lang.value): found.get((part, lang.value), MISSING)
        for part in PARTS
        for lang in TextLang
    }


def _checked(part: str, lang: str, text: str, state: str | None) -> tuple[str, TextState]:
    if part not in PARTS:
        raise InvalidInput(
            Message(
                N_("There is no round text “{part}”; there are: {parts}."),
                part=part,
                parts=", ".join(PARTS),
            )
        )
    if lang not in TextLang.__members__.values():
        raise InvalidInput(
            Message(N_("A round text is written in de, pl or cs, not in “{lang}”."), lang=lang)
        )
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            Message(
                N_("The text is {n} characters long; a round text can have at most {limit}."),
                n=len(text),
                limit=MAX_TEXT,
            )
        )
    if state is None:
        return text, TextState.REVIEWED if lang == TextLang.DE else TextState.PROPOSAL
    if state not in (TextState.PROPOSAL, TextState.REVIEWED):
        raise InvalidInput(
            Message(N_("A text's state is “proposal” or “reviewed”, not “{state}”."), state=state)
        )
    return text, TextState(state)


def normalized(text: str) -> str:
    """The text as it is kept: line ends as ``\\n``, no blank lines at its start or end, no
    white space at the ends of lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def set_text(
    session: Session,
    actor: Actor,
    name: str,
    *,
    part: str,
    lang: str,
    text: str,
    state: str | None = None,
) -> TextVersion:
    """Write the ``lang`` version of the round ``name``'s ``part`` (an empty text removes it:
    the version is missing again). Without ``state``, German is reviewed and a translation a
    proposal. Refused for a closed round: its report is frozen with its snapshot."""
    kept, checked_state = _checked(part, lang, normalized(text), state)
    with transaction(session):
        round_ = find_round(session, name)
        if round_.status == RoundStatus.CLOSED:
            raise InvalidInput(
                Message(
                    N_(
                        "The round “{name}” is closed: its report is frozen with it, texts "
                        "included. Reopen it (imag round reopen) to change its texts."
                    ),
                    name=round_.name,
                )
            )
        german = session.get(RoundText, (round_.id, TextPart(part), TextLang.DE))
        made_from = german.text if german is not None and lang != TextLang.DE else None
        return write_version(
            session,
            actor,
            round_,
            part=part,
            lang=lang,
            text=kept,
            state=checked_state,
            made_from=made_from,
        )


def write_version(
    session: Session,
    actor: Actor,
    round_: Round,
    *,
    part: str,
    lang: str,
    text: str,
    state: TextState,
    made_from: str | None,
) -> TextVersion:
    """Keep ``text`` as the ``lang`` version of ``round_``'s ``part`` with ``state``, made
    from the German text ``made_from`` (an empty text removes the version), and audit the
    change: the one place a round's text is written (by :func:`set_text`, and by the
    translation view through :func:`app.free_text.round_texts.store`). Inside the caller's
    transaction; the caller has checked the text."""
    row = session.get(RoundText, (round_.id, TextPart(part), TextLang(lang)))
    old = {"text": row.text, "state": row.state.value} if row is not None else None
    now = audit.now_iso()
    if not text:
        if row is not None:
            session.delete(row)
        result = MISSING
        new = None
    else:
        if row is None:
            row = RoundText(round_id=round_.id, part=TextPart(part), lang=TextLang(lang))
            session.add(row)
        row.text, row.state, row.source_de = text, state, made_from
        row.updated_at, row.updated_by = now, actor.name
        result = TextVersion(text, state.value, now, actor.name)
        new = {"text": text, "state": state.value}
    if old != new:
        audit.log(
            session,
            actor,
            action="text",
            entity="round",
            code=round_.name,
            field=f"{part}:{lang}",
            old=old,
            new=new,
            at=now,
        )
    return result
