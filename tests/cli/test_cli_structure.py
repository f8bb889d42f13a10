"""The command line's structure: every command the parser offers has a handler, and building
the parser (which ``imag`` also does when it only opens the window) stays cheap."""

from __future__ import annotations

import argparse
import subprocess
import sys

from app.cli.main import build_parser, command_groups
from app.i18n import translator
from tests.support.project import ROOT


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_has_a_handler_and_every_handler_a_command() -> None:
    offered: set[tuple[str, str | None]] = set()
    for command, parser in _commands(build_parser(translator("en"))).items():
        if command == "gui":
            continue
        subcommands = _commands(parser)
        offered |= {(command, sub) for sub in subcommands} if subcommands else {(command, None)}
    handled = {key for group in command_groups() for key in group.HANDLERS}
    assert offered == handled


def test_no_command_is_handled_twice() -> None:
    keys = [key for group in command_groups() for key in group.HANDLERS]
    assert len(keys) == len(set(keys))


def test_building_the_parser_imports_no_database_or_report_library() -> None:
    code = (
        "import sys; from app.cli.main import build_parser; from app.i18n import translator;"
        "build_parser(translator('de'));"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'alembic', 'reportlab', 'pikepdf', 'cryptography', 'PySide6'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"
