"""A Polish and a Czech cabinet report of the demo register, as it is: what is German in them is
a passage of the register's own German text, marked as German; no label is German.

The register keeps comments, reasons, next steps, milestones and indicators in German only (their
translation comes later); the measure titles are the catalogue's Polish and Czech proposals.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.i18n import translator
from app.models import Measure
from app.paths import resolve
from app.reports.formatting import FALLBACK_MARK
from app.storage.register import open_register
from tests.support.reports import flat, german_labels, pdftotext, report

SHORT = 24
"""The first characters of a German passage by which it is found in the report's text (a
comment in a table is shortened; its beginning is always there)."""


def german_passages(demo_dir: Path) -> list[str]:
    """The register's texts that exist in German only, flattened."""
    texts: list[str | None] = []
    with (
        open_register(resolve(demo_dir), readonly=True) as register,
        register.session() as session,
    ):
        for measure in session.scalars(select(Measure)):
            texts += [measure.comment, measure.status_reason, measure.next_steps]
            texts += [m.title for m in measure.milestones]
            texts += [i.name for i in measure.indicators]
    return sorted({flat(text).strip() for text in texts if text and len(text) >= SHORT})


def unmarked_and_rest(text: str, passages: list[str], mark: str) -> tuple[list[str], str]:
    """The German passages found in ``text`` without their mark soon after, and ``text`` with
    every marked passage cut out."""
    unmarked: list[str] = []
    spans: list[tuple[int, int]] = []
    for passage in passages:
        for found in re.finditer(re.escape(passage[:SHORT]), text):
            end = text.find(mark, found.start(), found.start() + len(passage) + 40)
            if end < 0:
                unmarked.append(passage)
            else:
                spans.append((found.start(), end + len(mark)))
    rest, last = [], 0
    for start, end in sorted(spans):
        rest.append(text[last:start])
        last = max(last, end)
    rest.append(text[last:])
    return unmarked, " ".join(rest)


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_german_in_a_polish_or_czech_report_is_only_marked_register_text(
    demo_dir: Path, tmp_path: Path, lang: str
) -> None:
    target = tmp_path / f"{lang}.pdf"
    result = report(resolve(demo_dir), target, lang=lang)
    text = flat(pdftotext(target))
    mark = translator(lang).gettext(FALLBACK_MARK)
    passages = german_passages(demo_dir)
    assert len(passages) >= 5
    unmarked, rest = unmarked_and_rest(text, passages, mark)
    assert unmarked == []
    assert result.fallbacks > 0
    # with the marked passages cut out, nothing German is left: no label, no title
    assert [label for label in german_labels(lang) if label in rest] == []
    assert "Umsetzung von bilateralen" not in rest  # the first measure's German title
    assert (
        rest.count(mark) == 1
    )  # the note that explains the mark; every other belongs to a passage


def test_an_unmarked_german_passage_is_found() -> None:
    passages = ["Verzögerung durch Personalwechsel; Nachsteuerung eingeleitet."]
    marked = "I.02 Verzögerung durch Personalwechsel; Nachsteuerung eingeleitet. (po niemiecku)"
    assert unmarked_and_rest(marked, passages, "(po niemiecku)") == ([], "I.02  ")
    bare = "I.02 Verzögerung durch Personalwechsel; Nachsteuerung eingeleitet. I.03"
    assert unmarked_and_rest(bare, passages, "(po niemiecku)")[0] == passages
