"""``imag return sheet export|import``: a department's answers to a measure round as a
spreadsheet (XLSX) to fill in Excel, and read back into the workspace (every change shown,
saved whole or not at all). Part of the ``return`` group (:mod:`app.cli.department`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, readable, round_option, writable
from app.i18n import LANGUAGES, N_, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parser(answer_sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    """``return sheet export`` and ``return sheet import``."""
    _ = tr.gettext
    sheet = answer_sub.add_parser(
        "sheet",
        parents=[data_dir],
        help=_("the answers as a spreadsheet (XLSX), to fill in Excel"),
        description=_(
            "Export the answers of a measure round as a spreadsheet (XLSX) to fill in a "
            "spreadsheet program, and import the filled-in file back."
        ),
    )
    sheet_sub = sheet.add_subparsers(
        dest="sheet_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    export = sheet_sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("write the answers as XLSX"),
        description=_(
            "Write the round's answers as XLSX: a sheet of answers (status, reason, traffic "
            "light, progress, comment, next steps; drop-down lists for the status and the "
            "traffic light) and a sheet with one row per indicator (actual value and date). "
            "Measures not answered yet show the values the package carried."
        ),
    )
    round_option(export, tr)
    export.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file to write"))
    export.add_argument(
        "--lang",
        dest="sheet_lang",
        choices=LANGUAGES,
        help=_("language of the spreadsheet's headers and values (default: the program's)"),
    )
    import_ = sheet_sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("read the filled-in answers back"),
        description=_(
            "Read a spreadsheet of answers as exported (headers and values in German, Polish, "
            "Czech or English): every change is listed, each answer is checked as "
            "“imag return set” checks it, and the file is saved whole or not at all; a file "
            "with problems is refused with all of them. Measures not in the file stay as they "
            "are."
        ),
    )
    round_option(import_, tr)
    import_.add_argument("file", metavar=_("FILE"), help=_("the XLSX file"))
    import_.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only list what would change; change nothing"),
    )


def return_sheet(ctx: Context) -> int:
    if ctx.args.sheet_command == "export":
        return _export(ctx)
    return _import(ctx)


def _export(ctx: Context) -> int:
    from pathlib import Path

    from app.i18n import translator
    from app.rounds import workspace
    from app.spreadsheets.answers import export_answers

    tr = translator(ctx.args.sheet_lang or ctx.tr.lang)
    with readable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        count = export_answers(session, ws_round, Path(ctx.args.out), tr=tr)
    ctx.note(
        Message(
            *NP_(
                "The answers for {n} measure written to {path}.",
                "The answers for {n} measures written to {path}.",
            ),
            n=count,
            path=ctx.args.out,
        )
    )
    return 0


def _import(ctx: Context) -> int:
    from pathlib import Path

    from app.fileio import refuse_unless_file
    from app.rounds import workspace
    from app.spreadsheets.answers import apply_answers, plan_answers
    from app.spreadsheets.workbook import SpreadsheetRefused

    path = Path(ctx.args.file)
    refuse_unless_file(path)  # before the workspace is opened
    opened = readable(ctx) if ctx.args.dry_run else writable(ctx)
    with opened as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        try:
            plan = plan_answers(session, ws_round, path, tr=ctx.tr)
        except SpreadsheetRefused as refused:
            ctx.note(refused.render_all(ctx.tr))
            return refused.exit_code
        for change in plan.changes:
            ctx.out(f"{change.code}\t{change.label}: {change.old or '–'} → {change.new or '–'}")
        n = len(plan.answers)
        if plan.empty:
            ctx.out(ctx.tr.render(Message(N_("{source}: nothing to change."), source=path.name)))
            return 0
        if ctx.args.dry_run:
            ctx.out(
                ctx.tr.render(
                    Message(
                        *NP_(
                            "{source}: {n} answer would change (nothing saved).",
                            "{source}: {n} answers would change (nothing saved).",
                        ),
                        source=path.name,
                        n=n,
                    )
                )
            )
            return 0
        apply_answers(session, ws_round, plan)
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Imported {source}: {n} answer saved.", "Imported {source}: {n} answers saved."
                ),
                source=path.name,
                n=n,
            )
        )
    )
    return 0
