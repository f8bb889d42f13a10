"""A round's status as a spreadsheet (``imag round status NAME --format xlsx --out FILE``): the
completeness per department and every measure asked with the department's answer, read back
with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.operations import departments
from tests.support.rounds_kit import SECRETARIAT, Cycle, file_digest, session_of, start_round


@pytest.fixture(scope="module")
def answered(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A round to SK, SMWK and SMWA; SK answered its first measure, the others nothing."""
    cycle = start_round(demo_dir, tmp_path_factory.mktemp("status"), departments=("SK", "SMWK"))
    first = cycle.codes("SK")[0]
    returned = cycle.answer(
        "SK",
        {
            first: {
                "status": "in_progress",
                "traffic_light": "amber",
                "progress": 40,
                "comment": "Gespräche mit Ústí laufen",
                "next_steps": "Vereinbarung 2027",
            }
        },
    )
    assert cycle.import_(returned).state == "imported"
    with session_of(cycle.secretariat_dir) as session:
        departments.edit_department(session, SECRETARIAT, "SK", {"email": "sk@sachsen.de"})
    return cycle


def test_the_status_workbook(answered: Cycle, tmp_path: Path, cli) -> None:
    target = tmp_path / "status.xlsx"
    before = file_digest(answered.secretariat_dir)
    result = cli(
        "--data-dir", answered.secretariat_dir, "--lang", "de", "round", "status",
        answered.name, "--format", "xlsx", "--out", target,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert file_digest(answered.secretariat_dir) == before
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == ["Vollständigkeit je Ressort", "Antworten je Maßnahme"]
    completeness = list(book.worksheets[0].iter_rows(values_only=True))
    assert completeness[0][:3] == ("Ressort", "Name", "Zustand")
    by_code = {row[0]: row for row in completeness[1:]}
    assert set(by_code) == {"SK", "SMWK"}
    assert by_code["SK"][4] == 1  # returned
    assert by_code["SK"][11] == "sk@sachsen.de"
    assert by_code["SMWK"][4] == 0
    answers = list(book.worksheets[1].iter_rows(values_only=True))
    header = answers[0]
    assert header == (
        "Ressort", "Maßnahme", "Titel", "Beantwortet", "Status", "Ampel", "Fortschritt (%)",
        "Bemerkung", "Nächste Schritte",
    )  # fmt: skip
    rows = [dict(zip(header, row, strict=False)) for row in answers[1:]]
    sk = [row for row in rows if row["Ressort"] == "SK"]
    assert len(sk) == len(answered.codes("SK"))
    first = sk[0]
    assert first["Maßnahme"] == answered.codes("SK")[0]
    assert first["Beantwortet"] == "ja"
    assert first["Status"] == "in Umsetzung"
    assert first["Ampel"] == "verzögert"
    assert first["Fortschritt (%)"] == 40
    assert first["Bemerkung"] == "Gespräche mit Ústí laufen"
    assert first["Nächste Schritte"] == "Vereinbarung 2027"
    assert first["Titel"]
    assert all(row["Beantwortet"] == "nein" for row in sk[1:])
    assert {row["Ressort"] for row in rows} == {"SK", "SMWK"}
    assert book.properties.title is not None
    assert answered.name in book.properties.title


def test_the_workbook_needs_a_file(answered: Cycle, cli) -> None:
    result = cli(
        "--data-dir", answered.secretariat_dir, "round", "status", answered.name,
        "--format", "xlsx",
    )  # fmt: skip
    assert result.code == 2
    assert "--out" in result.err
