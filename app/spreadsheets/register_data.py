"""The register as the spreadsheets see it, read in a few plain queries (fast for tens of
thousands of measures): every measure as the :class:`~app.operations.measures.MeasureInput` the
editor would see, and the vocabularies that cells may name (departments, goals, partners,
instruments and sections) in every language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Partner,
    Section,
    Status,
    TrafficLight,
    TranslationState,
)
from app.operations.measure_details import DETAIL_SCALARS
from app.operations.measures import (
    TEXT_FIELDS,
    IndicatorInput,
    MeasureInput,
    MilestoneInput,
    normalize,
)
from app.operations.queries import restricted

_SCALARS = (
    *TEXT_FIELDS,
    "status_reason",
    "progress",
    "start_date",
    "end_date",
    "comment",
    "next_steps",
    "budget_reservation",
    *DETAIL_SCALARS,
)


@dataclass
class Current:
    """Every measure of the register by code (normalized input), with its revision and id."""

    inputs: dict[str, MeasureInput] = field(default_factory=dict)
    revisions: dict[str, int] = field(default_factory=dict)
    archived: set[str] = field(default_factory=set)


def current_measures(session: Session, ids: Collection[int] | None = None) -> Current:
    """All measures (or those of ``ids``), in register order, as the editor would see them."""
    m = Measure.__table__.c
    instrument, section = Instrument.__table__.c, Section.__table__.c
    successor_table = Measure.__table__.alias("successor")
    successor = successor_table.c
    rows = session.execute(
        restricted(
            select(
                *(m[name] for name in _SCALARS),
                m.id,
                m.code,
                m.revision,
                m.archived,
                m.status,
                m.traffic_light,
                m.state_pl,
                m.state_cs,
                instrument.numeral,
                section.code.label("section_code"),
                successor.code.label("successor_code"),
            )
            .select_from(Measure.__table__)
            .join(Instrument.__table__, instrument.id == m.instrument_id)
            .outerjoin(Section.__table__, section.id == m.section_id)
            .outerjoin(successor_table, successor.id == m.successor_id),
            m.id,
            ids,
        ).order_by(m.position, m.id)
    ).mappings()
    links = _links(session, ids)
    result = Current()
    for row in rows:
        measure_id = row["id"]
        data = MeasureInput(
            instrument=row["numeral"],
            section=row["section_code"],
            successor=row["successor_code"],
            status=Status(row["status"]),
            traffic_light=TrafficLight(row["traffic_light"]) if row["traffic_light"] else None,
            state_pl=TranslationState(row["state_pl"]),
            state_cs=TranslationState(row["state_cs"]),
            lead_department=links["lead"].get(measure_id),
            participating=tuple(links["participating"].get(measure_id, ())),
            goals=tuple(links["goals"].get(measure_id, ())),
            partners=tuple(links["partners"].get(measure_id, ())),
            indicators=tuple(links["indicators"].get(measure_id, ())),
            milestones=tuple(links["milestones"].get(measure_id, ())),
            **{name: row[name] for name in _SCALARS},
        )
        code = row["code"]
        result.inputs[code] = normalize(data)
        result.revisions[code] = row["revision"]
        if row["archived"]:
            result.archived.add(code)
    return result


def _links(session: Session, ids: Collection[int] | None) -> dict[str, dict[int, Any]]:
    links: dict[str, dict[int, Any]] = {
        name: defaultdict(list)
        for name in ("participating", "goals", "partners", "indicators", "milestones")
    }
    links["lead"] = {}
    link, department = MeasureDepartment.__table__.c, Department.__table__.c
    for measure_id, code, role in session.execute(
        restricted(
            select(link.measure_id, department.code, link.role).join(
                Department.__table__, department.id == link.department_id
            ),
            link.measure_id,
            ids,
        )
    ):
        if role == DepartmentRole.LEAD.value:
            links["lead"][measure_id] = code
        else:
            links["participating"][measure_id].append(code)
    goal_link, goal = MeasureGoal.__table__.c, Goal.__table__.c
    for measure_id, number in session.execute(
        restricted(
            select(goal_link.measure_id, goal.number).join(
                Goal.__table__, goal.id == goal_link.goal_id
            ),
            goal_link.measure_id,
            ids,
        )
    ):
        links["goals"][measure_id].append(number)
    partner_link, partner = MeasurePartner.__table__.c, Partner.__table__.c
    for measure_id, code in session.execute(
        restricted(
            select(partner_link.measure_id, partner.code).join(
                Partner.__table__, partner.id == partner_link.partner_id
            ),
            partner_link.measure_id,
            ids,
        )
    ):
        links["partners"][measure_id].append(code)
    i = Indicator.__table__.c
    for row in session.execute(
        restricted(select(Indicator.__table__), i.measure_id, ids).order_by(
            i.measure_id, i.position, i.id
        )
    ).mappings():
        links["indicators"][row["measure_id"]].append(
            IndicatorInput(
                row["id"],
                row["name"],
                row["unit"],
                row["baseline"],
                row["target"],
                row["actual"],
                row["actual_date"],
            )
        )
    ms = Milestone.__table__.c
    for row in session.execute(
        restricted(select(Milestone.__table__), ms.measure_id, ids).order_by(
            ms.measure_id, ms.position, ms.id
        )
    ).mappings():
        links["milestones"][row["measure_id"]].append(
            MilestoneInput(row["id"], row["title"], row["due_date"], row["done_date"])
        )
    return links


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
