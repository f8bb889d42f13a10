"""Read-only views of the register used by the command line, the exports and the reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Measure, MeasureDepartment, MeasureGoal, MeasurePartner

EXPORT_FIELDS = (
    "code",
    "instrument",
    "section",
    "section_code",
    "position",
    "title_de",
    "title_pl",
    "title_cs",
    "state_pl",
    "state_cs",
    "description_de",
    "lead_in_de",
    "modality",
    "source_lines",
    "lead_department",
    "participating_departments",
    "goals",
    "partners",
    "status",
    "status_reason",
    "traffic_light",
    "progress",
    "start_date",
    "end_date",
    "budget_reservation",
    "archived",
    "updated_at",
)


def load_measures(session: Session, *, include_archived: bool = True) -> list[Measure]:
    """All measures in register order, with what hangs on them loaded in a few queries."""
    statement = (
        select(Measure)
        .options(
            selectinload(Measure.instrument),
            selectinload(Measure.section),
            selectinload(Measure.goal_links).selectinload(MeasureGoal.goal),
            selectinload(Measure.department_links).selectinload(MeasureDepartment.department),
            selectinload(Measure.partner_links).selectinload(MeasurePartner.partner),
        )
        .order_by(Measure.position, Measure.id)
    )
    if not include_archived:
        statement = statement.where(Measure.archived.is_(False))
    return list(session.scalars(statement))


def measure_record(measure: Measure) -> dict[str, Any]:
    """One measure as a plain, JSON-ready record (the shape of ``imag measures export``)."""
    lead = measure.lead_department
    return {
        "code": measure.code,
        "instrument": measure.instrument.numeral,
        "section": measure.section.title_de if measure.section else None,
        "section_code": measure.section.code if measure.section else None,
        "position": measure.position,
        "title_de": measure.title_de,
        "title_pl": measure.title_pl,
        "title_cs": measure.title_cs,
        "state_pl": measure.state_pl.value,
        "state_cs": measure.state_cs.value,
        "description_de": measure.description_de,
        "lead_in_de": measure.lead_in_de,
        "modality": measure.modality.value if measure.modality else None,
        "source_lines": (
            [measure.source_first_line, measure.source_last_line]
            if measure.source_first_line is not None
            else None
        ),
        "lead_department": lead.code if lead else None,
        "participating_departments": [d.code for d in measure.participating_departments],
        "goals": [goal.number for goal in measure.goals],
        "partners": [partner.code for partner in measure.partners],
        "status": measure.status.value,
        "status_reason": measure.status_reason,
        "traffic_light": measure.traffic_light.value if measure.traffic_light else None,
        "progress": measure.progress,
        "start_date": measure.start_date.isoformat() if measure.start_date else None,
        "end_date": measure.end_date.isoformat() if measure.end_date else None,
        "budget_reservation": measure.budget_reservation,
        "archived": measure.archived,
        "updated_at": measure.updated_at,
    }
