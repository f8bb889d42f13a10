"""A small declarative checker for the catalogue's JSON, with error messages that name the place.

The catalogue is data the secretariat may edit or replace (a second strategy); a file with a
missing or mistyped field must be refused with a message that says where, before anything is
written to a register.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.i18n import N_, Message


class SchemaError(ValueError):
    """A problem at a place in the document (``measures[3].title_de``), as a translatable text."""

    def __init__(self, where: str, problem: Message) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem

    def message(self) -> Message:
        return Message(N_("{where}: {problem}"), where=self.where or "/", problem=self.problem)


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = True
    nullable: bool = False
    choices: tuple[Any, ...] | None = None
    items: Mapping[str, Field] | type | None = None  # for lists: a record spec or a scalar type
    record: Mapping[str, Field] | None = None  # for nested objects
    max_items: int | None = None  # for lists
    max_length: int | None = None  # for texts


def _type_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return "/".join(k.__name__ for k in kind)
    return kind.__name__


def _wrong_type(kind: type | tuple[type, ...], found: str) -> Message:
    return Message(
        N_("expected a value of type {expected}, found {found}"),
        expected=_type_name(kind),
        found=found,
    )


def check_value(value: Any, spec: Field, where: str, *, closed: bool = False) -> None:
    """Check ``value`` against ``spec``; with ``closed``, records must not hold other fields."""
    if value is None:
        if spec.nullable:
            return
        raise SchemaError(where, Message(N_("must not be empty (null)")))
    if isinstance(value, bool) and spec.kind is not bool and bool not in _as_tuple(spec.kind):
        raise SchemaError(where, _wrong_type(spec.kind, "bool"))
    if not isinstance(value, spec.kind):
        raise SchemaError(where, _wrong_type(spec.kind, type(value).__name__))
    if isinstance(value, str) and spec.required and not value.strip():
        raise SchemaError(where, Message(N_("must not be empty")))
    if spec.max_length is not None and isinstance(value, str) and len(value) > spec.max_length:
        raise SchemaError(
            where, Message(N_("is longer than {limit} characters"), limit=spec.max_length)
        )
    if spec.max_items is not None and isinstance(value, list) and len(value) > spec.max_items:
        raise SchemaError(where, Message(N_("has more than {limit} entries"), limit=spec.max_items))
    if spec.choices is not None and value not in spec.choices:
        allowed = ", ".join(str(c) for c in spec.choices)
        raise SchemaError(
            where, Message(N_("“{value}” is not one of: {allowed}"), value=value, allowed=allowed)
        )
    if spec.record is not None:
        check_record(value, spec.record, where, closed=closed)
    if spec.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            item_where = f"{where}[{index}]"
            if isinstance(spec.items, Mapping):
                check_record(item, spec.items, item_where, closed=closed)
            else:
                check_value(item, Field(spec.items), item_where)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def check_record(
    value: Any, spec: Mapping[str, Field], where: str, *, closed: bool = False
) -> None:
    if not isinstance(value, dict):
        raise SchemaError(where, _wrong_type(dict, type(value).__name__))
    if closed:
        unknown = sorted(set(value) - set(spec))
        if unknown:
            raise SchemaError(
                where, Message(N_("the field “{name}” is not expected here"), name=unknown[0])
            )
    for name, field in spec.items():
        if name not in value:
            if field.required:
                raise SchemaError(where, Message(N_("the field “{name}” is missing"), name=name))
            continue
        check_value(value[name], field, f"{where}.{name}" if where else name, closed=closed)


LINES = Field(list, items=int)
OPTIONAL_TEXT = Field(str, required=False, nullable=True)

NAMES = {
    "name_de": Field(str),
    "name_pl": OPTIONAL_TEXT,
    "name_cs": OPTIONAL_TEXT,
}

SECTION = {
    "code": Field(str),
    "title_de": Field(str),
    "title_pl": OPTIONAL_TEXT,
    "title_cs": OPTIONAL_TEXT,
    "line": Field(int, required=False, nullable=True),
}

CATALOGUE: Mapping[str, Field] = {
    "format": Field(str, choices=("imag-catalogue",)),
    "format_version": Field(int),
    "id": Field(str),
    "version": Field(str),
    "strategy": Field(
        dict,
        record={
            "code": Field(str),
            "title_de": Field(str),
            "title_pl": OPTIONAL_TEXT,
            "title_cs": OPTIONAL_TEXT,
            "short_title_de": OPTIONAL_TEXT,
            "adopted": OPTIONAL_TEXT,
            "budget_reservation_de": OPTIONAL_TEXT,
            "source": Field(
                dict,
                required=False,
                record={"name": Field(str), "sha256": Field(str), "line_count": Field(int)},
            ),
        },
    ),
    "goals": Field(
        list,
        items={
            "number": Field(int),
            "text_de": Field(str),
            "text_pl": OPTIONAL_TEXT,
            "text_cs": OPTIONAL_TEXT,
            "lines": LINES,
        },
    ),
    "instruments": Field(
        list,
        items={
            "numeral": Field(str),
            "title_de": Field(str),
            "title_pl": OPTIONAL_TEXT,
            "title_cs": OPTIONAL_TEXT,
            "line": Field(int, required=False, nullable=True),
            "sections": Field(list, items=SECTION),
        },
    ),
    "measures": Field(
        list,
        items={
            "code": Field(str),
            "instrument": Field(str),
            "section": Field(str, nullable=True),
            "title_de": Field(str),
            "title_pl": OPTIONAL_TEXT,
            "title_cs": OPTIONAL_TEXT,
            "lead_in_de": Field(str),
            "lead_in_pl": OPTIONAL_TEXT,
            "lead_in_cs": OPTIONAL_TEXT,
            "modality": Field(str, choices=("could", "shall", "continue")),
            "lines": LINES,
            "footnote": Field(
                dict,
                required=False,
                record={"marker": Field(str), "text_de": Field(str), "lines": LINES},
            ),
        },
    ),
    "partners": Field(
        list,
        items={
            "code": Field(str),
            "kind": Field(str, choices=("country", "region", "organisation")),
            "country": Field(str, nullable=True),
            **NAMES,
            "note_de": OPTIONAL_TEXT,
        },
    ),
    "partnerships": Field(
        list,
        items={
            "code": Field(str),
            "partner": Field(str),
            "kind": Field(str, choices=("regional", "cross_border", "sectoral")),
            "status": Field(str, choices=("active", "dormant", "under_consideration")),
            "since_year": Field(int, nullable=True),
            "lines": Field(list, nullable=True, items=int),
            "basis_de": OPTIONAL_TEXT,
            "signatory": OPTIONAL_TEXT,
            "status_since": OPTIONAL_TEXT,
            "note_de": OPTIONAL_TEXT,
        },
    ),
    "lists": Field(dict),
}

LIST_ITEM: Mapping[str, Field] = {
    "code": Field(str),
    **NAMES,
    "lines": Field(list, nullable=True, items=int),
    "since_year": Field(int, required=False, nullable=True),
    "ref": OPTIONAL_TEXT,
    "detail_de": OPTIONAL_TEXT,
}

DEPARTMENT_COLUMNS = ("code", "kind", "name_de", "name_pl", "name_cs", "note")
