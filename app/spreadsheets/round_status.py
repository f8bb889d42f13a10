"""A round's status as a spreadsheet, for the secretariat's follow-up: the completeness per
department (sheet 1) and every item of every package issued with the department's latest
answer (sheet 2: department, measure, title, answered, status, traffic light, progress,
comment, next steps). Headers and values in the chosen language; written, never read back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, Message, Translator
from app.models import (
    Department,
    ImportedReturn,
    IssuedPackage,
    Measure,
    ReturnEntry,
    Status,
    TrafficLight,
)
from app.models.labels import STATUS, TRAFFIC_LIGHT
from app.operations import audit
from app.rounds import secretariat
from app.rounds.labels import DEPARTMENT_STATE
from app.spreadsheets import cells
from app.spreadsheets.workbook import LISTS_SHEET, SheetSpec, write_xlsx

DEPARTMENT_COLUMNS = (
    (N_("Department"), 12),
    (N_("Name"), 44),
    (N_("State"), 18),
    (N_("Expected"), 10),
    (N_("Returned"), 10),
    (N_("Missing"), 10),
    (N_("Missing measures"), 40),
    (N_("Late"), 10),
    (N_("Version"), 9),
    (N_("Returned on"), 20),
    (N_("Open conflicts"), 10),
    (N_("E-mail address"), 30),
)
ANSWER_COLUMNS = (
    (N_("Department"), 12),
    (N_("Measure"), 10),
    (N_("Title"), 50),
    (N_("Answered"), 11),
    (N_("Status"), 16),
    (N_("Traffic light"), 16),
    (N_("Progress (%)"), 11),
    (N_("Comment"), 40),
    (N_("Next steps"), 40),
)


def export_round_status(
    session: Session,
    round_name: str,
    target: Path,
    *,
    tr: Translator,
    today: dt.date | None = None,
) -> int:
    """Write the status of ``round_name`` to ``target`` (XLSX) in ``tr``'s language; returns
    the number of departments."""
    progress = secretariat.progress(session, round_name, today=today)
    sheets = [
        _sheet(
            tr,
            N_("Completeness per department"),
            DEPARTMENT_COLUMNS,
            _departments(session, progress, tr),
        ),
        _sheet(tr, N_("Answers per measure"), ANSWER_COLUMNS, _answers(session, progress, tr)),
    ]
    now = audit.now_iso()
    properties = {
        "title": tr.render(
            Message(N_("IMAG register: status of the round “{name}”"), name=progress.name)
        ),
        "creator": "IMAG register",
        "keywords": "IMAG",
        "round": progress.name,
        "round_uid": progress.uid,
        "exported_at": now,
        "language": tr.lang,
    }
    write_xlsx(target, sheets, properties=properties, lists_sheet=tr.gettext(LISTS_SHEET))
    return len(progress.departments)


def _sheet(
    tr: Translator, name: str, columns: tuple[tuple[str, float], ...], rows: Iterator[list[Any]]
) -> SheetSpec:
    return SheetSpec(
        name=tr.gettext(name),
        headers=[tr.gettext(label) for label, _width in columns],
        rows=rows,
        widths=[width for _label, width in columns],
    )


def _departments(
    session: Session, progress: secretariat.RoundProgress, tr: Translator
) -> Iterator[list[Any]]:
    addresses = dict(
        session.execute(
            select(Department.code, Department.email).where(
                Department.code.in_([row.code for row in progress.departments])
            )
        ).all()
    )
    issued = {row.code: row.state != "not_issued" for row in progress.departments}
    for row in progress.departments:
        counted = issued[row.code]
        yield [
            row.code,
            row.names.get(tr.lang) or row.names.get("de") or "",
            tr.gettext(DEPARTMENT_STATE[row.state]),
            row.expected if counted else None,
            row.returned if counted else None,
            len(row.missing_codes) if counted else None,
            cells.LIST_SEPARATOR.join(row.missing_codes) or None,
            tr.gettext(cells.YES if row.late else cells.NO),
            row.version,
            row.returned_at,
            row.open_conflicts,
            addresses.get(row.code),
        ]


def _answers(
    session: Session, progress: secretariat.RoundProgress, tr: Translator
) -> Iterator[list[Any]]:
    """For each department, each item of its latest package with its latest answer."""
    round_ = secretariat.find_round(session, progress.name)
    titles = _titles(session, tr.lang)
    for row in progress.departments:
        package = session.scalar(
            select(IssuedPackage)
            .join(Department)
            .where(IssuedPackage.round_id == round_.id, Department.code == row.code)
            .order_by(IssuedPackage.id.desc())
            .limit(1)
        )
        if package is None:
            continue
        answers = _latest_answers(session, round_.id, package.department_id)
        for item in package.items:
            answer = answers.get(item.code)
            yield [row.code, item.code, titles.get(item.code), *_answer_cells(answer, tr)]


def _latest_answers(session: Session, round_id: int, department_id: int) -> dict[str, Any]:
    latest = session.scalar(
        select(ImportedReturn.id)
        .where(ImportedReturn.round_id == round_id, ImportedReturn.department_id == department_id)
        .order_by(ImportedReturn.sequence.desc())
        .limit(1)
    )
    if latest is None:
        return {}
    return {
        code: json.loads(values)
        for code, values in session.execute(
            select(ReturnEntry.code, ReturnEntry.values).where(ReturnEntry.return_id == latest)
        )
    }


def _answer_cells(answer: dict[str, Any] | None, tr: Translator) -> list[Any]:
    """Answered?, status, traffic light, progress, comment, next steps."""
    if answer is None:
        return [tr.gettext(cells.NO), None, None, None, None, None]
    return [
        tr.gettext(cells.YES),
        _label(answer.get("status"), Status, STATUS, tr),
        _label(answer.get("traffic_light"), TrafficLight, TRAFFIC_LIGHT, tr),
        answer.get("progress"),
        answer.get("comment"),
        answer.get("next_steps"),
    ]


def _label(value: Any, kind: Any, labels: dict[Any, str], tr: Translator) -> str | None:
    if not value:
        return None
    try:
        return tr.gettext(labels[kind(value)])
    except (ValueError, KeyError):
        return str(value)


def _titles(session: Session, lang: str) -> dict[str, str]:
    """Every measure's title in ``lang`` (German where it has none)."""
    return {
        code: {"pl": pl, "cs": cs}.get(lang) or de
        for code, de, pl, cs in session.execute(
            select(Measure.code, Measure.title_de, Measure.title_pl, Measure.title_cs)
        )
    }
