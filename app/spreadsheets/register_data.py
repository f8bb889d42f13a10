"""The register as the spreadsheets see it, read in a few plain queries (fast for tens of
thousands of measures): every measure as the :class:`~app.operations.measures.MeasureInput` the
editor would see, and the vocabularies that cells may name (departments, goals, partners,
instruments and sections) in every language."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Department, Goal, Instrument, Partner
from app.operations.measure_rows import Stored, stored_measures
from app.operations.measures import MeasureInput, normalize


@dataclass
class Current:
    """Every measure of the register by code (normalized input), with its revision."""

    inputs: dict[str, MeasureInput] = field(default_factory=dict)
    revisions: dict[str, int] = field(default_factory=dict)
    archived: set[str] = field(default_factory=set)
    stored: dict[str, Stored] = field(default_factory=dict, repr=False)
    """The rows as read (an import's apply uses them again while their revisions hold)."""


def current_measures(session: Session, codes: Collection[str] | None = None) -> Current:
    """All measures (or those of ``codes``), in register order, as the editor would see them."""
    result = Current()
    for code, stored in stored_measures(session, codes).items():
        result.inputs[code] = normalize(stored.data)
        result.revisions[code] = stored.revision
        result.stored[code] = stored
        if stored.archived:
            result.archived.add(code)
    return result


@dataclass
class Vocabulary:
    """What a cell may name, by every spelling a reader may use (casefolded): codes, numbers,
    names in German, Polish and Czech. ``retired``: departments that cannot be newly assigned."""

    departments: dict[str, str] = field(default_factory=dict)
    department_choices: dict[str, list[str]] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    goals: dict[str, int] = field(default_factory=dict)
    goal_choices: dict[str, list[str]] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)
    instruments: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)


LANGS = ("de", "pl", "cs")


def key(text: str) -> str:
    """How spellings are compared: case and runs of white space do not count."""
    return " ".join(text.split()).casefold()


def vocabulary(session: Session) -> Vocabulary:
    vocab = Vocabulary()
    vocab.department_choices = {lang: [] for lang in LANGS}
    for department in session.scalars(select(Department).order_by(Department.position)):
        code = department.code
        for lang in LANGS:
            name = getattr(department, f"name_{lang}") or department.name_de
            vocab.departments.setdefault(key(name), code)
            if not department.retired:
                vocab.department_choices[lang].append(f"{code} – {name}")
        vocab.departments[key(code)] = code
        if department.retired:
            vocab.retired.add(code)
    vocab.goal_choices = {lang: [] for lang in LANGS}
    for goal in session.scalars(select(Goal).order_by(Goal.number)):
        for lang in LANGS:
            text = getattr(goal, f"text_{lang}") or goal.text_de
            vocab.goals.setdefault(key(text), goal.number)
            short = text if len(text) <= 60 else text[:59].rstrip() + "…"
            vocab.goal_choices[lang].append(f"{goal.number} – {short}")
        vocab.goals[str(goal.number)] = goal.number
    for partner in session.scalars(select(Partner)):
        for lang in LANGS:
            name = getattr(partner, f"name_{lang}")
            if name:
                vocab.partners.setdefault(key(name), partner.code)
        vocab.partners[key(partner.code)] = partner.code
    for instrument in session.scalars(select(Instrument).order_by(Instrument.position)):
        vocab.instruments.append(instrument.numeral)
        vocab.sections[instrument.numeral] = [section.code for section in instrument.sections]
    return vocab
