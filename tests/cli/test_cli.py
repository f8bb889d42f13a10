"""The command line as a user meets it: help, version, exports, checks, backups, demo."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from app import __version__
from app.paths import REGISTER_FILE_NAME
from tests.support import shell
from tests.support.project import run_imag

COMMANDS = [
    [],
    ["gui"],
    ["measures"],
    ["measures", "export"],
    ["db"],
    ["db", "check"],
    ["db", "create"],
    ["db", "backup"],
    ["db", "restore"],
    ["demo"],
]


def test_version(cli) -> None:
    with pytest.raises(SystemExit) as stop:
        cli("--version")
    assert stop.value.code == 0


def test_version_from_a_separate_process() -> None:
    result = run_imag("--version")
    assert result.code == 0
    assert result.out.strip() == f"imag {__version__}"


def test_a_reader_that_goes_away_is_no_error(data_dir: Path) -> None:
    """``imag … | head``: the pipe closes before the output is written."""
    import os
    import subprocess
    import sys

    from tests.support.project import ROOT

    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "measures", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    with process.stderr:
        err = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 0, err
    assert err == ""
    log = data_dir / "logs" / "imag.log"
    assert not log.exists() or "internal error" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "imag")
@pytest.mark.parametrize(
    ("lang", "heading"), [("de", "Optionen"), ("pl", "opcje"), ("cs", "volby")]
)
def test_every_command_has_translated_help(
    command: list[str], lang: str, heading: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    with pytest.raises(SystemExit) as stop:
        main(["--lang", lang, *command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert heading in out
    assert "show this help" not in out


def test_python_dash_m_app_is_the_same_command(data_dir: Path) -> None:
    result = run_imag("--data-dir", data_dir, "measures", "export", "--format", "csv")
    assert result.code == 0, result.err
    assert len(list(csv.reader(io.StringIO(result.out)))) == 67


def test_usage_error_is_translated_without_traceback(cli, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        cli("--lang", "pl", "measures", "export", "--format", "xml")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "nieprawidłowy wybór" in err
    assert "Traceback" not in err


def test_json_export_lists_every_measure(data_dir: Path, cli) -> None:
    result = cli("--data-dir", data_dir, "measures", "export", "--format", "json")
    assert result.code == 0, result.err
    measures = json.loads(result.out)
    assert len(measures) == 66
    per_instrument: dict[str, int] = {}
    for measure in measures:
        per_instrument[measure["instrument"]] = per_instrument.get(measure["instrument"], 0) + 1
        for key in (
            "code",
            "instrument",
            "section",
            "title_de",
            "title_pl",
            "title_cs",
            "lead_department",
            "status",
            "goals",
        ):
            assert key in measure
        assert measure["status"] == "planned"
        assert measure["lead_department"] is None  # the strategy assigns none
        assert isinstance(measure["goals"], list)
    assert per_instrument == {"I": 12, "II": 9, "III": 15, "IV": 11, "V": 11, "VI": 3, "VII": 5}
    first = measures[0]
    assert first["code"] == "I.01"
    assert first["title_de"] == (
        "Umsetzung von bilateralen und multilateralen Projekten und Programmen der "
        "Europäischen Territorialen Zusammenarbeit"
    )
    fachkraefte = [m for m in measures if m["section"] == "Fachkräfte"]
    assert [m["code"] for m in fachkraefte][:2] == ["III.C.01", "III.C.02"]


def test_csv_export_to_file_round_trips(data_dir: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "measures.csv"
    result = cli(
        "--data-dir",
        data_dir,
        "--lang",
        "de",
        "measures",
        "export",
        "--format",
        "csv",
        "--out",
        out,
    )
    assert result.code == 0
    assert "66 Maßnahmen" in result.err
    # as German Excel opens it (issue 13): ';' between cells, German headers
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 66
    assert rows[-1]["Kennung"] == "VII.05"
    assert rows[-1]["Titel (deutsch)"] == "Leipziger Rechtsstaatskonferenz"


def test_export_to_unwritable_place_is_a_clear_error(data_dir: Path, cli) -> None:
    result = cli(
        "--data-dir",
        data_dir,
        "--lang",
        "de",
        "measures",
        "export",
        "--out",
        data_dir / "missing-folder" / "x.json",
    )
    assert result.code == 6
    assert "kann nicht geschrieben werden" in result.err


def test_db_check_on_a_sound_register(fresh_register: Path, cli) -> None:
    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "check")
    assert result.code == 0, result.err
    assert "in Ordnung" in result.out
    assert "66 Maßnahmen" in result.out


def test_db_check_without_register(data_dir: Path, cli) -> None:
    result = cli("--data-dir", data_dir, "--lang", "de", "db", "check")
    assert result.code == 1
    assert "kein Register" in result.err
    assert list(data_dir.iterdir()) == []


def test_db_check_reports_broken_references(fresh_register: Path, cli) -> None:
    connection = shell.connect(fresh_register / REGISTER_FILE_NAME)
    connection.execute("INSERT INTO measure_goal (measure_id, goal_id) VALUES (1, 999)")
    connection.commit()
    connection.close()
    result = cli("--data-dir", fresh_register, "--lang", "cs", "db", "check")
    assert result.code == 17  # a value the program cannot use, by table/row/field
    assert "1 hodnotu, kterou program nemůže použít" in result.err
    assert "measure_goal/" in result.err
    assert "/goal_id (goal)" in result.err


def test_backup_and_restore(fresh_register: Path, tmp_path: Path, cli) -> None:
    backup = tmp_path / "copy.imag.sqlite"
    result = cli("--data-dir", fresh_register, "db", "backup", "--out", backup)
    assert result.code == 0, result.err
    # change the register, then restore the copy
    register = fresh_register / REGISTER_FILE_NAME
    connection = shell.connect(register)
    connection.execute("UPDATE measure SET progress = 42 WHERE code = 'I.01'")
    connection.commit()
    connection.close()
    result = cli("--data-dir", fresh_register, "db", "restore", backup)
    assert result.code == 0, result.err
    connection = shell.connect(register)
    assert connection.execute("SELECT progress FROM measure WHERE code = 'I.01'").fetchone() == (
        None,
    )
    restored = connection.execute(
        "SELECT action, new_value FROM audit_event WHERE action = 'restore'"
    ).fetchall()
    connection.close()
    assert restored == [("restore", json.dumps(str(backup)))]
    # the state before the restore was kept in the backups folder
    saved = list((fresh_register / "backups").glob("register-*-before-restore.imag.sqlite"))
    assert len(saved) == 1
    connection = shell.connect(saved[0])
    assert connection.execute("SELECT progress FROM measure WHERE code = 'I.01'").fetchone() == (
        42,
    )
    connection.close()


def test_default_backup_goes_to_the_backups_folder(fresh_register: Path, cli) -> None:
    result = cli("--data-dir", fresh_register, "db", "backup")
    assert result.code == 0
    backups = list((fresh_register / "backups").iterdir())
    assert len(backups) == 1
    assert str(backups[0]) in result.out


@pytest.mark.parametrize(
    "content", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 200]
)
def test_restore_refuses_a_bad_backup(
    fresh_register: Path, tmp_path: Path, content: bytes, cli
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    before = (fresh_register / REGISTER_FILE_NAME).read_bytes()
    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "restore", bad)
    assert result.code == 3
    assert "beschädigt" in result.err
    assert (fresh_register / REGISTER_FILE_NAME).read_bytes() == before
    assert not (fresh_register / "backups").exists() or not list(
        (fresh_register / "backups").iterdir()
    )


def test_restore_missing_file(fresh_register: Path, cli) -> None:
    result = cli(
        "--data-dir", fresh_register, "--lang", "pl", "db", "restore", "/nonexistent.sqlite"
    )
    assert result.code == 1
    assert "nie istnieje" in result.err


def test_demo_register_is_separate_and_marked(tmp_path: Path, cli) -> None:
    demo_dir = tmp_path / "demo"
    result = cli("demo", "--data-dir", demo_dir)
    assert result.code == 0, result.err
    result = cli("--data-dir", demo_dir, "measures", "export")
    assert "DEMO" in result.err
    measures = json.loads(result.out)
    assert len(measures) == 66
    assert all(m["lead_department"] for m in measures)
    assert len({m["status"] for m in measures}) >= 4
    assert any(m["progress"] for m in measures)
    assert all(m["goals"] for m in measures)
    check = cli("--data-dir", demo_dir, "--lang", "de", "db", "check")
    assert "Art: demo" in check.out


def test_demo_is_deterministic_and_reset_recreates(tmp_path: Path, cli) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    cli("demo", "--data-dir", first)
    cli("demo", "--data-dir", second)
    strip = lambda out: [{k: v for k, v in m.items() if k != "updated_at"} for m in json.loads(out)]  # noqa: E731
    a = strip(cli("--data-dir", first, "measures", "export").out)
    b = strip(cli("--data-dir", second, "measures", "export").out)
    assert a == b
    assert cli("demo", "--data-dir", first, "--reset").code == 0


def test_demo_never_touches_a_real_register(fresh_register: Path, cli) -> None:
    before = (fresh_register / REGISTER_FILE_NAME).read_bytes()
    result = cli("--lang", "de", "demo", "--data-dir", fresh_register)
    assert result.code == 2
    assert "echtes Register" in result.err
    result = cli("--lang", "de", "demo", "--data-dir", fresh_register, "--reset")
    assert result.code == 2
    assert (fresh_register / REGISTER_FILE_NAME).read_bytes() == before


def test_demo_without_data_dir_goes_beside_the_normal_folder(cli, tmp_path: Path) -> None:
    result = cli("demo")
    assert result.code == 0, result.err
    assert "IMAG-Register-Demo" in result.out


def test_window_without_display_is_a_clear_message(data_dir: Path) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "", "IMAG_LANG": "cs"}
    result = run_imag("--data-dir", data_dir, env=env)
    assert result.code == 1
    assert "grafický displej" in result.err
    assert "Traceback" not in result.err


def test_bulk_records_equal_the_per_measure_records(tmp_path: Path) -> None:
    """The fast export query gives exactly what the ORM objects give (on demo data)."""
    from app.demo import create_demo
    from app.operations.queries import load_measures, measure_record, measure_records
    from app.paths import resolve

    with create_demo(resolve(tmp_path / "demo")) as register, register.session() as session:
        slow = [measure_record(m) for m in load_measures(session)]
        fast = measure_records(session)
    assert fast == slow
    assert any(r["participating_departments"] for r in fast)
    assert any(r["partners"] for r in fast)


def test_a_commands_own_lang_does_not_change_the_programs_language(
    fresh_register: Path, cli, tmp_path: Path
) -> None:
    """``--lang`` after the command is the command's own (the file's language here); the
    program speaks the language given before the command."""
    target = tmp_path / "lista.csv"
    result = cli(
        "--data-dir", fresh_register, "--lang", "de",
        "measures", "export", "--format", "csv", "--lang", "pl", "--out", target,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "exportiert" in result.out + result.err  # the program's message: German
    assert target.read_text(encoding="utf-8-sig").startswith("Kod;")  # the file: Polish


def test_the_help_names_every_exit_code(cli, capsys: pytest.CaptureFixture[str]) -> None:
    """The exit codes in ``--help`` and in the README are the ones the program uses."""
    from app.errors import ExitCode
    from tests.support.project import ROOT

    codes = {v for k, v in vars(ExitCode).items() if k.isupper()}
    with pytest.raises(SystemExit) as exited:
        cli("--lang", "de", "--help")
    assert exited.value.code == 0
    listed = " ".join(capsys.readouterr().out.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for code in sorted(codes):
        assert re.search(rf"\b{code} [^\W\d_]", listed), code
        assert re.search(rf"\b{code} [a-z(`]", readme[readme.index("Exit codes: 0") :]), code
    assert "10 Paket abgelehnt" in listed
    assert "17 Werte im Register" in listed


def test_an_unknown_language_is_a_usage_error(cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("--lang", "xx", "--version")
    assert exited.value.code == 2
    assert "'xx'" in capsys.readouterr().err
