"""``imag db backups``: the backups of a register file, newest first, each with its date, why
it was taken, what it holds, whether it passes the check (the deep check included) and the
audit chain's head it records, flagged where that head is not in the register's history."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Context, Subparsers


def add_parser(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub.add_parser(
        "backups",
        parents=[data_dir],
        help=_("list the backups with their check and history"),
        description=_(
            "List the register's backups, newest first: date, kind, content, whether each "
            "passes the check (the deep check included) and the head of the history it holds "
            "(short hash and number of entries). A backup whose history is not part of the "
            "register's current history is flagged."
        ),
    )


def db_backups(ctx: Context) -> int:
    from app.storage.backup_texts import content, history, reason
    from app.storage.rescue import describe_backups

    if ctx.paths.server_url is not None:
        raise InvalidInput(
            Message(N_("A register on a server keeps no backups of the program's own."))
        )
    found = describe_backups(ctx.paths)
    tr = ctx.tr
    for info in found:
        check = tr.gettext("sound") if info.sound else tr.gettext("damaged")
        if info.problem is not None:
            check += f" ({tr.render(info.problem)})"
        ctx.out(
            "  ".join(
                (
                    tr.timestamp(info.when.isoformat(), local=True),
                    reason(tr, info.reason),
                    content(tr, info),
                    check,
                    history(tr, info),
                    info.path.name,
                )
            )
        )
    if not found:
        ctx.note(Message(N_("There are no backups in {folder}."), folder=ctx.paths.backups_dir))
    return 0
