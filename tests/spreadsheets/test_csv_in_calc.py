"""The CSV export as a German office suite opens it: LibreOffice Calc, headless, with German
settings (semicolon, UTF-8, locale de-DE), converts the demo register's CSV to XLSX, which is
read back: the same rows and columns, every text cell as exported (umlauts and Polish and Czech
letters intact), dates read as dates and amounts with a decimal comma read as numbers.

CI installs LibreOffice (``.ci/run``); elsewhere the test is skipped when ``soffice`` is
missing, and under ``CI=true`` it fails instead."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

CALC_GERMAN_CSV = "CSV:59,34,76,1,,1031"
"""Calc's CSV filter options: separator ``;`` (59), text in ``"`` (34), UTF-8 (76), from line
1, default column types, language German (1031) for dates and numbers."""


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def test_the_csv_opens_in_calc_with_german_settings_as_columns(
    demo_dir: Path, tmp_path: Path, cli
) -> None:
    soffice = _soffice()
    exported = tmp_path / "Maßnahmen.csv"
    result = cli("--data-dir", demo_dir, "--lang", "de", "measures", "export",
                 "--format", "csv", "--out", exported)  # fmt: skip
    assert result.code == 0, result.err
    converted = tmp_path / "converted"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         f"--infilter={CALC_GERMAN_CSV}", "--convert-to", "xlsx", "--outdir", str(converted),
         str(exported)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(converted / "Maßnahmen.xlsx").active
    assert sheet is not None
    read = [list(row) for row in sheet.iter_rows(values_only=True)]
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))

    assert len(read) == len(written) == 67  # the header and 66 measures
    assert {len(row) for row in read} == {len(written[0])}  # columns, not one cell per line
    header = written[0]
    assert read[0] == header
    kinds: dict[str, int] = {"text": 0, "date": 0, "number": 0}
    for got, sent in zip(read[1:], written[1:], strict=True):
        for name, value, text in zip(header, got, sent, strict=True):
            if isinstance(value, dt.datetime):
                assert value.date().isoformat() == text, name
                kinds["date"] += 1
            elif isinstance(value, int | float) and "," in text:
                assert Decimal(text.replace(",", ".")) == Decimal(str(value)), name
                kinds["number"] += 1
            else:
                assert ("" if value is None else str(value)) == text, name
                kinds["text"] += 1
    assert kinds["date"] > 0
    assert kinds["number"] > 0
    titles = {str(row[header.index("Titel (polnisch)")] or "") for row in read[1:]}
    assert any(char in title for title in titles for char in "ąęłńśźż")
