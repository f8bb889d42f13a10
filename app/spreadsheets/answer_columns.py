"""The columns of a department's answers spreadsheet (:mod:`app.spreadsheets.answers`): their
headers, the cells written for an answer's values and how the preview of an import shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator
from app.models import WorkspaceRound
from app.rounds import answering
from app.rounds.kinds import kind_of
from app.spreadsheets.measure_columns import Column, cell
from app.spreadsheets.register_data import Vocabulary

READ_ONLY = "read-only"
"""The kind of a column written to be read, not read back."""
ANSWER_COLUMNS = (
    Column("code", N_("Code"), 10, "code"),
    Column("title", N_("Title"), 60, READ_ONLY),
    Column("status", N_("Status"), 18, "status"),
    Column("status_reason", N_("Reason"), 30),
    Column("traffic_light", N_("Traffic light"), 16, "light"),
    Column("progress", N_("Progress (%)"), 12, "percent"),
    Column("comment", N_("Comment"), 50),
    Column("next_steps", N_("Next steps"), 50),
)
INDICATOR_COLUMNS = (
    Column("code", N_("Measure"), 10, "code"),
    Column("id", N_("ID"), 7, "id"),
    Column("name", N_("Indicator"), 40, READ_ONLY),
    Column("unit", N_("Unit"), 12, READ_ONLY),
    Column("baseline", N_("Baseline"), 12, READ_ONLY),
    Column("target", N_("Target"), 12, READ_ONLY),
    Column("actual", N_("Actual value"), 14, "number"),
    Column("actual_date", N_("Date of the actual value"), 16, "date"),
)
SHEETS = {
    "answers": (N_("Answers"), ANSWER_COLUMNS),
    "indicators": (N_("Indicators"), INDICATOR_COLUMNS),
}
REQUIRED = {"answers": ("code",), "indicators": ("id",)}
NO_VOCABULARY = Vocabulary()  # the answers' columns name no department, goal or partner


def measure_round(ws_round: WorkspaceRound) -> dict[str, Any]:
    """The package's content of a measure round; a partnership round has no spreadsheet."""
    payload = answering.content(ws_round)
    if kind_of(ws_round).criteria(payload) is not None:
        raise InvalidInput(
            Message(
                N_(
                    "The round “{name}” is a partnership round: its assessments are given in "
                    "the window or with “imag return score” and “imag return recommend”; there "
                    "is no spreadsheet for them."
                ),
                name=ws_round.name,
            )
        )
    return payload


def cell_of(column: Column, value: Any, tr: Translator) -> Any:
    """The cell for ``value``; a draft's value that is no status or traffic light as typed."""
    try:
        return cell(column, value, tr)
    except (KeyError, ValueError):
        return str(value)


def shown(answer: dict[str, Any], item: dict[str, Any], tr: Translator) -> dict[str, str]:
    """An answer's values as the preview shows them, by their label in ``tr``'s language."""
    shown: dict[str, str] = {}
    for column in ANSWER_COLUMNS[2:]:
        value = cell_of(column, answer.get(column.field), tr)
        shown[tr.gettext(column.label)] = "" if value is None else _text(value, tr)
    names = {entry["id"]: entry["name"] for entry in item["values"].get("indicators") or ()}
    for entry in answer.get("indicators") or ():
        if entry.get("id") not in names:
            continue
        actual = entry.get("actual")
        text = _text(actual, tr) if actual is not None else "–"
        if entry.get("actual_date"):
            text += f" ({_date(entry['actual_date'], tr)})"
        label = tr.render(Message(N_("Actual value: {name}"), name=names[entry["id"]]))
        shown[label] = text
    return shown


def _text(value: Any, tr: Translator) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return tr.number(value)


def _date(value: Any, tr: Translator) -> str:
    try:
        return tr.date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
