"""``imag departments export|import``: the list of departments (codes, names, kind, e-mail
addresses, language of reminders, retired) as a spreadsheet, and a spreadsheet read back (every
change shown, applied whole or not at all)."""

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
    from app.spreadsheets.departments import DepartmentPlan


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "departments",
        data_dir,
        tr,
        help=_("export and import the list of departments"),
        description=_(
            "Export the departments (code, names, kind, e-mail address, language of reminders, "
            "retired) as a spreadsheet (XLSX or CSV), and import such a spreadsheet."
        ),
    )
    export = sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("export the departments as XLSX or CSV"),
        description=_(
            "Export the departments: XLSX (one sheet with drop-down lists) or CSV as German "
            "Excel opens it (cells separated by semicolons). Without --out, the CSV is written "
            "to standard output."
        ),
    )
    export.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help=_("file format (default: xlsx)")
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
        help=_("import a spreadsheet of departments (XLSX or CSV)"),
        description=_(
            "Import a spreadsheet of departments as exported (headers and values in German, "
            "Polish, Czech or English): departments are matched by code, new codes create "
            "departments, departments not in the file stay as they are. Every change is "
            "listed; the file is applied whole or not at all, and a file with problems is "
            "refused with all of them."
        ),
    )
    import_.add_argument("file", metavar=_("FILE"), help=_("the XLSX or CSV file"))
    import_.add_argument(
        "--dry-run", action="store_true", help=_("only list what would change; change nothing")
    )


def departments_export(ctx: Context) -> int:
    from pathlib import Path

    from app.i18n import translator
    from app.spreadsheets.departments import export_departments, export_text

    tr = translator(ctx.args.sheet_lang or ctx.tr.lang)
    fmt, out = ctx.args.format, ctx.args.out
    if fmt == "xlsx" and out is None:
        raise InvalidInput(Message(N_("An XLSX export needs --out FILE.")))
    with readable(ctx) as register:
        demo_note(ctx, register)
        with register.session() as session:
            if out is None:
                text, count = export_text(session, tr=tr)
            else:
                count = export_departments(session, Path(out), fmt=fmt, tr=tr)
    if out is None:
        write_output(ctx, text, None)
        return 0
    ctx.note(
        Message(
            *NP_("{n} department exported to {path}.", "{n} departments exported to {path}."),
            n=count,
            path=out,
        )
    )
    return 0


def departments_import(ctx: Context) -> int:
    from pathlib import Path

    from app.spreadsheets.departments import apply_import, plan_import
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
            for line in _lines(ctx.tr, plan):
                ctx.out(line)
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
                    *NP_("{n} department changed", "{n} departments changed"), n=result.changed
                ),
                created=Message(
                    *NP_("{n} department created", "{n} departments created"), n=result.created
                ),
            )
        )
    )
    return 0


def _lines(tr: Translator, plan: DepartmentPlan) -> list[str]:
    """One line per change: department, field, old → new (new departments marked)."""
    created = set(plan.created)
    new = tr.gettext("(new)")
    return [
        f"{change.code}\t{new + ' ' if change.code in created else ''}"
        f"{tr.gettext(change.label)}: {change.old or '–'} → {change.new or '–'}"
        for change in plan.changes
    ]


def _totals(plan: DepartmentPlan) -> Message:
    if plan.empty:
        return Message(N_("Nothing to change: the register already holds what the file says."))
    return Message(
        N_("Dry run, nothing was changed: {changed}, {created}, {fields}."),
        changed=Message(
            *NP_("{n} department would change", "{n} departments would change"),
            n=len(plan.changed),
        ),
        created=Message(
            *NP_("{n} department would be created", "{n} departments would be created"),
            n=len(plan.created),
        ),
        fields=Message(*NP_("{n} field", "{n} fields"), n=len(plan.changes)),
    )


HANDLERS: Handlers = {
    ("departments", "export"): departments_export,
    ("departments", "import"): departments_import,
}
