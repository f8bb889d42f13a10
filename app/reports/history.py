"""The audit trail as a cabinet office reads it: when, which measure, what (a translated label,
never a field name), the values before and after in words, and who — the department whose
return brought the change, not the importing account and package id.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.i18n import N_
from app.models import (
    AuditEvent,
    Status,
    TrafficLight,
    TranslationState,
)
from app.models import labels as model_labels
from app.operations.audit import return_departments
from app.reports import fonts
from app.reports.blocks import grid, header_cells
from app.reports.content import ReportContent
from app.reports.formatting import ReportLanguage

TEXT_LIMIT = 300
ACTIONS = {
    "create": N_("Measure added to the register"),
    "archive": N_("Measure archived"),
    "delete": N_("Measure deleted"),
}
OTHER_FIELD = N_("Other data")
TEXTS = ("status_reason", "comment", "next_steps", "description_de")


def what(language: ReportLanguage, event: AuditEvent) -> str:
    """The changed field's label (a title in another language says which), never its name."""
    _ = language.tr.gettext
    field = event.field
    if field is None:
        return _(ACTIONS.get(event.action, OTHER_FIELD))
    if field.startswith("indicator:"):
        return _("Indicator")
    label = model_labels.field_label(language.tr, field)
    return _(OTHER_FIELD) if label == field else label


def value_markup(language: ReportLanguage, event: AuditEvent, raw: str | None, key: str) -> str:
    """Paragraph markup of a recorded value in words: labels, dates, percentages, money."""
    if raw is None:
        return "–"
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return _in_words(language, event.field or "", value, f"{event.entity_code} {key}")


def _in_words(language: ReportLanguage, field: str, value: Any, key: str) -> str:
    tr = language.tr
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, dict):
        if field == "status":  # a merge unit: the status with its reason
            status = _in_words(language, "status", value.get("status"), key)
            reason = value.get("reason")
            if not reason:
                return status
            return f"{status} – {_in_words(language, 'status_reason', reason, key)}"
        if field.startswith("indicator:"):
            actual = escape(language.number(value.get("actual")))
            day = value.get("actual_date")
            return (
                f"{actual} ({escape(language.date(dt.date.fromisoformat(day)))})" if day else actual
            )
        parts = [_in_words(language, field, v, key) for v in value.values() if v is not None]
        return "; ".join(parts) or "–"
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value))
    if field == "status" and value in Status.__members__.values():
        return escape(model_labels.status(tr, Status(value)))
    if field == "traffic_light" and value in TrafficLight.__members__.values():
        return escape(model_labels.traffic_light(tr, TrafficLight(value)))
    if "state_" in field and value in TranslationState.__members__.values():
        return escape(tr.gettext(model_labels.TRANSLATION_STATE[TranslationState(value)]))
    if isinstance(value, bool):
        return escape(tr.gettext("yes") if value else tr.gettext("no"))
    if field == "progress" and isinstance(value, int | float):
        return escape(language.percent(int(value)))
    if field.endswith("_cents") and isinstance(value, int):
        return escape(language.money(value))
    if field.endswith("_date") and isinstance(value, str):
        try:
            return escape(language.date(dt.date.fromisoformat(value)))
        except ValueError:
            pass
    text = str(value)
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT].rstrip() + " …"
    if field in TEXTS or field.startswith("contact_"):
        return language.german_only(key, text)
    return fonts.markup(text, key)


def who(language: ReportLanguage, event: AuditEvent, returns: dict[str, str]) -> str:
    department = returns.get(event.source)
    if department is not None:
        return escape(language.tr.gettext(model_labels.RETURN_OF).format(department=department))
    if event.source in model_labels.AUDIT_SOURCES:
        return escape(f"{event.actor} ({model_labels.audit_source(language.tr, event.source)})")
    return escape(event.actor)


def change_table(
    content: ReportContent, events: Sequence[AuditEvent], *, with_code: bool
) -> Flowable:
    """Audit trail rows: when (UTC), (measure), what, previous and new value, who."""
    language, styles = content.language, content.styles
    returns = return_departments(content.session)
    names = [N_("When")]
    if with_code:
        names.append(N_("Code"))
    names += [N_("Field"), N_("Previous value"), N_("New value"), N_("By")]
    rows: list[list[Any]] = [header_cells(language, styles, names)]
    for index, event in enumerate(events):
        row: list[Any] = [Paragraph(escape(language.timestamp(event.at)), styles.cell)]
        if with_code:
            row.append(event.entity_code or "–")
        row += [
            Paragraph(escape(what(language, event)), styles.cell),
            Paragraph(value_markup(language, event, event.old_value, f"old {index}"), styles.cell),
            Paragraph(value_markup(language, event, event.new_value, f"new {index}"), styles.cell),
            Paragraph(who(language, event, returns), styles.cell),
        ]
        rows.append(row)
    widths = [26 * mm] + ([15 * mm] if with_code else []) + [25 * mm, 35 * mm, 35 * mm]
    widths.append(170 * mm - sum(widths))
    return grid(rows, widths)
