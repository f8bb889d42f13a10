"""``imag report``: a PDF report in German, Polish or Czech."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, date_option, demo_note, readable
from app.i18n import LANGUAGES, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    report = commands.add_parser(
        "report",
        parents=[data_dir],
        help=_("write a PDF report in German, Polish or Czech"),
        description=_(
            "Write a PDF/A report: the cabinet status report, a department's report, one "
            "measure's fact sheet or the evaluation of the partnerships in a partnership round, "
            "in the language chosen with --lang (independent of the language of the program)."
        ),
    )
    report.add_argument(
        "kind",
        choices=("cabinet", "department", "measure", "partnerships"),
        help=_("which report: cabinet, department, measure or partnerships"),
    )
    report.add_argument(
        "--lang",
        dest="report_lang",
        choices=LANGUAGES,
        default="de",
        help=_("language of the report (default: de)"),
    )
    report.add_argument("--out", metavar=_("FILE"), required=True, help=_("write the PDF to FILE"))
    report.add_argument(
        "--department", metavar=_("CODE"), help=_("the department of a department report")
    )
    report.add_argument("--measure", metavar=_("CODE"), help=_("the measure of a fact sheet"))
    report.add_argument(
        "--round",
        metavar=_("NAME"),
        help=_(
            "report on the evaluation round NAME (partnerships: the partnership round NAME; "
            "default: the latest)"
        ),
    )
    report.add_argument(
        "--date",
        metavar=_("YYYY-MM-DD"),
        help=_("reporting date on the cover (default: the day of the register's last change)"),
    )
    report.add_argument(
        "--since",
        metavar=_("YYYY-MM-DD"),
        help=_("list the changes recorded in the audit trail since this day"),
    )
    report.add_argument("--draft", action="store_true", help=_("mark every page as a draft"))
    report.add_argument(
        "--classification",
        metavar=_("TEXT"),
        help=_("a classification line for the header and footer of every page"),
    )
    report.add_argument(
        "--file-reference",
        metavar=_("TEXT"),
        help=_("the file reference printed on the cover"),
    )


def report(ctx: Context) -> int:
    from app.reports import ReportKind, ReportRequest, write_report

    args = ctx.args
    request = ReportRequest(
        kind=ReportKind(args.kind),
        lang=args.report_lang,
        department=args.department,
        measure=args.measure,
        round=args.round,
        draft=args.draft,
        classification=args.classification,
        file_reference=args.file_reference,
        reporting_date=date_option(args.date, "--date"),
        since=date_option(args.since, "--since"),
    )
    with readable(ctx) as register:
        demo_note(ctx, register.is_demo)
        result = write_report(register, request, Path(args.out))
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Report written to {path} ({n} page).",
                    "Report written to {path} ({n} pages).",
                ),
                n=result.pages,
                path=result.path,
            )
        )
    )
    return 0


HANDLERS: Handlers = {("report", None): report}
