"""The strict schema of everything a package authenticates: its manifest and its payload.

The schema is the JSON Schema file shipped beside this module
(``exchange-format.schema.json``, described in ``docs/exchange-format.md``); this module
validates with it, so the file is the one description of the format: what the program checks is
what an independent reader checks with any JSON Schema validator. It understands the part of
JSON Schema (draft 2020-12) the file uses and refuses a schema that uses more, so the two cannot
drift apart. It is stricter than JSON Schema in two points a reader of this format must follow
too: ``true`` and ``false`` are never numbers, and an integer has no fraction (``3.0`` is not
``3``).

Besides the shapes, the manifest's ``created_at`` must not lie in the future by more than
:data:`MAX_CLOCK_SKEW` (a file dated next year is made up), and a return's version may be at
most :data:`MAX_VERSION_JUMP` above the latest one taken from its department (checked where the
versions are known, in :mod:`app.rounds.importing`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from app.catalogue.schema import SchemaError
from app.errors import PackageRefused
from app.i18n import N_, Message
from app.resources import exchange_schema_file

MAX_CLOCK_SKEW = dt.timedelta(hours=12)
"""How far a package's ``created_at`` may lie ahead of this computer's clock."""
MAX_VERSION_JUMP = 20
"""How far a return's version may lie above the department's latest one taken."""

ROUND_MANIFEST = "round-manifest"
RETURN_MANIFEST = "return-manifest"
MANIFESTS = {
    "round": ROUND_MANIFEST,
    "return": RETURN_MANIFEST,
    "translations": "translations-manifest",
    "translations-return": "translations-return-manifest",
}

_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description"}
_KEYWORDS = _ANNOTATIONS | {
    "$defs",
    "$ref",
    "oneOf",
    "type",
    "const",
    "enum",
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "maxItems",
    "maxProperties",
    "properties",
    "required",
    "additionalProperties",
    "items",
}

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
}

# what a value that does not match a pattern (or a format) is not
_FORMS = {
    "uuid": N_("is not a UUID"),
    "time": N_("is not a time in RFC 3339 with its zone (like 2026-03-31T09:15:00Z)"),
    "date": N_("is not a date (YYYY-MM-DD)"),
    "optional-date": N_("is not a date (YYYY-MM-DD)"),
    "key": N_("is not a key (base64 of 32 bytes)"),
}


@functools.cache
def document() -> dict[str, Any]:
    """The shipped JSON Schema, checked to use only what this module understands."""
    loaded = json.loads(exchange_schema_file().read_text(encoding="utf-8"))
    _check_keywords(loaded, "")
    assert isinstance(loaded, dict)
    return loaded


def _check_keywords(schema: Any, where: str) -> None:
    if not isinstance(schema, dict):
        raise ValueError(f"{where}: a schema must be an object")
    unknown = set(schema) - _KEYWORDS
    if unknown:
        raise ValueError(f"{where}: keywords this validator does not know: {sorted(unknown)}")
    for key in ("$defs", "properties"):
        for name, sub in schema.get(key, {}).items():
            _check_keywords(sub, f"{where}/{key}/{name}")
    for sub in schema.get("oneOf", []):
        _check_keywords(sub, f"{where}/oneOf")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _check_keywords(schema[key], f"{where}/{key}")


def definition(name: str) -> dict[str, Any]:
    """The schema ``#/$defs/name``."""
    found = document()["$defs"][name]
    assert isinstance(found, dict)
    return found


def validate(value: Any, name: str) -> None:
    """Raise :class:`SchemaError` (naming the place) unless ``value`` matches ``#/$defs/name``."""
    _definition_checker(name)(value)


def check_manifest(manifest: Any, file: str, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """``manifest`` if it matches its kind's schema and was not written in the future, else
    :class:`PackageRefused` naming the reason."""
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    try:
        if not isinstance(kind, str) or kind not in MANIFESTS:
            raise SchemaError(
                "kind",
                Message(
                    N_("“{value}” is not one of: {allowed}"),
                    value=_shown(kind),
                    allowed=", ".join(MANIFESTS),
                ),
            )
        validate(manifest, MANIFESTS[str(kind)])
    except SchemaError as exc:
        raise refused(
            file, N_("its manifest is incomplete or malformed ({problem})"), problem=exc.message()
        ) from None
    written = dt.datetime.fromisoformat(manifest["created_at"])
    if written > (now or dt.datetime.now(dt.UTC)) + MAX_CLOCK_SKEW:
        raise refused(
            file,
            N_(
                "it claims to have been written in the future ({time}); the clock of the "
                "computer that wrote it is wrong, or the file was forged"
            ),
            time=manifest["created_at"],
        )
    assert isinstance(manifest, dict)
    return manifest


def check_payload(data: Any, name: str, file: str) -> dict[str, Any]:
    """``data`` if it matches the payload schema ``name``, else :class:`PackageRefused`."""
    try:
        validate(data, name)
    except SchemaError as exc:
        raise PackageRefused(
            Message(
                N_(
                    "The package {file} was refused: its content is malformed ({problem}). "
                    "Nothing was changed."
                ),
                file=file,
                problem=exc.message(),
            )
        ) from None
    assert isinstance(data, dict)
    return data


def refused(file: str, reason: str, **params: Any) -> PackageRefused:
    """“The package FILE was refused: REASON. Nothing was changed.”"""
    return PackageRefused(
        Message(
            N_("The package {file} was refused: {reason}. Nothing was changed."),
            file=file,
            reason=Message(reason, **params),
        )
    )


# -- the validator ----------------------------------------------------------------------------


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _is(value: Any, json_type: str) -> bool:
    if isinstance(value, bool):
        return json_type == "boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, _JSON_TYPES[json_type])


def _same(value: Any, constant: Any) -> bool:
    if isinstance(value, bool) or isinstance(constant, bool):
        return value is constant
    return type(value) is type(constant) and bool(value == constant)


def _within(error: SchemaError, step: str) -> SchemaError:
    """``error`` of a part, placed in the whole (the place is spelt out only for an error)."""
    if not error.where:
        where = step
    elif error.where.startswith("["):
        where = step + error.where
    else:
        where = f"{step}.{error.where}" if step else error.where
    return SchemaError(where, error.problem)


@functools.cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


Checker = Callable[[Any], None]
"""A part of the schema made a function: raises :class:`SchemaError` unless the value matches."""

_COMPILED: dict[tuple[int, str | None], tuple[Mapping[str, Any], Checker]] = {}


@functools.cache
def _definition_checker(name: str) -> Checker:
    return _checker({"$ref": f"#/$defs/{name}"})


def _checker(schema: Mapping[str, Any], form: str | None = None) -> Checker:
    """``schema`` (``form``: what a value not of its pattern or format is not) made a function
    once per process: a return of a hundred answers is checked against the same few parts of
    the schema thousands of times, and reading each part's keywords anew each time cost more
    than the checks themselves."""
    key = (id(schema), form)
    found = _COMPILED.get(key)
    if found is None or found[0] is not schema:
        found = (schema, _compile(schema, form))
        _COMPILED[key] = found
    return found[1]


def _compile(schema: Mapping[str, Any], form: str | None) -> Checker:
    """The checks of one part of the schema, in the order of its keywords' meaning: the type,
    the allowed values, then what the value's own type asks (text, number, list, object)."""
    if "$ref" in schema:
        return _compile_ref(str(schema["$ref"]).removeprefix("#/$defs/"), form)
    first: list[Checker] = []
    types = schema.get("type")
    if types is not None:
        first.append(_type_check([types] if isinstance(types, str) else list(types)))
    choices = [schema["const"]] if "const" in schema else schema.get("enum")
    if choices is not None:
        first.append(_choice_check(choices))
    text = _text_check(schema, form)
    number = _number_check(schema)
    items = _list_check(schema)
    fields = _object_check(schema)

    def check(value: Any) -> None:
        for step in first:
            step(value)
        if isinstance(value, str):
            if text is not None:
                text(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if number is not None:
                number(value)
        elif isinstance(value, list):
            items(value)
        elif isinstance(value, dict):
            fields(value)

    return check


def _compile_ref(name: str, form: str | None) -> Checker:
    """``#/$defs/name``: its own function, or one that finds it when first used where the
    definition refers to itself (directly or through others)."""
    inner = _FORMS.get(name, form)
    if (name, inner) not in _COMPILING:
        _COMPILING.add((name, inner))
        try:
            return _checker(definition(name), inner)
        finally:
            _COMPILING.discard((name, inner))
    found: list[Checker] = []

    def check(value: Any) -> None:
        if not found:
            found.append(_checker(definition(name), inner))
        found[0](value)

    return check


_COMPILING: set[tuple[str, str | None]] = set()
"""The definitions being made functions (the way of a definition that refers to itself)."""


def _type_check(allowed: list[str]) -> Checker:
    classes = tuple(cls for name in allowed for cls in _JSON_TYPES[name])
    boolean = "boolean" in allowed

    def check(value: Any) -> None:
        if isinstance(value, bool):
            matches = boolean
        elif isinstance(value, float) and not math.isfinite(value):
            matches = False
        else:
            matches = isinstance(value, classes)
        if not matches:
            found = next((t for t in _JSON_TYPES if _is(value, t)), "number")
            raise SchemaError(
                "",
                Message(
                    N_("expected a value of type {expected}, found {found}"),
                    expected="/".join(allowed),
                    found=found,
                ),
            )

    return check


def _choice_check(choices: list[Any]) -> Checker:
    def check(value: Any) -> None:
        if not any(_same(value, choice) for choice in choices):
            raise SchemaError(
                "",
                Message(
                    N_("“{value}” is not one of: {allowed}"),
                    value=_shown(value),
                    allowed=", ".join(_shown(choice) for choice in choices),
                ),
            )

    return check


def _text_check(schema: Mapping[str, Any], form: str | None) -> Checker | None:
    if not {"minLength", "maxLength", "pattern", "format"} & set(schema):
        return None
    shortest, longest = schema.get("minLength", 0), schema.get("maxLength")
    pattern, text_format = schema.get("pattern"), schema.get("format")
    not_blank = pattern == "\\S"
    compiled = _pattern(pattern) if pattern is not None else None

    def check(value: str) -> None:
        if len(value) < shortest or (not_blank and not value.strip()):
            raise SchemaError("", Message(N_("must not be empty")))
        if longest is not None and len(value) > longest:
            raise SchemaError("", Message(N_("is longer than {limit} characters"), limit=longest))
        if (compiled is not None and compiled.search(value) is None) or not _formatted(
            value, text_format
        ):
            raise SchemaError("", Message(form or N_("does not have the form the format requires")))

    return check


def _formatted(value: str, form: str | None) -> bool:
    try:
        if form == "date":
            dt.date.fromisoformat(value)
        elif form == "date-time":
            return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
    return True


def _number_check(schema: Mapping[str, Any]) -> Checker | None:
    if "minimum" not in schema and "maximum" not in schema:
        return None

    def check(value: float) -> None:
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError("", Message(N_("is less than {limit}"), limit=schema["minimum"]))
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError("", Message(N_("is greater than {limit}"), limit=schema["maximum"]))

    return check


def _list_check(schema: Mapping[str, Any]) -> Checker:
    most = schema.get("maxItems")
    items = _checker(schema["items"]) if schema.get("items") is not None else None

    def check(value: list[Any]) -> None:
        if most is not None and len(value) > most:
            raise SchemaError("", Message(N_("has more than {limit} entries"), limit=most))
        if items is not None:
            for index, item in enumerate(value):
                try:
                    items(item)
                except SchemaError as error:
                    raise _within(error, f"[{index}]") from None

    return check


def _object_check(schema: Mapping[str, Any]) -> Checker:
    most = schema.get("maxProperties")
    properties: Mapping[str, Any] = schema.get("properties", {})
    checkers = {name: _checker(sub) for name, sub in properties.items()}
    extra = schema.get("additionalProperties", True)
    other = _checker(extra) if isinstance(extra, dict) else None
    required = tuple(schema.get("required", ()))

    def check(value: dict[str, Any]) -> None:
        if most is not None and len(value) > most:
            raise SchemaError("", Message(N_("has more than {limit} entries"), limit=most))
        if extra is False:
            unknown = sorted(set(value) - set(properties))
            if unknown:
                raise SchemaError(
                    "", Message(N_("the field “{name}” is not expected here"), name=unknown[0])
                )
        for name in required:
            if name not in value:
                raise SchemaError("", Message(N_("the field “{name}” is missing"), name=name))
        for name, item in value.items():
            sub = checkers.get(name, other)
            if sub is not None:
                try:
                    sub(item)
                except SchemaError as error:
                    raise _within(error, name) from None

    return check
