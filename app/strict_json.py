"""JSON read without trusting it (no Qt): a key given twice or ``NaN``/``Infinity`` is an error,
not silently accepted as Python's :mod:`json` does; and the checks a reader of untrusted JSON
makes before and after parsing it (how deep it nests, whether its texts can be encoded)."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in items:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _constant(token: str) -> Any:
    raise ValueError(f"{token} is not allowed")


def loads(text: str) -> Any:
    """The value ``text`` holds; :class:`ValueError` (or :class:`RecursionError` when nested
    too deep) if it is not strict JSON."""
    return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
"""A string literal (to its end, or the text's end if it is not closed)."""
_BRACKETS = re.compile(r"[^\[\]{}]+")
"""What is not a bracket."""


_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting(text: str) -> int:
    """The deepest nesting of brackets outside strings (before parsing, so no recursion)."""
    brackets = _BRACKETS.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


def encodable(value: Any) -> bool:
    """False if a text holds a lone surrogate (``"\\ud800"`` is valid JSON, not valid UTF-8)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True
