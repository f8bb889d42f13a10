"""``imag return sheet export|import`` (issue 13, item 5) on a department's laptop: the answers
out as XLSX in the chosen language, filled in (openpyxl, as Excel would), listed with
``--dry-run`` without saving, saved, and the same file again changes nothing; a bad file is
refused with every problem (sheet, row, column) and the workspace stays as it was."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.support.partnership_kit import partnership_round
from tests.support.rounds_kit import start_round, table_dump

ROUND = "Frühjahr 2026"


@pytest.fixture
def laptop(demo_dir: Path, tmp_path: Path) -> Path:
    """SMI's laptop with its package of a round on the demo register opened (I.03, I.09,
    III.B.03 and IV.07, the last with an indicator)."""
    cycle = start_round(demo_dir, tmp_path / "cycle", departments=("SMI",))
    return cycle.laptops["SMI"]


def test_export_fill_dry_run_import_and_again(laptop: Path, tmp_path: Path, cli) -> None:
    on = ("--data-dir", laptop, "--lang", "de")
    target = tmp_path / "antworten.xlsx"
    result = cli(*on, "return", "sheet", "export", "--out", target, "--lang", "pl")
    assert result.code == 0, result.err
    assert "4 Maßnahmen" in result.err  # the program speaks German; the file is Polish
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == ["Odpowiedzi", "Wskaźniki"]
    answers, indicators = book.worksheets[0], book.worksheets[1]
    rows = {row[0].value: row[0].row for row in answers.iter_rows(min_row=2)}
    answers[f"F{rows['I.03']}"] = 77
    answers[f"C{rows['I.09']}"] = "zaniechane"  # Polish "dropped", read by a German user
    answers[f"D{rows['I.09']}"] = "zastąpione przez I.10"
    indicators["G2"] = "12,5"
    indicators["H2"] = "31.05.2026"
    filled = tmp_path / "wypelnione.xlsx"
    book.save(filled)

    before = table_dump(laptop)
    dry = cli(*on, "return", "sheet", "import", filled, "--dry-run")
    assert dry.code == 0, dry.err
    assert table_dump(laptop) == before
    lines = dry.out.splitlines()
    assert lines[0].startswith("I.03\tFortschritt (%): ")
    assert lines[0].endswith("→ 77")
    assert any(line.startswith("I.09\tStatus: ") and "entfallen" in line for line in lines)
    assert any(
        line.startswith("IV.07\tIstwert: ") and "12,5 (31.05.2026)" in line for line in lines
    )
    assert lines[-1] == "wypelnione.xlsx: 3 Antworten würden sich ändern (nichts gespeichert)."

    done = cli(*on, "return", "sheet", "import", filled)
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == "wypelnione.xlsx importiert: 3 Antworten gespeichert."
    status = cli(*on, "return", "status")
    assert "I.03: beantwortet" in status.out
    assert "III.B.03: fehlt" in status.out  # not touched by the file: still to answer
    again = cli(*on, "return", "sheet", "import", filled)
    assert again.out.strip() == "wypelnione.xlsx: nichts zu ändern."

    # the answers go out with the return as typed ones would
    assert cli(*on, "return", "export", "--out", tmp_path / "r.imag-return").code == 0


def test_a_bad_file_is_refused_with_every_problem(laptop: Path, tmp_path: Path, cli) -> None:
    on = ("--data-dir", laptop, "--lang", "de")
    target = tmp_path / "a.xlsx"
    assert cli(*on, "return", "sheet", "export", "--out", target).code == 0
    book = openpyxl.load_workbook(target)
    answers = book.worksheets[0]
    answers["F2"] = "viel"
    answers["C3"] = "entfallen"
    answers["A4"] = "I.01"  # not SMI's
    book.save(target)
    before = table_dump(laptop)
    result = cli(*on, "return", "sheet", "import", target)
    assert result.code == 1
    assert table_dump(laptop) == before
    assert result.err.splitlines() == [
        "Die Datei a.xlsx wurde abgelehnt (3 Probleme); nichts wurde geändert.",
        "  Tabellenblatt „Antworten“, Zeile 2, Spalte „Fortschritt (%) (F)“: „viel“ ist keine "
        "Zahl.",
        "  Tabellenblatt „Antworten“, Zeile 4, Spalte „Kennung (A)“: Die Maßnahme I.01 gehört "
        f"nicht zur Runde „{ROUND}“ für SMI.",
        "  Tabellenblatt „Antworten“, Zeile 3: Eine entfallene Maßnahme braucht eine Begründung.",
    ]


def test_a_partnership_round_politely_has_no_sheet(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = partnership_round(demo_dir / "register.imag.sqlite", tmp_path / "p")
    laptop = next(iter(cycle.laptops.values()))
    on = ("--data-dir", laptop, "--lang", "pl")
    result = cli(*on, "return", "sheet", "export", "--out", tmp_path / "x.xlsx")
    assert result.code == 2  # refused input
    assert "rundą ewaluacji partnerstw" in result.err
    assert "imag return score" in result.err
    assert not (tmp_path / "x.xlsx").exists()
