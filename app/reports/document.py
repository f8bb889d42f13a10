"""The page frame shared by all reports: styles, cover and body pages, header and footer with
"page x of y", bookmarks and table of contents entries for every heading.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, PropertySet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from app.i18n import N_
from app.reports import fonts
from app.reports.formatting import ReportLanguage
from app.reports.grid import KeepWithNext
from app.reports.hyphenation import Hyphenator
from app.reports.table_tags import TableTags
from app.reports.tagging import LANG_BEGIN, LANG_END, SKETCH, TAGGER, Tagger

PAGE_X_OF_Y = N_("Page {page} of {pages}")
DRAFT = N_("Draft")
PROVISIONAL = N_("Provisional: the round is still open")
MARGIN = 20 * mm
HYPHENATION = {"de": "de_DE", "pl": "pl_PL", "cs": "cs_CZ"}
"""pyphen's dictionaries for the report languages."""
GREY = colors.HexColor("#5f6368")
ACCENT = colors.HexColor("#1f4e79")
Progress = Callable[[float], None]


class Cancelled(Exception):
    """The user cancelled writing the report."""


@dataclass(frozen=True)
class PageDecor:
    """What every page says besides its content."""

    title: str
    classification: str | None
    draft: bool
    demo: bool
    provisional: bool = False
    """A report on an open round: its figures may still change (marked on every page)."""


class Styles:
    def __init__(self) -> None:
        fonts.register_fonts()
        base = ParagraphStyle(
            "body", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5, spaceAfter=4
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10, spaceAfter=0)
        self.cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.2, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.BOLD)
        self._headers: dict[str, ParagraphStyle] = {}
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=fonts.BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=24, leading=30, textColor=ACCENT
        )
        self.subtitle = ParagraphStyle("subtitle", base, fontSize=13, leading=18, spaceAfter=6)
        self.cover_line = ParagraphStyle("cover_line", base, fontSize=11, leading=15)
        self.centered = ParagraphStyle("centered", base, alignment=TA_CENTER)
        self.toc_levels: list[PropertySet] = [
            ParagraphStyle("toc1", base, fontName=fonts.BOLD, fontSize=10.5, leading=15),
            ParagraphStyle("toc2", base, fontSize=9.5, leading=12.5, leftIndent=12),
        ]

    def header_for(self, lang: str) -> ParagraphStyle:
        """Bold table headers hyphenated after ``lang``'s patterns (pyphen) where a word does
        not fit its column, with a hyphen at the break."""
        style = self._headers.get(lang)
        if style is None:
            style = ParagraphStyle(
                f"header_{lang}",
                self.cell_bold,
                # a callable, not the name: ReportLab would load the patterns for every cell
                hyphenationLang=cast(str, Hyphenator(HYPHENATION[lang])),
                embeddedHyphenation=1,
                uriWasteReduce=0.3,
            )
            self._headers[lang] = style
        return style


class Heading(Paragraph):
    """A section heading (H1, H2…): it gets a bookmark (outline entry) and, unless ``listed``
    is false, a table of contents line."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, level: int, key: str, listed: bool = True
    ) -> None:
        super().__init__(text, style)
        self.level = level
        self.key = key
        self.listed = listed
        self.tag_role = f"H{level + 1}"


class TaggedFrame(Frame):
    """The body frame: every flowable it draws is tagged (see :mod:`app.reports.tagging`). In
    the first layout pass (never the last: the contents and "page x of y" need a second) the
    flowables are placed but not drawn."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> Literal[0, 1]:
        tagger: Tagger | None = getattr(canv, TAGGER, None)
        if tagger is None:
            return 1 if super().add(flowable, canv, trySplit) else 0
        original: Callable[..., None] = flowable.drawOn

        def draw_on(canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
            if getattr(canvas, SKETCH, False):
                return  # a pass that only finds the pages: its canvas is thrown away
            width, height = getattr(flowable, "width", 0), getattr(flowable, "height", 0)
            box = (x, y, x + width, y + height)
            tagger.draw(flowable, canvas, lambda: original(canvas, x, y, _sW), box)

        # on the instance, past the attribute checks of reportlab.graphics' Drawing
        vars(flowable)["drawOn"] = draw_on
        try:
            return 1 if super().add(flowable, canv, trySplit) else 0
        finally:
            del vars(flowable)["drawOn"]

    add = _add  # Frame binds add to its own _add


class Contents(TableOfContents):
    """The table of contents, tagged as TOC with a TOCI per entry."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        table = self._table  # type: ignore[attr-defined]
        table._renderCB = TableTags(header_rows=0, roles=("TOC", "TOCI", "P"))
        return size


class ReportDocument(BaseDocTemplate):
    def __init__(
        self,
        target: Any,
        language: ReportLanguage,
        decor: PageDecor,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        expected_flowables: int = 1,
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN + 2 * mm,
            title=decor.title,
            lang=language.tag,
            invariant=1,
            initialFontName=fonts.REGULAR,
            initialFontSize=10,
            initialLeading=12,
            pageCompression=1,
            # headings stay with the start of what follows them (an instance attribute: the
            # base class's __init__ sets ReportLab's KeepTogether, which moves all of it)
            keepTogetherClass=KeepWithNext,
        )
        self.language = language
        self.decor = decor
        self._progress = progress
        self._cancelled = cancelled
        self._expected = max(expected_flowables, 1)
        self._done = 0
        self._pass = 0
        self._total_pages: int | None = None
        """The page count of the previous pass, for "page x of y"."""
        self.tagger = Tagger(language.tag)
        frame = TaggedFrame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            showBoundary=0,
            # the content (tables' rules too) between the margins the header line marks
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._decorate),
                PageTemplate("body", [frame], onPage=self._decorate),
            ]
        )

    # -- progress, cancellation, bookmarks ---------------------------------------------------
    def handle_documentBegin(self) -> None:
        self._pass += 1
        self._done = 0
        self.tagger.reset()
        setattr(self.canv, TAGGER, self.tagger)
        setattr(self.canv, SKETCH, self._pass == 1)
        self.canv.setNamedCB(LANG_BEGIN, self.tagger.lang_begin)
        self.canv.setNamedCB(LANG_END, self.tagger.lang_end)
        super().handle_documentBegin()

    def handle_pageEnd(self) -> None:
        super().handle_pageEnd()
        compress_last_page(self.canv)

    def afterFlowable(self, flowable: Flowable) -> None:
        self._done += 1
        if self._cancelled is not None and self._cancelled():
            raise Cancelled
        if self._progress is not None and self._done % 25 == 0:
            # Two passes are usual (the second fills in the table of contents).
            share = min(self._done / self._expected, 1.0)
            self._progress(min((self._pass - 1 + share) / 2, 0.98))
        if isinstance(flowable, Heading):
            text = flowable.getPlainText()
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(text, flowable.key, level=flowable.level, closed=False)
            if flowable.listed:
                # no link: an untagged link annotation would break PDF/UA; bookmarks lead there
                self.notify("TOCEntry", (flowable.level, text, self.page, None))

    def _allSatisfied(self) -> bool:
        """Another pass until the page count is known: "page x of y" uses the previous one."""
        pages = int(self.page)
        stable = pages == self._total_pages
        self._total_pages = pages
        return bool(super()._allSatisfied()) and stable  # type: ignore[misc]

    # -- page decoration ---------------------------------------------------------------------
    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        with self.tagger.artifact(canvas, "Pagination"):
            self._draw_decoration(canvas, doc)

    def _font_for(self, text: str, where: str, *, bold: bool = False) -> str:
        return fonts.font_for(text, self.language.tr.gettext(where), bold=bold)

    def _draw_decoration(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        decor = self.decor
        width, height = self.pagesize
        canvas.saveState()
        if decor.draft:
            canvas.setFont(fonts.BOLD, 90)
            canvas.setFillColor(colors.HexColor("#e3e3e3"))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -30, self.language.tr.gettext(DRAFT).upper())
            canvas.rotate(-45)
            canvas.translate(-width / 2, -height / 2)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(GREY)
        top = height - MARGIN + 6 * mm
        bottom = MARGIN - 4 * mm
        if decor.classification:
            canvas.setFont(self._font_for(decor.classification, fonts.CLASSIFICATION, bold=True), 8)
            canvas.drawCentredString(width / 2, top + 4 * mm, decor.classification)
            canvas.drawCentredString(width / 2, bottom - 5 * mm, decor.classification)
            canvas.setFont(fonts.REGULAR, 7.5)
        if doc.page > 1:
            canvas.setFont(self._font_for(decor.title, fonts.TITLE), 7.5)
            canvas.drawString(MARGIN, top, decor.title)
            canvas.setFont(fonts.REGULAR, 7.5)
            canvas.setStrokeColor(GREY)
            canvas.setLineWidth(0.3)
            canvas.line(MARGIN, top - 2 * mm, width - MARGIN, top - 2 * mm)
        if self._total_pages is not None:
            label = self.language.tr.gettext(PAGE_X_OF_Y)
            canvas.drawRightString(
                width - MARGIN, bottom, label.format(page=doc.page, pages=self._total_pages)
            )
        marks = []
        if decor.demo:
            marks.append(self.language.tr.gettext("DEMO – invented values"))
        if decor.draft:
            marks.append(self.language.tr.gettext(DRAFT))
        if decor.provisional:
            marks.append(self.language.tr.gettext(PROVISIONAL))
        if marks:
            canvas.setFont(fonts.BOLD, 7.5)
            canvas.setFillColor(colors.HexColor("#c62828"))
            canvas.drawRightString(width - MARGIN, top, " · ".join(marks))
        canvas.restoreState()


def compress_last_page(canvas: Canvas) -> None:
    """The content of the page just finished compressed now (as ReportLab would when saving):
    a report of thousands of pages does not hold them all uncompressed."""
    pages = canvas._doc.Pages.pages  # type: ignore[attr-defined]
    if not pages or pages[-1].Contents or not pages[-1].stream:
        return
    page = pages[-1]
    stream = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
    page.Contents = PDFStream(
        PDFDictionary({"Filter": PDFName("FlateDecode")}), content=zlib.compress(stream)
    )
    page.Contents.__Comment__ = "page stream"
    page.stream = None


def table_of_contents(styles: Styles) -> Contents:
    # The entries are a table: name its font, or Table falls back to Helvetica.
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return Contents(levelStyles=list(styles.toc_levels), dotsMinLevel=0, tableStyle=table_style)


def cover(
    styles: Styles,
    *,
    title: str,
    lines: list[str],
) -> list[Flowable]:
    heading = Paragraph(title, styles.title)
    heading.tag_role = "H1"  # type: ignore[attr-defined]
    story: list[Flowable] = [Spacer(1, 45 * mm), heading, Spacer(1, 8 * mm)]
    story += [Paragraph(line, styles.cover_line) for line in lines]
    story += [NextPageTemplate("body"), PageBreak()]
    return story


def build(document: ReportDocument, story: list[Flowable]) -> int:
    """Lay the story out (as many passes as the table of contents needs); the page count."""
    document.multiBuild(story)
    return int(document.page)


def reporting_day(values: list[str | None]) -> dt.date:
    """The day of the latest of some ISO timestamps (a report's default date: from the data)."""
    stamps = [v for v in values if v]
    if not stamps:
        return dt.date(2025, 10, 1)
    return dt.date.fromisoformat(max(stamps)[:10])
