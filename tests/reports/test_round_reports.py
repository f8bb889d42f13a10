"""Reports for evaluation rounds, read back from the real PDF files: a closed round's report is
built from its snapshot and comes out byte for byte the same after later edits; an open round's
report shows the live register with that round's completeness; the cabinet report compares
with the previous closed round."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.errors import NotFound
from app.models import Status, TrafficLight
from app.operations import departments as department_ops
from app.operations import measures as measure_ops
from app.reports import ReportKind, ReportRequest, write_report
from app.rounds import secretariat
from app.storage.register import open_register
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) are not installed"
)


def text_of(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", out)


def write(cycle: Cycle, target: Path, **options: object) -> bytes:
    options.setdefault("kind", ReportKind.CABINET)
    options.setdefault("lang", "de")
    with open_register(cycle.paths, readonly=True) as register:
        write_report(register, ReportRequest(**options), target)  # type: ignore[arg-type]
    return target.read_bytes()


def edit_measure(cycle: Cycle, code: str, **changes: Any) -> None:
    with session_of(cycle.secretariat_dir) as session:
        data, _revision = measure_ops.measure_input(session, code)
        session.commit()
        measure_ops.update_measure(session, SECRETARIAT, code, replace(data, **changes))


def close(cycle: Cycle) -> None:
    with session_of(cycle.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, cycle.name)


def test_a_closed_rounds_report_does_not_change_after_edits(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path)
    first = cycle.codes("SMWK")[0]
    cycle.import_(cycle.answer("SMWK", {first: {"progress": 42, "comment": "Rückmeldung"}}))
    close(cycle)
    with session_of(cycle.secretariat_dir) as session:
        closed_at = secretariat.find_round(session, cycle.name).closed_at
    assert closed_at is not None
    before = write(cycle, tmp_path / "before.pdf", round=cycle.name)
    live_before = write(cycle, tmp_path / "live-before.pdf")

    # later edits to the register: measures and departments
    edit_measure(
        cycle, first, progress=90, status=Status.COMPLETED, traffic_light=TrafficLight.GREEN
    )
    edit_measure(cycle, "I.01", title_de="Ein später geänderter Titel")
    with session_of(cycle.secretariat_dir) as session:
        department_ops.rename_department(
            session, SECRETARIAT, "SMWK", name_de="Umbenanntes Ministerium"
        )
        department_ops.add_department(session, SECRETARIAT, "NEU", name_de="Neues Ressort")

    after = write(cycle, tmp_path / "after.pdf", round=cycle.name)
    assert after == before
    live_after = write(cycle, tmp_path / "live-after.pdf")
    assert live_after != live_before
    assert "Ein später geänderter Titel" in text_of(tmp_path / "live-after.pdf")

    text = text_of(tmp_path / "after.pdf")
    assert "Ein später geänderter Titel" not in text
    assert "Umbenanntes Ministerium" not in text
    assert f"Evaluierungsrunde: {cycle.name}" in text
    day = dt.date.fromisoformat(closed_at[:10])
    assert f"Berichtsstand: {day.day}. " in text
    assert f"Sachstandsbericht an das Kabinett – {cycle.name}" in text  # the page header
    # the round's completeness, from the snapshot
    assert "Ressorts mit Rückmeldung: 1 von 3" in text
    assert "Angefragte Maßnahmen mit Antwort: 1 von" in text


def test_the_same_request_gives_the_same_bytes_for_a_department_report(
    demo_dir: Path, tmp_path: Path
) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    close(cycle)
    options = {"kind": ReportKind.DEPARTMENT, "department": "SMWK", "round": cycle.name}
    before = write(cycle, tmp_path / "a.pdf", lang="cs", **options)
    edit_measure(cycle, "I.01", progress=3, comment="jiný")
    with session_of(cycle.secretariat_dir) as session:
        department_ops.rename_department(session, SECRETARIAT, "SMWK", name_de="Anders")
    assert write(cycle, tmp_path / "b.pdf", lang="cs", **options) == before
    assert f"Kolo hodnocení: {cycle.name}" in text_of(tmp_path / "b.pdf")


def test_an_open_round_reports_the_live_register_with_its_completeness(
    demo_dir: Path, tmp_path: Path
) -> None:
    cycle = start_round(demo_dir, tmp_path, deadline=dt.date(2020, 1, 31))
    code = cycle.codes("SK")[0]
    cycle.import_(cycle.answer("SK", {code: {"progress": 61}}))
    edit_measure(cycle, "I.01", title_pl="Tytuł zmieniony na żywo")
    target = tmp_path / "open.pdf"
    write(cycle, target, round=cycle.name, lang="pl")
    text = text_of(target)
    assert "Tytuł zmieniony na żywo" in text  # the live register
    assert f"Runda ewaluacji: {cycle.name}" in text
    assert "Resorty, które przesłały sprawozdanie: 1 z 3" in text
    # the departments that did not answer by the (past) deadline are overdue
    assert text.count("po terminie") == 2
    # without --round: the latest round's completeness as well
    write(cycle, tmp_path / "latest.pdf", lang="pl")
    assert "Resorty, które przesłały sprawozdanie: 1 z 3" in text_of(tmp_path / "latest.pdf")


def test_changes_against_the_previous_closed_round(demo_dir: Path, tmp_path: Path) -> None:
    first = start_round(demo_dir, tmp_path, name="Herbst 2025", open_packages=False)
    close(first)
    edit_measure(
        first,
        "I.01",
        status=Status.COMPLETED,
        progress=100,
        traffic_light=TrafficLight.RED,  # the demo has it green
    )
    second = start_round(demo_dir, tmp_path, name="Frühjahr 2026", open_packages=False)
    close(second)
    edit_measure(second, "I.02", progress=77)

    # the first round has nothing before it
    write(first, tmp_path / "first.pdf", round=first.name, lang="de")
    text = text_of(tmp_path / "first.pdf")
    assert "Es gibt keine frühere abgeschlossene Evaluierungsrunde zum Vergleich" in text

    # the second round: its snapshot against the first's, not the later edit of I.02
    write(second, tmp_path / "second.pdf", round=second.name, lang="pl")
    text = text_of(tmp_path / "second.pdf")
    assert "W porównaniu z rundą ewaluacji „Herbst 2025”" in text
    assert "3 zmiany" in text
    assert "planowane zakończone" in text  # status before → after, translated
    assert "I.02" not in text.split("Zmiany od poprzedniej rundy")[-1].split("Załącznik")[0]

    # the live register against the latest closed round: only the later edit
    write(second, tmp_path / "live.pdf", lang="cs")
    text = text_of(tmp_path / "live.pdf")
    section = text.split("Změny od předchozího kola")[-1]
    assert "Ve srovnání s kolem hodnocení „Frühjahr 2026“" in section
    assert "1 změna" in section
    assert "I.02" in section
    assert "77 %" in section
    assert "I.01" not in section.split("Příloha")[0]


def test_since_still_lists_the_audit_trail(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    close(cycle)
    write(cycle, tmp_path / "s.pdf", round=cycle.name, since=dt.date(2020, 1, 1), lang="cs")
    text = text_of(tmp_path / "s.pdf")
    assert "Změny od 1. ledna 2020" in text
    assert "Protokol změn zaznamenává v tomto období 132 změn opatření." in text


def test_an_unknown_round_is_refused_with_the_rounds_there_are(
    demo_dir: Path, tmp_path: Path
) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    with pytest.raises(NotFound) as refused:
        write(cycle, tmp_path / "x.pdf", round="Winter")
    assert "“Winter”" in str(refused.value)
    assert cycle.name in str(refused.value)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_reports_a_closed_round(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    close(cycle)
    target = tmp_path / "cli.pdf"
    result = cli(
        "--data-dir", cycle.secretariat_dir, "report", "cabinet", "--round", cycle.name,
        "--lang", "pl", "--out", target,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert f"Runda ewaluacji: {cycle.name}" in text_of(target)
