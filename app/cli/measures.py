"""``imag measures export``: all measures of the register as JSON or CSV."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, add_group, demo_note, readable, write_output
from app.i18n import NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "measures",
        data_dir,
        tr,
        help=_("list and export measures"),
        description=_("List and export the measures of the register."),
    )
    export = sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("export all measures as JSON or CSV"),
        description=_(
            "Export all measures as JSON (a list of objects) or CSV (one row per measure). "
            "Without --out the export is written to standard output."
        ),
    )
    export.add_argument(
        "--format", choices=("json", "csv"), default="json", help=_("output format (default: json)")
    )
    export.add_argument("--out", metavar=_("FILE"), help=_("write to FILE instead of the screen"))


def measures_export(ctx: Context) -> int:
    from app.operations import export
    from app.operations.queries import measure_records

    with readable(ctx) as register:
        demo_note(ctx, register)
        with register.session() as session:
            records = measure_records(session)
    if ctx.args.format == "csv":
        write_output(ctx, export.to_csv(records), ctx.args.out, bom=ctx.args.out is not None)
    else:
        write_output(ctx, export.to_json(records), ctx.args.out)
    if ctx.args.out:
        ctx.note(
            Message(
                *NP_("{n} measure exported to {path}.", "{n} measures exported to {path}."),
                n=len(records),
                path=ctx.args.out,
            )
        )
    return 0


HANDLERS: Handlers = {("measures", "export"): measures_export}
