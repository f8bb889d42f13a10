"""The secretariat's work on a real PostgreSQL server beyond the measure round: a partnership
round created, issued, assessed by three departments on their laptops (files), imported,
concluded and closed there, its reports byte for byte the same from the server and from a
copy; and the Excel list imported into the register on the server (dry run, apply, the same
file again, a refused file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.postgres import TemporaryCluster

ROUND = "Partnerschaften 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")


@pytest.fixture
def server(postgres: TemporaryCluster, demo_dir: Path, cli, tmp_path: Path) -> tuple[str, ...]:
    """The ``imag`` options for the secretariat's register: the demo copied onto a server."""
    url = postgres.new_database()
    copied = cli("--data-dir", demo_dir, "db", "copy", "--to", url)
    assert copied.code == 0, copied.err
    return ("--data-dir", str(tmp_path / "secretariat"), "--database", url)


def _json(cli, *args: object) -> Any:
    result = cli(*args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _assessed(cli, secretariat: tuple[str, ...], tmp_path: Path) -> Path:
    """The round issued from the server; each department scores every partnership it was
    asked about (SK 4, SMWK 2, SMWA 1) and exports its return into the inbox."""
    created = cli(
        *secretariat, "round", "create", ROUND, "--kind", "partnerships",
        "--deadline", "2099-06-30", "--departments", ",".join(DEPARTMENTS),
    )  # fmt: skip
    assert created.code == 0, created.err
    outbox, inbox = tmp_path / "outbox", tmp_path / "inbox"
    inbox.mkdir()
    issued = cli(*secretariat, "round", "issue", ROUND, "--out", outbox)
    assert issued.code == 0, issued.err
    criteria = [entry["code"] for entry in _json(cli, *secretariat, "criteria", "list",
                                                  "--format", "json")]  # fmt: skip
    for score, code in zip((4, 2, 1), DEPARTMENTS, strict=True):
        laptop = tmp_path / f"laptop-{code}"
        package = outbox / f"Partnerschaften-2026_{code}.imag-round"
        opened = cli("--data-dir", laptop, "package", "open", package)
        assert opened.code == 0, opened.err
        status = _json(cli, "--data-dir", laptop, "return", "status", "--format", "json")
        for item in status["items"]:
            for criterion in criteria:
                scored = cli("--data-dir", laptop, "return", "score", item["code"], criterion,
                             str(score))  # fmt: skip
                assert scored.code == 0, scored.err
            said = cli("--data-dir", laptop, "return", "recommend", item["code"], "continue")
            assert said.code == 0, said.err
        exported = cli("--data-dir", laptop, "return", "export", "--out", inbox / f"{code}.r")
        assert exported.code == 0, exported.err
    return inbox


def test_a_partnership_round_on_the_server_and_its_copy(server, cli, tmp_path: Path) -> None:
    inbox = _assessed(cli, server, tmp_path)
    imported = cli(*server, "round", "import", *sorted(inbox.iterdir()))
    assert imported.code == 0, imported.err
    status = _json(cli, *server, "round", "status", ROUND, "--format", "json")
    assert {d["code"]: d["state"] for d in status["departments"]} == dict.fromkeys(
        DEPARTMENTS, "complete"
    )
    results = _json(cli, *server, "partnerships", "results", ROUND, "--format", "json")
    silesia = next(p for p in results["partnerships"] if p["code"] == "RP-PL-DS")
    goals = next(c for c in silesia["criteria"] if c["code"] == "GOALS")
    assert goals["scores"] == {"SK": 4, "SMWK": 2, "SMWA": 1}
    concluded = cli(*server, "partnerships", "conclude", ROUND, "RP-PL-DS", "sectoral",
                    "--text", "Sektoral fortführen")  # fmt: skip
    assert concluded.code == 0, concluded.err
    closed = cli(*server, "round", "close", ROUND)
    assert closed.code == 0, closed.err
    again = cli(*server, "round", "import", *sorted(inbox.iterdir()))
    assert again.code == 0, again.err  # already imported, identically: nothing to do

    offline = tmp_path / "offline.imag.sqlite"
    copied = cli(*server, "db", "copy", "--to", offline)
    assert copied.code == 0, copied.err
    from_file = ("--data-dir", str(tmp_path / "offline"), "--database", str(offline))
    listing = _json(cli, *from_file, "partnerships", "list", "--format", "json")
    entry = next(e for e in listing if e["code"] == "RP-PL-DS")
    assert entry["evaluations"][0]["conclusion"]["recommendation"] == "sectoral"
    for lang in ("de", "pl", "cs"):
        pdfs = tmp_path / f"server-{lang}.pdf", tmp_path / f"file-{lang}.pdf"
        report = ("report", "partnerships", "--round", ROUND, "--lang", lang, "--out")
        assert cli(*server, *report, pdfs[0]).code == 0
        assert cli(*from_file, *report, pdfs[1]).code == 0
        assert pdfs[0].read_bytes() == pdfs[1].read_bytes()


def test_the_excel_list_imported_into_the_register_on_the_server(
    server, cli, tmp_path: Path
) -> None:
    listed = tmp_path / "liste.xlsx"
    exported = cli(*server, "--lang", "de", "measures", "export", "--format", "xlsx",
                   "--out", listed)  # fmt: skip
    assert exported.code == 0, exported.err
    book = openpyxl.load_workbook(listed)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lead = header.index("Federführendes Ressort") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, lead).value = DEPARTMENTS[row % 3]
    book.save(listed)

    dry = cli(*server, "measures", "import", listed, "--dry-run")
    assert dry.code == 0, dry.err
    before = _json(cli, *server, "measures", "export", "--format", "json")
    applied = cli(*server, "measures", "import", listed)
    assert applied.code == 0, applied.err
    after = _json(cli, *server, "measures", "export", "--format", "json")
    assert after != before
    assert {m["code"]: m["lead_department"] for m in after} == {
        m["code"]: DEPARTMENTS[(index + 2) % 3] for index, m in enumerate(before)
    }
    same = cli(*server, "measures", "import", listed)
    assert same.code == 0, same.err
    assert "Nichts zu ändern" in same.out

    sheet.cell(17, lead).value = "SMXY"
    wrong = tmp_path / "falsch.xlsx"
    book.save(wrong)
    refused = cli(*server, "measures", "import", wrong)
    assert refused.code != 0
    assert "Zeile 17" in refused.err
    assert _json(cli, *server, "measures", "export", "--format", "json") == after
