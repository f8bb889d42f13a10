"""How deep untrusted JSON nests is counted outside its strings, before it is parsed."""

from __future__ import annotations

import pytest

from app.strict_json import nesting


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[{{{"]', 1),  # brackets in a string do not count
        ('["\\"[[["]', 1),  # nor after an escaped quote
        ('["\\\\", [[]]]', 3),  # an escaped backslash ends before the quote
        ('["unterminated [[[', 1),  # nor in a string that is never closed
        ("]]][", 0),
        ("[" * 10_000 + "]" * 10_000, 10_000),
    ],
)
def test_nesting_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert nesting(text) == depth
