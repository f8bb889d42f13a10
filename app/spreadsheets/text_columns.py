"""The measures sheet's columns of the free texts' Polish and Czech versions (comment, next
steps, reason) and their translation states: written from the register's translations, read
back as edits under the translation view's rules.

A translation cell that differs from the register's is saved, as reviewed if its state cell
says "translated" and as a proposal otherwise; a state cell changed to "translated" or
"proposal" beside an unchanged translation marks it so (a translation that needs an update
is confirmed for the German as it is now). An empty translation cell changes nothing, and the
states "not translated" and "needs update" are the register's to work out: so an unchanged
file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.free_text import segments as free_text
from app.free_text.segments import Edit
from app.i18n import N_, Message, Translator
from app.models import TranslationState
from app.operations.context import Actor
from app.spreadsheets.measure_columns import TEXT_COLUMNS, Column, display
from app.spreadsheets.workbook import column_label

FIELDS = frozenset(column.field for column in TEXT_COLUMNS)
BY_FIELD = {column.field: column for column in TEXT_COLUMNS}
_ORDER = tuple(column.field for column in TEXT_COLUMNS)
_SET_BY_HAND = (TranslationState.PROPOSAL, TranslationState.TRANSLATED)

Texts = dict[str, dict[str, str | None]]
"""Code → ``comment_pl``, ``comment_state_pl``, … (:func:`app.free_text.segments.record_fields`)."""


@dataclass(frozen=True)
class TextEdit:
    lang: str
    edit: Edit
    reviewed: bool


@dataclass(frozen=True)
class TextChange:
    """A change for the import's preview: the column's field and label, old and new shown."""

    code: str
    field: str
    label: str
    old: str
    new: str


def current(session: Session) -> Texts:
    return free_text.record_fields(session)


def row_cells(texts: Texts, code: str) -> list[Any]:
    """The values of the text columns of the measure ``code``, in their order."""
    found = texts.get(code)
    if found is None:
        return [None] * len(TEXT_COLUMNS)
    return [found.get(column.field) for column in TEXT_COLUMNS]


def split(values: dict[str, Any]) -> dict[str, Any]:
    """Take the text columns' values out of a row's ``values`` (they are no measure field)."""
    return {name: values.pop(name) for name in _ORDER if name in values}


def plan(reading: Any, texts: Texts, tr: Translator) -> tuple[list[TextEdit], list[TextChange]]:
    """The edits the sheet's text columns make and their changes for the preview; a
    translation without a German text to translate is a problem of its cell."""
    edits: list[TextEdit] = []
    changes: list[TextChange] = []
    for code, entry in reading.entries.items():
        if not _edits_something(entry.texts):
            continue
        now = texts.get(code, {})
        before = reading.current.inputs.get(code)
        for lang in free_text.LANGUAGES:
            for field in free_text.FIELDS:
                name, state_name = f"{field}_{lang}", f"{field}_state_{lang}"
                text, state = entry.texts.get(name), entry.texts.get(state_name)
                old_text, old_state = now.get(name), now.get(state_name)
                german = getattr(entry.data, field)
                if text is None and state is None:
                    continue
                if not german and text is not None:
                    reading.problem(
                        entry.sheet,
                        entry.row,
                        column_label(entry.header, entry.columns[name]),
                        Message(N_("There is no German text to translate.")),
                    )
                    continue
                same_german = before is not None and getattr(before, field) == german
                wanted = state if state in _SET_BY_HAND else None
                if text is not None and text != old_text:
                    reviewed = wanted == TranslationState.TRANSLATED
                elif old_text is not None and wanted not in (None, old_state) and same_german:
                    text, reviewed = old_text, wanted == TranslationState.TRANSLATED
                else:
                    continue
                edits.append(TextEdit(lang, Edit(code, field, text, german), reviewed))
                new_state = TranslationState.TRANSLATED if reviewed else TranslationState.PROPOSAL
                for column, old, new in (
                    (BY_FIELD[name], old_text, text),
                    (BY_FIELD[state_name], old_state, new_state.value),
                ):
                    if old != new:
                        changes.append(_change(code, column, old, new, tr))
    return edits, changes


_TEXTS = tuple(column.field for column in TEXT_COLUMNS if column.kind != "state")
_STATES = tuple(column.field for column in TEXT_COLUMNS if column.kind == "state")


def _edits_something(values: dict[str, Any]) -> bool:
    """Whether a row's text cells may change anything: a translation given, or a state set by
    hand (the other states are the register's to work out; a cheap test for many rows)."""
    get = values.get
    for name in _TEXTS:
        if get(name) is not None:
            return True
    return any(get(name) in _SET_BY_HAND for name in _STATES)


def _change(code: str, column: Column, old: Any, new: Any, tr: Translator) -> TextChange:
    if column.kind == "state":
        old = TranslationState(old) if old else None
        new = TranslationState(new)
    return TextChange(
        code, column.field, column.label, display(column, old, tr), display(column, new, tr)
    )


def apply(session: Session, actor: Actor, edits: list[TextEdit]) -> None:
    """Save ``edits`` inside the import's transaction (after the measures' German)."""
    for lang in free_text.LANGUAGES:
        for reviewed in (False, True):
            chosen = [item.edit for item in edits if (item.lang, item.reviewed) == (lang, reviewed)]
            if chosen:
                free_text.save(session, actor, lang, chosen, reviewed=reviewed)
