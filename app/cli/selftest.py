"""``imag selftest``: check that this installation works, without touching the user's data."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers
from app.i18n import Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(
    commands: Subparsers,
    data_dir: argparse.ArgumentParser,  # noqa: ARG001 - works in a temporary folder, not in DIR
    tr: Translator,
) -> None:
    _ = tr.gettext
    commands.add_parser(
        "selftest",
        help=_("check that this installation works"),
        description=_(
            "Check that this installation works, without touching your data: in a temporary "
            "folder, create a register, write a measure and read it back, and write a one-page "
            "report in German, Polish and Czech. Exit code 0 only if every check passed."
        ),
    )


def selftest(ctx: Context) -> int:
    from app import selftest as checks

    return 0 if checks.run(ctx.tr, ctx.out) else 1


HANDLERS: Handlers = {("selftest", None): selftest}
