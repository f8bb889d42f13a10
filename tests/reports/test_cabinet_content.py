"""What the reports say to a cabinet office, read back from the real PDFs: who issues them and
under which file reference, an open round's report provisional on every page, audit times with
their zone, no instructions meant for the operator."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from app.paths import AppPaths, resolve
from app.reports import ReportKind, ReportRequest, write_report
from app.rounds import secretariat
from app.storage.register import open_register
from tests.support.rounds_kit import SECRETARIAT, session_of, start_round

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) are not installed"
)


def pages_of(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def write(paths: AppPaths, target: Path, **options: object) -> list[str]:
    options.setdefault("kind", ReportKind.CABINET)
    options.setdefault("lang", "de")
    with open_register(paths, readonly=True) as register:
        write_report(register, ReportRequest(**options), target)  # type: ignore[arg-type]
    return pages_of(target)


def test_an_open_rounds_report_is_provisional_on_every_page(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    pages = write(cycle.paths, tmp_path / "open.pdf", round=cycle.name, lang="pl")
    assert len(pages) > 10
    assert all("Wstępny: runda jest jeszcze otwarta" in page for page in pages)
    # A Polish long date ends with "r.", which also ends the sentence: no second full stop.
    assert "termin na sprawozdania resortów:" in pages[0]
    assert not any(" r.." in page for page in pages)
    with session_of(cycle.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, cycle.name)
    closed = write(cycle.paths, tmp_path / "closed.pdf", round=cycle.name, lang="pl")
    assert not any("Wstępny" in page for page in closed)


@pytest.mark.parametrize(
    ("lang", "issuer", "reference"),
    [
        ("de", "Sächsische Staatskanzlei", "Aktenzeichen: SK-21-0141/7/2026"),
        ("pl", "Saksońska Kancelaria Stanu", "Znak sprawy: SK-21-0141/7/2026"),
        ("cs", "Saská státní kancelář", "Číslo jednací: SK-21-0141/7/2026"),
    ],
)
def test_the_cover_names_the_issuer_and_the_file_reference(
    demo_dir: Path, tmp_path: Path, lang: str, issuer: str, reference: str
) -> None:
    for kind, extra in (
        (ReportKind.CABINET, {}),
        (ReportKind.DEPARTMENT, {"department": "SK"}),
    ):
        cover = write(
            resolve(demo_dir),
            tmp_path / f"{kind}.pdf",
            kind=kind,
            lang=lang,
            file_reference="SK-21-0141/7/2026",
            **extra,
        )[0]
        assert issuer in cover
        assert reference in cover
    cover = write(resolve(demo_dir), tmp_path / "none.pdf", lang=lang)[0]
    assert issuer in cover
    assert reference.split(":", maxsplit=1)[0] not in cover  # no reference given, no empty line


def test_audit_times_say_their_zone(demo_dir: Path, tmp_path: Path) -> None:
    pages = write(resolve(demo_dir), tmp_path / "m.pdf", kind=ReportKind.MEASURE, measure="I.01")
    history = " ".join(pages).split("Historie")[-1]
    assert " UTC " in history


def test_no_instructions_for_the_operator(demo_dir: Path, tmp_path: Path) -> None:
    pages = write(resolve(demo_dir), tmp_path / "c.pdf", lang="de")
    text = " ".join(pages)
    assert "Es gibt keine frühere abgeschlossene Evaluierungsrunde zum Vergleich." in text
    assert "Anfangsdatum" not in text


def test_the_history_speaks_of_labels_values_and_departments(
    demo_dir: Path, tmp_path: Path
) -> None:
    cycle = start_round(demo_dir, tmp_path)
    code = cycle.codes("SMWK")[0]
    answer = {
        "status": "completed",
        "status_reason": None,
        "traffic_light": "red",
        "progress": 100,
        "comment": "Erste Zeile\nzweite Zeile",
    }
    cycle.import_(cycle.answer("SMWK", {code: answer}))
    for lang, department, red in (
        ("de", "SMWK (Rückmeldung)", "gefährdet"),
        ("pl", "SMWK (sprawozdanie resortu)", "zagrożone"),
        ("cs", "SMWK (hlášení resortu)", "ohroženo"),
    ):
        pages = write(
            cycle.paths, tmp_path / f"{lang}.pdf", kind=ReportKind.MEASURE, measure=code, lang=lang
        )
        text = " ".join(pages)
        for internal in ("traffic_light", "{'", "None", "package:", "progress", "'status'"):
            assert internal not in text, (lang, internal)
        assert department in text
        assert red in text
        assert "100 %" in text or "100%" in text


def figure_fill_colours(path: Path, caption: str) -> set[tuple[float, float, float]]:
    """The fill colours a chart (found by its alternative text) draws with."""
    with pikepdf.open(path) as pdf:
        figure = next(
            element
            for element in pdf.Root.StructTreeRoot.K[0].K
            if element.S == "/Figure" and str(element.Alt).startswith(caption)
        )
        mcr = figure.K[0]
        page = pikepdf.Page(mcr.Pg)
        colours: set[tuple[float, float, float]] = set()
        inside = False
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            if str(operator) == "BDC" and len(operands) > 1:
                inside = int(operands[1].get("/MCID", -1)) == int(mcr.MCID)
            elif str(operator) == "EMC":
                inside = False
            elif inside and str(operator) == "rg":
                red, green, blue = (float(v) for v in operands)
                colours.add((red, green, blue))
    return colours


def test_the_traffic_light_chart_is_not_colour_only(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.pdf"
    text = " ".join(write(resolve(demo_dir), target, lang="de"))
    colours = figure_fill_colours(target, "Ampelstatus nach Instrument")
    greys = sorted(
        0.299 * r + 0.587 * g + 0.114 * b for r, g, b in colours if (r, g, b) != (1, 1, 1)
    )
    assert len(greys) >= 4
    # green, red, amber and "none" told apart in grey print
    assert all(b - a > 0.12 for a, b in itertools.pairwise(greys))
    assert "Ampelstatus nach Instrument" in text


def test_an_empty_register_has_whole_numbers_on_its_axes(
    fresh_register: Path, tmp_path: Path
) -> None:
    text = " ".join(write(resolve(fresh_register), tmp_path / "e.pdf", lang="de"))
    assert "0,002" not in text
    assert "0,01" not in text
