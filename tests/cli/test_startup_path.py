"""``imag`` without a command opens the window without building the command-line parser or
importing the command modules (issue 18: start-up); anything else still goes through the
parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import main as cli_main


def test_the_window_path_builds_no_parser(monkeypatch, data_dir) -> None:
    opened: list[str | None] = []

    def no_parser(_tr):
        raise AssertionError("the parser was built on the way to the window")

    import app.ui.main

    monkeypatch.setattr(cli_main, "build_parser", no_parser)

    def run_gui(_paths, lang=None) -> int:
        opened.append(lang)
        return 0

    monkeypatch.setattr(app.ui.main, "run_gui", run_gui)
    assert cli_main.main(["--data-dir", str(data_dir), "--lang", "pl"]) == 0
    assert cli_main.main(["--data-dir", str(data_dir)]) == 0
    assert opened[0] == "pl"


def test_anything_else_goes_through_the_parser(data_dir, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli_main.main(["--data-dir", str(data_dir), "--no-such-option"])
    assert stopped.value.code == 2
    assert "--no-such-option" in capsys.readouterr().err


def test_the_window_path_imports_no_command_module(data_dir) -> None:
    script = (
        "import sys, app.ui.main as ui\n"
        "ui.run_gui = lambda paths, lang=None: 0\n"
        "from app.cli.main import main\n"
        f"main(['--data-dir', {str(data_dir)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('app.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(eval(done.stdout.strip().splitlines()[-1]))
    assert not loaded & {"app.cli.measures", "app.cli.rounds", "app.cli.report", "app.cli.db"}


@pytest.mark.parametrize("argv", [["--help"], ["gui", "--help"]])
def test_help_still_works(argv, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli_main.main(argv)
    assert stopped.value.code == 0
    assert "imag" in capsys.readouterr().out


def test_the_json_export_of_a_register_file_loads_neither_sqlalchemy_nor_the_models(
    data_dir,
) -> None:
    """The export streams the file with ``sqlite3`` alone (issue 18: their import was a
    quarter of exporting 100,000 measures); the text is compared in tests/spreadsheets."""
    subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "measures", "export"],
        capture_output=True,
        check=True,
    )  # fmt: skip  (a register is made first: the usual way)
    script = (
        "import sys, io\n"
        "from app.cli.main import main\n"
        "sys.stdout = io.StringIO()\n"
        f"code = main(['--data-dir', {str(data_dir)!r}, 'measures', 'export'])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy'}),"
        " 'app.models' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0", "[]", "False"]
