"""Pieces the partnership evaluation report and the cabinet report's partnership section share:
names of partnerships and criteria in the report's language, numbers, the spread limit and mark,
header cells over columns of numbers, shortened comments.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import math
import re
from typing import Any
from xml.sax.saxutils import escape, unescape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.partnerships.register import KIND_LABELS, RECOMMENDATION_LABELS, STATUS_LABELS
from app.partnerships.results import PartnershipResult, RoundResults
from app.reports.content import ReportContent

SPREAD_BACKGROUND = colors.HexColor("#ffe082")
SPREAD_MARK = "*"
COMMENT_TEXT = 600


def spread_limit(results: RoundResults) -> int:
    """From which spread on the departments are said to disagree: half the scale, rounded up."""
    scale = results.criteria["scale"]
    return max(1, math.ceil((int(scale["max"]) - int(scale["min"])) / 2))


def right_header(content: ReportContent, names: list[str], *, translate: bool = True) -> list[Any]:
    """Header cells over columns of numbers: right-aligned like the numbers below them."""
    header = content.styles.header_for(content.language.lang)
    style = ParagraphStyle("header_right", header, alignment=TA_RIGHT)
    gettext = content.language.tr.gettext if translate else str
    return [Paragraph(escape(gettext(name)), style) for name in names]


def subheading(content: ReportContent, text: str) -> Paragraph:
    style = ParagraphStyle(
        "subheading",
        content.styles.body,
        fontName="LiberationSans-Bold",
        spaceBefore=6,
        keepWithNext=1,  # never the last line of a page
    )
    return Paragraph(escape(text), style)


def decimal(content: ReportContent, value: float | None) -> str:
    return content.language.tr.number(None if value is None else round(value, 2), "0.0")


def percent(content: ReportContent, value: float | None) -> str:
    return content.language.percent(round(value)) if value is not None else "–"


def partnership_name(content: ReportContent, result: PartnershipResult) -> str:
    names = {lang: result.names.get(f"name_{lang}") for lang in ("de", "pl", "cs")}
    return content.language.text(f"partnership {result.code}", names)


def criterion_name(content: ReportContent, criterion: dict[str, Any]) -> str:
    return content.language.text(
        f"criterion {criterion['code']}",
        {lang: criterion.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
    )


def recommendation(content: ReportContent, choice: str | None) -> str:
    if not choice:
        return "–"
    return content.language.tr.gettext(RECOMMENDATION_LABELS.get(choice, choice))


def strip_markup(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", markup))


def facts(content: ReportContent, result: PartnershipResult) -> str:
    language = content.language
    _ = language.tr.gettext
    parts = [
        _(KIND_LABELS.get(result.kind, result.kind)),
        _(STATUS_LABELS.get(result.status, result.status)),
    ]
    if result.since_year:
        parts.append(_("since {year}").format(year=result.since_year))
    return escape(" · ".join(parts))


def shorten(text: str) -> str:
    return text if len(text) <= COMMENT_TEXT else text[:COMMENT_TEXT].rstrip() + " …"
