"""``imag round …``: evaluation rounds on the secretariat's side (create, issue packages,
import returns, completeness, reminders, conflicts, close)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import round_corrections, round_progress, round_texts
from app.cli.common import (
    Context,
    Handlers,
    actor,
    add_group,
    date_option,
    format_option,
    round_name_argument,
    split_codes,
    writable,
)
from app.errors import InvalidInput
from app.i18n import LANGUAGES, N_, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "round",
        data_dir,
        tr,
        help=_("evaluation rounds: create, issue packages, import returns, close"),
        description=_(
            "Evaluation rounds on the secretariat's side: create a round, issue one package "
            "per department, import the returns, see who is missing, resolve conflicts, close "
            "the round."
        ),
    )
    _add_create_parser(sub, data_dir, tr)
    listing = sub.add_parser(
        "list", parents=[data_dir], help=_("list the rounds"), description=_("List the rounds.")
    )
    format_option(listing, tr)

    issue = sub.add_parser(
        "issue",
        parents=[data_dir],
        help=_("write one round package per department"),
        description=_(
            "Write one round package per department of the round into DIR and open the round. "
            "Issuing again gives a department a new package; returns to the earlier one are "
            "still accepted."
        ),
    )
    round_name_argument(issue, tr, "name")
    issue.add_argument("--out", metavar=_("DIR"), required=True, help=_("the folder to write to"))
    issue.add_argument(
        "--departments", nargs="+", metavar=_("CODE"), help=_("only these departments")
    )

    imports = sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("import return packages (files or folders)"),
        description=_(
            "Import return packages: each file given, and every *.imag-return file in each "
            "folder given. Each return is applied whole or not at all."
        ),
    )
    imports.add_argument(
        "files", nargs="+", metavar=_("FILE_OR_DIR"), help=_("return packages or folders")
    )

    _add_progress_parsers(sub, data_dir, tr)
    resolve = sub.add_parser(
        "resolve",
        parents=[data_dir],
        help=_("resolve a conflict"),
        description=_(
            "Resolve one conflict: keep the register's value or take the returned value."
        ),
    )
    resolve.add_argument("conflict", type=int, metavar=_("NUMBER"), help=_("the conflict's number"))
    resolve.add_argument(
        "--take",
        choices=("register", "returned"),
        required=True,
        help=_("which value wins: register or returned"),
    )

    close = sub.add_parser(
        "close",
        parents=[data_dir],
        help=_("close a round and freeze its snapshot"),
        description=_(
            "Close a round: no more returns are accepted, and the register as it is now is "
            "frozen with the round, so that its reports can be rebuilt unchanged at any time."
        ),
    )
    round_name_argument(close, tr, "name")
    round_corrections.add_parsers(sub, data_dir, tr)
    round_texts.add_parsers(sub, data_dir, tr)


def _add_create_parser(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    create = sub.add_parser(
        "create",
        parents=[data_dir],
        help=_("create a round (as a draft)"),
        description=_(
            "Create an evaluation round. Without --departments, every department that leads a "
            "measure in the round's scope takes part."
        ),
    )
    round_name_argument(create, tr, "name")
    create.add_argument(
        "--deadline", metavar=_("YYYY-MM-DD"), required=True, help=_("when the returns are due")
    )
    create.add_argument(
        "--period-start", metavar=_("YYYY-MM-DD"), help=_("first day of the reporting period")
    )
    create.add_argument(
        "--period-end", metavar=_("YYYY-MM-DD"), help=_("last day of the reporting period")
    )
    create.add_argument(
        "--departments",
        nargs="+",
        metavar=_("CODE"),
        help=_("the departments asked (codes, separated by spaces or commas)"),
    )
    create.add_argument(
        "--instruments",
        nargs="+",
        metavar=_("NUMERAL"),
        help=_("only the measures of these instruments (e.g. I III)"),
    )
    create.add_argument("--note", metavar=_("TEXT"), help=_("a note sent with the packages"))
    create.add_argument(
        "--kind",
        choices=("measures", "partnerships"),
        default="measures",
        help=_("what the round asks for: measures (default) or partnerships"),
    )
    create.add_argument(
        "--criteria-set",
        metavar=_("CODE"),
        help=_("partnership rounds: the criteria set (default: the only or the default set)"),
    )
    create.add_argument(
        "--partnerships",
        nargs="+",
        metavar=_("CODE"),
        help=_(
            "partnership rounds: the partnerships assessed (default: the active and dormant "
            "regional partnerships)"
        ),
    )


def _add_progress_parsers(
    sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
) -> None:
    """``round status``, ``round reminder`` and ``round conflicts``."""
    _ = tr.gettext
    status = sub.add_parser(
        "status",
        parents=[data_dir],
        help=_("completeness of a round per department"),
        description=_(
            "Show per department what was expected, what came back, what is late or missing, "
            "and the open conflicts."
        ),
    )
    round_name_argument(status, tr, "name")
    status.add_argument(
        "--format",
        choices=("text", "json", "xlsx"),
        default="text",
        help=_("output format (default: text); xlsx: a workbook for the follow-up, with --out"),
    )
    status.add_argument("--out", metavar=_("FILE"), help=_("with --format xlsx: the file to write"))
    status.add_argument(
        "--lang",
        dest="sheet_lang",
        choices=LANGUAGES,
        help=_("language of the spreadsheet's headers and values (default: the program's)"),
    )

    _add_reminder_parser(sub, data_dir, tr)

    conflicts = sub.add_parser(
        "conflicts",
        parents=[data_dir],
        help=_("list a round's open conflicts"),
        description=_(
            "List the open conflicts of a round: the register's value, the value in the "
            "package issued and the returned value, side by side."
        ),
    )
    round_name_argument(conflicts, tr, "name")
    format_option(conflicts, tr)


def _add_reminder_parser(
    sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
) -> None:
    """``round reminder``: one department's, or (``--all``) every department's that needs one."""
    _ = tr.gettext
    remind = sub.add_parser(
        "reminder",
        parents=[data_dir],
        help=_("a reminder for a department whose return is missing"),
        description=_(
            "Print a reminder for a department whose return is missing, overdue or incomplete, "
            "naming the deadline and the measures still without an answer; with --eml, write "
            "it as an unsent e-mail draft to open in the mail program. With --all, write one "
            "such draft for every department that needs one, addressed to its e-mail address, "
            "in its language, with its round package attached. Nothing is sent."
        ),
    )
    round_name_argument(remind, tr, "name")
    remind.add_argument(
        "department", nargs="?", metavar=_("DEPARTMENT"), help=_("the department's code")
    )
    remind.add_argument(
        "--all",
        action="store_true",
        help=_("a draft for every department whose return is missing, overdue or incomplete"),
    )
    remind.add_argument(
        "--lang",
        dest="text_lang",
        choices=LANGUAGES,
        help=_("language of the reminder (default: the department's)"),
    )
    remind.add_argument(
        "--eml", metavar=_("FILE"), help=_("write an e-mail draft (.eml) to FILE instead")
    )
    remind.add_argument(
        "--out", metavar=_("DIR"), help=_("with --all: the folder for the drafts (default: .)")
    )
    remind.add_argument(
        "--packages",
        metavar=_("DIR"),
        help=_(
            "with --all: the folder holding the round packages (default: the folder they "
            "were issued to)"
        ),
    )
    remind.add_argument(
        "--sender", default="", metavar=_("TEXT"), help=_("a name to sign the reminder with")
    )


def round_create(ctx: Context) -> int:
    from app.models import RoundKind
    from app.rounds import secretariat
    from app.rounds.kinds import PARTNERSHIPS, kind_of

    args = ctx.args
    if kind_of(args.kind) is not PARTNERSHIPS and (args.criteria_set or args.partnerships):
        raise InvalidInput(
            Message(N_("--criteria-set and --partnerships are for --kind partnerships."))
        )
    deadline = date_option(args.deadline, "--deadline")
    assert deadline is not None
    data = secretariat.RoundInput(
        name=args.name,
        deadline=deadline,
        period_start=date_option(args.period_start, "--period-start"),
        period_end=date_option(args.period_end, "--period-end"),
        departments=split_codes(args.departments),
        instruments=split_codes(args.instruments),
        note=args.note,
        kind=RoundKind(args.kind),
        criteria_set=args.criteria_set,
        partnerships=split_codes(args.partnerships),
    )
    with writable(ctx) as register, register.session() as session:
        created = secretariat.create_round(session, actor(ctx), data)
        departments = [
            line if isinstance(line, str) else ctx.tr.render(line)
            for line in kind_of(created).department_summary(session, created)
        ]
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Round “{name}” created (draft) with {n} department: {codes}.",
                    "Round “{name}” created (draft) with {n} departments: {codes}.",
                ),
                name=created.name,
                n=len(departments),
                codes=", ".join(departments),
            )
        )
    )
    return 0


def round_issue(ctx: Context) -> int:
    from app.rounds import secretariat
    from app.rounds.kinds import kind_of

    args = ctx.args
    with writable(ctx) as register, register.session() as session:
        issued = secretariat.issue(
            session,
            actor(ctx),
            args.name,
            Path(args.out),
            departments=split_codes(args.departments),
        )
        kind = kind_of(secretariat.find_round(session, args.name))
    for item in issued:
        ctx.out(
            ctx.tr.render(
                Message(*kind.issued_line, department=item.department, path=item.path, n=item.items)
            )
        )
        if not item.items and kind.empty_package_note is not None:
            ctx.note(Message(kind.empty_package_note, department=item.department))
    return 0


def round_import(ctx: Context) -> int:
    from app.rounds import secretariat

    files = round_corrections.returns_given(ctx.args.files)
    with writable(ctx) as register, register.session() as session:
        outcomes = secretariat.import_returns(session, actor(ctx), files)
    for outcome in outcomes:
        text = ctx.tr.render(outcome.message)
        if outcome.state == "imported":
            ctx.out(text)
        else:
            ctx.note(text)
    return round_corrections.import_exit_code(outcomes)


def round_resolve(ctx: Context) -> int:
    from app.rounds import secretariat

    with writable(ctx) as register, register.session() as session:
        secretariat.resolve_conflict(session, actor(ctx), ctx.args.conflict, ctx.args.take)
    ctx.out(ctx.tr.render(Message(N_("Conflict {number} resolved."), number=ctx.args.conflict)))
    return 0


def round_close(ctx: Context) -> int:
    from app.rounds import secretariat

    with writable(ctx) as register, register.session() as session:
        closed = secretariat.close_round(session, actor(ctx), ctx.args.name)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Round “{name}” closed; its snapshot is frozen for the reports."),
                name=closed.name,
            )
        )
    )
    return 0


HANDLERS: Handlers = {
    ("round", "create"): round_create,
    ("round", "list"): round_progress.round_list,
    ("round", "issue"): round_issue,
    ("round", "import"): round_import,
    ("round", "status"): round_progress.round_status,
    ("round", "reminder"): round_progress.round_reminder,
    ("round", "conflicts"): round_progress.round_conflicts,
    ("round", "resolve"): round_resolve,
    ("round", "close"): round_close,
    **round_corrections.HANDLERS,
    **round_texts.HANDLERS,
}
