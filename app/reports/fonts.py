"""The fonts of every report: Liberation Sans, and DejaVu Sans where it lacks a glyph, both
shipped in ``resources/fonts``.

Every style, table and chart names these fonts explicitly, so no standard (unembedded) PDF font
such as Helvetica ever enters a report. DejaVu Sans (Bitstream Vera licence, 1.4 MB for the
two weights) is the fallback: it adds Greek, Cyrillic, Armenian, Georgian, most symbols and
many more letters to Liberation Sans's Latin. What neither has (CJK, emoji) and right-to-left
scripts (the reports lay out no bidirectional text) refuse the report, naming the text and the
character, rather than print a box or lose the character from the text layer.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.resources import resource

FAMILY = "LiberationSans"
REGULAR = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"
BOLD_ITALIC = "LiberationSans-BoldItalic"
FALLBACK = "DejaVuSans"
FALLBACK_BOLD = "DejaVuSans-Bold"

_FILES = {
    REGULAR: "LiberationSans-Regular.ttf",
    BOLD: "LiberationSans-Bold.ttf",
    ITALIC: "LiberationSans-Italic.ttf",
    BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
    FALLBACK: "DejaVuSans.ttf",
    FALLBACK_BOLD: "DejaVuSans-Bold.ttf",
}
RIGHT_TO_LEFT = {"R", "AL", "RLE", "RLO", "RLI"}
UNPRINTABLE = N_(
    "The report cannot be written: {where} contains the character “{char}” ({code} {name}), "
    "which no font of the report can print. Change the text and write the report again."
)
SOME_TEXT = N_("a text of the report")
CLASSIFICATION = N_("the classification line")
TITLE = N_("the report's title")
RIGHT_TO_LEFT_TEXT = N_(
    "The report cannot be written: {where} contains the character “{char}” ({code} {name}) "
    "of a script written from right to left, which the reports cannot lay out yet. Change "
    "the text and write the report again."
)


@cache
def register_fonts() -> None:
    """Register the family with ReportLab (once per process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    pdfmetrics.registerFontFamily(
        FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK, boldItalic=FALLBACK_BOLD
    )


@cache
def _glyphs(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face: Any = pdfmetrics.getFont(name).face  # type: ignore[attr-defined]
    return frozenset(face.charToGlyph)


def refusal(template: str, where: str, char: str) -> InvalidInput:
    return InvalidInput(
        Message(
            template,
            where=where,
            char=char,
            code=f"U+{ord(char):04X}",
            name=unicodedata.name(char, "?"),
        )
    )


@cache
def _refused(char: str) -> str | None:
    """Why ``char`` cannot be printed (the refusal's template), or ``None``."""
    if unicodedata.bidirectional(char) in RIGHT_TO_LEFT:
        return RIGHT_TO_LEFT_TEXT
    code = ord(char)
    if code in _glyphs(REGULAR) or char in "\n\r\t" or code in _glyphs(FALLBACK):
        return None
    return UNPRINTABLE


@cache
def _needs_fallback(char: str) -> bool:
    return ord(char) not in _glyphs(REGULAR) and char not in "\n\r\t"


def check(char: str, where: str) -> bool:
    """Whether ``char`` needs the fallback font; refused if neither font can print it."""
    template = _refused(char)
    if template is not None:
        raise refusal(template, where, char)
    return _needs_fallback(char)


def markup(text: str, where: str) -> str:
    """Paragraph markup of a plain text: escaped, and what Liberation Sans lacks set in the
    fallback font; its line breaks kept. ``where`` names the text in a refusal (“I.01 title”)."""
    text = text.replace("\r\n", "\n")
    if text.isascii() or not any(check(char, where) for char in dict.fromkeys(text)):
        # every character in Liberation Sans (each checked once, in the text's order)
        return escape(text).replace("\n", "<br/>")
    parts: list[str] = []
    run: list[str] = []
    for char in text:
        if check(char, where):
            run.append(char)
            continue
        if run:
            parts.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
            run.clear()
        parts.append("<br/>" if char == "\n" else escape(char))
    if run:
        parts.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
    return "".join(parts)


def font_for(text: str, where: str, *, bold: bool = False) -> str:
    """The font to draw a line without markup in (a header): the fallback if Liberation Sans
    lacks one of its characters."""
    needs = [check(char, where) for char in text]  # every character checked
    if any(needs):
        return FALLBACK_BOLD if bold else FALLBACK
    return BOLD if bold else REGULAR


def missing_glyphs(document: Any) -> list[str]:
    """The characters a laid-out document drew with a font that has no glyph for them."""
    from reportlab.pdfbase import pdfmetrics

    missing: set[str] = set()
    for name in _FILES:
        font: Any = pdfmetrics.getFont(name)
        state = font.state.get(document)
        if state is None:
            continue
        for subset in state.subsets:
            missing.update(chr(c) for c in subset if c > 32 and c not in _glyphs(name))
    return sorted(missing)
