"""``imag``: start the application, or work on the register from the command line.

Exit codes: 0 success, 1 error, 2 wrong usage, 3 register or data file damaged, 4 register in
use by another instance, 5 register written by a newer version, 6 data folder not writable,
7 disk full, 8 register busy (another program holds it locked), 9 storage error (the drive
failed or the file cannot be opened), 10 database server unreachable, 11 login to the server
refused, 12 missing rights on the server, 13 connection to the server lost (the change was
rolled back), 14 unsupported server version, 15 a save refused because someone else changed
the record in the meantime, 70 internal error (a bug; the details are in the
log file).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from app import __version__
from app.cli.common import Context, Handlers
from app.errors import ExitCode, UserError
from app.i18n import LANGUAGES, N_, Message, Translator, resolve_language, translator
from app.paths import resolve, with_database

if TYPE_CHECKING:
    from app.cli.common import Subparsers

INTERNAL_ERROR = ExitCode.INTERNAL


class CommandGroup(Protocol):
    """A module of :mod:`app.cli` that adds its commands to the parser and handles them."""

    HANDLERS: Handlers

    def add_parsers(
        self, commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
    ) -> None: ...


def command_groups() -> tuple[CommandGroup, ...]:
    """The command groups in the order ``imag --help`` lists their commands. Imported when the
    parser is built, not with this module; they import nothing heavy until a command runs."""
    from app.cli import (
        criteria,
        db,
        demo,
        department,
        departments,
        keys,
        measures,
        partnerships,
        report,
        rounds,
        selftest,
        translations,
    )

    return (
        measures,
        departments,
        db,
        demo,
        report,
        rounds,
        department,
        keys,
        partnerships,
        criteria,
        translations,
        selftest,
    )


def _prescan(argv: Sequence[str]) -> argparse.Namespace:
    """Read ``--data-dir``, ``--database``, ``--portable`` and ``--lang`` before the translated
    parser exists; ``window_only`` says that nothing else was given (the window opens: no parser
    is built)."""
    scout = argparse.ArgumentParser(add_help=False)
    scout.add_argument("--data-dir")
    scout.add_argument("--database")
    scout.add_argument("--portable", action="store_true")
    scout.add_argument("--lang")
    known, rest = scout.parse_known_args(list(argv))
    known.window_only = not rest and known.lang in (None, *LANGUAGES)
    # The program's language is the --lang before the command: after it, ``--lang`` is the
    # command's own (the language of a report, a spreadsheet, a reminder).
    for index, arg in enumerate(argv):
        if not arg.startswith("-") and (
            index == 0 or argv[index - 1] not in ("--data-dir", "--database", "--lang")
        ):
            known.lang = scout.parse_known_args(list(argv[:index]))[0].lang
            break
    return known


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    _ = tr.gettext
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        default=argparse.SUPPRESS,
        help=_("keep the register, backups, logs and settings in DIR"),
    )
    data_dir.add_argument(
        "--database",
        metavar=_("URL"),
        default=argparse.SUPPRESS,
        help=_(
            "the register: a register file, or one on a PostgreSQL server "
            "(postgresql://USER@HOST/DATABASE?sslmode=verify-full; the password comes from "
            "~/.pgpass or PGPASSFILE, never from the command line); default: IMAG_DATABASE, "
            "else the file in the data folder"
        ),
    )
    parser = argparse.ArgumentParser(
        prog="imag",
        description=_(
            "Register of the measures of Saxony's International Strategy for the "
            "interministerial working group “Internationales” (IMAG). Without a command, the "
            "application window opens."
        ),
        epilog=_(
            "Exit codes: 0 success, 1 error, 2 wrong usage, 3 damaged file, 4 register in use, 5 "
            "register from a newer version, 6 folder not writable, 7 disk full, 8 register busy, "
            "9 storage error, 10 package refused, 11 database server unreachable, 12 login to the "
            "server refused, 13 missing rights on the server, 14 connection to the server lost, "
            "15 unsupported server version, 16 changed by someone else in the meantime, 17 values "
            "in the register that the program cannot use, 70 internal error."
        ),
        parents=[data_dir],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"imag {__version__}",
        help=_("show the program's version and exit"),
    )
    parser.add_argument(
        "--portable",
        action="store_true",
        help=_("keep all data in a folder next to the program (portable mode)"),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, help=_("language of messages and of the application window")
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))

    commands.add_parser(
        "gui",
        parents=[data_dir],
        help=_("open the application window (the default)"),
        description=_("Open the application window."),
    )

    for group in command_groups():
        group.add_parsers(commands, data_dir, tr)
    return parser


def _dispatch(ctx: Context) -> int:
    args = ctx.args
    if args.command in (None, "gui"):
        from app.ui.main import run_gui

        return run_gui(ctx.paths, lang=args.lang)
    from app.storage.recovery import start_up

    try:
        recovery = start_up(ctx.paths)
    except UserError:
        if (args.command, getattr(args, "db_command", None)) != ("db", "restore"):
            raise
        recovery = None  # a register SQLite cannot roll back is replaced, its journal set aside
    if recovery is not None:
        ctx.note(recovery.message)
    handlers: Handlers = {}
    for group in command_groups():
        handlers.update(group.HANDLERS)
    return handlers[args.command, getattr(args, f"{args.command}_command", None)](ctx)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    early = _prescan(argv)
    paths = resolve(
        early.data_dir, portable=True if early.portable else None, database=early.database
    )
    from app import profile

    # an unknown --lang is the parser's to refuse (exit 2, in the profile's language)
    known = early.lang if early.lang in LANGUAGES else None
    lang = known or resolve_language(profile.load(paths.profile_file).language)
    tr = translator(lang)
    if early.window_only:  # the window, as fast as it can open: no parser, no command modules
        args = argparse.Namespace(command=None, lang=lang)
    else:
        from app.cli import argparse_i18n

        argparse_i18n.install(tr)
        args = build_parser(tr).parse_args(argv)
    if getattr(args, "data_dir", None) is not None or getattr(args, "database", None):
        paths = resolve(
            getattr(args, "data_dir", None) or early.data_dir,
            portable=True if early.portable else None,
            database=getattr(args, "database", None) or early.database,
        )
    args.lang = lang
    stored = profile.load(paths.profile_file).database  # the window's setting
    if paths.database is None:
        paths = with_database(paths, stored)
    ctx = Context(paths=paths, tr=tr, args=args)
    from app.logs import setup

    setup(paths)  # warnings (a daily backup that failed, ...) go to the log, not to the terminal
    try:
        return _dispatch(ctx)
    except UserError as error:
        return _refuse(ctx, error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (``imag … | head``): not an error of ours; stdout is pointed at
        # devnull so that flushing it at exit does not raise once more
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from app.storage.errors import storage_error

        storage = storage_error(exc)  # a full disk, a busy register, ... that escaped the core
        if storage is not None:
            return _refuse(ctx, storage)
        from app.logs import log_internal_error

        ctx.note(log_internal_error(paths))
        return INTERNAL_ERROR


def _refuse(ctx: Context, error: UserError) -> int:
    ctx.note(Message(N_("imag: error: {message}"), message=ctx.tr.render(error.message)))
    return error.exit_code
