"""What hangs on a measure besides its links: indicators, milestones, budget amounts, contact.

:mod:`app.operations.measures` takes them as part of its :class:`MeasureInput`; this module
validates them, applies them to a measure (indicators and milestones matched by id, new ones
created, missing ones removed) and gives their plain, auditable form.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Indicator, Measure, Milestone

MAX_INDICATORS = 200
"""At most this many indicators per measure (a round package carries no more)."""
MAX_MILESTONES = 200
MAX_CENTS = 10**15
"""Budget amounts are between 0 and ten trillion euros (in cents: exact in a float, too)."""

DETAIL_SCALARS = (
    "budget_planned_cents",
    "budget_committed_cents",
    "contact_name",
    "contact_email",
    "contact_phone",
)
"""The single-valued detail fields, stored as they are named."""

# a practical shape check, not RFC 5322: one @, no spaces, a dot in the domain
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+()/.\- ]{3,40}")


@dataclass(frozen=True)
class IndicatorInput:
    """An indicator as the editor and the spreadsheet give it (``id`` None: a new one)."""

    id: int | None
    name: str
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    actual_date: dt.date | None = None


@dataclass(frozen=True)
class MilestoneInput:
    """A milestone as the editor and the spreadsheet give it (``id`` None: a new one)."""

    id: int | None
    title: str
    due_date: dt.date | None = None
    done_date: dt.date | None = None


class DetailInput(Protocol):
    """The part of a measure's input this module handles."""

    @property
    def budget_planned_cents(self) -> int | None: ...
    @property
    def budget_committed_cents(self) -> int | None: ...
    @property
    def contact_name(self) -> str | None: ...
    @property
    def contact_email(self) -> str | None: ...
    @property
    def contact_phone(self) -> str | None: ...
    @property
    def indicators(self) -> tuple[IndicatorInput, ...]: ...
    @property
    def milestones(self) -> tuple[MilestoneInput, ...]: ...


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def normalized(data: DetailInput) -> dict[str, Any]:
    """The detail fields with texts stripped (empty: ``None``), for ``dataclasses.replace``."""
    return {
        "contact_name": _clean(data.contact_name),
        "contact_email": _clean(data.contact_email),
        "contact_phone": _clean(data.contact_phone),
        "indicators": tuple(
            IndicatorInput(
                item.id,
                (item.name or "").strip(),
                _clean(item.unit),
                item.baseline,
                item.target,
                item.actual,
                item.actual_date,
            )
            for item in data.indicators
        ),
        "milestones": tuple(
            MilestoneInput(item.id, (item.title or "").strip(), item.due_date, item.done_date)
            for item in data.milestones
        ),
    }


def validate_details(data: DetailInput) -> None:
    """Amounts not negative, contact of a plausible shape, indicators and milestones sound."""
    for name, value in (
        (N_("Planned budget"), data.budget_planned_cents),
        (N_("Committed budget"), data.budget_committed_cents),
    ):
        if value is not None and not 0 <= value <= MAX_CENTS:
            raise InvalidInput(
                Message(
                    N_("{what} must be between 0 and 10,000,000,000,000 EUR, not {value}."),
                    what=Message(name),
                    value=f"{value / 100:.2f}",
                )
            )
    if data.contact_email and not _EMAIL.fullmatch(data.contact_email):
        raise InvalidInput(
            Message(N_("{value} is not an e-mail address."), value=data.contact_email)
        )
    if data.contact_phone and not _PHONE.fullmatch(data.contact_phone):
        raise InvalidInput(
            Message(
                N_("{value} is not a telephone number (digits, spaces and + ( ) / - only)."),
                value=data.contact_phone,
            )
        )
    _validate_indicators(data.indicators)
    _validate_milestones(data.milestones)


def _validate_indicators(indicators: tuple[IndicatorInput, ...]) -> None:
    _check_list(
        indicators, MAX_INDICATORS, N_("A measure can have at most {limit} indicators, not {n}.")
    )
    for item in indicators:
        if not item.name:
            raise InvalidInput(Message(N_("An indicator needs a name.")))
        if item.unit is not None and len(item.unit) > 32:
            raise InvalidInput(
                Message(N_("The unit {unit} is longer than 32 characters."), unit=item.unit)
            )
        for value in (item.baseline, item.target, item.actual):
            if value is not None and not math.isfinite(value):
                raise InvalidInput(
                    Message(
                        N_("The indicator {name} has a value that is not a number."), name=item.name
                    )
                )
        if item.actual_date is not None and item.actual is None:
            raise InvalidInput(
                Message(N_("The indicator {name} has a date but no actual value."), name=item.name)
            )


def _validate_milestones(milestones: tuple[MilestoneInput, ...]) -> None:
    _check_list(
        milestones, MAX_MILESTONES, N_("A measure can have at most {limit} milestones, not {n}.")
    )
    for item in milestones:
        if not item.title:
            raise InvalidInput(Message(N_("A milestone needs a title.")))
        if item.done_date is not None and item.done_date > dt.date.today():
            raise InvalidInput(
                Message(
                    N_("The milestone {title} cannot be done in the future ({date})."),
                    title=item.title,
                    date=item.done_date,
                )
            )


def _check_list(items: tuple[IndicatorInput | MilestoneInput, ...], limit: int, text: str) -> None:
    """Not more than ``limit`` items (else ``text``), no id twice."""
    if len(items) > limit:
        raise InvalidInput(Message(text, limit=limit, n=len(items)))
    seen: set[int] = set()
    for item in items:
        if item.id is None:
            continue
        if item.id in seen:
            raise InvalidInput(Message(N_("The id {id} is given twice."), id=item.id))
        seen.add(item.id)


def apply_details(measure: Measure, data: DetailInput) -> None:
    """Write the detail fields; indicators and milestones by id (unknown ids are refused)."""
    for name in DETAIL_SCALARS:
        setattr(measure, name, getattr(data, name))
    indicators = {item.id: item for item in measure.indicators}
    new_indicators: list[Indicator] = []
    for position, given in enumerate(data.indicators, start=1):
        indicator = (
            _existing(indicators, given.id, measure.code, Message(N_("indicator"))) or Indicator()
        )
        indicator.position = position
        indicator.name = given.name
        indicator.unit = given.unit
        indicator.baseline = given.baseline
        indicator.target = given.target
        indicator.actual = given.actual
        indicator.actual_date = given.actual_date
        new_indicators.append(indicator)
    measure.indicators = new_indicators
    milestones = {item.id: item for item in measure.milestones}
    new_milestones: list[Milestone] = []
    for position, given_milestone in enumerate(data.milestones, start=1):
        milestone = _existing(
            milestones, given_milestone.id, measure.code, Message(N_("milestone"))
        )
        milestone = milestone or Milestone()
        milestone.position = position
        milestone.title = given_milestone.title
        milestone.due_date = given_milestone.due_date
        milestone.done_date = given_milestone.done_date
        new_milestones.append(milestone)
    measure.milestones = new_milestones


_T = TypeVar("_T")


def _existing(items: dict[int, _T], identifier: int | None, code: str, what: Message) -> _T | None:
    if identifier is None:
        return None
    if identifier not in items:
        raise _no_such(code, what, identifier)
    return items[identifier]


def _no_such(code: str, what: Message, identifier: int) -> InvalidInput:
    return InvalidInput(
        Message(
            N_("The measure {code} has no {what} with the id {id}."),
            code=code,
            what=what,
            id=identifier,
        )
    )


def check_ids(code: str, data: DetailInput, indicators: set[int], milestones: set[int]) -> None:
    """Refuse an indicator or milestone of ``data`` whose id is not among the measure's own
    (``indicators``, ``milestones``), as :func:`apply_details` would."""
    for items, have, what in (
        (data.indicators, indicators, N_("indicator")),
        (data.milestones, milestones, N_("milestone")),
    ):
        for item in items:
            if item.id is not None and item.id not in have:
                raise _no_such(code, Message(what), item.id)


def details_snapshot(measure: Measure | DetailInput) -> dict[str, Any]:
    """The detail fields in plain form (for the audit trail and change detection), of a
    measure or of its input (their indicators and milestones have the same fields)."""
    values: dict[str, Any] = {name: getattr(measure, name) for name in DETAIL_SCALARS}
    values["indicators"] = [
        {
            "id": item.id,
            "name": item.name,
            "unit": item.unit,
            "baseline": item.baseline,
            "target": item.target,
            "actual": item.actual,
            "actual_date": item.actual_date.isoformat() if item.actual_date else None,
        }
        for item in measure.indicators
    ]
    values["milestones"] = [
        {
            "id": item.id,
            "title": item.title,
            "due_date": item.due_date.isoformat() if item.due_date else None,
            "done_date": item.done_date.isoformat() if item.done_date else None,
        }
        for item in measure.milestones
    ]
    return values


def details_input(measure: Measure) -> dict[str, Any]:
    """The detail fields of a measure as :class:`MeasureInput` keyword arguments."""
    values: dict[str, Any] = {name: getattr(measure, name) for name in DETAIL_SCALARS}
    values["indicators"] = tuple(
        IndicatorInput(
            item.id, item.name, item.unit, item.baseline, item.target, item.actual, item.actual_date
        )
        for item in measure.indicators
    )
    values["milestones"] = tuple(
        MilestoneInput(item.id, item.title, item.due_date, item.done_date)
        for item in measure.milestones
    )
    return values
