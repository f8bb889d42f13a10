"""The free texts' translations through the core, on a register file and on a PostgreSQL
server: states (needs update whichever way the German changed), the translation memory,
refusals that store nothing, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import UserError
from app.free_text import segments, view
from app.free_text.segments import Edit
from app.models import AuditEvent, TextTranslation, TranslationState
from app.operations import measures
from app.operations.context import Actor
from app.storage.register import Register

ACTOR = Actor("Erika Muster")
GERMAN = "Abstimmung mit dem Ressort bis {n}."
POLISH = "Uzgodnienia z resortem do {n}."


@pytest.fixture
def register(fresh: Register) -> Register:
    return fresh


def _set_german(reg: Register, code: str, **texts: Any) -> None:
    with reg.session() as session:
        data, _revision = measures.measure_input(session, code)
    with reg.session() as session:
        measures.update_measure(session, ACTOR, code, replace(data, **texts))


def _states(reg: Register, lang: str = "pl") -> dict[tuple[str, str], TranslationState]:
    """The measures' segments' states (the criteria sets' are in test_other_texts.py)."""
    with reg.session() as session:
        return {s.key: s.state for s in segments.segments(session, lang) if s.measure}


def test_states_memory_and_needs_update(register: Register) -> None:
    first, second = "I.01", "I.02"
    _set_german(register, first, next_steps=GERMAN)
    _set_german(register, second, next_steps=GERMAN, comment="Läuft.")
    assert _states(register) == {
        (first, "next_steps"): TranslationState.MISSING,
        (second, "next_steps"): TranslationState.MISSING,
        (second, "comment"): TranslationState.MISSING,
    }
    with register.session() as session:
        rows = view.apply(
            session, ACTOR, "pl", [Edit(first, "next_steps", POLISH, GERMAN)], reviewed=True
        )
    assert rows.suggestions[GERMAN] == POLISH  # (with the criteria set's proposals)
    assert _states(register) == {
        (first, "next_steps"): TranslationState.TRANSLATED,
        (second, "next_steps"): TranslationState.PROPOSAL,  # the same German, from the memory
        (second, "comment"): TranslationState.MISSING,
    }
    assert _states(register, "cs")[(first, "next_steps")] == TranslationState.MISSING

    _set_german(register, first, next_steps="Abstimmung mit dem Ressort bis {n} erledigt.")
    with register.session() as session:
        changed = {s.key: s for s in segments.segments(session, "pl")}[(first, "next_steps")]
        events = session.scalars(
            select(AuditEvent.field).where(AuditEvent.entity_code == first)
        ).all()
    assert changed.state == TranslationState.NEEDS_UPDATE
    assert changed.previous_source == GERMAN
    assert changed.text == POLISH
    assert {"next_steps_pl", "next_steps_state_pl"} <= set(events)


def test_a_refused_edit_stores_nothing(register: Register) -> None:
    _set_german(register, "I.01", comment="Läuft.")
    with register.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
    edits = [
        Edit("I.01", "comment", "Trwa.", "Läuft."),
        Edit("I.01", "comment", "Trwa.", "Läuft nicht."),  # not the German the register has
    ]
    with register.session() as session, pytest.raises(UserError):
        view.apply(session, ACTOR, "pl", edits, reviewed=False)
    with register.session() as session:
        assert session.scalar(select(func.count()).select_from(TextTranslation)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == before
    with register.session() as session, pytest.raises(UserError):
        view.apply(session, ACTOR, "de", edits[:1], reviewed=False)
