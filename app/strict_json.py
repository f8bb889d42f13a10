"""JSON read without trusting it (no Qt): a key given twice or ``NaN``/``Infinity`` is an error,
not silently accepted as Python's :mod:`json` does."""

from __future__ import annotations

import json
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
