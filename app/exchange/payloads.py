"""The shapes of the two payloads of each kind of round (closed records: a field that is not
described is refused); each kind of round (:mod:`app.rounds.kinds`) names its two.

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
from app.models import RoundKind
from app.rounds import answer

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

VALUES = answer.wire_spec(INDICATOR_ISSUED)

NAMES = {"name_de": NAME, "name_pl": OPTIONAL_NAME, "name_cs": OPTIONAL_NAME}
TITLES = {"title_de": NAME, "title_pl": OPTIONAL_NAME, "title_cs": OPTIONAL_NAME}

ROUND_PAYLOAD: Mapping[str, Field] = {
    "round": Field(
        dict,
        record={
            "uid": NAME,
            "name": NAME,
            "kind": Field(str, choices=tuple(kind.value for kind in RoundKind)),
            "deadline": NAME,
            "period_start": OPTIONAL_NAME,
            "period_end": OPTIONAL_NAME,
            "note": TEXT,
        },
    ),
    "department": Field(dict, record={"code": NAME, **NAMES}),
    "issuer": Field(dict, record={"register_uid": NAME, "name": NAME}),
    "return_key": Field(str, required=False, max_length=2_000),  # format 1 only
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
        items={"code": NAME, **answer.wire_spec(INDICATOR_ANSWER)},
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


# -- partnership rounds -----------------------------------------------------------------------

SCORE = Field(int, nullable=True)
ASSESSMENT = {
    "scores": Field(dict),  # criterion code -> {"score", "comment"}: checked by the round's rules
    "recommendation": Field(
        dict, record={"choice": Field(str, nullable=True, max_length=16), "comment": TEXT}
    ),
}
CRITERION = {
    "code": Field(str, max_length=32),
    "weight": Field((int, float)),
    **NAMES,
    "description_de": TEXT,
    "description_pl": TEXT,
    "description_cs": TEXT,
}
LABEL = Field(str, required=False, nullable=True, max_length=100)

PARTNERSHIP_ROUND_PAYLOAD: Mapping[str, Field] = {
    **{
        key: ROUND_PAYLOAD[key]
        for key in ("round", "department", "issuer", "return_key", "recipient_key", "instruments")
    },
    "criteria": Field(
        dict,
        record={
            "code": NAME,
            **NAMES,
            "scale": Field(dict, record={"min": Field(int), "max": Field(int)}),
            "scale_labels": Field(
                list,
                max_items=11,
                items={"value": Field(int), "de": LABEL, "pl": LABEL, "cs": LABEL},
            ),
            "criteria": Field(list, max_items=30, items=CRITERION),
        },
    ),
    "items": Field(
        list,
        max_items=MAX_ITEMS,
        items={
            "code": NAME,
            "kind": Field(str, max_length=32),
            "status": Field(str, max_length=32),
            "since_year": Field(int, nullable=True),
            **NAMES,
            "values": Field(dict, record=ASSESSMENT),
        },
    ),
}

PARTNERSHIP_RETURN_PAYLOAD: Mapping[str, Field] = {
    "author": OPTIONAL_NAME,
    "answers": Field(
        list,
        max_items=MAX_ITEMS,
        items={
            "code": NAME,
            "scores": Field(
                list,
                max_items=30,
                items={"criterion": Field(str, max_length=32), "score": SCORE, "comment": TEXT},
            ),
            "recommendation": Field(str, nullable=True, max_length=16),
            "recommendation_comment": TEXT,
        },
    ),
    "proposals": Field(list, max_items=0),
}
