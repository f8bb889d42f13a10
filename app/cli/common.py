"""What every ``imag`` command group shares: the :class:`Context` a handler gets, opening the
register, writing output, and the options and argument types several groups use.

Imports next to nothing at module level (no SQLAlchemy, no models, not even json): building
the parser, which also happens when ``imag`` only opens the window, must stay cheap.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator
from app.paths import AppPaths

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from app.operations.context import Actor
    from app.storage.register import Register

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

RECOMMENDATION_CHOICES = ("continue", "sectoral", "rest", "end", "explore")
"""What may become of a partnership (a department's recommendation, the IMAG's conclusion)."""


def keyword(labels: str) -> Callable[[str], str]:
    """An argparse ``type`` for a fixed vocabulary (``labels``: "module:NAME" of a mapping from
    keyword to label, imported when a value comes): the English keyword ("in_progress") or its
    label in English, German, Polish or Czech ("in Umsetzung", "w realizacji", "v realizaci"),
    in any case, becomes the keyword; anything else is left for ``choices`` to refuse."""

    def convert(value: str) -> str:
        import importlib

        from app.i18n import LANGUAGES, translator

        module, _, name = labels.partition(":")
        vocabulary: Mapping[Any, str] = getattr(importlib.import_module(module), name)
        wanted = " ".join(value.split()).casefold()
        for key, label in vocabulary.items():
            names = {str(key), label, *(translator(lang).gettext(label) for lang in LANGUAGES)}
            if wanted in {name.casefold() for name in names}:
                return str(key)
        return value

    return convert


Handler = Callable[["Context"], int]
"""What a command does: takes the context, returns the exit code."""
Handlers = dict[tuple[str, str | None], Handler]
"""A command group's handlers by (command, subcommand); the subcommand is the parser's
``<command>_command`` value, ``None`` for a command without subcommands."""


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


# -- the register and output --------------------------------------------------------------------


def readable(ctx: Context) -> Register:
    """The register read-only; created first (from the catalogue) if the folder has none yet."""
    from app.storage.register import open_register

    if ctx.paths.server_url is None and not ctx.paths.register_file.exists():
        open_register(ctx.paths, actor=ctx.actor()).close()
    return open_register(ctx.paths, readonly=True)


def writable(ctx: Context) -> Register:
    """The register opened for writing (created from the catalogue if there is none yet); a
    protected key file's passphrase is asked for at the terminal when it is needed."""
    from app.rounds import keys
    from app.storage.register import open_register

    if sys.stdin.isatty():
        keys.set_prompt(_ask_key_passphrase(ctx))

    return open_register(ctx.paths, actor=ctx.actor())


def _ask_key_passphrase(ctx: Context) -> Callable[[Path], str]:
    def ask(path: Path) -> str:
        import getpass

        prompt = Message(N_("Passphrase of the key file {path}: "), path=path)
        return getpass.getpass(ctx.tr.render(prompt))

    return ask


def actor(ctx: Context) -> Actor:
    """Who makes the changes of a command: the profile's user, from the command line."""
    from app import profile
    from app.operations.context import Actor

    user = profile.load(ctx.paths.profile_file)
    return Actor(user.actor(), "cli", user.answers_for())


def demo_note(ctx: Context, demo: bool) -> None:
    """The note that the register's values are invented (``demo``: it is a demo register)."""
    if demo:
        ctx.note(Message(N_("Note: this is a DEMO register; its values are invented.")))


def print_json(ctx: Context, data: Any) -> None:
    import json

    ctx.out(json.dumps(data, ensure_ascii=False, indent=1))


def write_output(ctx: Context, text: str, out: str | None, *, bom: bool = False) -> None:
    """``text`` to standard output, or (atomically) to the file ``out``."""
    if out is None:
        ctx.out(text)
        return
    from app.fileio import write_atomically

    encoding = "utf-8-sig" if bom else "utf-8"
    write_atomically(
        Path(out), lambda temporary: temporary.write_text(text, encoding=encoding, newline="")
    )


def localized_name(entry: dict[str, Any], lang: str, prefix: str = "name") -> str:
    """``entry["name_<lang>"]``, falling back to the German name."""
    return str(entry.get(f"{prefix}_{lang}") or entry.get(f"{prefix}_de") or "")


# -- option values ------------------------------------------------------------------------------


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    """``--departments SK SMWK`` and ``--departments SK,SMWK`` alike."""
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def date_option(value: str | None, option: str) -> dt.date | None:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            Message(
                N_("{option} needs a date like 2026-03-31, not “{value}”."),
                option=option,
                value=value,
            )
        ) from None


def number_option(text: str, option: str) -> float:
    """A finite number; a decimal comma is accepted."""
    import math

    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput(
            Message(N_("{option} needs a number, not “{value}”."), option=option, value=text)
        )
    return value


# -- parsers ------------------------------------------------------------------------------------


def add_group(
    commands: Subparsers,
    name: str,
    data_dir: argparse.ArgumentParser,
    tr: Translator,
    *,
    help: str,
    description: str,
) -> Subparsers:
    """The command ``name`` with subcommands (chosen into ``args.<name>_command``)."""
    group = commands.add_parser(name, parents=[data_dir], help=help, description=description)
    return group.add_subparsers(
        dest=f"{name}_command",
        metavar=tr.gettext("COMMAND"),
        title=tr.gettext("commands"),
        required=True,
    )


def format_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=tr.gettext("output format (default: text)"),
    )


def round_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument(
        "--round",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("the round (needed only when several rounds are open here)"),
    )


def round_name_argument(parser: argparse.ArgumentParser, tr: Translator, dest: str) -> None:
    """The positional NAME of an evaluation round (``dest``: where it goes in ``args``)."""
    parser.add_argument(dest, metavar=tr.gettext("NAME"), help=tr.gettext("the round's name"))


def export_sheet(
    ctx: Context,
    *,
    text: Callable[[Session, Translator], tuple[str, int]],
    write: Callable[[Session, Path, Translator], int],
    exported: tuple[str, str],
) -> int:
    """``… export``: the register's rows as a spreadsheet in ``--lang`` (``--sheet-lang``),
    printed (CSV, JSON) or written to ``--out``; ``exported`` is the plural pair of the note."""
    from app.i18n import translator

    tr = translator(ctx.args.sheet_lang or ctx.tr.lang)
    fmt, out = ctx.args.format, ctx.args.out
    if fmt == "xlsx" and out is None:
        raise InvalidInput(Message(N_("An XLSX export needs --out FILE.")))
    with readable(ctx) as register:
        demo_note(ctx, register.is_demo)
        with register.session() as session:
            if out is None:
                printed, count = text(session, tr)
            else:
                count = write(session, Path(out), tr)
    if out is None:
        write_output(ctx, printed, None)
        return 0
    ctx.note(Message(*exported, n=count, path=out))
    return 0


def import_sheet(
    ctx: Context,
    *,
    plan_import: Callable[[Session, Path], Any],
    apply_import: Callable[[Session, Actor, Any], Any],
    lines: Callable[[Any], list[str]],
    totals: Callable[[Any], Message],
    imported: Callable[[Any], tuple[Message, Message]],
) -> int:
    """``… import FILE [--dry-run]``: every change listed, then applied whole (or only counted
    with ``--dry-run``); a refused file says all its problems. ``imported`` gives the
    (changed, created) parts of the closing line from the import's result."""
    from app.spreadsheets.workbook import SpreadsheetRefused

    path = Path(ctx.args.file)
    opened = readable(ctx) if ctx.args.dry_run else writable(ctx)
    with opened as register:
        demo_note(ctx, register.is_demo)
        with register.session() as session:
            try:
                plan = plan_import(session, path)
            except SpreadsheetRefused as refused:
                ctx.note(refused.render_all(ctx.tr))
                return refused.exit_code
            for line in lines(plan):
                ctx.out(line)
            if ctx.args.dry_run or plan.empty:
                ctx.out(ctx.tr.render(totals(plan)))
                return 0
            result = apply_import(session, actor(ctx), plan)
    changed, created = imported(result)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Imported {source}: {changed}, {created}."),
                source=path.name,
                changed=changed,
                created=created,
            )
        )
    )
    return 0
