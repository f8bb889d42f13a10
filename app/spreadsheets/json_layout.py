"""JSON text laid out as ``json.dumps(value, ensure_ascii=False, indent=2)`` lays it out, for
many records of the same keys, at the speed of ``json``'s C encoder.

``json`` lays out indented text in pure Python, value by value; without indentation its C
encoder does the whole work. Here the C encoder encodes a record's values in one call (separated
by a character that an encoded value never holds: control characters are escaped), and a
template made once from the keys puts them in their places. Lists and objects nested in a record
are laid out by the C encoder too, its item separator being the newline and indentation of
their level.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from json.encoder import encode_basestring
from typing import Any

_SEPARATOR = "\x1e"
"""Between the encoded values of a record: a control character, which ``json`` escapes in
texts, so that it never occurs inside an encoded value."""


def iso(value: Any) -> Any:
    """What ``json`` cannot encode itself: a date as ISO text (as the audit trail's values)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _encoder(item_separator: str) -> Callable[[Any], str]:
    """``json``'s compact encoder (C when there is one) with ``item_separator``."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)  # not in the type stubs
    if c_make_encoder is None:  # pragma: no cover - CPython has the C encoder
        return json.JSONEncoder(
            ensure_ascii=False, separators=(item_separator, ": "), default=iso
        ).encode
    encode: Callable[[Any, int], list[str]] = c_make_encoder(
        None, iso, encode_basestring, None, ": ", item_separator, False, False, True
    )
    return lambda value: "".join(encode(value, 0))


def _indent(level: int) -> str:
    return "\n" + "  " * level


_VALUES = _encoder(_SEPARATOR)


def encoded(values: Sequence[Any]) -> list[str]:
    """Each of ``values`` (none of them a list or object that is not empty) as JSON."""
    return _VALUES(values)[1:-1].split(_SEPARATOR)


class Layout:
    """The layout of records with ``keys`` (in this order) at nesting ``level`` (a record in
    the top-level list: 1): ``text(values)`` is ``json.dumps(record, ensure_ascii=False,
    indent=2)`` nested ``level`` deep, where ``values`` are the record's values encoded (as
    :func:`encoded` gives them, or as lists of a :func:`list_template` lay them
    out). ``fixed`` keys have always the same value: given here, not in ``values``."""

    def __init__(self, keys: Sequence[str], level: int, fixed: dict[str, Any] | None = None):
        fixed = fixed or {}
        inner, outer = _indent(level + 1), _indent(level)
        places = [
            f"{_literal(key)}: {_literal(fixed[key]) if key in fixed else '%s'}" for key in keys
        ]
        self.template = "{" + inner + ("," + inner).join(places) + outer + "}"

    def text(self, values: Sequence[str]) -> str:
        return self.template % tuple(values)


def _literal(value: Any) -> str:
    """``value`` encoded, for a template (``%`` doubled)."""
    return json.dumps(value, ensure_ascii=False).replace("%", "%%")


@cache
def list_template(item: str, count: int, level: int) -> str:
    """The template of a list of ``count`` items nested ``level`` deep (a list in a record in
    the top-level list: 2), each laid out by ``item`` (``"%s"``: a value that is no list or
    object; or a :class:`Layout`'s template one level deeper)."""
    inner = _indent(level + 1)
    return "[" + inner + ("," + inner).join([item] * count) + _indent(level) + "]"
