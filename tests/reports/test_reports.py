"""PDF reports read back from the real files: text, fonts, PDF/A structure, bookmarks, CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from app.errors import InvalidInput, NotFound
from app.i18n import NP_, Message, translator
from app.models import AuditEvent, Measure
from app.paths import AppPaths, resolve
from app.reports import ReportKind, ReportRequest, write_report
from app.reports.document import Cancelled
from app.storage.register import open_register
from tests.support.project import ROOT, run_imag
from tests.support.reports import flat, german_labels, pdftotext, report

POLISH = "Zażółć gęślą jaźń"  # ą ć ę ł ń ó ś ź ż
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy"  # ě š č ř ž ý á í é ů ú

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) are not installed",
)


def change(paths: AppPaths, edit: Callable[[object], None]) -> None:
    with open_register(paths) as register, register.session() as session, session.begin():
        edit(session)


def test_polish_and_czech_letters_survive(demo_copy: AppPaths, tmp_path: Path) -> None:
    def edit(session: object) -> None:
        session.execute(  # type: ignore[attr-defined]
            update(Measure).where(Measure.code == "I.01").values(title_pl=POLISH, title_cs=CZECH)
        )

    change(demo_copy, edit)
    for lang, sample, label in (
        ("pl", POLISH, "Strona 1 z"),
        ("cs", CZECH, "Strana 1 z"),
    ):
        target = tmp_path / f"{lang}.pdf"
        report(demo_copy, target, lang=lang, classification=sample)
        text = flat(pdftotext(target))
        # Once from the measure table (Paragraph), once from the header line (canvas).
        assert text.count(sample) >= 2, lang
        assert label in text


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_no_german_label_in_a_polish_or_czech_report(
    demo_copy: AppPaths, tmp_path: Path, lang: str
) -> None:
    # Give every text a translation, so that any German left in the PDF is a label.
    def edit(session: object) -> None:
        session.execute(  # type: ignore[attr-defined]
            update(Measure).values(
                title_pl="Tytuł " + Measure.code,
                title_cs="Název " + Measure.code,
                comment=None,
            )
        )

    change(demo_copy, edit)
    target = tmp_path / "r.pdf"
    result = report(demo_copy, target, lang=lang, draft=True, since=None)
    text = flat(pdftotext(target))
    labels = german_labels(lang)
    assert len(labels) > 50
    assert "Sachstandsbericht an das Kabinett" in labels  # it looks at the report labels
    found = [label for label in labels if label in text]
    assert found == []
    assert result.fallbacks == 0


def test_german_fallback_is_marked_and_counted(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "pl.pdf"
    result = report(resolve(demo_dir), target, lang="pl")
    text = flat(pdftotext(target))
    assert result.fallbacks > 0  # the German comments
    # The measure titles are the catalogue's Polish proposals: shown in Polish, marked "*" and
    # counted in the note; the German comments are shown in German, marked and counted.
    assert "Umsetzung von bilateralen und multilateralen Projekten" not in text
    assert "Realizacja dwustronnych i wielostronnych projektów" in text
    assert "(po niemiecku)" in text
    unreviewed = "* Propozycje tłumaczeń, których żadne Biuro Łącznikowe jeszcze nie zweryfikowało:"
    assert unreviewed in text
    note = Message(
        *NP_(
            "{n} text has no translation into this language yet and is shown in German, "
            "marked “{mark}”.",
            "{n} texts have no translation into this language yet and are shown in German, "
            "marked “{mark}”.",
        ),
        n=result.fallbacks,
        mark="(po niemiecku)",
    )
    assert translator("pl").render(note) in text
    german = tmp_path / "de.pdf"
    assert report(resolve(demo_dir), german, lang="de").fallbacks == 0
    assert "(deutsch)" not in pdftotext(german)


def embedded_fonts_only(path: Path) -> list[str]:
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        # name, type (may be two words), encoding, emb, sub, uni, object id, generation
        fields = row.split()
        assert fields[-5] == "yes", row
    return [row.split()[0] for row in rows]


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        (ReportKind.CABINET, {}),
        (ReportKind.DEPARTMENT, {"department": "SMWK"}),
        (ReportKind.MEASURE, {"measure": "I.03"}),
    ],
)
def test_fonts_embedded_and_pdfa_structure(
    demo_dir: Path, tmp_path: Path, kind: ReportKind, extra: dict[str, str]
) -> None:
    target = tmp_path / "r.pdf"
    report(resolve(demo_dir), target, kind=kind, lang="cs", draft=True, **extra)
    names = embedded_fonts_only(target)
    assert all("LiberationSans" in name for name in names)
    with pikepdf.open(target) as pdf:
        assert not pdf.is_encrypted
        assert pdf.open_metadata().pdfa_status == "2A"
        meta = pdf.open_metadata()
        assert meta["dc:language"] == ["cs-CZ"] or "cs-CZ" in str(meta["dc:language"])
        assert str(pdf.Root.Lang) == "cs-CZ"
        assert (
            pdf.docinfo["/Author"]
            == "Meziresortní pracovní skupina „Mezinárodní záležitosti“ (IMAG)"
        )
        assert str(pdf.docinfo["/Title"])
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        assert intents[0].S == "/GTS_PDFA1"
        assert int(intents[0].DestOutputProfile.N) == 3
        assert len(intents[0].DestOutputProfile.read_bytes()) > 300
        assert "/ID" in pdf.trailer
        fonts_seen = 0
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor
                fonts_seen += 1
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.F) & 4  # printable
            assert "/Group" not in page.obj  # no transparency group
        assert fonts_seen


def test_same_data_gives_the_same_bytes(demo_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    report(resolve(demo_dir), first, lang="de", classification="Intern")
    report(resolve(demo_dir), second, lang="de", classification="Intern")
    assert first.read_bytes() == second.read_bytes()


def test_pages_bookmarks_and_page_numbers(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "de.pdf"
    result = report(resolve(demo_dir), target, lang="de")
    reader = PdfReader(target)
    assert len(reader.pages) == result.pages
    assert 10 <= result.pages <= 40
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [str(item.title) for item in top]
    assert titles[:2] == ["Inhalt", "Zusammenfassung"]
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [t.split(":")[0] for t in titles[2:9]] == [f"Instrument {n}" for n in numerals]
    assert titles[-2:] == ["Änderungen seit der vorigen Runde", "Anhang"]
    assert len(titles) == 11
    children = [item for item in reader.outline if isinstance(item, list)]
    assert sum(len(c) for c in children) == 3 + 3 + 2  # summary, sections of III, annex
    # Each top-level bookmark leads to its own page, in order.
    targets = [int(reader.get_destination_page_number(item) or 0) for item in top]
    assert targets == sorted(targets)
    assert len(set(targets)) == len(targets)
    first = reader.pages[0].extract_text()
    last = reader.pages[-1].extract_text()
    assert f"Seite 1 von {result.pages}" in first
    assert f"Seite {result.pages} von {result.pages}" in last
    # The table of contents names the page of the annex.
    annex_page = targets[-1] + 1
    contents = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(rf"\n *Anhang[ .]+{annex_page}\n", contents)


def test_huge_comment_splits_across_pages(demo_copy: AppPaths, tmp_path: Path) -> None:
    huge = " ".join(f"Wort{i:04d}" for i in range(800)) + " ENDE-DES-KOMMENTARS"
    assert len(huge) > 5000

    def edit(session: object) -> None:
        session.execute(  # type: ignore[attr-defined]
            update(Measure).where(Measure.code == "IV.01").values(comment=huge, next_steps=huge)
        )

    change(demo_copy, edit)
    cabinet = report(demo_copy, tmp_path / "c.pdf", lang="pl")
    assert cabinet.pages >= 10
    lead = _lead_of(demo_copy, "IV.01")
    target = tmp_path / "d.pdf"
    result = report(demo_copy, target, kind=ReportKind.DEPARTMENT, lang="de", department=lead)
    reader = PdfReader(target)
    holding = [i for i, page in enumerate(reader.pages) if "Wort0" in (page.extract_text() or "")]
    assert len(holding) >= 2, "the long comment should run over more than one page"
    text = flat(pdftotext(target))
    assert text.count("ENDE-DES-KOMMENTARS") == 2  # comment and next steps, complete
    assert result.pages == len(reader.pages)
    sheet = tmp_path / "m.pdf"
    report(demo_copy, sheet, kind=ReportKind.MEASURE, lang="cs", measure="IV.01")
    assert "ENDE-DES-KOMMENTARS" in pdftotext(sheet)


def _lead_of(paths: AppPaths, code: str) -> str:
    with open_register(paths, readonly=True) as register, register.session() as session:
        measure = session.scalars(select(Measure).where(Measure.code == code)).one()
        lead = measure.lead_department
        assert lead is not None
        return lead.code


def test_fact_sheet_has_all_fields_and_history(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "m.pdf"
    result = report(resolve(demo_dir), target, kind=ReportKind.MEASURE, lang="pl", measure="I.03")
    text = flat(pdftotext(target))
    for label in ("Kod", "Resort wiodący", "Sygnalizacja", "Zastrzeżenie budżetowe", "Historia"):
        assert label in text
    events = _events(resolve(demo_dir), "I.03")
    assert events == 2  # from the catalogue, and the demo's status
    assert "Dziennik zmian odnotowuje 2 zmiany tego działania." in text
    assert "Demo (Demo)" in text  # the audit event's actor and source (in words)
    assert result.pages == 1


def _events(paths: AppPaths, code: str | None) -> int:
    statement = select(func.count(AuditEvent.id)).where(AuditEvent.entity == "measure")
    if code is not None:
        statement = statement.where(AuditEvent.entity_code == code)
    with open_register(paths, readonly=True) as register, register.session() as session:
        return session.scalar(statement) or 0


def test_unknown_codes_and_rounds_are_refused(demo_dir: Path, tmp_path: Path) -> None:
    paths = resolve(demo_dir)
    target = tmp_path / "x.pdf"
    with pytest.raises(NotFound):
        report(paths, target, kind=ReportKind.DEPARTMENT, department="NOPE")
    with pytest.raises(InvalidInput):
        report(paths, target, kind=ReportKind.DEPARTMENT)
    with pytest.raises(NotFound):
        report(paths, target, kind=ReportKind.MEASURE, measure="X.99")
    with pytest.raises(NotFound, match="evaluation round"):
        report(paths, target, round="2026-1")
    assert not target.exists()


def test_progress_and_cancel(demo_dir: Path, tmp_path: Path) -> None:
    seen: list[float] = []
    target = tmp_path / "p.pdf"
    with open_register(resolve(demo_dir), readonly=True) as register:
        write_report(
            register, ReportRequest(ReportKind.CABINET, "de"), target, progress=seen.append
        )
        assert seen == sorted(seen)
        assert seen[-1] == 1.0
        assert len(seen) > 3
        cancelled = tmp_path / "c.pdf"
        with pytest.raises(Cancelled):
            write_report(
                register,
                ReportRequest(ReportKind.CABINET, "de"),
                cancelled,
                cancelled=lambda: len(seen) > 0,
            )
    assert not cancelled.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_changes_since_a_date(demo_dir: Path, tmp_path: Path) -> None:
    import datetime as dt

    target = tmp_path / "s.pdf"
    report(resolve(demo_dir), target, lang="cs", since=dt.date(2020, 1, 1))
    text = flat(pdftotext(target))
    assert "Změny od 1. ledna 2020" in text
    events = _events(resolve(demo_dir), None)
    assert events == 132
    assert "Protokol změn zaznamenává v tomto období 132 změn opatření." in text


def test_cli_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "D"
    assert run_imag("demo", "--data-dir", folder).code == 0
    target = tmp_path / "f.pdf"
    result = run_imag("--data-dir", folder, "report", "cabinet", "--lang", "pl", "--out", target)
    assert result.code == 0, result.err
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Strona 1 z" in pdftotext(target)
    # The interface language stays German: --lang after "report" is the report's.
    assert "Bericht nach" in result.out
    refused = run_imag(
        "--lang", "pl", "--data-dir", folder, "report", "cabinet", "--round", "R1", "--out", target
    )
    assert refused.code != 0
    assert "Nie ma rundy ewaluacji „R1”" in refused.err
    unknown = run_imag(
        "--data-dir", folder, "report", "department", "--department", "XX", "--out", target
    )
    assert unknown.code == 1
    assert "Es gibt kein Ressort mit der Kennung XX." in unknown.err


def test_report_creates_a_register_when_there_is_none(cli, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    result = cli("--data-dir", data_dir, "report", "measure", "--measure", "I.01", "--out", target)
    assert result.code == 0, result.err
    assert (data_dir / "register.imag.sqlite").exists()
    bad = cli("--data-dir", data_dir, "report", "cabinet", "--date", "31.12.2026", "--out", target)
    assert bad.code == 2
    assert "--date erwartet ein Datum" in bad.err


def test_reportlab_is_not_imported_at_gui_start() -> None:
    code = (
        "import sys, app.ui.main, app.cli.main, app.reports;"
        "print(any(m.startswith(('reportlab', 'pikepdf')) for m in sys.modules))"
    )
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "False"
