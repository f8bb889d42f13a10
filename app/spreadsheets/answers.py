"""A department's answers as a spreadsheet, out and back into its workspace.

:func:`export_answers` writes the answers of a measure round opened here (as typed so far, else
as the package carried them) as XLSX: a sheet of answers (code, title, status, reason, traffic
light, progress, comment, next steps) and a sheet with one row per indicator (its actual value
and date), headers and values in the reader's language, drop-down lists for the status and the
traffic light. The titles, the indicators' names, units, baselines and targets are there to read;
they are not read back.

:func:`plan_answers` reads such a file (headers and values in German, Polish, Czech or English)
and works out every change (measure, field, old → new) without writing: each answer that changes
is checked exactly as ``imag return set`` checks it (the round's kind). Every problem of the file
is collected with its sheet, row and column and refused at once. :func:`apply_answers` then
saves the changed answers in one transaction, all or none. Rows left out change nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator
from app.models import WorkspaceRound
from app.operations import audit
from app.rounds import answering
from app.rounds.kinds import kind_of
from app.spreadsheets import answer_import
from app.spreadsheets.answer_columns import (
    ANSWER_COLUMNS,
    INDICATOR_COLUMNS,
    NO_VOCABULARY,
    SHEETS,
    cell_of,
    measure_round,
    shown,
)
from app.spreadsheets.answer_import import Reading
from app.spreadsheets.measure_columns import choices
from app.spreadsheets.workbook import (
    LISTS_SHEET,
    MAX_PROBLEMS,
    SheetSpec,
    SpreadsheetRefused,
    read_tables,
    write_xlsx,
)

# -- out ----------------------------------------------------------------------------------------


def export_answers(
    session: Session, ws_round: WorkspaceRound, target: Path, *, tr: Translator
) -> int:
    """Write the round's answers to ``target`` (XLSX) in ``tr``'s language; returns the number
    of measures."""
    payload = measure_round(ws_round)
    given = answering.answers(session, ws_round)
    kind = kind_of(ws_round)
    rows: list[list[Any]] = []
    indicator_rows: list[list[Any]] = []
    for item in payload["items"]:
        answer = given.get(item["code"]) or kind.default_answer(item)
        values = {**answer, "code": item["code"], "title": _title(item, tr)}
        rows.append([cell_of(column, values.get(column.field), tr) for column in ANSWER_COLUMNS])
        actual = {entry.get("id"): entry for entry in answer.get("indicators") or ()}
        for indicator in item["values"].get("indicators") or ():
            values = {**indicator, **actual.get(indicator["id"], {}), "code": item["code"]}
            indicator_rows.append([values.get(column.field) for column in INDICATOR_COLUMNS])
    write_xlsx(
        target,
        [_spec("answers", rows, tr), _spec("indicators", indicator_rows, tr)],
        properties=_properties(ws_round, tr),
        lists_sheet=tr.gettext(LISTS_SHEET),
    )
    return len(rows)


def _title(item: dict[str, Any], tr: Translator) -> str:
    return str(item.get(f"title_{tr.lang}") or item.get("title_de") or "")


def _spec(which: str, rows: list[list[Any]], tr: Translator) -> SheetSpec:
    name, columns = SHEETS[which]
    offered = {index: choices(column, tr, NO_VOCABULARY) for index, column in enumerate(columns)}
    return SheetSpec(
        name=tr.gettext(name),
        headers=[tr.gettext(column.label) for column in columns],
        rows=rows,
        widths=[column.width for column in columns],
        choices={index: values for index, values in offered.items() if values},
    )


def _properties(ws_round: WorkspaceRound, tr: Translator) -> dict[str, str]:
    exported = audit.now_iso()
    return {
        "title": tr.gettext(N_("IMAG register: answers")),
        "creator": "IMAG register",
        "subject": ws_round.name,
        "description": tr.render(
            Message(
                N_("Answers of {department} in the round “{round}”, exported {time}."),
                department=ws_round.department,
                round=ws_round.name,
                time=exported,
            )
        ),
        "keywords": "IMAG",
        "round": ws_round.name,
        "round_uid": ws_round.round_uid,
        "department": ws_round.department,
        "exported_at": exported,
        "language": tr.lang,
    }


# -- in -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerChange:
    """One value of one answer that an import changes, as the reader sees it."""

    code: str
    label: str
    old: str
    new: str


@dataclass
class AnswerPlan:
    """What importing a file would change; ``answers`` (code → the checked answer) is what
    :func:`apply_answers` saves, ``before`` the answers as stored when the file was read."""

    source: str
    changes: list[AnswerChange]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    before: dict[str, str | None] = field(default_factory=dict, repr=False)

    @property
    def empty(self) -> bool:
        return not self.answers


def plan_answers(
    session: Session, ws_round: WorkspaceRound, path: Path, *, tr: Translator
) -> AnswerPlan:
    """Read ``path`` and work out its changes, shown in ``tr``'s language; raises
    :class:`SpreadsheetRefused` with every problem of the file. Writes nothing."""
    reading = Reading(ws_round, measure_round(ws_round))
    tables = read_tables(path, problems=reading.problems)
    answer_import.read(reading, tables)
    stored = answering.answers(session, ws_round)
    plan = AnswerPlan(path.name, [])
    for code, changes in reading.changes.items():
        if code in reading.unread:
            continue  # its row's own problem is named; checking the rest would only echo it
        _plan_answer(reading, plan, code, changes=changes, stored=stored.get(code), tr=tr)
    if reading.problems:
        raise SpreadsheetRefused(path.name, reading.problems[:MAX_PROBLEMS])
    return plan


def _plan_answer(
    reading: Reading,
    plan: AnswerPlan,
    code: str,
    *,
    changes: dict[str, Any],
    stored: dict[str, Any] | None,
    tr: Translator,
) -> None:
    """Check the answer the file gives for ``code`` as ``return set`` would, and add what it
    changes to ``plan`` (nothing when it changes nothing)."""
    item = reading.item(code)
    assert item is not None
    kind = kind_of(reading.ws_round)
    current = stored if stored is not None else kind.default_answer(item)
    if not answer_import.alters(current, changes):
        return  # also an answer not complete yet, given again as it is
    try:
        answer = kind.changed(reading.payload, item, current, changes)
    except InvalidInput as error:
        sheet, row = reading.rows[code]
        reading.problem(sheet, row, None, error.message)
        return
    old, new = shown(current, item, tr), shown(answer, item, tr)
    differing = [label for label in new if new[label] != old.get(label)]
    if not differing:
        return
    plan.answers[code] = answer
    plan.before[code] = _encoded(stored)
    plan.changes += [
        AnswerChange(code, label, old.get(label, ""), new[label]) for label in differing
    ]


def _encoded(answer: dict[str, Any] | None) -> str | None:
    return None if answer is None else json.dumps(answer, ensure_ascii=False, sort_keys=True)


def apply_answers(session: Session, ws_round: WorkspaceRound, plan: AnswerPlan) -> int:
    """Save the answers of ``plan`` in one transaction, all or none; an answer changed since
    the file was read refuses the whole import. Returns how many answers were saved."""
    stored = answering.answers(session, ws_round)
    moved = sorted(
        code for code, before in plan.before.items() if _encoded(stored.get(code)) != before
    )
    if moved:
        raise InvalidInput(
            Message(
                N_(
                    "The answers for {codes} changed after the file {name} was read; nothing was "
                    "imported. Read the file again."
                ),
                codes=", ".join(moved),
                name=plan.source,
            )
        )
    answering.save_drafts(session, ws_round, plan.answers)
    return len(plan.answers)
