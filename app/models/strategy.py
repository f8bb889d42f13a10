"""The strategy itself: its goals, instruments and the sections of an instrument."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class Strategy(Base):
    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title_de: Mapped[str] = mapped_column(Text)
    title_pl: Mapped[str | None] = mapped_column(Text)
    title_cs: Mapped[str | None] = mapped_column(Text)
    short_title_de: Mapped[str | None] = mapped_column(Text)
    adopted: Mapped[str | None] = mapped_column(String(32))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    source_name: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    budget_reservation_de: Mapped[str | None] = mapped_column(Text)

    goals: Mapped[list[Goal]] = relationship(back_populates="strategy", order_by="Goal.number")
    instruments: Mapped[list[Instrument]] = relationship(
        back_populates="strategy", order_by="Instrument.position"
    )


class Goal(Base):
    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("strategy_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    number: Mapped[int] = mapped_column(Integer)
    text_de: Mapped[str] = mapped_column(Text)
    text_pl: Mapped[str | None] = mapped_column(Text)
    text_cs: Mapped[str | None] = mapped_column(Text)
    source_first_line: Mapped[int | None]
    source_last_line: Mapped[int | None]

    strategy: Mapped[Strategy] = relationship(back_populates="goals")


class Instrument(Base):
    __tablename__ = "instrument"
    __table_args__ = (UniqueConstraint("strategy_id", "numeral"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    numeral: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    title_de: Mapped[str] = mapped_column(Text)
    title_pl: Mapped[str | None] = mapped_column(Text)
    title_cs: Mapped[str | None] = mapped_column(Text)
    source_first_line: Mapped[int | None]

    strategy: Mapped[Strategy] = relationship(back_populates="instruments")
    sections: Mapped[list[Section]] = relationship(
        back_populates="instrument", order_by="Section.position"
    )


class Section(Base):
    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("instrument_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"))
    code: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    title_de: Mapped[str] = mapped_column(Text)
    title_pl: Mapped[str | None] = mapped_column(Text)
    title_cs: Mapped[str | None] = mapped_column(Text)
    source_first_line: Mapped[int | None]

    instrument: Mapped[Instrument] = relationship(back_populates="sections")
