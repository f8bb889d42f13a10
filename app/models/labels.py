"""Translatable labels for the register's vocabularies (terms from the shared glossary)."""

from __future__ import annotations

from app.i18n import N_, Translator
from app.models.enums import (
    DepartmentRole,
    Modality,
    PartnershipStatus,
    RegisterKind,
    Status,
    TrafficLight,
    TranslationState,
)

STATUS = {
    Status.PLANNED: N_("planned"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.CONTINUOUS: N_("continuous"),
    Status.COMPLETED: N_("completed"),
    Status.SUSPENDED: N_("suspended"),
    Status.DROPPED: N_("dropped"),
}
TRAFFIC_LIGHT = {
    TrafficLight.GREEN: N_("on track"),
    TrafficLight.AMBER: N_("delayed"),
    TrafficLight.RED: N_("at risk"),
}
MODALITY = {
    Modality.COULD: N_("could be taken"),
    Modality.SHALL: N_("shall be taken"),
    Modality.CONTINUE: N_("continued"),
}
TRANSLATION_STATE = {
    TranslationState.MISSING: N_("not translated"),
    TranslationState.PROPOSAL: N_("proposal (not reviewed)"),
    TranslationState.TRANSLATED: N_("translated"),
    TranslationState.NEEDS_UPDATE: N_("needs update"),
}
DEPARTMENT_ROLE = {
    DepartmentRole.LEAD: N_("lead department"),
    DepartmentRole.PARTICIPATING: N_("participating department"),
}
PARTNERSHIP_STATUS = {
    PartnershipStatus.ACTIVE: N_("active"),
    PartnershipStatus.DORMANT: N_("dormant"),
    PartnershipStatus.UNDER_CONSIDERATION: N_("under consideration"),
}
REGISTER_KIND = {RegisterKind.REAL: N_("register"), RegisterKind.DEMO: N_("Demo")}


def status(tr: Translator, value: Status) -> str:
    return tr.gettext(STATUS[value])


def traffic_light(tr: Translator, value: TrafficLight | None) -> str:
    return tr.gettext(TRAFFIC_LIGHT[value]) if value is not None else "–"


def label(tr: Translator, table: dict[object, str], value: object) -> str:
    return tr.gettext(table[value])
