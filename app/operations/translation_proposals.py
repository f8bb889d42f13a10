"""Which Polish and Czech measure titles are proposals, not yet reviewed by a liaison office.

The catalogue ships proposed Polish and Czech titles; a fresh register shows them with the
translation state "proposal" until someone confirms them (chooses "translated" in the measure
editor or in a spreadsheet import). The state columns of the register file know "missing",
"translated" and "needs update" only, so a proposal is stored as "translated" plus a row
``proposal:<lang>:<code>`` in ``register_meta``; everything outside this module sees the state
"proposal". A later schema version can fold these rows into the state columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import RegisterMeta, TranslationState

PREFIX = "proposal:"
LANGS = ("pl", "cs")


def _key(lang: str, code: str) -> str:
    return f"{PREFIX}{lang}:{code}"


def proposals(session: Session) -> set[tuple[str, str]]:
    """Every (language, measure code) whose title is a proposal."""
    keys = session.scalars(select(RegisterMeta.key).where(RegisterMeta.key.startswith(PREFIX)))
    found: set[tuple[str, str]] = set()
    for key in keys:
        lang, _, code = key.removeprefix(PREFIX).partition(":")
        found.add((lang, code))
    return found


def proposed_languages(session: Session, code: str) -> frozenset[str]:
    """The languages in which the measure ``code`` has a proposed title."""
    return frozenset(
        lang for lang in LANGS if session.get(RegisterMeta, _key(lang, code)) is not None
    )


def set_proposed(session: Session, code: str, langs: Iterable[str]) -> None:
    """Record that the measure's titles in ``langs`` (and no others) are proposals."""
    wanted = set(langs)
    for lang in LANGS:
        row = session.get(RegisterMeta, _key(lang, code))
        if lang in wanted and row is None:
            session.add(RegisterMeta(key=_key(lang, code), value=TranslationState.PROPOSAL.value))
        elif lang not in wanted and row is not None:
            session.delete(row)


def forget(session: Session, code: str) -> None:
    """A deleted measure has no proposals."""
    session.execute(
        delete(RegisterMeta).where(RegisterMeta.key.in_([_key(lang, code) for lang in LANGS]))
    )


def shown_state(stored: TranslationState, lang: str, proposed: Iterable[str]) -> TranslationState:
    """The state as users see it: a stored "translated" that is a proposal is "proposal"."""
    if stored == TranslationState.TRANSLATED and lang in proposed:
        return TranslationState.PROPOSAL
    return stored


def with_shown_states(values: dict[str, Any], proposed: Iterable[str]) -> dict[str, Any]:
    """``values`` (with ``state_pl``/``state_cs``) with the states as users see them."""
    langs = set(proposed)
    return {
        name: shown_state(value, name.removeprefix("state_"), langs)
        if name in ("state_pl", "state_cs") and value is not None
        else value
        for name, value in values.items()
    }


Data = TypeVar("Data")


def split(data: Data) -> tuple[Data, frozenset[str]]:
    """The input as it is stored (a proposal as "translated") and the languages proposed."""
    proposed = frozenset(
        lang for lang in LANGS if getattr(data, f"state_{lang}") == TranslationState.PROPOSAL
    )
    stored = {f"state_{lang}": TranslationState.TRANSLATED for lang in proposed}
    return (replace(data, **stored) if stored else data), proposed  # type: ignore[type-var]
