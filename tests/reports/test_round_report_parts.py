"""What the cabinet report on a round says besides its figures, read back from the real PDF:
the changes since the previous round summarised first (traffic lights turned red or amber,
completed, dropped, new) with the details after; measures without an answer and late returns
marked as such; the measures' next steps; the secretariat's introduction and assessment in the
report's language or in German marked as German (also for screen readers); a closed round's
texts frozen with it. Every such report passes the validators."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from app.errors import InvalidInput
from app.models import Status, TrafficLight
from app.operations import measures as measure_ops
from app.reports import ReportKind, ReportRequest, write_report
from app.rounds import corrections, editorial, secretariat
from app.storage.register import open_register
from tests.support.pdf_validation import failures
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) are not installed"
)
SECOND = "Frühjahr 2026"
FORBIDDEN = ("traffic_light", "{'", "None", "package:")


def text_of(path: Path, *, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    return out if layout else re.sub(r"\s+", " ", out)


def edit(cycle: Cycle, code: str, **changes: Any) -> None:
    with session_of(cycle.secretariat_dir) as session:
        data, _revision = measure_ops.measure_input(session, code)
        session.commit()
        measure_ops.update_measure(session, SECRETARIAT, code, replace(data, **changes))


def set_text(cycle: Cycle, part: str, lang: str, text: str, state: str | None = None) -> None:
    with session_of(cycle.secretariat_dir) as session:
        editorial.set_text(
            session, SECRETARIAT, cycle.name, part=part, lang=lang, text=text, state=state
        )


@pytest.fixture(scope="module")
def cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """Two closed measure rounds; between them I.01 completed and turned red, I.03 dropped,
    I.02 given next steps; in the second (deadline long past) SK answered one measure late;
    the second round's texts: the introduction in German and Polish (a proposal), the
    assessment in German and Czech."""
    root = tmp_path_factory.mktemp("round-parts")
    first = start_round(demo_dir, root, name="Herbst 2025", open_packages=False)
    with session_of(first.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, first.name)
    edit(first, "I.01", status=Status.COMPLETED, progress=100, traffic_light=TrafficLight.RED)
    edit(first, "I.03", status=Status.DROPPED, status_reason="Mittel gestrichen")
    edit(first, "I.02", next_steps="Abstimmung mit dem SMWK im März.\nDanach Ausschreibung.")
    second = start_round(demo_dir, root, name=SECOND, deadline=dt.date(2020, 1, 31))
    code = second.codes("SK")[0]
    second.import_(second.answer("SK", {code: {"progress": 61}}))
    set_text(second, "intro", "de", "Die Runde umfasst alle Instrumente.\n\nZweiter Absatz.")
    set_text(second, "intro", "pl", "Runda obejmuje wszystkie instrumenty.")
    set_text(second, "assessment", "de", "Die Umsetzung kommt insgesamt voran.")
    set_text(second, "assessment", "cs", "Provádění celkově pokračuje.", "reviewed")
    with session_of(second.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, second.name)
    return second


def write(cycle: Cycle, target: Path, lang: str) -> Path:
    with open_register(cycle.paths, readonly=True) as register:
        request = ReportRequest(kind=ReportKind.CABINET, lang=lang, round=SECOND)
        write_report(register, request, target)
    return target


@pytest.fixture(scope="module")
def reports(cycle: Cycle, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("round-parts-reports")
    return {lang: write(cycle, folder / f"{lang}.pdf", lang) for lang in ("de", "pl", "cs")}


def test_the_changes_are_summarised_before_the_details(reports: dict[str, Path]) -> None:
    text = text_of(reports["de"]).split("Änderungen seit der vorigen Runde")[-1]
    summary, details = text.split("Alle Änderungen im Einzelnen")
    assert "Die Änderungen im Überblick" in summary
    assert re.search(r"Ampel auf Rot gesprungen \(gefährdet\) 1 I\.01 ", summary)
    assert re.search(r"Abgeschlossen 1 I\.01 ", summary)
    assert re.search(r"Entfallen 1 I\.03 ", summary)
    assert re.search(r"Neu im Maßnahmenregister 0 –", summary)
    # I.02 (next steps) changed otherwise: counted, not listed
    assert "1 weitere Maßnahme hat sich anders geändert" in summary
    assert "I.02" not in summary
    assert "Nächste Schritte" in details
    assert "gefährdet" in details
    polish = text_of(reports["pl"]).split("Zmiany od poprzedniej rundy")[-1]
    assert re.search(r"Sygnalizacja zmieniona na czerwoną \(zagrożone\) 1 I\.01", polish)
    assert polish.index("Przegląd zmian") < polish.index("Wszystkie zmiany szczegółowo")


def test_unanswered_measures_and_late_returns_are_marked(reports: dict[str, Path]) -> None:
    text = text_of(reports["de"])
    completeness = text.split("Vollständigkeit der Rückmeldungen")[-1].split("Einschätzung")[0]
    assert re.search(r"SK Sächsische Staatskanzlei \d+ 1 teilweise zurückgemeldet, verspätet", text)
    assert "haben in dieser Runde keine Antwort" in completeness
    assert "Angefragt bei" in completeness
    # every unanswered measure in the tables by instrument says so under its title
    sections = text.split("Instrument I:")[-1].split("Änderungen seit der vorigen Runde")[0]
    assert sections.count("(keine Antwort in dieser Runde)") >= 40
    assert re.search(r"SK .* 1 [^,]+, z opóźnieniem \(", text_of(reports["pl"]))
    assert "(bez odpovědi v tomto kole)" in text_of(reports["cs"])


def test_next_steps_are_shown_with_their_line_breaks(reports: dict[str, Path]) -> None:
    layout = text_of(reports["de"], layout=True)
    section = layout.split("Instrument I:")[2].split("Instrument II:")[0]  # after the contents
    assert "Nächste Schritte" in section
    lines = [line for line in section.splitlines() if "I.02" in line or "Ausschreibung" in line]
    assert any("Abstimmung mit dem SMWK im März." in line for line in lines)
    assert any(line.strip().endswith("Danach Ausschreibung.") for line in lines)


def test_the_secretariats_texts_in_the_reports_language(reports: dict[str, Path]) -> None:
    german = text_of(reports["de"])
    body = german.split("Inhalt", 1)[1]
    assert body.index("Einleitung Die Runde umfasst alle Instrumente. Zweiter Absatz.") < (
        body.index("Zusammenfassung Das Register")
    )
    assert body.index("Vollständigkeit der Rückmeldungen") < body.index(
        "Einschätzung Die Umsetzung kommt insgesamt voran."
    )
    polish = text_of(reports["pl"])
    assert "Wprowadzenie Runda obejmuje wszystkie instrumenty.*" in polish  # a proposal
    assert "Ocena Die Umsetzung kommt insgesamt voran. (po niemiecku)" in polish
    czech = text_of(reports["cs"])
    assert "Úvod Die Runde umfasst alle Instrumente. (německy) Zweiter Absatz. (německy)" in czech
    assert "Hodnocení Provádění celkově pokračuje." in czech
    assert "Provádění celkově pokračuje.*" not in czech  # reviewed: no proposal mark
    # the German passages are marked as German for screen readers
    with pikepdf.open(reports["cs"]) as pdf:
        contents = b"".join(page.Contents.read_bytes() for page in pdf.pages[2:4])
    assert b"/Span <</Lang (de-DE)>> BDC" in contents


def test_nothing_of_the_programs_internals(reports: dict[str, Path]) -> None:
    for path in reports.values():
        text = text_of(path)
        assert [word for word in FORBIDDEN if word in text] == []


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_reports_pass_the_validators(reports: dict[str, Path], lang: str) -> None:
    assert failures(reports[lang]) == []


def test_a_closed_rounds_texts_are_frozen_with_it(
    cycle: Cycle, reports: dict[str, Path], tmp_path: Path
) -> None:
    copy = cycle.copy(tmp_path / "copy")
    with pytest.raises(InvalidInput, match="imag round reopen"):
        set_text(copy, "intro", "de", "Nachträglich geändert.")
    again = write(copy, tmp_path / "again.pdf", "de")
    assert again.read_bytes() == reports["de"].read_bytes()
    # reopened, changed and closed again: the new snapshot has the new text
    with session_of(copy.secretariat_dir) as session:
        corrections.reopen_round(session, SECRETARIAT, SECOND, "Einleitung ergänzen")
    set_text(copy, "intro", "de", "Nachträglich geändert.")
    with session_of(copy.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, SECOND)
    assert "Einleitung Nachträglich geändert." in text_of(write(copy, tmp_path / "new.pdf", "de"))


def test_a_long_list_in_the_summary_is_cut_short(
    cycle: Cycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.reports import changes_section

    monkeypatch.setattr(changes_section, "LISTED", 0)
    text = text_of(write(cycle, tmp_path / "short.pdf", "de"))
    summary = text.split("Die Änderungen im Überblick")[-1].split("Alle Änderungen")[0]
    assert "Abgeschlossen 1 … und 1 weitere (siehe die Einzelheiten)" in summary
    assert "I.01" not in summary


def test_the_department_report_marks_unanswered_and_late_and_prints_the_texts(
    cycle: Cycle, tmp_path: Path
) -> None:
    """SK's report on the round: its late, partial return; its measures without an answer
    marked in the table and in the details; the secretariat's introduction and assessment."""
    paths = {}
    for lang in ("de", "pl"):
        paths[lang] = tmp_path / f"sk-{lang}.pdf"
        with open_register(cycle.paths, readonly=True) as register:
            request = ReportRequest(
                kind=ReportKind.DEPARTMENT, lang=lang, round=SECOND, department="SK"
            )
            write_report(register, request, paths[lang])
    text = text_of(paths["de"])
    # after the contents (which list the sections): the introduction before the summary
    body = text.split("Einleitung Die Runde umfasst alle Instrumente.", 1)[1]
    assert "Zusammenfassung" in body
    assert re.search(
        r"Evaluierungsrunde „Frühjahr 2026“: Rückmeldung des Ressorts: teilweise "
        r"zurückgemeldet, verspätet \(\d",
        text,
    )
    assert "Angefragte Maßnahmen mit Antwort: 1 von" in text
    summary = body.split("Maßnahmen in Federführung des Ressorts")[0]
    assert "(keine Antwort in dieser Runde)" in summary  # in the table of its measures
    assert "haben in dieser Runde keine Antwort" in summary
    assert "Einschätzung Die Umsetzung kommt insgesamt voran." in summary
    details = body.split("Maßnahmen in Federführung des Ressorts")[1]
    assert "(keine Antwort in dieser Runde)" in details  # under the heading of such a measure
    polish = text_of(paths["pl"])
    assert "Wprowadzenie Runda obejmuje wszystkie instrumenty." in polish
    assert re.search(r"Sprawozdanie resortu: [^;]+, z opóźnieniem \(", polish)
    assert failures(paths["pl"]) == []
