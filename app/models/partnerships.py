"""Evaluating the regional partnerships: criteria sets (the secretariat's, editable), the
criteria a partnership round froze when it was created, which department is asked about which
partnership, the assessments accepted from the departments' returns, and the working group's
conclusion per partnership.

A round keeps its own copy of the criteria (:class:`RoundCriteria`), so that editing a set later
changes neither an open round's packages nor a closed round's results.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.enums import Recommendation


class CriteriaSet(Base):
    __tablename__ = "criteria_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    """Counted up by each change: a save based on an older revision is refused."""
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_de: Mapped[str] = mapped_column(Text)
    name_pl: Mapped[str | None] = mapped_column(Text)
    name_cs: Mapped[str | None] = mapped_column(Text)
    description_de: Mapped[str | None] = mapped_column(Text)
    description_pl: Mapped[str | None] = mapped_column(Text)
    description_cs: Mapped[str | None] = mapped_column(Text)
    scale_min: Mapped[int]
    scale_max: Mapped[int]
    scale_labels: Mapped[str] = mapped_column(Text)  # JSON: [{"value", "de", "pl", "cs"}]
    proposal: Mapped[bool] = mapped_column(default=False)  # a proposal, not yet decided
    updated_at: Mapped[str] = mapped_column(String(32))

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="criteria_set",
        cascade="all, delete-orphan",
        order_by="Criterion.position",
    )


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("set_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("criteria_set.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32))
    position: Mapped[int]
    weight: Mapped[float]
    name_de: Mapped[str] = mapped_column(Text)
    name_pl: Mapped[str | None] = mapped_column(Text)
    name_cs: Mapped[str | None] = mapped_column(Text)
    description_de: Mapped[str | None] = mapped_column(Text)
    description_pl: Mapped[str | None] = mapped_column(Text)
    description_cs: Mapped[str | None] = mapped_column(Text)

    criteria_set: Mapped[CriteriaSet] = relationship(back_populates="criteria")


class RoundCriteria(Base):
    """The criteria set as it was when a partnership round was created (JSON, as in the
    criteria file format), frozen with the round."""

    __tablename__ = "round_criteria"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    set_code: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)  # JSON


class RoundPartnership(Base):
    """In a partnership round: ``department`` is asked to assess ``partnership``."""

    __tablename__ = "round_partnership"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)


class PartnershipAssessment(Base):
    """The accepted value of one unit (``score:<criterion>`` or ``recommendation``) of one
    department's assessment of one partnership in one round; returns update it."""

    __tablename__ = "partnership_assessment"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    source: Mapped[str] = mapped_column(Text)  # "package:<uid>" or "secretariat"
    updated_at: Mapped[str] = mapped_column(String(32))
    updated_by: Mapped[str] = mapped_column(Text)


class PartnershipConclusion(Base):
    """The working group's conclusion on a partnership in a round."""

    __tablename__ = "partnership_conclusion"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), primary_key=True)
    recommendation: Mapped[Recommendation] = mapped_column(
        str_enum(Recommendation, "recommendation")
    )
    text: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str] = mapped_column(Text)
