"""``imag measures export|import``: the measures of the register as a spreadsheet (XLSX or CSV)
or JSON, and a spreadsheet read back (every change shown, applied whole or not at all)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import (
    Context,
    Handlers,
    actor,
    add_group,
    demo_note,
    readable,
    writable,
    write_output,
)
from app.errors import InvalidInput
from app.i18n import LANGUAGES, N_, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers
    from app.spreadsheets.measures import ImportPlan


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "measures",
        data_dir,
        tr,
        help=_("export and import measures"),
        description=_(
            "Export the measures of the register as a spreadsheet (XLSX or CSV) or JSON, and "
            "import a spreadsheet of measures."
        ),
    )
    export = sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("export all measures as XLSX, CSV or JSON"),
        description=_(
            "Export all measures: XLSX (a sheet of measures with every field, sheets of "
            "indicators and milestones, drop-down lists), CSV as German Excel opens it (one row "
            "per measure, cells separated by semicolons) or JSON (a list of objects). Without "
            "--out, CSV and JSON are written to standard output."
        ),
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "xlsx"),
        default="json",
        help=_("output format (default: json)"),
    )
    export.add_argument(
        "--lang",
        dest="sheet_lang",
        choices=LANGUAGES,
        help=_("language of the spreadsheet's headers and values (default: the program's)"),
    )
    export.add_argument("--out", metavar=_("FILE"), help=_("write to FILE instead of the screen"))
    import_ = sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("import a spreadsheet of measures (XLSX or CSV)"),
        description=_(
            "Import a spreadsheet of measures as exported (headers and values in German, Polish, "
            "Czech or English): measures are matched by code, new codes create measures, "
            "measures not in the file stay as they are. Every change is listed; the file is "
            "applied whole or not at all, and a file with problems is refused with all of them."
        ),
    )
    import_.add_argument("file", metavar=_("FILE"), help=_("the XLSX or CSV file"))
    import_.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only list what would change; change nothing"),
    )


def measures_export(ctx: Context) -> int:
    from pathlib import Path

    from app.i18n import translator
    from app.spreadsheets.measures import export_measures, export_text

    tr = translator(ctx.args.sheet_lang or ctx.tr.lang)
    fmt, out = ctx.args.format, ctx.args.out
    if fmt == "xlsx" and out is None:
        raise InvalidInput(Message(N_("An XLSX export needs --out FILE.")))
    with readable(ctx) as register:
        demo_note(ctx, register)
        with register.session() as session:
            if out is None:
                text, count = export_text(session, fmt=fmt, tr=tr)
            else:
                count = export_measures(session, Path(out), fmt=fmt, tr=tr)
    if out is None:
        write_output(ctx, text, None)
        return 0
    ctx.note(
        Message(
            *NP_("{n} measure exported to {path}.", "{n} measures exported to {path}."),
            n=count,
            path=out,
        )
    )
    return 0


def measures_import(ctx: Context) -> int:
    from pathlib import Path

    from app.spreadsheets.measures import apply_import, plan_import
    from app.spreadsheets.workbook import SpreadsheetRefused

    path = Path(ctx.args.file)
    opened = readable(ctx) if ctx.args.dry_run else writable(ctx)
    with opened as register:
        demo_note(ctx, register)
        with register.session() as session:
            try:
                plan = plan_import(session, path)
            except SpreadsheetRefused as refused:
                ctx.note(refused.render_all(ctx.tr))
                return refused.exit_code
            _show(ctx, plan)
            if ctx.args.dry_run or plan.empty:
                ctx.out(ctx.tr.render(_totals(plan)))
                return 0
            result = apply_import(session, actor(ctx), plan)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Imported {source}: {changed}, {created}."),
                source=path.name,
                changed=Message(
                    *NP_("{n} measure changed", "{n} measures changed"), n=result.changed
                ),
                created=Message(
                    *NP_("{n} measure created", "{n} measures created"), n=result.created
                ),
            )
        )
    )
    return 0


def _show(ctx: Context, plan: ImportPlan) -> None:
    """One line per change: measure, field, old → new."""
    tr = ctx.tr
    created = set(plan.created)
    for change in plan.changes:
        marker = tr.gettext("(new)") + " " if change.code in created else ""
        ctx.out(
            f"{change.code}\t{marker}{tr.gettext(change.label)}: "
            f"{change.old or '–'} → {change.new or '–'}"
        )


def _totals(plan: ImportPlan) -> Message:
    changed = len({change.code for change in plan.changes} - set(plan.created))
    if plan.empty:
        return Message(N_("Nothing to change: the register already holds what the file says."))
    return Message(
        N_("Dry run, nothing was changed: {changed}, {created}, {fields}."),
        changed=Message(*NP_("{n} measure would change", "{n} measures would change"), n=changed),
        created=Message(
            *NP_("{n} measure would be created", "{n} measures would be created"),
            n=len(plan.created),
        ),
        fields=Message(*NP_("{n} field", "{n} fields"), n=len(plan.changes)),
    )


HANDLERS: Handlers = {
    ("measures", "export"): measures_export,
    ("measures", "import"): measures_import,
}
