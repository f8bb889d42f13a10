"""Reports are tagged, accessible and archivable: every report type in every language passes
``page-validation`` (PDF/A-2a, 2u, 2b, PDF/UA-1) and pikepdf's PDF/A validator; the structure
tree read back from the file has headings, tables with header cells, figures with their data in
words, German passages marked as German; characters the fonts lack are printed with the fallback
font or refuse the report."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from sqlalchemy import select, update

from app.errors import InvalidInput
from app.models import Department, Measure, MeasureDepartment
from app.paths import AppPaths, resolve
from app.reports import ReportKind, ReportRequest, write_report
from app.reports.structure import repair
from app.rounds import secretariat
from app.storage.register import open_register
from tests.support.partnership_kit import ROUND, partnership_cycle
from tests.support.pdf_validation import failures
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) are not installed"
)
MEASURE_ROUND = "Frühjahr 2026"


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


def close(cycle: Cycle) -> None:
    with session_of(cycle.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, cycle.name)


@pytest.fixture(scope="module")
def rounds_cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """The demo register with two closed measure rounds and a closed partnership round."""
    root = tmp_path_factory.mktemp("accessible")
    close(start_round(demo_dir, root, name="Herbst 2025", open_packages=False))
    close(start_round(demo_dir, root, name=MEASURE_ROUND, open_packages=False))
    return partnership_cycle(demo_dir, root)


def write(cycle: Cycle, target: Path, **options: object) -> Path:
    options.setdefault("lang", "de")
    return write_at(cycle.paths, target, **options)


REPORTS = {
    "cabinet": {"kind": ReportKind.CABINET, "round": MEASURE_ROUND},
    "department": {"kind": ReportKind.DEPARTMENT, "department": "SMWK"},
    "measure": {"kind": ReportKind.MEASURE, "measure": "I.01"},
    "partnerships": {"kind": ReportKind.PARTNERSHIPS, "round": ROUND},
}


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_report_passes_the_validators(
    rounds_cycle: Cycle, tmp_path: Path, report: str, lang: str
) -> None:
    target = write(rounds_cycle, tmp_path / f"{report}-{lang}.pdf", lang=lang, **REPORTS[report])
    assert failures(target) == []


def elements(node: Any) -> Iterator[Any]:
    """The structure elements below ``node``, in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
            yield kid
            yield from elements(kid)


def pages_of(element: Any) -> set[int]:
    """The pages an element's content is on."""
    return {page for e in [element, *elements(element)] for page in _own_pages(e)}


def _own_pages(element: Any) -> set[int]:
    return {
        kid.Pg.objgen[0]
        for kid in element.K
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
    }


def test_the_structure_tree_read_back(rounds_cycle: Cycle, tmp_path: Path) -> None:
    target = write(rounds_cycle, tmp_path / "pl.pdf", lang="pl", **REPORTS["cabinet"])
    with pikepdf.open(target) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert b"<pdfuaid:part>1</pdfuaid:part>" in pdf.Root.Metadata.read_bytes()
        assert pdf.open_metadata().pdfa_status == "2A"
        assert int(pdf.Root.Outlines.Count) > 0  # the bookmarks open
        assert all("/Trans" not in page.obj for page in pdf.pages)
        document = pdf.Root.StructTreeRoot.K[0]
        assert str(document.Lang) == "pl-PL"
        found = list(elements(document))
        roles = [str(e.S) for e in found]
        assert roles[0] == "/H1"  # the title on the cover
        assert {"/H1", "/H2", "/P", "/TOC", "/TOCI", "/Table", "/TR", "/TH", "/TD"} <= set(roles)
        header_cells = [e for e in found if e.S == "/TH"]
        assert {str(e.A.Scope) for e in header_cells} == {"/Column"}
        figures = [e for e in found if e.S == "/Figure"]
        assert figures
        assert all(str(f.Alt) and re.search(r"\d", str(f.Alt)) for f in figures)
        # a table over several pages is one table, its header row in it once: on the next pages
        # the repeated header is an artifact
        long_tables = [e for e in found if e.S == "/Table" and len(pages_of(e)) > 1]
        assert long_tables
        for table in long_tables:
            rows = [row for row in table.K if row.S == "/TR"]
            assert sum(1 for row in rows if any(c.S == "/TH" for c in row.K)) == 1
        contents = b"".join(page.Contents.read_bytes() for page in pdf.pages)
        assert b"/Span <</Lang (de-DE)>> BDC" in contents  # German texts in a Polish report
        assert b"/Artifact <</Type /Pagination>> BDC" in contents  # header and footer
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert b"<0000>\n" not in font.ToUnicode.read_bytes()
    text = text_of(target)
    assert text.count("Spis treści") == 1  # the contents do not list themselves


def set_measure(cycle: Cycle, **values: object) -> None:
    with open_register(cycle.paths) as register, register.session() as session, session.begin():
        session.execute(update(Measure).where(Measure.code == "I.01").values(**values))


@pytest.fixture
def live_cycle(rounds_cycle: Cycle, tmp_path: Path) -> Cycle:
    return rounds_cycle.copy(tmp_path / "copy")


def test_characters_the_main_font_lacks_print_with_the_fallback(
    live_cycle: Cycle, tmp_path: Path
) -> None:
    title = "Współpraca Ελληνικά Кириллица ★ ∑ 😀"
    set_measure(live_cycle, title_pl=title, comment="Zeile eins\nZeile zwei <b> & ☺")
    target = write(
        live_cycle, tmp_path / "pl.pdf", kind=ReportKind.MEASURE, measure="I.01", lang="pl"
    )
    text = text_of(target)
    assert title in text  # in the text layer, the emoji too (UTF-16 in ToUnicode)
    assert "Zeile eins\nZeile zwei <b> & ☺" in text  # the line break kept, markup as text
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "DejaVuSans" in fonts
    assert failures(target) == []
    with pikepdf.open(target) as pdf:  # the fact sheet's labels head their rows
        found = list(elements(pdf.Root.StructTreeRoot))
        assert "/Row" in {str(e.A.Scope) for e in found if e.S == "/TH"}


@pytest.mark.parametrize(
    ("text", "char"),
    [("Partnerschaft 中文", "中"), ("שלום", "ש"), ("مرحبا", "م")],
)
def test_characters_no_font_has_refuse_the_report(
    live_cycle: Cycle, tmp_path: Path, text: str, char: str
) -> None:
    set_measure(live_cycle, title_de=text)
    target = tmp_path / "refused.pdf"
    with pytest.raises(InvalidInput) as refused:
        write(live_cycle, target, kind=ReportKind.CABINET, lang="de")
    message = str(refused.value)
    assert "I.01" in message
    assert f"„{char}“" in message or f"“{char}”" in message
    assert f"U+{ord(char):04X}" in message
    assert not target.exists()


def test_no_stream_ends_in_a_carriage_return() -> None:
    """Data whose compressed form ends in CR would be read as a CR LF before ``endstream``."""
    data = next(
        candidate
        for candidate in (b"0 0 %d %d re f\n" % (n, n * 7) for n in range(100_000))
        if zlib.compress(candidate).endswith(b"\r")
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_stream(zlib.compress(data))
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Contents = stream
    repair(pdf)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert stream.read_bytes().rstrip() == data.rstrip()
    out = io.BytesIO()
    pdf.save(out)
    assert b"\r\nendstream" not in out.getvalue()


def write_at(paths: AppPaths, target: Path, **options: object) -> Path:
    with open_register(paths, readonly=True) as register:
        write_report(register, ReportRequest(**options), target)  # type: ignore[arg-type]
    return target


def test_edge_cases_render_and_pass_the_validators(
    fresh_register: Path, demo_dir: Path, live_cycle: Cycle, tmp_path: Path
) -> None:
    empty = write_at(
        resolve(fresh_register), tmp_path / "empty.pdf", kind=ReportKind.CABINET, lang="cs"
    )
    assert failures(empty) == []
    # a department that leads and takes part in no measure
    with open_register(live_cycle.paths) as register, register.session() as session:
        busy = set(session.scalars(select(MeasureDepartment.department_id)))
        idle = session.scalars(select(Department.code).where(Department.id.not_in(busy))).first()
    assert idle is not None
    target = write(
        live_cycle, tmp_path / "idle.pdf", kind=ReportKind.DEPARTMENT, department=idle, lang="pl"
    )
    assert failures(target) == []
    # a 20,000-character comment with line breaks, markup characters, symbols
    long_comment = ("Ärger <b>&amp; </table> ★ 😀\n" * 800)[:20_000]
    set_measure(live_cycle, comment=long_comment)
    for kind, extra in ((ReportKind.MEASURE, {"measure": "I.01"}), (ReportKind.CABINET, {})):
        target = write(live_cycle, tmp_path / f"{kind}.pdf", kind=kind, lang="pl", **extra)
        assert failures(target) == []
    assert "Ärger <b>&amp; </table> ★ 😀" in text_of(tmp_path / f"{ReportKind.MEASURE}.pdf")
    # an open round nobody answered yet
    cycle = start_round(demo_dir, tmp_path / "open", open_packages=False)
    target = write(cycle, tmp_path / "open.pdf", kind=ReportKind.CABINET, round=cycle.name)
    assert failures(target) == []


def test_the_parent_tree_and_the_elements_agree(rounds_cycle: Cycle, tmp_path: Path) -> None:
    """The tree is written as it is serialized (object streams, a cross-reference stream):
    every MCID on every page names the element whose kids hold it, and every element's parent
    is the element (or the root) listing it."""
    target = write(rounds_cycle, tmp_path / "cs.pdf", lang="cs", **REPORTS["cabinet"])
    with pikepdf.open(target) as pdf:
        root = pdf.Root.StructTreeRoot
        assert int(root.ParentTreeNextKey) == len(pdf.pages)
        numbers = list(root.ParentTree.Nums)
        owners = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        marked = 0
        for index, page in enumerate(pdf.pages):
            assert int(page.obj.StructParents) == index
            for mcid, owner in enumerate(owners[index]):
                kids = [k for k in owner.K if isinstance(k, pikepdf.Dictionary)]
                assert any(
                    k.get("/Type") == "/MCR"
                    and int(k.MCID) == mcid
                    and k.Pg.objgen == page.obj.objgen
                    for k in kids
                ), (index, mcid)
                marked += 1
        assert marked > 1000
        for element in elements(root):
            for kid in element.K:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    assert kid.P.objgen == element.objgen
        assert root.K[0].P.objgen == root.objgen
    assert failures(target) == []
