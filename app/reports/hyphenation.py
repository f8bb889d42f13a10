"""Hyphenation of the reports' table headers after pyphen's patterns for the report's
language (German, Polish, Czech).

pyphen parses every pattern of a dictionary when it loads it: half a second for the German
one (66,000 patterns), a fixed cost of every report. Here the file is only indexed (each
pattern by its letters, in a few C-level string operations) and a pattern is parsed when a
word first needs it; the hyphenation points are pyphen's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyphen  # type: ignore[import-untyped]

_UNSET = object()


class _Patterns:
    """A dictionary's patterns by their letters, parsed when first asked for (what pyphen's
    ``HyphDict.patterns`` holds: ``(offset, values)``, or nothing for a pattern of zeros)."""

    def __init__(self, raw: dict[str, str]) -> None:
        self.raw = raw
        self.parsed: dict[str, Any] = {}

    def get(self, letters: str, default: Any = None) -> Any:
        found = self.parsed.get(letters, _UNSET)
        if found is _UNSET:
            line = self.raw.get(letters)
            found = self.parsed[letters] = None if line is None else _parse(line)
        return found if found is not None else default


def _parse(pattern: str) -> tuple[int, tuple[int, ...]] | None:
    """One pattern as pyphen parses it: the offset of its first non-zero value and the
    values from there to its last non-zero one."""
    values = tuple(int(digit or "0") for digit, _letter in pyphen.parse(pattern))
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]


class _LazyHyphDict(pyphen.HyphDict):  # type: ignore[misc]
    """pyphen's ``HyphDict`` (its ``positions``) over patterns parsed when needed."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        encoding = data[: data.index(b"\n")].decode().strip()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        text = data.decode(encoding)
        if "^^" in text or ("/" in text and _has_alternatives(text)):
            raise ValueError("patterns pyphen parses specially")  # parsed by pyphen instead
        # (the encodings of pattern files write digits as ASCII bytes, as nothing else)
        # zeros are pyphen's default value: a pattern left with its letters only is all zeros
        lines = [line.strip() for line in data.replace(b"0", b"").decode(encoding).split("\n")[1:]]
        letters = [
            key.strip()
            for key in data.translate(None, b"0123456789").decode(encoding).split("\n")[1:]
        ]
        raw = {
            key: line
            for key, line in zip(letters, lines, strict=True)
            if line and key != line and not line.startswith(pyphen.ignored)
        }
        self.patterns = _Patterns(raw)
        self.cache: dict[str, Any] = {}
        self.maxlen = max(len(key) for key in raw)


def _has_alternatives(text: str) -> bool:
    """Whether a pattern (not a comment) has a nonstandard hyphenation (``/``)."""
    return any(
        "/" in line and "=" in line and not line.strip().startswith(pyphen.ignored)
        for line in text.split("\n")[1:]
    )


class _Pyphen(pyphen.Pyphen):  # type: ignore[misc]
    def __init__(self, lang: str) -> None:
        self.left, self.right = 2, 2
        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        try:
            self.hd = _LazyHyphDict(Path(str(path)))
        except ValueError:
            self.hd = pyphen.HyphDict(path)


class Hyphenator:
    """pyphen's hyphenation of a word (pairs of head and tail), its patterns loaded when a
    word first does not fit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._pyphen: Any = None

    def __call__(self, word: str) -> Any:
        if self._pyphen is None:
            try:
                self._pyphen = _Pyphen(self.lang)
            except KeyError:  # patterns missing (a bundle without them): no hyphenation
                self._pyphen = False
        if not self._pyphen:
            return iter(())
        pairs = self._pyphen.iterate(word)
        if self.lang == "de_DE":
            # the German patterns allow s|ch ("Forts-chritt"): never inside "sch"
            return (p for p in pairs if not (p[0][-1:] in "sS" and p[1][:2].lower() == "ch"))
        return pairs
