"""How the reports' tables are laid out, read back from the real PDFs: inside the margins, header
rows only above rows, split rows carried on with their label, headers hyphenated per language."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from sqlalchemy import update

from app.i18n import translator
from app.models import Measure, Status, TrafficLight, labels
from app.paths import AppPaths
from app.reports import ReportKind
from app.reports.blocks import CONTINUED, MEASURE_COLUMNS
from app.reports.document import MARGIN
from app.storage.register import open_register
from tests.support.reports import report

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) are not installed"
)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
CODE = re.compile(r"^[IVX]+\.([A-Z]\.)?\d\d")


def words(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (x min, y min from the top, x max, text) of each word."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    pages = out.split("<page ")[1:]
    return [
        [(float(a), float(b), float(c), t) for a, b, c, _d, t in WORD.findall(page)]
        for page in pages
    ]


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def drawn_x(page: pikepdf.Page) -> list[float]:
    """The x of every point of every path (rules, backgrounds) drawn on ``page``."""
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    xs: list[float] = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op = str(instruction.operator)
        operands = instruction.operands
        if op not in ("q", "Q", "cm", "m", "l", "re"):
            continue
        values = [float(v) for v in operands]
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply(values, ctm)
        elif op in ("m", "l", "re"):
            points = [(values[0], values[1])]
            if op == "re":
                points.append((values[0] + values[2], values[1] + values[3]))
            xs += [x * ctm[0] + y * ctm[2] + ctm[4] for x, y in points]
    return xs


def test_tables_stay_inside_the_margins(demo_dir: Path, tmp_path: Path) -> None:
    from app.paths import resolve

    target = tmp_path / "cabinet.pdf"
    report(resolve(demo_dir), target, lang="de")
    with pikepdf.open(target) as pdf:
        for number, page in enumerate(pdf.pages[2:], start=3):
            xs = drawn_x(page)
            assert xs, number
            assert min(xs) >= MARGIN - 0.01, number
            assert max(xs) <= A4[0] - MARGIN + 0.01, (number, max(xs) - (A4[0] - MARGIN))


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_a_row_split_across_pages_goes_on_with_its_label(
    demo_copy: AppPaths, tmp_path: Path, lang: str
) -> None:
    huge = " ".join(f"Wort{i:04d}" for i in range(2500))  # 20,000 characters

    with open_register(demo_copy) as register, register.session() as session, session.begin():
        session.execute(update(Measure).where(Measure.code == "IV.01").values(comment=huge))
    target = tmp_path / "sheet.pdf"
    report(demo_copy, target, kind=ReportKind.MEASURE, lang=lang, measure="IV.01")
    _ = translator(lang).gettext
    label = _("Comment")
    pages = words(target)
    holding = [i for i, page in enumerate(pages) if any(w[3].startswith("Wort") for w in page)]
    assert len(holding) >= 3
    for index in holding[1:]:
        page = pages[index]
        first = min(w[1] for w in page if w[3].startswith("Wort"))
        # the label, then "(continued)", at the top of the row's continuation
        line = " ".join(w[3] for w in page if abs(w[1] - first) < 1 and w[0] < MARGIN + 110)
        assert line == f"{label} {_(CONTINUED)}", (index, line)


def test_header_rows_stand_above_rows_only(demo_dir: Path, tmp_path: Path) -> None:
    """Every measure table's header row, on the page where it starts and on every page it
    continues on, has at least two rows of the table below it."""
    from app.paths import resolve

    target = tmp_path / "cabinet.pdf"
    report(resolve(demo_dir), target, lang="de")
    _ = translator("de").gettext
    marker, beside = _("Traffic light"), _("Title")
    found = 0
    for number, page in enumerate(words(target), start=1):
        for _x, y, _x2, text in page:
            if text != marker or not any(w[3] == beside and abs(w[1] - y) < 1 for w in page):
                continue  # not a measure table's header row
            found += 1
            below = [w for w in page if w[1] > y + 5 and CODE.match(w[3]) and w[0] < MARGIN + 5]
            assert len(below) >= 2 or _ends_table(page, y), (number, len(below))
    assert found >= 5


def _ends_table(page: list[tuple[float, float, float, str]], y: float) -> bool:
    """A table of one row: nothing but a heading or the page's end follows its row."""
    rows = [w for w in page if w[1] > y + 5 and CODE.match(w[3]) and w[0] < MARGIN + 5]
    return len(rows) == 1


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_column_headers_break_only_with_a_hyphen(demo_dir: Path, tmp_path: Path, lang: str) -> None:
    from app.paths import resolve

    target = tmp_path / "cabinet.pdf"
    report(resolve(demo_dir), target, lang=lang)
    tr = translator(lang)
    _ = tr.gettext
    # the measure tables' headers and the summary's (statuses, traffic lights over counts)
    names = [_(name) for name in MEASURE_COLUMNS]
    names += [labels.status(tr, status) for status in Status]
    names += [labels.traffic_light(tr, light) for light in TrafficLight]
    header_words = {w for name in names for w in name.split() if len(w) > 3}
    broken = []
    hyphenated = 0
    for page in words(target):
        for _x, _y, _x2, text in page:
            for word in header_words:
                if text != word and len(text) >= 3 and word.startswith(text.rstrip("-")):
                    if text.endswith("-"):
                        hyphenated += 1
                    else:
                        broken.append(text)
    assert not broken, broken
    if lang == "de":
        assert hyphenated, "Federführendes does not fit its column: it is hyphenated"
        assert "Forts-" not in {w[3] for page in words(target) for w in page}  # Fort-schritt


def test_a_table_with_a_caption_is_named_above_its_continuation(tmp_path: Path) -> None:
    """A partnership's tables name the partnership again where they go on after a break."""
    from reportlab.platypus import Paragraph

    from app.reports import blocks
    from app.reports.document import PageDecor, ReportDocument, Styles, build
    from app.reports.formatting import ReportLanguage

    language = ReportLanguage("de", translator("de"))
    styles = Styles()
    target = tmp_path / "caption.pdf"
    document = ReportDocument(str(target), language, PageDecor("T", None, False, False))
    caption = blocks.continued(language, styles, "<b>Niederschlesien (P1)</b>")
    rows = [blocks.header_cells(language, styles, ["Department", "Comment"])]
    rows += [[f"D{i}", Paragraph(f"Kommentar {i}", styles.cell)] for i in range(120)]
    pages = build(document, [blocks.grid(rows, [60, 300], caption=caption)])
    assert pages >= 3
    found = words(target)
    first_line = [" ".join(w[3] for w in page if abs(w[1] - page[1][1]) < 1) for page in found]
    assert "Niederschlesien" not in first_line[0]
    for line in first_line[1:]:
        assert line == "Niederschlesien (P1) (Fortsetzung)", line


def test_a_heading_stays_on_its_page_with_the_start_of_a_long_table(tmp_path: Path) -> None:
    """A heading over a table longer than the rest of the page stays on that page with the
    table's first rows (not moved, leaving half a page blank, as ReportLab's own KeepTogether
    does with everything that follows)."""
    from reportlab.platypus import Paragraph, Spacer

    from app.reports import blocks
    from app.reports.document import Heading, PageDecor, ReportDocument, Styles, build
    from app.reports.formatting import ReportLanguage

    language = ReportLanguage("de", translator("de"))
    styles = Styles()
    target = tmp_path / "heading.pdf"
    document = ReportDocument(str(target), language, PageDecor("T", None, False, False))
    rows = [blocks.header_cells(language, styles, ["Department", "Comment"])]
    rows += [[f"D{i}", Paragraph(f"Zeile {i}", styles.cell)] for i in range(80)]
    story = [
        Paragraph("Oben", styles.body),
        Spacer(1, A4[1] / 2),
        Heading("Die Überschrift", styles.h1, level=0, key="k"),
        blocks.grid(rows, [60, 300]),
    ]
    assert build(document, story) >= 2
    first = {w[3] for w in words(target)[0]}
    assert {"Oben", "Überschrift", "D0", "D1"} <= first, sorted(first)


def test_a_measures_table_opening_a_page_names_the_measure(tmp_path: Path) -> None:
    """A measure's milestones (or indicators) that open a page, below the end of its fields
    on the page before, carry the measure's name; below the fields on the same page they
    do not."""
    from reportlab.platypus import Flowable, PageBreak, Paragraph

    from app.reports import blocks
    from app.reports.document import PageDecor, ReportDocument, Styles, build
    from app.reports.formatting import ReportLanguage

    language = ReportLanguage("de", translator("de"))
    styles = Styles()

    def table() -> Flowable:
        caption = blocks.continued(language, styles, "<b>X.01 – Titel</b>")
        rows = [blocks.header_cells(language, styles, ["Milestone", "Due"])]
        rows += [[Paragraph("Konzept", styles.cell), "1.2.2026"]]
        return blocks.grid(rows, [200, 100], caption=caption, caption_at_top=True)

    for breaks, expected in (([PageBreak()], True), ([], False)):
        target = tmp_path / f"top-{expected}.pdf"
        document = ReportDocument(str(target), language, PageDecor("T", None, False, False))
        build(document, [Paragraph("Oben", styles.body), *breaks, table()])
        last = words(target)[-1]
        assert ("X.01" in {w[3] for w in last}) is expected
        assert "Konzept" in {w[3] for w in last}
