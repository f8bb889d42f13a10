"""Slim measure records for the reports that list every measure (the cabinet report): the
values a table prints, read with Core in batches instead of as ORM objects with everything that
hangs on them (~10 KB a measure, 1.2 GB at 100,000 measures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Instrument,
    Measure,
    MeasureDepartment,
    Status,
    TrafficLight,
)

BATCH = 2000
"""Rows fetched from the database at a time."""


class MeasureLike(Protocol):
    """What the measure tables, summaries and comparisons read of a measure: a
    :class:`~app.models.Measure` has it, and so has a :class:`MeasureRecord`."""

    @property
    def code(self) -> str: ...
    @property
    def instrument_id(self) -> int: ...
    @property
    def instrument(self) -> Instrument: ...
    @property
    def section_id(self) -> int | None: ...
    @property
    def title_de(self) -> str: ...
    @property
    def title_pl(self) -> str | None: ...
    @property
    def title_cs(self) -> str | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def status_reason(self) -> str | None: ...
    @property
    def traffic_light(self) -> TrafficLight | None: ...
    @property
    def progress(self) -> int | None: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def next_steps(self) -> str | None: ...
    @property
    def budget_reservation(self) -> bool: ...
    @property
    def budget_planned_cents(self) -> int | None: ...
    @property
    def budget_committed_cents(self) -> int | None: ...
    @property
    def updated_at(self) -> str: ...
    @property
    def lead_department(self) -> Department | None: ...


@dataclass(slots=True, frozen=True)
class MeasureRecord:
    """One measure's printed values; the instrument and lead department are the (few) shared
    ORM objects the report loads anyway."""

    code: str
    instrument_id: int
    instrument: Instrument
    section_id: int | None
    title_de: str
    title_pl: str | None
    title_cs: str | None
    status: Status
    status_reason: str | None
    traffic_light: TrafficLight | None
    progress: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    comment: str | None
    next_steps: str | None
    budget_reservation: bool
    budget_planned_cents: int | None
    budget_committed_cents: int | None
    updated_at: str
    lead_department: Department | None


COLUMNS = (
    Measure.id,
    Measure.code,
    Measure.instrument_id,
    Measure.section_id,
    Measure.title_de,
    Measure.title_pl,
    Measure.title_cs,
    Measure.status,
    Measure.status_reason,
    Measure.traffic_light,
    Measure.progress,
    Measure.start_date,
    Measure.end_date,
    Measure.comment,
    Measure.next_steps,
    Measure.budget_reservation,
    Measure.budget_planned_cents,
    Measure.budget_committed_cents,
    Measure.updated_at,
)


def load_records(session: Session, lang: str | None = None) -> list[MeasureRecord]:
    """The measures not archived, in register order (as :func:`load_measures`), as records;
    with ``lang``, the titles in that language and in German only (a report prints no other:
    its fallback is German), the others ``None``."""
    keep = {"pl", "cs"} if lang is None else {lang}
    instruments = {i.id: i for i in session.scalars(select(Instrument))}
    departments = {d.id: d for d in session.scalars(select(Department))}
    lead_links = select(MeasureDepartment.measure_id, MeasureDepartment.department_id).where(
        MeasureDepartment.role == DepartmentRole.LEAD
    )
    leads: dict[int, int] = dict(session.execute(lead_links).all())
    statement = (
        select(*COLUMNS)
        .where(Measure.archived.is_(False))
        .order_by(Measure.position, Measure.id)
        .execution_options(yield_per=BATCH)
    )
    records: list[MeasureRecord] = []
    for row in session.execute(statement):
        lead = leads.get(row.id)
        records.append(
            MeasureRecord(
                code=row.code,
                instrument_id=row.instrument_id,
                instrument=instruments[row.instrument_id],
                section_id=row.section_id,
                title_de=row.title_de,
                title_pl=row.title_pl if "pl" in keep else None,
                title_cs=row.title_cs if "cs" in keep else None,
                status=row.status,
                status_reason=row.status_reason,
                traffic_light=row.traffic_light,
                progress=row.progress,
                start_date=row.start_date,
                end_date=row.end_date,
                comment=row.comment,
                next_steps=row.next_steps,
                budget_reservation=row.budget_reservation,
                budget_planned_cents=row.budget_planned_cents,
                budget_committed_cents=row.budget_committed_cents,
                updated_at=row.updated_at,
                lead_department=departments[lead] if lead is not None else None,
            )
        )
    return records
