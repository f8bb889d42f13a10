"""``imag``: start the application, or work on the register from the command line.

Exit codes: 0 success, 1 error, 2 wrong usage, 3 register or data file damaged, 4 register in
use by another instance, 5 register written by a newer version, 6 data folder not writable,
7 disk full, 8 register busy (another program holds it locked), 9 storage error (the drive
failed or the file cannot be opened), 70 internal error (a bug; the details are in the log file).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from app import __version__
from app.cli import argparse_i18n
from app.errors import ExitCode, UserError
from app.i18n import LANGUAGES, N_, Message, Translator, resolve_language, translator
from app.paths import AppPaths, resolve

INTERNAL_ERROR = ExitCode.INTERNAL


@dataclass
class Context:
    paths: AppPaths
    tr: Translator
    args: argparse.Namespace

    def out(self, text: str) -> None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    def note(self, message: Message | str) -> None:
        sys.stderr.write(self.tr.render(message) + "\n")

    def actor(self) -> str:
        from app import profile

        return profile.load(self.paths.profile_file).actor()


def _prescan(argv: Sequence[str]) -> argparse.Namespace:
    """Read ``--data-dir``, ``--portable`` and ``--lang`` before the translated parser exists."""
    scout = argparse.ArgumentParser(add_help=False)
    scout.add_argument("--data-dir")
    scout.add_argument("--portable", action="store_true")
    scout.add_argument("--lang")
    known, _ = scout.parse_known_args(list(argv))
    # ``imag report ... --lang pl`` chooses the report's language, not the program's.
    for index, arg in enumerate(argv):
        if arg == "report" and (index == 0 or argv[index - 1] not in ("--data-dir", "--lang")):
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
    parser = argparse.ArgumentParser(
        prog="imag",
        description=_(
            "Register of the measures of Saxony's International Strategy for the "
            "interministerial working group “Internationales” (IMAG). Without a command, the "
            "application window opens."
        ),
        epilog=_(
            "Exit codes: 0 success, 1 error, 2 wrong usage, 3 damaged file, 4 register in use, "
            "5 register from a newer version, 6 folder not writable, 7 disk full, 8 register "
            "busy, 9 storage error, 70 internal error."
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

    measures = commands.add_parser(
        "measures",
        parents=[data_dir],
        help=_("list and export measures"),
        description=_("List and export the measures of the register."),
    )
    measures_commands = measures.add_subparsers(
        dest="measures_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    export = measures_commands.add_parser(
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

    db = commands.add_parser(
        "db",
        parents=[data_dir],
        help=_("check, back up and restore the register file"),
        description=_("Check, back up and restore the register file."),
    )
    db_commands = db.add_subparsers(
        dest="db_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    db_commands.add_parser(
        "check",
        parents=[data_dir],
        help=_("check integrity and schema version"),
        description=_(
            "Check the register's integrity, references and schema version without changing "
            "it. Exit code 0 only if it is sound."
        ),
    )
    create = db_commands.add_parser(
        "create",
        parents=[data_dir],
        help=_("create a new register from a strategy catalogue"),
        description=_(
            "Create a new register in the data folder from a strategy catalogue (JSON) and a "
            "list of departments (CSV). Without options the built-in catalogue of Saxony's "
            "International Strategy and the default departments are used. An existing register "
            "is never overwritten."
        ),
    )
    create.add_argument("--catalogue", metavar=_("FILE"), help=_("the catalogue file (JSON)"))
    create.add_argument("--departments", metavar=_("FILE"), help=_("the departments file (CSV)"))
    backup = db_commands.add_parser(
        "backup",
        parents=[data_dir],
        help=_("write a backup copy of the register"),
        description=_(
            "Write a consistent copy of the register, by default into the backups folder."
        ),
    )
    backup.add_argument("--out", metavar=_("FILE"), help=_("write the backup to FILE"))
    restore = db_commands.add_parser(
        "restore",
        parents=[data_dir],
        help=_("replace the register with a backup"),
        description=_(
            "Replace the register with the backup FILE after checking it. The current register "
            "is backed up first."
        ),
    )
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))

    demo = commands.add_parser(
        "demo",
        parents=[data_dir],
        help=_("create a demo register with invented values"),
        description=_(
            "Create a separate demo register, marked “Demo”, with invented but plausible "
            "departments, statuses and progress for every measure. Without --data-dir it is "
            "created next to the normal data folder. A real register is never touched."
        ),
    )
    demo.add_argument(
        "--reset",
        action="store_true",
        help=_("throw away an existing demo register and create it anew"),
    )
    _add_report_parser(commands, data_dir, tr)
    from app.cli import rounds

    rounds.add_parsers(commands, data_dir, tr)
    from app.cli import partnerships

    partnerships.add_parsers(commands, data_dir, tr)
    commands.add_parser(
        "selftest",
        help=_("check that this installation works"),
        description=_(
            "Check that this installation works, without touching your data: in a temporary "
            "folder, create a register, write a measure and read it back, and write a one-page "
            "report in German, Polish and Czech. Exit code 0 only if every check passed."
        ),
    )
    return parser


def _add_report_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    data_dir: argparse.ArgumentParser,
    tr: Translator,
) -> None:
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


def _dispatch(ctx: Context) -> int:
    from app.cli import commands

    args = ctx.args
    if args.command in (None, "gui"):
        from app.ui.main import run_gui

        return run_gui(ctx.paths, lang=args.lang)
    if args.command == "measures":
        return commands.measures_export(ctx)
    if args.command == "db":
        return {
            "check": commands.db_check,
            "create": commands.db_create,
            "backup": commands.db_backup,
            "restore": commands.db_restore,
        }[args.db_command](ctx)
    if args.command == "demo":
        return commands.demo(ctx)
    if args.command == "report":
        return commands.report(ctx)
    if args.command in ("round", "package", "return"):
        from app.cli import rounds

        return rounds.dispatch(ctx)
    if args.command in ("partnerships", "criteria"):
        from app.cli import partnerships

        return partnerships.dispatch(ctx)
    if args.command == "selftest":
        return commands.selftest(ctx)
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts the choices


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    early = _prescan(argv)
    paths = resolve(early.data_dir, portable=True if early.portable else None)
    from app import profile

    lang = early.lang or resolve_language(profile.load(paths.profile_file).language)
    tr = translator(lang)
    argparse_i18n.install(tr)
    args = build_parser(tr).parse_args(argv)
    if getattr(args, "data_dir", None) is not None:
        paths = resolve(args.data_dir)
    args.lang = lang
    ctx = Context(paths=paths, tr=tr, args=args)
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
