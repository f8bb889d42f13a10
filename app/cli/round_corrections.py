"""``imag round withdraw-return|amend|reopen``: setting a round right on the secretariat's side,
each with a reason and audited (:mod:`app.rounds.corrections`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, actor, round_name_argument, writable
from app.errors import ExitCode, InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers
    from app.rounds.importing import ImportOutcome


def add_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    withdraw = sub.add_parser(
        "withdraw-return",
        parents=[data_dir],
        help=_("withdraw a bogus version of a department's return"),
        description=_(
            "Withdraw one version of a department's return (for instance a version number far "
            "too high, which would refuse every genuine later return): it no longer counts as "
            "the department's latest, so the department's returns are accepted again from the "
            "version before it on. Its open conflicts are set aside; what it changed in the "
            "register stays and is in the history. The withdrawal is kept with its reason."
        ),
    )
    round_name_argument(withdraw, tr, "name")
    withdraw.add_argument("department", metavar=_("DEPARTMENT"), help=_("the department's code"))
    withdraw.add_argument("version", type=int, metavar=_("VERSION"), help=_("the version"))
    _reason_option(withdraw, tr, required=True)

    amend = sub.add_parser(
        "amend",
        parents=[data_dir],
        help=_("take late returns to a closed round as amendments"),
        description=_(
            "Take returns that came after their round was closed as amendments: each is "
            "checked as an import checks it and kept beside the round, shown in its status "
            "and in the window. The closed round's snapshot and its reports stay exactly as "
            "they were, and the register's measures do not change."
        ),
    )
    amend.add_argument(
        "files", nargs="+", metavar=_("FILE_OR_DIR"), help=_("return packages or folders")
    )
    _reason_option(amend, tr, required=False)

    reopen = sub.add_parser(
        "reopen",
        parents=[data_dir],
        help=_("reopen a closed round"),
        description=_(
            "Reopen a closed round so that it accepts returns again. Its snapshot is set aside "
            "(kept in the register); closing the round again freezes a new one, and its reports "
            "then show the new state. The reason is kept in the history."
        ),
    )
    round_name_argument(reopen, tr, "name")
    _reason_option(reopen, tr, required=True)


def _reason_option(parser: argparse.ArgumentParser, tr: Translator, *, required: bool) -> None:
    parser.add_argument(
        "--reason",
        metavar=tr.gettext("TEXT"),
        required=required,
        help=tr.gettext("why (kept in the history)"),
    )


def returns_given(names: list[str]) -> list[Path]:
    """The return packages given on the command line: files, and those in folders."""
    from app.fileio import refuse_unless_file
    from app.rounds import secretariat

    paths = [Path(name) for name in names]
    for path in paths:
        if not path.exists():
            raise InvalidInput(Message(N_("There is no file or folder {path}."), path=path))
        if not path.is_dir():
            refuse_unless_file(path)  # a pipe or a device: before the register is opened
    files = secretariat.return_files(paths)
    if not files:
        raise InvalidInput(Message(N_("No return packages (*.imag-return) were found.")))
    return files


def round_withdraw_return(ctx: Context) -> int:
    from app.rounds import corrections

    args = ctx.args
    with writable(ctx) as register, register.session() as session:
        record = corrections.withdraw_return(
            session,
            actor(ctx),
            args.name,
            department=args.department,
            version=args.version,
            reason=args.reason,
        )
        code = record.department.code
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "Version {version} of {department}'s return to “{name}” was withdrawn; "
                    "its returns are accepted again from the version after the latest one "
                    "still counted."
                ),
                version=args.version,
                department=code,
                name=args.name,
            )
        )
    )
    return 0


def round_amend(ctx: Context) -> int:
    from app.rounds import corrections

    files = returns_given(ctx.args.files)
    with writable(ctx) as register, register.session() as session:
        outcomes = corrections.take_amendments(session, actor(ctx), files, ctx.args.reason)
    for outcome in outcomes:
        text = ctx.tr.render(outcome.message)
        if outcome.state == "amended":
            ctx.out(text)
        else:
            ctx.note(text)
    return import_exit_code(outcomes)


def import_exit_code(outcomes: list[ImportOutcome]) -> int:
    """0 when every file was imported now or before; 3 when a file is damaged (not a sound
    package), else 10 when a sound package was refused (not authentic, out of date, late for a
    closed round, ...)."""
    refused = [outcome for outcome in outcomes if outcome.state in ("refused", "late")]
    if any(outcome.damaged for outcome in refused):
        return ExitCode.DAMAGED
    return ExitCode.REFUSED if refused else ExitCode.OK


def round_reopen(ctx: Context) -> int:
    from app.rounds import corrections

    with writable(ctx) as register, register.session() as session:
        reopened = corrections.reopen_round(session, actor(ctx), ctx.args.name, ctx.args.reason)
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "Round “{name}” reopened; it accepts returns again. Its snapshot was set "
                    "aside; closing the round freezes a new one."
                ),
                name=reopened.name,
            )
        )
    )
    return 0


HANDLERS: Handlers = {
    ("round", "withdraw-return"): round_withdraw_return,
    ("round", "amend"): round_amend,
    ("round", "reopen"): round_reopen,
}
