"""Polish and Czech versions of a measure's free text (comment, next steps, reason).

A row exists once a translation does; no row is the state "missing". The German text the
translation was made from is kept with it (``source_de``): when the measure's German text no
longer equals it, the translation "needs update", whichever way the German changed (the window,
an import, a round's return), and the earlier German is what a translator is shown as the
previous source.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.enums import TranslationState


class TextTranslation(Base):
    __tablename__ = "text_translation"
    __table_args__ = (
        UniqueConstraint("measure_id", "field", "lang"),
        CheckConstraint("lang IN ('pl', 'cs')", name="lang"),
        CheckConstraint("field IN ('comment', 'next_steps', 'status_reason')", name="field"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(24))
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[TranslationState] = mapped_column(
        str_enum(TranslationState, "state"), default=TranslationState.PROPOSAL
    )
    source_de: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class CriteriaTranslation(Base):
    """The state of a criteria set's Polish or Czech text (``field``: ``name``, ``source``,
    ``scale.<value>``, ``<criterion>.name``, ``<criterion>.description``) and the German it was
    made from; the text itself is the set's. A translation without a row is a proposal."""

    __tablename__ = "criteria_translation"
    __table_args__ = (
        UniqueConstraint("set_id", "field", "lang"),
        CheckConstraint("lang IN ('pl', 'cs')", name="lang"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(2))
    state: Mapped[TranslationState] = mapped_column(
        str_enum(TranslationState, "state"), default=TranslationState.PROPOSAL
    )
    source_de: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))
