"""The shapes of the two payloads (closed records: a field that is not described is refused).

The values of an answer are checked again, with the rules of the register, by
:func:`app.rounds.values.normalized_answer`; here only the shape is checked, so that nothing
malformed reaches that code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.catalogue.schema import Field, SchemaError, check_record
from app.errors import PackageRefused
from app.i18n import N_, Message

MAX_ITEMS = 20_000
TEXT = Field(str, required=False, nullable=True, max_length=20_000)
NAME = Field(str, max_length=2_000)
OPTIONAL_NAME = Field(str, required=False, nullable=True, max_length=2_000)
NUMBER = Field((int, float), required=False, nullable=True)

INDICATOR_ISSUED = {
    "id": Field(int),
    "name": NAME,
    "unit": OPTIONAL_NAME,
    "baseline": NUMBER,
    "target": NUMBER,
    "actual": NUMBER,
    "actual_date": OPTIONAL_NAME,
}

VALUES = {
    "status": Field(str, max_length=32),
    "status_reason": TEXT,
    "traffic_light": Field(str, nullable=True, max_length=32),
    "progress": Field(int, nullable=True),
    "comment": TEXT,
    "next_steps": TEXT,
    "indicators": Field(list, items=INDICATOR_ISSUED, max_items=200),
}

NAMES = {"name_de": NAME, "name_pl": OPTIONAL_NAME, "name_cs": OPTIONAL_NAME}
TITLES = {"title_de": NAME, "title_pl": OPTIONAL_NAME, "title_cs": OPTIONAL_NAME}

ROUND_PAYLOAD: Mapping[str, Field] = {
    "round": Field(
        dict,
        record={
            "uid": NAME,
            "name": NAME,
            "kind": Field(str, choices=("measures", "partnerships")),
            "deadline": NAME,
            "period_start": OPTIONAL_NAME,
            "period_end": OPTIONAL_NAME,
            "note": TEXT,
        },
    ),
    "department": Field(dict, record={"code": NAME, **NAMES}),
    "issuer": Field(dict, record={"register_uid": NAME, "name": NAME}),
    "return_key": NAME,
    "recipient_key": NAME,
    "instruments": Field(list, max_items=100, items={"numeral": NAME, **TITLES}),
    "items": Field(
        list,
        max_items=MAX_ITEMS,
        items={
            "code": NAME,
            "instrument": NAME,
            "section": OPTIONAL_NAME,
            **TITLES,
            "role": Field(str, choices=("lead", "participating")),
            "values": Field(dict, record=VALUES),
        },
    ),
}

INDICATOR_ANSWER = {
    "id": Field(int),
    "actual": NUMBER,
    "actual_date": OPTIONAL_NAME,
}

RETURN_PAYLOAD: Mapping[str, Field] = {
    "author": OPTIONAL_NAME,
    "answers": Field(
        list,
        max_items=MAX_ITEMS,
        items={
            "code": NAME,
            "status": Field(str, max_length=32),
            "status_reason": TEXT,
            "traffic_light": Field(str, nullable=True, max_length=32),
            "progress": Field(int, nullable=True),
            "comment": TEXT,
            "next_steps": TEXT,
            "indicators": Field(list, items=INDICATOR_ANSWER, max_items=200),
        },
    ),
    "proposals": Field(
        list,
        max_items=200,
        items={
            "instrument": Field(str, max_length=8),
            "title_de": NAME,
            "description_de": TEXT,
            "rationale": TEXT,
        },
    ),
}


def check(data: Any, spec: Mapping[str, Field], name: str) -> dict[str, Any]:
    """``data`` if it has the shape ``spec`` describes, else :class:`PackageRefused`."""
    try:
        check_record(data, spec, "", closed=True)
    except SchemaError as exc:
        raise PackageRefused(
            Message(
                N_(
                    "The package {file} was refused: its content is malformed ({problem}). "
                    "Nothing was changed."
                ),
                file=name,
                problem=exc.message(),
            )
        ) from None
    assert isinstance(data, dict)
    return data
