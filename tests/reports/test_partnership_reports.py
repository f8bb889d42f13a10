"""The partnership evaluation report and the cabinet report's partnership section, read back
from the real PDF files: letters, fonts, the matrix against the results, a closed round's report
byte for byte the same after later changes, and the refusals of the command line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from babel.numbers import format_decimal
from sqlalchemy import update

from app.models import Partner
from app.partnerships import rounds as partnership_rounds
from app.reports import ReportKind, ReportRequest, write_report
from app.rounds import secretariat
from app.storage.register import open_register
from tests.support.partnership_kit import ROUND, partnership_cycle
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) are not installed",
)


def text_of(path: Path, *, layout: bool = False) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def write(cycle: Cycle, target: Path, **options: object) -> bytes:
    options.setdefault("kind", ReportKind.PARTNERSHIPS)
    options.setdefault("lang", "de")
    with open_register(cycle.paths, readonly=True) as register:
        write_report(register, ReportRequest(**options), target)  # type: ignore[arg-type]
    return target.read_bytes()


@pytest.fixture(scope="module")
def closed_cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A partnership round answered by three departments, concluded in part, closed."""
    return partnership_cycle(demo_dir, tmp_path_factory.mktemp("partnerships") / "cycle")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", ("Beitrag zu den sechs Zielen der Leitlinien", "Seite 1 von", "Regionalpartnersch")),
        ("pl", ("Wkład w sześć celów Strategii", "Strona 1 z", "partnerstw regionalnych")),
        ("cs", ("Přínos k šesti cílům strategie", "Strana 1 z", "regionálních partnerství")),
    ],
)
def test_the_report_in_each_language(
    closed_cycle: Cycle, tmp_path: Path, lang: str, expected: tuple[str, str, str]
) -> None:
    sample, page, title = expected
    target = tmp_path / f"{lang}.pdf"
    write(closed_cycle, target, round=ROUND, lang=lang)
    text = flat(text_of(target))
    assert sample in text  # the criteria's names in the report's language (ł, ś, ř, ů …)
    assert page in text
    assert title in text
    assert ROUND in text
    assert "Die IMAG empfiehlt für RP-PL-DS" in text  # the conclusion, as written
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(" yes yes yes " in line for line in fonts), fonts
    assert all("LiberationSans" in line for line in fonts), fonts
    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.Lang) == {"de": "de-DE", "pl": "pl-PL", "cs": "cs-CZ"}[lang]
        assert ROUND in str(pdf.docinfo["/Title"])
        assert b"pdfaid:part" in pdf.Root.Metadata.read_bytes()
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            assert len(titles) >= 4
            sections = [child.title for item in outline.root for child in item.children]
            assert any("RP-CZ" in section for section in sections)


def test_the_matrix_shows_the_results(closed_cycle: Cycle, tmp_path: Path) -> None:
    target = tmp_path / "de.pdf"
    write(closed_cycle, target, round=ROUND)
    with session_of(closed_cycle.secretariat_dir) as session:
        results = partnership_rounds.results(session, ROUND)
    lines = text_of(target, layout=True).splitlines()
    # the heading's last occurrence: the first is the table of contents' line
    start = max(i for i, line in enumerate(lines) if "Ergebnisse je Partnerschaft" in line)
    matrix = lines[start : start + 60]

    def number(value: float) -> str:
        return format_decimal(round(value, 2), format="0.0", locale="de_DE")

    checked = 0
    for result in results.partnerships:
        name = str(result.names["name_de"])
        row = next(line for line in matrix if line.strip().startswith(name[:20]))
        expected = []
        for criterion in result.criteria:
            assert criterion.mean is not None
            assert criterion.spread is not None
            mark = "*" if criterion.spread >= 2 else ""
            expected.append(number(criterion.mean) + mark)
        assert result.weighted is not None
        assert result.weighted_percent is not None
        expected.append(number(result.weighted))
        found = re.findall(r"\d+,\d\*?", row)
        assert found == expected, (name, row)
        assert f"{round(result.weighted_percent)} %" in row
        checked += 1
    assert checked == len(results.partnerships) == 13


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_no_page_ends_with_a_partnerships_subheading(
    closed_cycle: Cycle, tmp_path: Path, lang: str
) -> None:
    """A partnership's subheadings ("Conclusion of the IMAG", …) stay with what follows them."""
    from app.i18n import translator

    _ = translator(lang).gettext
    headings = {_("Recommendations of the departments"), _("Conclusion of the IMAG")}
    target = tmp_path / f"{lang}.pdf"
    write(closed_cycle, target, round=ROUND, lang=lang)
    pages = text_of(target).split("\f")
    assert len(pages) > 5
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # the last line is the footer's page number
        assert lines[-2] not in headings, (number, lines[-3:])


def test_a_closed_rounds_report_stays_the_same(closed_cycle: Cycle, tmp_path: Path) -> None:
    cycle = closed_cycle.copy(tmp_path / "copy")
    before = write(cycle, tmp_path / "before.pdf", round=ROUND, lang="pl")
    with open_register(cycle.paths) as register, register.session() as session, session.begin():
        session.execute(
            update(Partner)
            .where(Partner.name_de == "Niederschlesien")
            .values(name_de="Umbenannt", name_pl="Zmieniona nazwa")
        )
    after = write(cycle, tmp_path / "after.pdf", round=ROUND, lang="pl")
    assert after == before
    assert "Zmieniona nazwa" not in text_of(tmp_path / "after.pdf")
    # the live register did change: the cabinet report shows the new name
    write(cycle, tmp_path / "cabinet.pdf", kind=ReportKind.CABINET, lang="pl")
    assert "Zmieniona nazwa" in text_of(tmp_path / "cabinet.pdf")


def test_the_cabinet_report_summarizes_the_latest_closed_partnership_round(
    demo_dir: Path, tmp_path: Path
) -> None:
    # a measure round closed before any partnership round: its cabinet report has no section
    measures = start_round(demo_dir, tmp_path / "cycle", open_packages=False)
    with session_of(measures.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, measures.name)
    before = write(measures, tmp_path / "before.pdf", kind=ReportKind.CABINET, round=measures.name)
    assert "Evaluierung der Regionalpartnerschaften" not in flat(text_of(tmp_path / "before.pdf"))

    cycle = partnership_cycle(demo_dir, tmp_path / "cycle")
    # … and keeps its bytes once a partnership round is closed after it
    after = write(cycle, tmp_path / "after.pdf", kind=ReportKind.CABINET, round=measures.name)
    assert after == before
    write(cycle, tmp_path / "live.pdf", kind=ReportKind.CABINET)
    text = flat(text_of(tmp_path / "live.pdf"))
    assert "Evaluierung der Regionalpartnerschaften" in text
    assert f"„{ROUND}“" in text
    assert "Niederschlesien" in text
    # the measures' completeness and "changes since the previous round" still speak of the
    # measure round, not of the partnership round closed after it
    assert f"Evaluierungsrunde „{measures.name}“:" in text
    assert f"Evaluierungsrunde „{ROUND}“" not in text
    assert re.search(rf"abgeschlossenen Evaluierungsrunde „{measures.name}“", text)


def test_refusals(closed_cycle: Cycle, tmp_path: Path, cli) -> None:
    cycle = closed_cycle.copy(tmp_path / "copy")
    start_round(cycle.root.parent / "unused", cycle.root, name="Frühjahr 2026", open_packages=False)
    folder = cycle.secretariat_dir
    target = tmp_path / "r.pdf"
    unknown = cli(
        "--data-dir", folder, "report", "partnerships", "--round", "Gibt es nicht", "--out", target
    )
    assert unknown.code != 0
    assert "Gibt es nicht" in unknown.err
    measures = cli(
        "--data-dir", folder, "report", "partnerships", "--round", "Frühjahr 2026", "--out", target
    )
    assert measures.code != 0
    assert "keine Partnerschaftsrunde" in measures.err
    assert not target.exists()
    cabinet = cli("--data-dir", folder, "report", "cabinet", "--round", ROUND, "--out", target)
    assert cabinet.code != 0
    assert "ist eine Partnerschaftsrunde" in cabinet.err
    assert not target.exists()
    ok = cli("--data-dir", folder, "report", "partnerships", "--lang", "cs", "--out", target)
    assert ok.code == 0, ok.err
    assert ROUND in text_of(target)  # without --round: the latest partnership round
