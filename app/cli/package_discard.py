"""``imag package discard``: close a round opened here (department side), e.g. one opened from
another department's package by mistake, so that the right package can be opened. Answers and
proposals not exported yet are named first and kept unless ``--yes`` is given (export them with
``imag return export``). Part of the ``package`` group (:mod:`app.cli.department`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, actor, round_option, writable
from app.errors import UserError
from app.i18n import NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parser(package_sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    discard = package_sub.add_parser(
        "discard",
        parents=[data_dir],
        help=_("close a round opened here, with its answers"),
        description=_(
            "Close a round opened here: its answers, proposals and the record of its exported "
            "returns are removed from this data folder. If it holds answers or proposals not "
            "exported yet, nothing is removed unless --yes is given (export them first with "
            "'imag return export')."
        ),
    )
    round_option(discard, tr)
    discard.add_argument(
        "--yes",
        action="store_true",
        help=_("close the round even if answers or proposals were not exported"),
    )


def package_discard(ctx: Context) -> int:
    from app.rounds import workspace
    from app.rounds.discarding import discard_round, unsent

    with writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        lost = unsent(session, ws_round)
        if lost and not ctx.args.yes:
            raise UserError(
                Message(
                    *NP_(
                        "Nothing was closed: the round “{name}” holds {n} answer or proposal "
                        "not exported yet. Export it with 'imag return export', or run the "
                        "command again with --yes to throw it away.",
                        "Nothing was closed: the round “{name}” holds {n} answers and proposals "
                        "not exported yet. Export them with 'imag return export', or run the "
                        "command again with --yes to throw them away.",
                    ),
                    name=ws_round.name,
                    n=lost.answers + lost.proposals,
                )
            )
        message = discard_round(session, actor(ctx), ws_round)
    ctx.out(ctx.tr.render(message))
    return 0
