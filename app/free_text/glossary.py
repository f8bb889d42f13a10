"""The shared glossary's terms as hints for translators and as a check of returned translations.

A term is found by its stems, so that inflected forms count ("Maßnahmen" for "Maßnahme",
"działań" for "działanie"): each word of the term with its ending cut off (one letter of a
four-letter word, two of a word of five to seven letters, three of a longer one) must begin a
word of the text. German, whose words grow at their end, is read more strictly, so that a
German text is not taken to use a term it does not: a word of up to seven letters must occur
whole ("Ziel" in "Zielgruppe", not in "ziehen"), at the start of a word or, from six letters
on, inside a compound ("Ressort" in "Fachressorts").
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from app.resources import translations_dir

# Labels and patterns, not words a free text uses as terms.
_NOT_IN_RUNNING_TEXT = ("status_", "on_track", "delayed", "at_risk", "page_x_of_y")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    key: str
    de: str
    targets: dict[str, str]  # pl, cs: the glossary's word without its note in brackets


@functools.cache
def terms() -> tuple[Term, ...]:
    with (translations_dir() / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Term(
            row["key"],
            row["de"],
            {lang: row[lang].split(" (")[0].strip() for lang in ("pl", "cs")},
        )
        for row in rows
        if not row["key"].startswith(_NOT_IN_RUNNING_TEXT)
    )


def _stem(word: str) -> str:
    cut = 0 if len(word) < 4 else 1 if len(word) == 4 else 2 if len(word) <= 7 else 3
    return word[: len(word) - cut] if cut else word


def contains(text: str, term: str, *, german: bool = False) -> bool:
    """Whether every word of ``term`` occurs in ``text`` (inflected; ``german``: see above)."""
    words = [word.casefold() for word in _WORD.findall(text)]
    for part in _WORD.findall(term.casefold()):
        stem = _stem(part) if not german or len(part) > 7 else part
        inside = german and len(stem) >= 6
        if not any(word.startswith(stem) or (inside and stem in word) for word in words):
            return False
    return True


def found_in(source: str) -> list[Term]:
    """The glossary's terms the German ``source`` uses."""
    return [term for term in terms() if contains(source, term.de, german=True)]


def hints(source: str, lang: str) -> list[str]:
    """“Maßnahme → działanie” for each term ``source`` uses."""
    return [f"{term.de} → {term.targets[lang]}" for term in found_in(source)]


def missing_terms(source: str, translation: str, lang: str) -> list[str]:
    """The glossary's words for ``lang`` that ``translation`` lacks though ``source`` uses the
    term."""
    return [
        term.targets[lang]
        for term in found_in(source)
        if not contains(translation, term.targets[lang])
    ]
