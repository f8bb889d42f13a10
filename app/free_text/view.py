"""What the translation view shows and the changes it makes, each one call on the worker."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.free_text import glossary
from app.free_text.segments import Edit, Segment, memory, save, segments
from app.operations.context import Actor, transaction


@dataclass(frozen=True)
class TranslationRows:
    lang: str
    rows: list[Segment]
    suggestions: dict[str, str]  # German text → translation from the memory
    hints: dict[str, list[str]]  # German text → "Maßnahme → działanie", ...


def load(session: Session, lang: str) -> TranslationRows:
    found = segments(session, lang)
    sources = {segment.source for segment in found}
    return TranslationRows(
        lang,
        found,
        memory(session, lang),
        {source: glossary.hints(source, lang) for source in sources},
    )


def apply(
    session: Session, actor: Actor, lang: str, edits: list[Edit], *, reviewed: bool
) -> TranslationRows:
    """Save ``edits`` in one transaction and read the rows again."""
    with transaction(session):
        save(session, actor, lang, edits, reviewed=reviewed)
    return load(session, lang)
