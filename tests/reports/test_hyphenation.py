"""The table headers' hyphenation: pyphen's patterns, read when a word needs them, give the
points pyphen gives (in German never inside "sch"), in every report language."""

from __future__ import annotations

from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from app.reports.document import HYPHENATION
from app.reports.hyphenation import Hyphenator

CATALOGS = Path(__file__).resolve().parents[2] / "translations"


def _words(lang: str) -> list[str]:
    """Every longer word of the language's catalog (the headers' words and thousands more)."""
    text = (CATALOGS / lang / "LC_MESSAGES" / "imag.po").read_text(encoding="utf-8")
    return sorted({word for word in text.split() if word.isalpha() and len(word) > 4})


@pytest.mark.parametrize("lang", sorted(HYPHENATION))
def test_hyphenation_points_are_pyphens(lang: str) -> None:
    words = _words(lang)
    assert len(words) > 500
    ours = Hyphenator(HYPHENATION[lang])
    theirs = pyphen.Pyphen(lang=HYPHENATION[lang])

    def expected(word: str) -> list[tuple[str, str]]:
        pairs = list(theirs.iterate(word))
        if lang == "de":
            return [p for p in pairs if not (p[0][-1:] in "sS" and p[1][:2].lower() == "ch")]
        return pairs

    assert [w for w in words if [*ours(w)] != expected(w)] == []
    assert sum(1 for w in words if expected(w)) > len(words) // 2  # most words have points
