"""``imag departments export|import``: the list of departments (codes, names, kind, e-mail
addresses, language of reminders, retired) as a spreadsheet, and a spreadsheet read back (every
change shown, applied whole or not at all)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import (
    Context,
    Handlers,
    add_group,
    export_sheet,
    import_sheet,
)
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
    trust = sub.add_parser(
        "trust-key",
        parents=[data_dir],
        help=_("accept a department's key from the file it exported"),
        description=_(
            "Accept the key a department signs its returns with, from the file it wrote with "
            "“imag keys department-export”; confirm the fingerprint shown with the department "
            "by phone. Returns signed with another key are then refused."
        ),
    )
    trust.add_argument("file", metavar=_("FILE"), help=_("the department's key file"))
    trust.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a key registered before (a department's new computer)"),
    )


def departments_export(ctx: Context) -> int:
    from app.spreadsheets.departments import export_departments, export_text

    fmt = ctx.args.format
    return export_sheet(
        ctx,
        text=lambda session, tr: export_text(session, tr=tr),
        write=lambda session, path, tr: export_departments(session, path, fmt=fmt, tr=tr),
        exported=NP_("{n} department exported to {path}.", "{n} departments exported to {path}."),
    )


def departments_import(ctx: Context) -> int:
    from app.spreadsheets.departments import apply_import, plan_import

    return import_sheet(
        ctx,
        plan_import=plan_import,
        apply_import=apply_import,
        lines=lambda plan: _lines(ctx.tr, plan),
        totals=_totals,
        imported=lambda result: (
            Message(*NP_("{n} department changed", "{n} departments changed"), n=result.changed),
            Message(*NP_("{n} department created", "{n} departments created"), n=result.created),
        ),
    )


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


def departments_trust_key(ctx: Context) -> int:
    from pathlib import Path

    from app.cli.common import actor, writable
    from app.rounds import department_keys

    with writable(ctx) as register, register.session() as session:
        message = department_keys.trust_file(
            session, actor(ctx), Path(ctx.args.file), replace=ctx.args.replace
        )
    ctx.out(ctx.tr.render(message))
    return 0


HANDLERS: Handlers = {
    ("departments", "export"): departments_export,
    ("departments", "import"): departments_import,
    ("departments", "trust-key"): departments_trust_key,
}
