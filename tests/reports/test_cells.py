"""Table cells: a text without markup skips ReportLab's parser and gets the fragments the parser
gives; a cell with markup, or split across pages, is ReportLab's own paragraph."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from app.reports.document import Styles
from app.reports.grid import Cell

TEXTS = [
    "Maßnahme",
    "  leading and trailing  ",
    "two\nlines\n\nand a blank one",
    "tabs\tand  double  spaces",
    "42\u00a0% of 1\u00a0200\u00a0EUR",
    "Žluťoučký kůň, zażółć gęślą jaźń",
    "Ελληνικά и кириллица",
    "",
    " ",
    "\n",
    "a <b>bold</b> word",
    "fish &amp; chips",
]


def _fragments(paragraph: Paragraph) -> list[dict[str, Any]]:
    return [dict(vars(fragment)) for fragment in paragraph.frags]


@pytest.mark.parametrize("text", TEXTS)
def test_a_cell_has_the_fragments_reportlabs_parser_gives(text: str) -> None:
    styles = Styles()
    for style in (styles.cell, styles.cell_bold, styles.header_for("de"), styles.body):
        cell, paragraph = Cell(text, style), Paragraph(text, style)
        assert _fragments(cell) == _fragments(paragraph)
        assert cell.text == paragraph.text
        assert cell.wrap(80, 1000) == paragraph.wrap(80, 1000)
        lines = [vars(p)["blPara"].lines for p in (cell, paragraph)]
        assert repr(lines[0]) == repr(lines[1])  # the same lines


def test_cells_of_one_style_share_no_fragment_lists() -> None:
    style = Styles().cell
    first, second = Cell("one", style), Cell("two", style)
    assert first.frags[0] is not second.frags[0]
    assert first.frags[0].link is not second.frags[0].link
    assert first.frags[0].us_lines is not second.frags[0].us_lines


def test_a_long_cell_splits_into_cells() -> None:
    style = Styles().cell
    cell = Cell(" ".join(f"Wort{i}" for i in range(400)), style)
    cell.wrap(100, 1000)
    parts = cell.split(100, 200)
    assert len(parts) == 2
    assert all(isinstance(part, Cell) for part in parts)
    heights = [part.wrap(100, 1000)[1] for part in parts]
    assert heights[0] <= 200 < sum(heights)
