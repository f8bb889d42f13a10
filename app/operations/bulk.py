"""One change for many measures at once: lead department, participating departments, goals,
partners or status, set for every measure of a selection.

All of them go through :func:`app.operations.measure_batch.update_measures_in`, so the same
rules hold and the same audit entries are written (one per measure and field) as when the
measure is edited on its own, in one transaction and a few bulk statements. When any measure would
break a rule (a dropped measure without a reason, a retired department, an unknown code), every
such measure is named and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from app.errors import InvalidInput, UserError
from app.i18n import N_, NP_, Message
from app.models import Status
from app.operations.context import Actor, many_objects, transaction
from app.operations.measure_batch import MeasuresRefused, update_measures_in
from app.operations.measure_rows import stored_measures
from app.operations.measures import MeasureInput, no_measure

T = TypeVar("T")


class ListMode(StrEnum):
    """How a list of a measure (departments, goals, partners) changes."""

    SET = "set"  # replaced by the values given
    ADD = "add"  # the values given are added to it
    REMOVE = "remove"  # the values given are taken out of it


@dataclass(frozen=True)
class ListChange(Generic[T]):
    """A change to one of a measure's lists."""

    mode: ListMode
    values: tuple[T, ...] = ()

    def applied(self, current: tuple[T, ...]) -> tuple[T, ...]:
        if self.mode == ListMode.SET:
            return tuple(self.values)
        if self.mode == ListMode.ADD:
            return (*current, *(v for v in self.values if v not in current))
        return tuple(v for v in current if v not in self.values)


class Unchanged(StrEnum):
    """The value of a field a bulk change leaves as it is."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class BulkChange:
    """What to change in every selected measure; a field left at its default stays as it is.

    ``lead_department``: a department's code, or ``None`` to take the lead away.
    ``status_reason``: given with a ``status`` (the reason a measure is dropped or suspended);
    ``None`` keeps each measure's own reason."""

    lead_department: str | Unchanged | None = UNCHANGED
    participating: ListChange[str] | None = None
    goals: ListChange[int] | None = None
    partners: ListChange[str] | None = None
    status: Status | None = None
    status_reason: str | None = None
    fields: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        chosen = [
            name
            for name, value in (
                ("lead_department", self.lead_department),
                ("participating", self.participating),
                ("goals", self.goals),
                ("partners", self.partners),
                ("status", self.status),
            )
            if value is not None and value is not UNCHANGED
        ]
        object.__setattr__(self, "fields", tuple(chosen))

    def applied(self, data: MeasureInput) -> MeasureInput:
        """``data`` with this change made."""
        values: dict[str, Any] = {}
        if self.lead_department is not UNCHANGED:
            values["lead_department"] = self.lead_department
        if self.participating is not None:
            values["participating"] = self.participating.applied(data.participating)
        if self.goals is not None:
            values["goals"] = self.goals.applied(data.goals)
        if self.partners is not None:
            values["partners"] = self.partners.applied(data.partners)
        if self.status is not None:
            values["status"] = self.status
            if self.status_reason is not None and self.status_reason.strip():
                values["status_reason"] = self.status_reason
        return replace(data, **values)


class BulkRefused(InvalidInput):
    """A bulk change that would make measures break a rule: nothing was changed.
    :attr:`problems` names every such measure (its code and what is wrong)."""

    def __init__(self, problems: list[tuple[str, Message]]) -> None:
        code, problem = problems[0]
        if len(problems) > 1:
            message = Message(
                *NP_(
                    "Nothing was changed: {n} measure would break a rule, {code}: {problem}",
                    "Nothing was changed: {n} measures would break a rule, the first of them "
                    "{code}: {problem}",
                ),
                code=code,
                problem=problem,
                n=len(problems),
            )
        else:
            message = Message(
                N_("Nothing was changed. {code}: {problem}"), code=code, problem=problem
            )
        super().__init__(message)
        self.problems = problems


def apply_bulk(session: Session, actor: Actor, codes: Sequence[str], change: BulkChange) -> int:
    """Make ``change`` to every measure of ``codes`` in one transaction; returns how many
    measures changed (those that already had the values do not count and get no audit entry).

    Refused (nothing changed) when no field is chosen or no measure is given; when any measure
    would break a rule, :class:`BulkRefused` names each such measure with its problem."""
    if not change.fields:
        raise InvalidInput(Message(N_("Choose at least one field to change.")))
    if not codes:
        raise InvalidInput(Message(N_("Select at least one measure.")))
    order = list(dict.fromkeys(codes))  # each measure once, in the order given
    with transaction(session), many_objects():
        stored = stored_measures(session, order)
        problems: list[tuple[str, UserError]] = [
            (code, no_measure(code)) for code in order if code not in stored
        ]
        inputs = {code: change.applied(stored[code].data) for code in order if code in stored}
        try:
            changed = update_measures_in(session, actor, inputs, stored=stored)
        except MeasuresRefused as refused:
            problems += refused.problems
        if problems:
            position = {code: index for index, code in enumerate(order)}
            problems.sort(key=lambda problem: position[problem[0]])
            raise BulkRefused([(code, error.message) for code, error in problems])
    return len(changed)
