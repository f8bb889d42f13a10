"""``imag measures export|import``: the measures of the register as a spreadsheet (XLSX or CSV)
or JSON, and a spreadsheet read back (every change shown, applied whole or not at all)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import (
    Context,
    Handlers,
    add_group,
    demo_note,
    export_sheet,
    import_sheet,
    readable,
)
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
    fmt = ctx.args.format
    if fmt == "json":  # without the spreadsheets' machinery
        return _json_to_screen(ctx) if ctx.args.out is None else _json_to_file(ctx)
    from app.spreadsheets.measures import export_measures, export_text

    return export_sheet(
        ctx,
        text=lambda session, tr: export_text(session, fmt=fmt, tr=tr),
        write=lambda session, path, tr: export_measures(session, path, fmt=fmt, tr=tr),
        exported=_EXPORTED,
    )


def _json_to_screen(ctx: Context) -> int:
    """The JSON export printed as it is read (constant memory for any number of measures)."""
    if _from_file(ctx):
        return _json_from_file(ctx)
    from app.spreadsheets import measure_json

    with readable(ctx) as register:
        demo_note(ctx, register.is_demo)
        with register.session() as session:
            measure_json.write(session, sys.stdout)
    return 0


def _json_to_file(ctx: Context) -> int:
    if _from_file(ctx):
        return _json_from_file(ctx)
    from app.spreadsheets import measure_json

    return export_sheet(
        ctx,
        text=lambda _session, _tr: ("", 0),  # never: the JSON is printed as it is read
        write=lambda session, path, _tr: measure_json.write_file(session, path),
        exported=_EXPORTED,
    )


def _from_file(ctx: Context) -> bool:
    """Whether the register is a file that is there (read with ``sqlite3`` alone: SQLAlchemy
    and the models are not loaded for the export)."""
    return ctx.paths.server_url is None and ctx.paths.register_file.exists()


def _json_from_file(ctx: Context) -> int:
    """The JSON export read from the register file with ``sqlite3`` alone, printed as it is
    read or written to ``--out``."""
    from app.spreadsheets import json_file
    from app.storage.reading import is_demo, open_for_reading

    with contextlib.closing(open_for_reading(ctx.paths)) as connection:
        demo_note(ctx, is_demo(connection))
        if ctx.args.out is None:
            json_file.write(connection, sys.stdout)
            return 0
        count = json_file.write_file(connection, Path(ctx.args.out))
    ctx.note(Message(*_EXPORTED, n=count, path=ctx.args.out))
    return 0


_EXPORTED = NP_("{n} measure exported to {path}.", "{n} measures exported to {path}.")


def measures_import(ctx: Context) -> int:
    from app.spreadsheets.measures import apply_import, plan_import

    return import_sheet(
        ctx,
        plan_import=plan_import,
        apply_import=apply_import,
        lines=lambda plan: _lines(ctx.tr, plan),
        totals=_totals,
        imported=lambda result: (
            Message(*NP_("{n} measure changed", "{n} measures changed"), n=result.changed),
            Message(*NP_("{n} measure created", "{n} measures created"), n=result.created),
        ),
    )


def _lines(tr: Translator, plan: ImportPlan) -> list[str]:
    """One line per change: measure, field, old → new."""
    created, new = set(plan.created), tr.gettext("(new)") + " "
    return [
        f"{change.code}\t{new if change.code in created else ''}"
        f"{tr.gettext(change.label)}: {change.old or '–'} → {change.new or '–'}"
        for change in plan.changes
    ]


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
