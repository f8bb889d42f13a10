"""The table headers' hyphenation: pyphen's breaks, its patterns parsed only for the words asked."""

from __future__ import annotations

import re
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from app.reports import hyphenation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["de_DE", "pl_PL", "cs_CZ"])
def test_breaks_are_pyphens(lang: str) -> None:
    """Every word of the language's catalog breaks where pyphen with its whole dictionary
    breaks it."""
    catalog = ROOT / "translations" / lang[:2] / "LC_MESSAGES" / "imag.po"
    words = sorted(set(re.findall(r"\w{5,}", catalog.read_text(encoding="utf-8"))))
    words += ["Federführendes", "Fortschritt", "abgeschlossen", "Współpraca", "Přeshraniční"]
    lazy = hyphenation.hyphenation(lang)
    full = pyphen.Pyphen(filename=str(pyphen.LANGUAGES[lang]), cache=False)
    different = [
        word
        for word in words
        if lazy.positions(word) != full.positions(word)
        or list(lazy.iterate(word)) != list(full.iterate(word))
    ]
    assert not different
    assert len(words) > 500


def test_only_the_patterns_a_word_needs_are_parsed() -> None:
    path = pyphen.LANGUAGES["de_DE"]
    patterns = hyphenation.LazyPatterns(path)
    assert not patterns
    patterns.parse_for("Fortschritt")
    assert 0 < len(patterns) < 200 < len(patterns.lines)
    assert all(key in ".fortschritt." for key in patterns)


def test_hyphenator_keeps_sch_together() -> None:
    heads = [head for head, _tail in hyphenation.Hyphenator("de_DE")("Fortschritt")]
    assert heads
    assert not any(head.endswith("s") for head in heads)
