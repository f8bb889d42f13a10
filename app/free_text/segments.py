"""The measures' free text to translate, one segment per measure, field and language, and the
core operations that change its Polish or Czech version (audited).

A segment's state: "missing" (no translation), "proposal" (not yet reviewed: proposed by the
translation memory or typed without marking it reviewed), "translated" (reviewed) and "needs
update" (the German changed after it was translated, which the kept German source shows
whichever way the German changed). Identical German texts are translated once: a translation
saved for one segment is proposed to every other segment of the same German text and language
that has none or an outdated one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.free_text import criteria_texts, round_texts
from app.free_text.names import FIELDS, LANGUAGES
from app.free_text.texts import (
    CRITERIA,
    USABLE,
    Edit,
    Segment,
    audit_translation,
    kind_of,
    place,
)
from app.free_text.texts import field_name as named_field
from app.i18n import N_, Message
from app.models import Measure, TextTranslation, TranslationState
from app.operations.audit import now_iso
from app.operations.context import Actor

__all__ = ["FIELDS", "LANGUAGES", "USABLE", "Edit", "Segment"]  # shared with its callers


def state_of(row: TextTranslation | None, source: str) -> TranslationState:
    if row is None:
        return TranslationState.MISSING
    if row.source_de != source:
        return TranslationState.NEEDS_UPDATE
    return row.state


def segments(
    session: Session, lang: str, states: Iterable[TranslationState] | None = None
) -> list[Segment]:
    """Every measure's non-empty free text in German with its ``lang`` version, by measure code
    and field, then the criteria sets' and the open rounds' texts; only those in ``states`` if
    given."""
    check_language(lang)
    wanted = set(states) if states is not None else None
    rows = {
        (row.measure_id, row.field): row
        for row in session.scalars(select(TextTranslation).where(TextTranslation.lang == lang))
    }
    measures = session.execute(
        select(Measure.id, Measure.code, *(getattr(Measure, field) for field in FIELDS))
        .where(Measure.archived.is_(False))
        .order_by(Measure.code)
    )
    found = []
    for measure_id, code, *texts in measures:
        for field, source in zip(FIELDS, texts, strict=True):
            if not source or not source.strip():
                continue
            row = rows.get((measure_id, field))
            state = state_of(row, source)
            if wanted is not None and state not in wanted:
                continue
            found.append(
                Segment(
                    code=code,
                    field=field,
                    lang=lang,
                    source=source,
                    text=row.text if row is not None else None,
                    state=state,
                    previous_source=row.source_de
                    if state == TranslationState.NEEDS_UPDATE and row is not None
                    else None,
                )
            )
    for segment in [*criteria_texts.segments(session, lang), *round_texts.segments(session, lang)]:
        if wanted is None or segment.state in wanted:
            found.append(segment)
    return found


def memory(session: Session, lang: str) -> dict[str, str]:
    """German text → its ``lang`` translation, from the segments whose translation is up to
    date (a reviewed one before a proposal)."""
    best: dict[str, tuple[int, str]] = {}
    for segment in segments(session, lang, USABLE):
        rank = 1 if segment.state == TranslationState.TRANSLATED else 0
        if segment.text and (segment.source not in best or best[segment.source][0] < rank):
            best[segment.source] = (rank, segment.text)
    return {source: text for source, (_rank, text) in best.items()}


def save(
    session: Session, actor: Actor, lang: str, edits: list[Edit], *, reviewed: bool
) -> list[Segment]:
    """Store ``edits`` as the ``lang`` translations (reviewed, or proposals), and propose each
    to the other segments of the same German text that lack an up-to-date one. Inside the
    caller's transaction; nothing is stored if one edit is refused. Returns the segments
    changed."""
    check_language(lang)
    current = {segment.key: segment for segment in segments(session, lang)}
    state = TranslationState.TRANSLATED if reviewed else TranslationState.PROPOSAL
    changed: dict[tuple[str, str], Segment] = {}
    for edit in edits:
        segment = _checked(current, edit)
        changed[segment.key] = _store(session, actor, segment, edit.text.strip(), state)
    for edit in edits:
        for other in current.values():
            if (
                other.source == edit.source
                and other.key not in changed
                and other.state in (TranslationState.MISSING, TranslationState.NEEDS_UPDATE)
            ):
                proposal = TranslationState.PROPOSAL
                changed[other.key] = _store(session, actor, other, edit.text.strip(), proposal)
    session.flush()
    return list(changed.values())


def mark_reviewed(
    session: Session, actor: Actor, lang: str, keys: list[tuple[str, str]]
) -> list[Segment]:
    """Mark the proposals ``keys`` (code, field) as reviewed; a key without an up-to-date
    translation is refused."""
    current = {segment.key: segment for segment in segments(session, lang)}
    edits = []
    for code, field in keys:
        segment = current.get((code, field))
        if segment is None or segment.text is None or segment.state not in USABLE:
            raise UserError(
                Message(
                    N_(
                        "{code} ({field}) has no up-to-date translation to mark as reviewed. "
                        "Nothing was changed."
                    ),
                    code=place(code),
                    field=named_field(code, field),
                )
            )
        edits.append(Edit(code, field, segment.text, segment.source))
    return save(session, actor, lang, edits, reviewed=True)


def _checked(current: dict[tuple[str, str], Segment], edit: Edit) -> Segment:
    segment = current.get((edit.code, edit.field))
    if segment is None:
        raise NotFound(
            Message(
                N_("{code} has no German text in the field {field} to translate."),
                code=place(edit.code),
                field=named_field(edit.code, edit.field),
            )
        )
    if segment.source != edit.source:
        raise UserError(
            Message(
                N_(
                    "The German text of {code} ({field}) was changed in the meantime; "
                    "translate the new text. Nothing was changed."
                ),
                code=place(edit.code),
                field=named_field(edit.code, edit.field),
            )
        )
    if not edit.text.strip():
        raise UserError(
            Message(
                N_("The translation of {code} ({field}) is empty. Nothing was changed."),
                code=place(edit.code),
                field=named_field(edit.code, edit.field),
            )
        )
    return segment


def _store(
    session: Session, actor: Actor, segment: Segment, text: str, state: TranslationState
) -> Segment:
    stored = Segment(segment.code, segment.field, segment.lang, segment.source, text, state, None)
    if not segment.measure:
        module = criteria_texts if segment.code.startswith(CRITERIA) else round_texts
        module.store(session, actor, segment, text, state)
        return stored
    measure_id = session.scalar(select(Measure.id).where(Measure.code == segment.code))
    row = session.scalar(
        select(TextTranslation).where(
            TextTranslation.measure_id == measure_id,
            TextTranslation.field == segment.field,
            TextTranslation.lang == segment.lang,
        )
    )
    if row is None:
        row = TextTranslation(measure_id=measure_id, field=segment.field, lang=segment.lang)
        session.add(row)
    at = now_iso()
    audit_translation(
        session, actor, segment, text, state, entity="measure", code=segment.code, at=at
    )
    row.text, row.state, row.source_de, row.updated_at = text, state, segment.source, at
    return stored


def check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UserError(
            Message(N_("“{value}” is not a language to translate into (pl or cs)."), value=lang)
        )


def usable(session: Session, lang: str) -> dict[tuple[str, str], Segment]:
    """(code, field) → segment, for the texts a ``lang`` report may show in ``lang``: an up-to-
    date translation, reviewed or proposed (the measures'; a report takes a round's texts from
    the round, and criteria from the set)."""
    if lang not in LANGUAGES:
        return {}
    return {segment.key: segment for segment in segments(session, lang, USABLE) if segment.measure}


def record_fields(session: Session) -> dict[str, dict[str, str | None]]:
    """For the JSON export: code → ``comment_pl``, ``comment_state_pl``, … of every measure
    with German free text (a field without German text has neither). The measures' segments
    of :func:`segments` in each language, read in two plain queries (an export or import of
    tens of thousands of measures reads them all)."""
    t = TextTranslation.__table__.c
    rows = {
        (measure_id, field, lang): (text, state, source)
        for measure_id, field, lang, text, state, source in session.execute(
            select(t.measure_id, t.field, t.lang, t.text, t.state, t.source_de)
        )
    }
    measures = [
        row
        for row in session.execute(
            select(Measure.id, Measure.code, *(getattr(Measure, field) for field in FIELDS))
            .where(Measure.archived.is_(False))
            .order_by(Measure.code)
        )
        if kind_of(row[1]) == "measure"
    ]
    found: dict[str, dict[str, str | None]] = {}
    for lang in LANGUAGES:
        names = [(field, f"{field}_{lang}", f"{field}_state_{lang}") for field in FIELDS]
        for measure_id, code, *texts in measures:
            for (field, name, state_name), source in zip(names, texts, strict=True):
                if not source or not source.strip():
                    continue
                row = rows.get((measure_id, field, lang))
                if row is None:
                    text, state = None, TranslationState.MISSING
                else:  # as state_of says
                    text, state = (
                        row[0],
                        row[1] if row[2] == source else TranslationState.NEEDS_UPDATE,
                    )
                fields = found.setdefault(code, {})
                fields[name] = text
                fields[state_name] = state.value
    return found


def empty_fields() -> dict[str, str | None]:
    """The fields of :func:`record_fields` of a measure without German free text."""
    return {
        f"{field}{part}_{lang}": None
        for lang in LANGUAGES
        for field in FIELDS
        for part in ("", "_state")
    }
