"""Measures and what hangs on them: goals, departments, partners, milestones, indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Percent, str_enum
from app.models.enums import (
    DepartmentRole,
    Modality,
    Origin,
    Status,
    TrafficLight,
    TranslationState,
)
from app.models.reference import Department, Partner
from app.models.strategy import Goal, Instrument, Section


class Measure(Base):
    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint("progress IS NULL OR (progress >= 0 AND progress <= 100)", name="progress"),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR end_date >= start_date", name="dates"
        ),
        CheckConstraint(
            "status <> 'dropped' OR status_reason IS NOT NULL OR successor_id IS NOT NULL",
            name="dropped_reason",
        ),
        CheckConstraint(
            "budget_planned_cents IS NULL OR budget_planned_cents >= 0", name="budget_planned"
        ),
        CheckConstraint(
            "budget_committed_cents IS NULL OR budget_committed_cents >= 0",
            name="budget_committed",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id"))
    position: Mapped[int]
    origin: Mapped[Origin] = mapped_column(str_enum(Origin, "origin"), default=Origin.USER)

    title_de: Mapped[str] = mapped_column(Text)
    description_de: Mapped[str | None] = mapped_column(Text)
    title_pl: Mapped[str | None] = mapped_column(Text)
    description_pl: Mapped[str | None] = mapped_column(Text)
    state_pl: Mapped[TranslationState] = mapped_column(
        str_enum(TranslationState, "state_pl"), default=TranslationState.MISSING
    )
    title_cs: Mapped[str | None] = mapped_column(Text)
    description_cs: Mapped[str | None] = mapped_column(Text)
    state_cs: Mapped[TranslationState] = mapped_column(
        str_enum(TranslationState, "state_cs"), default=TranslationState.MISSING
    )

    lead_in_de: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[Modality | None] = mapped_column(str_enum(Modality, "modality"))
    footnote_de: Mapped[str | None] = mapped_column(Text)
    source_first_line: Mapped[int | None]
    source_last_line: Mapped[int | None]

    status: Mapped[Status] = mapped_column(str_enum(Status, "status"), default=Status.PLANNED)
    status_reason: Mapped[str | None] = mapped_column(Text)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id"))
    traffic_light: Mapped[TrafficLight | None] = mapped_column(
        str_enum(TrafficLight, "traffic_light")
    )
    progress: Mapped[int | None] = mapped_column(Percent())
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)

    budget_reservation: Mapped[bool] = mapped_column(default=False)
    budget_planned_cents: Mapped[int | None]
    budget_committed_cents: Mapped[int | None]

    contact_name: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(Text)
    contact_phone: Mapped[str | None] = mapped_column(Text)

    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(default=1)

    instrument: Mapped[Instrument] = relationship()
    section: Mapped[Section | None] = relationship()
    successor: Mapped[Measure | None] = relationship(remote_side=[id])
    goal_links: Mapped[list[MeasureGoal]] = relationship(
        back_populates="measure", cascade="all, delete-orphan"
    )
    department_links: Mapped[list[MeasureDepartment]] = relationship(
        back_populates="measure", cascade="all, delete-orphan"
    )
    partner_links: Mapped[list[MeasurePartner]] = relationship(
        back_populates="measure", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="Milestone.position"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="Indicator.position"
    )

    @property
    def lead_department(self) -> Department | None:
        for link in self.department_links:
            if link.role == DepartmentRole.LEAD:
                return link.department
        return None

    @property
    def participating_departments(self) -> list[Department]:
        return [
            link.department
            for link in self.department_links
            if link.role == DepartmentRole.PARTICIPATING
        ]

    @property
    def goals(self) -> list[Goal]:
        return sorted((link.goal for link in self.goal_links), key=lambda goal: goal.number)

    @property
    def partners(self) -> list[Partner]:
        return [link.partner for link in self.partner_links]


class MeasureGoal(Base):
    __tablename__ = "measure_goal"

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True
    )
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), primary_key=True, index=True)

    measure: Mapped[Measure] = relationship(back_populates="goal_links")
    goal: Mapped[Goal] = relationship()


class MeasureDepartment(Base):
    __tablename__ = "measure_department"
    __table_args__ = (
        Index(
            "uq_measure_department_one_lead",
            "measure_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            # On a server the same partial index comes from the migrations alone (0001):
            # a postgresql_* option here would load SQLAlchemy's PostgreSQL dialect at every
            # start, also of a file register (the schema is never made from these models).
        ),
    )

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id"), primary_key=True, index=True
    )
    role: Mapped[DepartmentRole] = mapped_column(str_enum(DepartmentRole, "department_role"))

    measure: Mapped[Measure] = relationship(back_populates="department_links")
    department: Mapped[Department] = relationship()


class MeasurePartner(Base):
    __tablename__ = "measure_partner"

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), primary_key=True, index=True)

    measure: Mapped[Measure] = relationship(back_populates="partner_links")
    partner: Mapped[Partner] = relationship()


class Milestone(Base):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done_date: Mapped[dt.date | None] = mapped_column(Date)

    measure: Mapped[Measure] = relationship(back_populates="milestones")


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(32))
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    actual: Mapped[float | None]
    actual_date: Mapped[dt.date | None] = mapped_column(Date)

    measure: Mapped[Measure] = relationship(back_populates="indicators")
