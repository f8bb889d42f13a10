"""Hyphenation of the reports' table headers after pyphen's patterns for the report's
language (German, Polish, Czech)."""

from __future__ import annotations

from typing import Any

from pyphen import Pyphen  # type: ignore[import-untyped]


class Hyphenator:
    """pyphen's hyphenation of a word (pairs of head and tail), its patterns loaded when a
    word first does not fit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._pyphen: Any = None

    def __call__(self, word: str) -> Any:
        if self._pyphen is None:
            try:
                self._pyphen = Pyphen(lang=self.lang)
            except KeyError:  # patterns missing (a bundle without them): no hyphenation
                self._pyphen = False
        if not self._pyphen:
            return iter(())
        pairs = self._pyphen.iterate(word)
        if self.lang == "de_DE":
            # the German patterns allow s|ch ("Forts-chritt"): never inside "sch"
            return (p for p in pairs if not (p[0][-1:] in "sS" and p[1][:2].lower() == "ch"))
        return pairs
