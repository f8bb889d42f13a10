"""A department's answer for one measure: the one list of its fields.

Everything that names the fields of an answer derives them from :class:`MeasureAnswer`: the
workspace's draft (:func:`app.rounds.workspace.save_draft`), the checks
(:func:`app.rounds.values.normalized_answer`) and the merge's units
(:func:`app.rounds.values.units`). Adding a field is adding it here (and saying how it is
checked and merged), and to the answer's shape in a package, in the exchange format's JSON
Schema (``app/exchange/exchange-format.schema.json``; a test compares the two).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.catalogue.schema import Field
from app.i18n import N_

MAX_TEXT = 20_000
MAX_INDICATORS = 200
TEXT = Field(str, required=False, nullable=True, max_length=MAX_TEXT)


def _field(label: str, spec: Field | None, default: Any = None) -> Any:
    """A field of the answer: its translatable label and its shape in a package."""
    return dataclasses.field(default=default, metadata={"label": label, "spec": spec})


@dataclass(frozen=True)
class IndicatorAnswer:
    """An indicator's actual value with its date (ISO), as a department reports it."""

    id: int
    actual: int | float | None = None
    actual_date: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "actual": self.actual, "actual_date": self.actual_date}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IndicatorAnswer:
        return cls(data["id"], data.get("actual"), data.get("actual_date"))


@dataclass(frozen=True)
class MeasureAnswer:
    """The values a department reports for one measure (plain JSON values)."""

    status: str = _field(N_("Status"), Field(str, max_length=32), default="")
    status_reason: str | None = _field(N_("Reason"), TEXT)
    traffic_light: str | None = _field(
        N_("Traffic light"), Field(str, nullable=True, max_length=32)
    )
    progress: int | None = _field(N_("Progress"), Field(int, nullable=True))
    comment: str | None = _field(N_("Comment"), TEXT)
    next_steps: str | None = _field(N_("Next steps"), TEXT)
    indicators: tuple[IndicatorAnswer, ...] = _field(N_("Indicators"), None, default=())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in SCALARS}
        data["indicators"] = [indicator.to_json() for indicator in self.indicators]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MeasureAnswer:
        """The answer in ``data`` (an answer or a package's issued values; other keys, such as
        an indicator's name, are left out): the answer that changes nothing."""
        scalars: dict[str, Any] = {name: data.get(name) for name in SCALARS}
        return cls(
            **scalars,
            indicators=tuple(
                IndicatorAnswer.from_json(item) for item in data.get("indicators") or ()
            ),
        )


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(MeasureAnswer))
"""The fields of an answer, in their order."""
SCALARS: tuple[str, ...] = tuple(name for name in FIELDS if name != "indicators")
"""The fields that hold one value (all but the indicators)."""
LABELS: dict[str, str] = {f.name: f.metadata["label"] for f in dataclasses.fields(MeasureAnswer)}
"""Each field's translatable label."""
TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(MeasureAnswer) if f.metadata["spec"] is TEXT
)
"""The fields that hold free text."""
