"""``imag demo``: a separate register with invented values, to try the program with."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    demo = commands.add_parser(
        "demo",
        parents=[data_dir],
        help=_("create a demo register with invented values"),
        description=_(
            "Create a separate demo register, marked “Demo”, with invented but plausible "
            "departments, statuses and progress for every measure. Without --data-dir it is "
            "created next to the normal data folder. A real register is never touched."
        ),
    )
    demo.add_argument(
        "--reset",
        action="store_true",
        help=_("throw away an existing demo register and create it anew"),
    )


def demo(ctx: Context) -> int:
    from app.cli.db_server import measure_count
    from app.demo import create_demo
    from app.paths import demo_paths

    paths = ctx.paths if ctx.paths.explicit else demo_paths(ctx.paths)
    with create_demo(paths, reset=ctx.args.reset) as register, register.session() as session:
        count = measure_count(session)
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "Demo register with {n} measures in {path}. Open it with: "
                    'imag --data-dir "{folder}"'
                ),
                n=count,
                path=paths.register_file,
                folder=paths.data_dir,
            )
        )
    )
    return 0


HANDLERS: Handlers = {("demo", None): demo}
