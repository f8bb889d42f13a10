"""``imag db check --deep`` and ``imag db check --repair``: the hash chain, the row digests and
the triggers that keep them (:mod:`app.storage.deep_check`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import RegisterDamaged, UserError
from app.i18n import N_, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Context
    from app.storage.deep_check import DeepCheckReport, Finding
    from app.storage.register import Register

YES = ("y", "yes", "j", "ja", "t", "tak", "a", "ano")
"""Answers to a yes/no prompt that mean yes, in the program's languages."""


SHOWN = 50
"""Findings listed at most; the rest are counted."""


def add_arguments(check: argparse.ArgumentParser, tr: Translator) -> None:
    """``--deep`` and ``--repair`` of ``imag db check``."""
    _ = tr.gettext
    check.add_argument(
        "--deep",
        action="store_true",
        help=_(
            "also verify the history's hash chain, every row against its digest and the "
            "content against the replayed history (exit code 3 if anything differs)"
        ),
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help=_("recreate missing or altered triggers of the register (never changes content)"),
    )


def finding_line(ctx: Context, finding: Finding) -> str:
    from app.storage.deep_check import finding_message

    return ctx.tr.render(finding_message(finding))


def deep_report(register: Register) -> DeepCheckReport:
    from app.storage.deep_check import deep_check

    return deep_check(register.engine)


def require_sound(ctx: Context, location: str, report: DeepCheckReport) -> None:
    """List the findings and raise (exit 3) unless the deep check passed."""
    if report.sound:
        return
    for finding in report.findings[:SHOWN]:
        ctx.note("  " + finding_line(ctx, finding))
    raise RegisterDamaged(
        Message(
            *NP_(
                "The deep check of the register {register} found {n} difference between its "
                "content and its history; see the list above. Restore a backup that passes "
                "the deep check (imag db check --deep on a copy) or ask the IT service.",
                "The deep check of the register {register} found {n} differences between its "
                "content and its history; see the list above. Restore a backup that passes "
                "the deep check (imag db check --deep on a copy) or ask the IT service.",
            ),
            register=location,
            n=len(report.findings),
        )
    )


def repair(ctx: Context) -> int:
    """Recreate the triggers that are missing or altered (content is never changed)."""
    from app.storage.engine import writable_engine
    from app.storage.integrity import recreate_triggers
    from app.storage.register import acquire_lock, check_writable

    path = ctx.paths.register_file
    check_writable(ctx.paths)
    lock = acquire_lock(ctx.paths)
    engine = writable_engine(path)
    try:
        with engine.begin() as connection:
            recreated = recreate_triggers(connection)
    finally:
        engine.dispose()
        lock.release()
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "{n} trigger of the register {register} was recreated: {names}.",
                    "{n} triggers of the register {register} were recreated: {names}.",
                ),
                n=len(recreated),
                register=path,
                names=", ".join(recreated) or "-",
            )
        )
    )
    return 0


def confirm_sound_backup(ctx: Context, source: Path) -> None:
    """Before a restore: a file whose deep check fails is restored only with --yes (or a yes at
    the prompt). A file older than the hash chain (schema 8 or older) has nothing to verify."""
    from app.storage.deep_check import CHAINED_SINCE, deep_check
    from app.storage.engine import readonly_engine
    from app.storage.fileformat import inspect

    if inspect(source).schema_version < CHAINED_SINCE:
        return
    engine = readonly_engine(source)
    try:
        report = deep_check(engine)
    finally:
        engine.dispose()
    if report.sound:
        return
    for finding in report.findings[:SHOWN]:
        ctx.note("  " + finding_line(ctx, finding))
    ctx.note(
        Message(
            *NP_(
                "The file {file} fails the deep check: {n} difference between its content and "
                "its history (listed above).",
                "The file {file} fails the deep check: {n} differences between its content and "
                "its history (listed above).",
            ),
            file=source,
            n=len(report.findings),
        )
    )
    confirm_restore(
        ctx,
        RegisterDamaged(
            Message(
                N_(
                    "Nothing was restored: {file} fails the deep check. To restore it anyway, "
                    "run the command again with --yes (the current register is backed up first)."
                ),
                file=source,
            )
        ),
    )


def confirm_restore(ctx: Context, refusal: UserError) -> None:
    """Go on with --yes, or a yes at the prompt (on a terminal); else raise ``refusal``."""
    import sys

    if ctx.args.yes:
        return
    if sys.stdin.isatty():
        sys.stderr.write(ctx.tr.render(Message(N_("Restore anyway? [y/N] "))))
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() in YES:
            return
    raise refusal
