"""The rounds' texts for the cabinet report (introduction, assessment) as segments to translate:
the German version of each round not closed yet (a closed round's report is frozen with it) with
its Polish or Czech version and state."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.free_text.texts import ROUND, Segment, needs_update
from app.models import Round, RoundStatus, RoundText, TextLang, TextPart, TextState
from app.models import TranslationState as State
from app.operations.context import Actor
from app.rounds import editorial
from app.rounds.lookup import find_round

_STATES = {TextState.PROPOSAL: State.PROPOSAL, TextState.REVIEWED: State.TRANSLATED}
_PARTS = (TextPart.INTRO, TextPart.ASSESSMENT)


def segments(session: Session, lang: str) -> list[Segment]:
    """Every open or draft round's German texts with their ``lang`` version and state."""
    rows = session.execute(
        select(Round.name, RoundText)
        .join(RoundText, RoundText.round_id == Round.id)
        .where(Round.status != RoundStatus.CLOSED, RoundText.lang.in_(("de", lang)))
        .order_by(Round.created_at, Round.id)
    )
    by_round: dict[str, dict[tuple[TextPart, TextLang], RoundText]] = {}
    for name, row in rows:
        by_round.setdefault(name, {})[(row.part, row.lang)] = row
    found = []
    for name, texts in by_round.items():
        for part in _PARTS:
            german = texts.get((part, TextLang.DE))
            if german is None or not german.text.strip():
                continue
            own = texts.get((part, TextLang(lang)))
            made_from = own.source_de if own is not None else None
            if own is None:
                state = State.MISSING
            elif needs_update(own.text, made_from, german.text):
                state = State.NEEDS_UPDATE
            else:
                state = _STATES[own.state]
            found.append(
                Segment(
                    code=ROUND + name,
                    field=part.value,
                    lang=lang,
                    source=german.text,
                    text=own.text if own is not None else None,
                    state=state,
                    previous_source=made_from if state == State.NEEDS_UPDATE else None,
                )
            )
    return found


def store(session: Session, actor: Actor, segment: Segment, text: str, state: State) -> None:
    """Write ``text`` as ``segment``'s translation with ``state``, made from its German text
    (written and audited as the round texts' own changes are: :func:`editorial.write_version`)."""
    kept = TextState.REVIEWED if state == State.TRANSLATED else TextState.PROPOSAL
    editorial.write_version(
        session,
        actor,
        find_round(session, segment.code.removeprefix(ROUND)),
        part=segment.field,
        lang=segment.lang,
        text=text,
        state=kept,
        made_from=segment.source,
    )
