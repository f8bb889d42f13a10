"""Hyphenation of the reports' table headers after pyphen's patterns, the patterns parsed only
for the words that need them.

pyphen parses a language's whole dictionary when it is opened (the German one: ~80,000 patterns,
half a second and ~14 MB), though a report hyphenates a few column headers. Here the dictionary
file is only indexed by each pattern's letters; a word's positions are found with pyphen's own
algorithm (:meth:`pyphen.HyphDict.positions`) over the patterns that can occur in it, parsed
then (the same patterns pyphen would use: the same breaks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyphen  # type: ignore[import-untyped]

DIGITS = str.maketrans("", "", "0123456789")


class LazyPatterns(dict[str, Any]):
    """pyphen's ``HyphDict.patterns`` (letters → offset and values) for the patterns whose
    letters are parsed so far; :meth:`parse_for` parses those a word can contain."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        with path.open("rb") as fd:
            encoding = fd.readline().decode().strip()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        self.lines: dict[str, list[str]] = {}
        """A pattern's letters → its lines in the file, in order (a later one wins)."""
        for raw in path.read_text(encoding).split("\n")[1:]:
            line = raw.strip()
            if not line or line.startswith(pyphen.ignored):
                continue
            if "^^" in line:
                line = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line)
            alternative = "/" in line and "=" in line  # as pyphen splits it
            key = (line.split("/", 1)[0] if alternative else line).translate(DIGITS)
            self.lines.setdefault(key, []).append(line)
        self.maxlen = max(map(len, self.lines))
        self._done: set[str] = set()

    def parse_for(self, word: str) -> None:
        """The patterns that can occur in ``word`` (as pyphen looks it up) parsed."""
        pointed = f".{word.lower()}."
        for start in range(len(pointed)):
            for end in range(start + 1, min(start + self.maxlen, len(pointed)) + 1):
                key = pointed[start:end]
                if key in self._done:
                    continue
                self._done.add(key)
                for line in self.lines.get(key, ()):
                    self._parse(line)

    def _parse(self, pattern: str) -> None:
        """One line as :class:`pyphen.HyphDict` parses it."""
        factory: Any = int
        if "/" in pattern and "=" in pattern:
            pattern, alternative = pattern.split("/", 1)
            factory = pyphen.AlternativeParser(pattern, alternative)
        parsed = [(string, factory(i or "0")) for i, string in pyphen.parse(pattern)]
        tags, values = zip(*parsed, strict=True)
        if max(values) == 0:
            return
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        self["".join(tags)] = start, values[start:end]


class LazyHyphDict(pyphen.HyphDict):  # type: ignore[misc]
    """A :class:`pyphen.HyphDict` that parses the patterns a word needs when it is asked."""

    def __init__(self, path: Path) -> None:  # pyphen's parsing of the whole file left out
        self.patterns = LazyPatterns(path)
        self.cache: dict[str, Any] = {}
        self.maxlen = self.patterns.maxlen

    def positions(self, word: str) -> Any:
        self.patterns.parse_for(word)
        return super().positions(word)


def hyphenation(lang: str) -> Any:
    """A :class:`pyphen.Pyphen` for ``lang`` whose patterns are parsed as words need them."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    if not isinstance(pyphen.hdcache.get(path), pyphen.HyphDict):
        pyphen.hdcache[path] = LazyHyphDict(path)
    return pyphen.Pyphen(lang=lang)


class Hyphenator:
    """pyphen's hyphenation of a word (pairs of head and tail), its dictionary opened when a
    word first does not fit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._pyphen: Any = None

    def __call__(self, word: str) -> Any:
        if self._pyphen is None:
            try:
                self._pyphen = hyphenation(self.lang)
            except KeyError:  # patterns missing (a bundle without them): no hyphenation
                self._pyphen = False
        if not self._pyphen:
            return iter(())
        pairs = self._pyphen.iterate(word)
        if self.lang == "de_DE":
            # the German patterns allow s|ch ("Forts-chritt"): never inside "sch"
            return (p for p in pairs if not (p[0][-1:] in "sS" and p[1][:2].lower() == "ch"))
        return pairs
