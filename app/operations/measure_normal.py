"""A measure's input in the form in which two inputs are compared (:func:`normalize`), made
with few attribute look-ups: an import compares tens of thousands of measures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from app.operations.measure_details import IndicatorInput, MilestoneInput

TEXT_FIELDS = (
    "title_de",
    "description_de",
    "title_pl",
    "description_pl",
    "title_cs",
    "description_cs",
)
"""A measure's titles and descriptions."""
_TEXTS = (
    *TEXT_FIELDS,
    "section",
    "status_reason",
    "successor",
    "comment",
    "next_steps",
    "lead_department",
    "contact_name",
    "contact_email",
    "contact_phone",
)
"""The fields stripped of white space (empty: ``None``)."""
_texts = attrgetter(*_TEXTS)
_lists = attrgetter("lead_department", "participating", "goals", "partners")
_details = attrgetter("indicators", "milestones")

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Input = TypeVar("Input", bound="DataclassInstance")


def replaced(data: Input, changes: Mapping[str, Any]) -> Input:
    """``dataclasses.replace(data, **changes)`` for the inputs (frozen dataclasses of plain
    fields: no ``__post_init__``, no init-only fields), made as a copy of ``data``'s fields
    with ``changes`` over them rather than through ``__init__`` (which replace calls with
    every field looked up: a cost over tens of thousands)."""
    kind = type(data)
    unknown = changes.keys() - _field_names(kind)
    if unknown:
        raise TypeError(f"{kind.__name__} has no fields {sorted(unknown)}")
    copy = object.__new__(kind)
    copy.__dict__.update(data.__dict__)
    copy.__dict__.update(changes)
    return copy


def built(kind: type[Input], values: Mapping[str, Any]) -> Input:
    """``kind(**values)`` for the inputs (as for :func:`replaced`) when ``values`` gives every
    field, made without ``__init__`` (which a frozen dataclass runs with a call per field: as
    much as the rest of reading a measure, over tens of thousands)."""
    if values.keys() != _field_names(kind):
        raise TypeError(f"{kind.__name__} needs every field, not {sorted(values)}")
    made = object.__new__(kind)
    made.__dict__.update(values)
    return made


@cache
def _field_names(kind: type) -> frozenset[str]:
    if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
        raise TypeError(f"{kind.__name__} is not a plain dataclass: use dataclasses.replace")
    return frozenset(item.name for item in fields(kind))


_KEEP = object()
"""No value to leave out (:func:`_sorted_once`)."""


def _sorted_once(values: Any, drop: Any) -> tuple[Any, ...] | None:
    """``values`` sorted, each once, without ``drop``; ``None`` when ``values`` is that tuple
    already (told without sorting: most lists are)."""
    if type(values) is tuple and (drop is _KEEP or drop not in values):
        if len(values) < 2:
            return None
        previous = values[0]
        for value in values[1:]:
            if not previous < value:
                break
            previous = value
        else:
            return None
    kept = set(values) if drop is _KEEP else {value for value in values if value != drop}
    new = tuple(sorted(kept))
    return None if new == values else new


def normalize(data: Input) -> Input:
    """Texts stripped (empty: ``None``), lists sorted without repeats, the lead department not
    among the participating ones, the indicators' and milestones' texts stripped: ``data``
    itself when it is in that form already (cheaper for many)."""
    changes: dict[str, Any] = {}
    for name, value in zip(_TEXTS, _texts(data), strict=True):
        if value is not None:
            cleaned = value.strip() or None
            if cleaned != value:
                changes[name] = cleaned
    lead, participating, goals, partners = _lists(data)
    lead = changes.get("lead_department", lead)
    for name, old, drop in (
        ("participating", participating, lead),
        ("goals", goals, _KEEP),
        ("partners", partners, _KEEP),
    ):
        new = _sorted_once(old, drop)
        if new is not None:
            changes[name] = new
    indicators, milestones = _details(data)
    if indicators:
        cleaned_indicators = tuple(
            IndicatorInput(
                item.id,
                (item.name or "").strip(),
                (item.unit or "").strip() or None,
                item.baseline,
                item.target,
                item.actual,
                item.actual_date,
            )
            for item in indicators
        )
        if cleaned_indicators != indicators:
            changes["indicators"] = cleaned_indicators
    elif type(indicators) is not tuple:
        changes["indicators"] = ()
    if milestones:
        cleaned_milestones = tuple(
            MilestoneInput(item.id, (item.title or "").strip(), item.due_date, item.done_date)
            for item in milestones
        )
        if cleaned_milestones != milestones:
            changes["milestones"] = cleaned_milestones
    elif type(milestones) is not tuple:
        changes["milestones"] = ()
    return replaced(data, changes) if changes else data
