"""The secretariat's own texts on a round (an introduction and an assessment), which the cabinet
report prints: German, with Polish and Czech versions, each with its state."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class TextPart(StrEnum):
    INTRO = "intro"
    ASSESSMENT = "assessment"


class TextLang(StrEnum):
    DE = "de"
    PL = "pl"
    CS = "cs"


class TextState(StrEnum):
    """A language version's state; a version not written yet has no row ("missing")."""

    PROPOSAL = "proposal"
    REVIEWED = "reviewed"


class RoundText(Base):
    __tablename__ = "round_text"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[TextPart] = mapped_column(str_enum(TextPart, "round_text_part"), primary_key=True)
    lang: Mapped[TextLang] = mapped_column(str_enum(TextLang, "round_text_lang"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[TextState] = mapped_column(str_enum(TextState, "round_text_state"))
    source_de: Mapped[str | None] = mapped_column(Text)
    """For a Polish or Czech version: the German text it was made from (empty: not known)."""
    updated_at: Mapped[str] = mapped_column(String(32))
    updated_by: Mapped[str] = mapped_column(Text)
