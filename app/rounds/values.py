"""What a measure round asks and answers: the values of one measure that travel in packages.

An *answer* is the full set of these values for one measure as the department reports them
(starting from the values the package carried). Merging compares them unit by unit: the status
together with its reason (a dropped measure needs one), the traffic light, the progress, the
comment, the next steps, and each indicator's actual value with its date.
"""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Measure, Status, TrafficLight
from app.rounds.answer import (
    LABELS,
    MAX_INDICATORS,
    MAX_TEXT,
    SCALARS,
    TEXT_FIELDS,
    MeasureAnswer,
)

# The units a merge compares: the status together with its reason, each other field that holds
# one value; "indicator:<id>" units are added per indicator.
UNITS = tuple(name for name in SCALARS if name != "status_reason")
PLAIN_UNITS = tuple(name for name in UNITS if name not in ("status", "traffic_light"))

UNIT_LABELS = {name: LABELS[name] for name in UNITS}


def measure_values(measure: Measure | SimpleNamespace) -> dict[str, Any]:
    """The values of ``measure`` as a package carries them (plain JSON); ``measure`` may also be
    a namespace of its columns with its indicators' rows, read with Core."""
    values: dict[str, Any] = {name: getattr(measure, name) for name in SCALARS}
    values["status"] = measure.status.value
    values["traffic_light"] = measure.traffic_light.value if measure.traffic_light else None
    values["indicators"] = [
        {
            "id": indicator.id,
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": indicator.baseline,
            "target": indicator.target,
            "actual": indicator.actual,
            "actual_date": indicator.actual_date.isoformat() if indicator.actual_date else None,
        }
        for indicator in measure.indicators
    ]
    return values


def units(values: dict[str, Any]) -> dict[str, Any]:
    """The merge units of an answer or of issued values: ``{unit: comparable value}``."""
    result: dict[str, Any] = {name: values.get(name) for name in UNITS if name != "status"}
    result["status"] = {"status": values.get("status"), "reason": values.get("status_reason")}
    for indicator in values.get("indicators") or ():
        result[f"indicator:{indicator['id']}"] = {
            "actual": indicator.get("actual"),
            "actual_date": indicator.get("actual_date"),
        }
    return result


def clean_text(value: Any, label: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(Message(N_("{field} must be a text."), field=Message(label)))
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            Message(
                N_("{field} is longer than {limit} characters."),
                field=Message(label),
                limit=MAX_TEXT,
            )
        )
    return value or None


def normalized_answer(raw: Any, issued: dict[str, Any]) -> dict[str, Any]:
    """``raw`` checked and normalized against the values ``issued`` for the same measure;
    raises :class:`InvalidInput` naming the first problem."""
    if not isinstance(raw, dict):
        raise InvalidInput(Message(N_("An answer must be a record of values.")))
    unknown = sorted(set(raw) - set(SCALARS) - {"indicators", "code"})
    if unknown:
        raise InvalidInput(Message(N_("Unknown field: {name}."), name=unknown[0]))
    status = raw.get("status")
    if status not in {member.value for member in Status}:
        raise InvalidInput(
            Message(
                N_("“{value}” is not a status; use one of: {allowed}."),
                value=str(status),
                allowed=", ".join(member.value for member in Status),
            )
        )
    light = raw.get("traffic_light")
    if light is not None and light not in {member.value for member in TrafficLight}:
        raise InvalidInput(
            Message(
                N_("“{value}” is not a traffic light; use one of: {allowed}."),
                value=str(light),
                allowed=", ".join(member.value for member in TrafficLight),
            )
        )
    progress = raw.get("progress")
    if progress is not None and (
        isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100
    ):
        raise InvalidInput(
            Message(N_("Progress must be between 0 and 100 %, not {value}."), value=str(progress))
        )
    texts = {name: clean_text(raw.get(name), LABELS[name]) for name in TEXT_FIELDS}
    if status == Status.DROPPED.value and not texts["status_reason"]:
        raise InvalidInput(Message(N_("A dropped measure needs a reason.")))
    answer = {"status": status, "traffic_light": light, "progress": progress, **texts}
    answer["indicators"] = _indicators(raw.get("indicators", []), issued)
    return answer


def _indicators(raw: Any, issued: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > MAX_INDICATORS:
        raise InvalidInput(Message(N_("The indicator values are malformed.")))
    known = {item["id"]: item for item in issued.get("indicators") or ()}
    given: dict[int, dict[str, Any]] = {}
    for item in raw:
        if not isinstance(item, dict) or set(item) - {"id", "actual", "actual_date"}:
            raise InvalidInput(Message(N_("The indicator values are malformed.")))
        identifier = item.get("id")
        if not isinstance(identifier, int) or isinstance(identifier, bool):
            raise InvalidInput(Message(N_("Unknown indicator: {name}."), name=str(identifier)))
        if identifier not in known or identifier in given:
            raise InvalidInput(Message(N_("Unknown indicator: {name}."), name=str(identifier)))
        actual = item.get("actual")
        if actual is not None and (
            isinstance(actual, bool) or not isinstance(actual, int | float) or not _finite(actual)
        ):
            raise InvalidInput(
                Message(
                    N_("The actual value of “{name}” must be a number."),
                    name=known[identifier]["name"],
                )
            )
        date = item.get("actual_date")
        if date is not None:
            try:
                if not isinstance(date, str):
                    raise ValueError
                dt.date.fromisoformat(date)
            except ValueError:
                raise InvalidInput(
                    Message(N_("{value} is not a date; write it as YYYY-MM-DD."), value=str(date))
                ) from None
        given[identifier] = {"id": identifier, "actual": actual, "actual_date": date}
    # indicators the answer leaves out keep their issued values
    return [
        given.get(
            identifier,
            {
                "id": identifier,
                "actual": item.get("actual"),
                "actual_date": item.get("actual_date"),
            },
        )
        for identifier, item in known.items()
    ]


def _finite(number: int | float) -> bool:
    """A number a float can hold (JSON allows integers of any length)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def answer_from_issued(issued: dict[str, Any]) -> dict[str, Any]:
    """The answer that changes nothing: the issued values as they are."""
    return MeasureAnswer.from_json(issued).to_json()
