"""The register's SQLAlchemy models (typed, SQLAlchemy 2 style). No Qt here."""

from app.models.audit import AuditEvent, RegisterMeta
from app.models.base import Base
from app.models.enums import (
    DepartmentRole,
    Modality,
    Origin,
    PartnerKind,
    PartnershipKind,
    PartnershipStatus,
    RegisterKind,
    Status,
    TrafficLight,
    TranslationState,
)
from app.models.measure import (
    Indicator,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
)
from app.models.reference import Department, Partner, Partnership, ReferenceItem
from app.models.strategy import Goal, Instrument, Section, Strategy

__all__ = [
    "AuditEvent",
    "Base",
    "Department",
    "DepartmentRole",
    "Goal",
    "Indicator",
    "Instrument",
    "Measure",
    "MeasureDepartment",
    "MeasureGoal",
    "MeasurePartner",
    "Milestone",
    "Modality",
    "Origin",
    "Partner",
    "PartnerKind",
    "Partnership",
    "PartnershipKind",
    "PartnershipStatus",
    "ReferenceItem",
    "RegisterKind",
    "RegisterMeta",
    "Section",
    "Status",
    "Strategy",
    "TrafficLight",
    "TranslationState",
]
