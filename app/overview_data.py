"""The overview's figures as the window shows them (no Qt, no SQLAlchemy): what
:func:`app.overview.overview` counts, and what :mod:`app.overview_cache` keeps of it between
starts, for the window's first screen to paint before the storage layer is imported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.enums import Status

AT_RISK_DAYS = 90
"""An open measure whose end date falls within this many days is at risk."""
FINISHED = (Status.COMPLETED, Status.DROPPED)
"""A measure in one of these states is never overdue nor at risk."""
NO_LIGHT = "none"
"""The traffic light key of the measures that have none."""
LIGHTS = ("green", "amber", "red", NO_LIGHT)
STATUSES = tuple(status.value for status in Status)
OVERDUE, AT_RISK = "overdue", "at_risk"

Names = dict[str, str | None]


@dataclass(frozen=True)
class Group:
    """The measures of an instrument or of a department (lead or participating, as the
    register's department filter has it): how many, by status and by traffic light."""

    key: str
    names: Names
    total: int
    by_status: dict[str, int]  # a Status value → measures, all statuses present
    by_light: dict[str, int]  # a key of LIGHTS → measures
    light_codes: dict[str, frozenset[str]]  # a key of LIGHTS → the codes of those measures

    def name(self, lang: str) -> str:
        return names_in(self.names, lang, self.key)


@dataclass(frozen=True)
class DueMeasure:
    code: str
    titles: Names
    end_date: dt.date
    state: str  # OVERDUE (the end date passed) or AT_RISK (within AT_RISK_DAYS)
    status: str
    traffic_light: str | None
    lead: str | None

    def title(self, lang: str) -> str:
        return names_in(self.titles, lang, self.code)


@dataclass(frozen=True)
class DepartmentReturns:
    code: str
    names: Names
    state: str  # a key of app.rounds.labels.DEPARTMENT_STATE
    expected: int
    returned: int
    missing_codes: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return names_in(self.names, lang, self.code)


@dataclass(frozen=True)
class CurrentRound:
    name: str
    status: str
    deadline: dt.date
    departments: tuple[DepartmentReturns, ...]

    @property
    def expected(self) -> int:
        return sum(d.expected for d in self.departments)

    @property
    def returned(self) -> int:
        return sum(d.returned for d in self.departments)


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the round's name ("" for the register today)
    closed_on: dt.date | None  # None: the register today
    progress: dict[str, int | None]  # instrument → mean progress in %, None without values


@dataclass(frozen=True)
class Overview:
    today: dt.date
    measures: int
    round: CurrentRound | None
    instruments: tuple[Group, ...]
    departments: tuple[Group, ...]
    due: tuple[DueMeasure, ...]  # overdue first (oldest end first), then at risk
    trend: tuple[TrendPoint, ...]  # closed rounds, oldest first, then the register today
    instrument_names: dict[str, Names] = field(default_factory=dict)

    def due_codes(self, state: str) -> frozenset[str]:
        return frozenset(m.code for m in self.due if m.state == state)


def names_in(names: Names, lang: str, fallback: str) -> str:
    return names.get(lang) or names.get("de") or fallback
