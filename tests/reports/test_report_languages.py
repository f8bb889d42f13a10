"""A Polish and a Czech cabinet and department report of the demo register, as it is: what is
German in them is a passage of the register's own German text, marked as German (visibly, and
as ``/Lang (de-DE)`` for screen readers: with the marked passages' text left out of the PDF, no
German passage is left); no label is German. The same for a round's German-only texts.

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
from app.operations.context import Actor
from app.paths import resolve
from app.reports import ReportKind
from app.reports.formatting import FALLBACK_MARK
from app.rounds import editorial
from app.storage.register import open_register
from tests.support.reports import flat, german_labels, pdftotext, report, without_german_spans
from tests.support.rounds_kit import session_of, start_round

SHORT = 24
LEAST = 5
"""The shortest German text looked for (an indicator's unit: "Anzahl")."""
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
            texts += [i.unit for i in measure.indicators]
    return sorted({flat(text).strip() for text in texts if text and len(text) >= LEAST})


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


def _not_in(text: str, passages: list[str]) -> list[str]:
    return [passage for passage in passages if passage[:SHORT] in text]


@pytest.mark.parametrize("lang", ["pl", "cs"])
@pytest.mark.parametrize("kind", [ReportKind.CABINET, ReportKind.DEPARTMENT])
def test_german_in_a_polish_or_czech_report_is_only_marked_register_text(
    demo_dir: Path, tmp_path: Path, lang: str, kind: ReportKind
) -> None:
    target = tmp_path / f"{lang}.pdf"
    department = "SMWA" if kind == ReportKind.DEPARTMENT else None
    result = report(resolve(demo_dir), target, lang=lang, kind=kind, department=department)
    text = flat(pdftotext(target))
    passages = german_passages(demo_dir)
    assert _not_in(text, passages)  # the report shows German passages …
    shown = flat(pdftotext(without_german_spans(target, tmp_path / "unmarked.pdf")))
    assert _not_in(shown, passages) == []  # … each inside a passage marked /Lang (de-DE)
    assert [label for label in german_labels(lang) if label in shown] == []
    mark = translator(lang).gettext(FALLBACK_MARK)
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


INTRO = "Die Runde erfasst den Stand der Maßnahmen zum Halbjahr."
INTRO_NEW = "Die Runde erfasst den Stand der Maßnahmen zum Jahresende."
INTRO_PL = "Runda obejmuje stan działań na półrocze."


def test_a_rounds_german_or_outdated_text_is_marked_german(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    folder = cycle.secretariat_dir
    actor = Actor("Test")
    for lang, text in (("de", INTRO), ("pl", INTRO_PL), ("de", INTRO_NEW)):
        with session_of(folder) as session:
            editorial.set_text(session, actor, cycle.name, part="intro", lang=lang, text=text)
    with session_of(folder) as session:
        editorial.set_text(session, actor, cycle.name, part="assessment", lang="de", text=INTRO)
    target = tmp_path / "pl.pdf"
    report(resolve(folder), target, lang="pl", round=cycle.name)
    text = flat(pdftotext(target))
    assert INTRO_NEW in text  # the Polish intro was made from the earlier German: not shown
    assert INTRO_PL not in text
    assert INTRO in text  # the assessment, German only
    shown = flat(pdftotext(without_german_spans(target, tmp_path / "unmarked.pdf")))
    assert INTRO_NEW[:SHORT] not in shown
    assert INTRO[:SHORT] not in shown
