"""A measure's input in the form in which two inputs are compared (:func:`normalize`), made
with few attribute look-ups: an import compares tens of thousands of measures."""

from __future__ import annotations

from dataclasses import replace
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
    for name, old, new in (
        ("participating", participating, sorted({code for code in participating if code != lead})),
        ("goals", goals, sorted(set(goals))),
        ("partners", partners, sorted(set(partners))),
    ):
        if tuple(new) != old:
            changes[name] = tuple(new)
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
    return replace(data, **changes) if changes else data
