"""Translatable labels for the register's vocabularies (terms from the shared glossary).
No SQLAlchemy here: the window's first rows show without it."""

from __future__ import annotations

from app.enums import (
    DepartmentRole,
    Modality,
    PartnershipStatus,
    RegisterKind,
    Status,
    TrafficLight,
    TranslationState,
)
from app.i18n import N_, Translator

__all__ = [
    "AUDIT_FIELDS",
    "AUDIT_SOURCES",
    "A_RETURN",
    "A_SPREADSHEET",
    "DEPARTMENT_ROLE",
    "LANGUAGES",
    "MODALITY",
    "PARTNERSHIP_STATUS",
    "PER_LANGUAGE",
    "REGISTER_KIND",
    "RETURN_OF",
    "STATUS",
    "TRAFFIC_LIGHT",
    "TRANSLATION_STATE",
    "audit_source",
    "field_label",
    "label",
    "status",
    "traffic_light",
]

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


AUDIT_FIELDS = {
    "status": N_("Status"),
    "status_reason": N_("Reason"),
    "traffic_light": N_("Traffic light"),
    "progress": N_("Progress"),
    "start_date": N_("Start"),
    "end_date": N_("End"),
    "comment": N_("Comment"),
    "next_steps": N_("Next steps"),
    "budget_reservation": N_("Budget reservation"),
    "instrument": N_("Instrument"),
    "section": N_("Section"),
    "successor": N_("Successor"),
    "lead_department": N_("Lead department"),
    "participating": N_("Participating departments"),
    "goals": N_("Goals"),
    "partners": N_("Partners"),
    "archived": N_("Archived"),
    "budget_planned_cents": N_("Planned budget"),
    "budget_committed_cents": N_("Committed budget"),
    "contact_name": N_("Contact"),
    "contact_email": N_("Contact"),
    "contact_phone": N_("Contact"),
    "indicators": N_("Indicators"),
    "milestones": N_("Milestones"),
    "country": N_("Country"),
    "note": N_("Note"),
    "note_de": N_("Note"),
    "basis_de": N_("Basis"),
    "since_year": N_("Since"),
    "status_since": N_("Status since"),
}
"""A measure's fields (and a partner's and a partnership's) as their history names them."""
LANGUAGES = {"de": N_("German"), "pl": N_("Polish"), "cs": N_("Czech")}
PER_LANGUAGE = {
    "title": N_("Title ({language})"),
    "name": N_("Name ({language})"),
    "description": N_("Description ({language})"),
    "state": N_("Translation state ({language})"),
    "comment": N_("Comment ({language})"),
    "next_steps": N_("Next steps ({language})"),
    "status_reason": N_("Reason ({language})"),
    "comment_state": N_("Translation state of the comment ({language})"),
    "next_steps_state": N_("Translation state of the next steps ({language})"),
    "status_reason_state": N_("Translation state of the reason ({language})"),
}


AUDIT_SOURCES = {"app": N_("program"), "cli": N_("command line"), "demo": N_("Demo")}
"""Where a change was made, as its history says it."""


RETURN_OF = N_("{department} (return)")
A_RETURN = N_("a department's return")
A_SPREADSHEET = N_("spreadsheet {name}")


def audit_source(tr: Translator, source: str, department: str | None = None) -> str:
    """Where a change was made, in words: the program, the command line, the return of the
    department ``department`` (a source ``package:<uid>``), a spreadsheet by its file name."""
    if source in AUDIT_SOURCES:
        return tr.gettext(AUDIT_SOURCES[source])
    if department is not None:
        return tr.gettext(RETURN_OF).format(department=department)
    kind, separator, rest = source.partition(":")
    if separator and kind == "package":
        return tr.gettext(A_RETURN)
    if separator and kind == "spreadsheet":
        return tr.gettext(A_SPREADSHEET).format(name=rest)
    return source


def field_label(tr: Translator, field: str) -> str:
    """The field's name as the window and the reports call it (``title_pl`` → "Titel
    (Polnisch)"); the field's own name if it has no label."""
    if field in AUDIT_FIELDS:
        return tr.gettext(AUDIT_FIELDS[field])
    kind, _sep, lang = field.rpartition("_")
    if kind in PER_LANGUAGE and lang in LANGUAGES:
        return tr.gettext(PER_LANGUAGE[kind]).format(language=tr.gettext(LANGUAGES[lang]))
    return field
