"""``imag partnerships add-partner|add|status|apply``: the partnerships' upkeep (see
:mod:`app.partnerships.upkeep`), in the ``partnerships`` group."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import (
    Context,
    Handlers,
    actor,
    date_option,
    keyword,
    round_name_argument,
    writable,
)
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers

STATUS_CHOICES = ("active", "dormant", "under_consideration")


def add_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    partner = sub.add_parser(
        "add-partner",
        parents=[data_dir],
        help=_("add a partner (a country, region or organisation)"),
        description=_("Add a partner with its names in German, Polish and Czech."),
    )
    partner.add_argument("code", metavar=_("CODE"), help=_("the partner's code"))
    partner.add_argument(
        "--kind",
        choices=("country", "region", "organisation"),
        default="region",
        help=_("the kind of partner (default: region)"),
    )
    partner.add_argument("--name-de", required=True, metavar=_("NAME"), help=_("German name"))
    partner.add_argument("--name-pl", metavar=_("NAME"), help=_("Polish name"))
    partner.add_argument("--name-cs", metavar=_("NAME"), help=_("Czech name"))
    partner.add_argument(
        "--country", metavar=_("CC"), help=_("the country's two-letter code (ISO 3166)")
    )
    partnership = sub.add_parser(
        "add",
        parents=[data_dir],
        help=_("add a partnership"),
        description=_("Add a partnership with a partner in the register."),
    )
    partnership.add_argument("code", metavar=_("CODE"), help=_("the partnership's code"))
    partnership.add_argument(
        "--partner", required=True, metavar=_("CODE"), help=_("the partner's code")
    )
    partnership.add_argument(
        "--kind",
        choices=("regional", "cross_border", "sectoral"),
        default="regional",
        help=_("the kind of partnership (default: regional)"),
    )
    _status_argument(partnership, tr, "--status")
    partnership.add_argument(
        "--since-year", type=int, metavar=_("YEAR"), help=_("the year it began")
    )
    partnership.add_argument("--basis", metavar=_("TEXT"), help=_("its basis (German)"))
    status = sub.add_parser(
        "status",
        parents=[data_dir],
        help=_("change a partnership's status"),
        description=_(
            "Change a partnership's status (active, dormant, under consideration) as of a day, "
            "with the reason; recorded in its history."
        ),
    )
    status.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code"))
    _status_argument(status, tr, "status")
    _since_option(status, tr)
    status.add_argument("--reason", metavar=_("TEXT"), help=_("why the status changes"))
    apply = sub.add_parser(
        "apply",
        parents=[data_dir],
        help=_("apply the IMAG's conclusion to a partnership's status"),
        description=_(
            "Give a partnership the status its conclusion in a partnership round says: "
            "continue or refocus: active; let rest or end: dormant; explore: under "
            "consideration."
        ),
    )
    round_name_argument(apply, tr, "round")
    apply.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code"))
    _since_option(apply, tr)


def _status_argument(parser: argparse.ArgumentParser, tr: Translator, name: str) -> None:
    options = {"default": "under_consideration"} if name.startswith("--") else {}
    parser.add_argument(
        name,
        type=keyword("app.partnerships.register:STATUS_LABELS"),
        choices=STATUS_CHOICES,
        help=tr.gettext("the status (the keyword or its label in any language of the program)"),
        **options,  # type: ignore[arg-type]
    )


def _since_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    parser.add_argument(
        "--since", metavar=_("YYYY-MM-DD"), help=_("the day of the change (default: today)")
    )


def add_partner(ctx: Context) -> int:
    from app.partnerships import upkeep

    args = ctx.args
    with writable(ctx) as opened, opened.session() as session:
        row = upkeep.add_partner(
            session,
            actor(ctx),
            args.code,
            kind=args.kind,
            name_de=args.name_de,
            name_pl=args.name_pl,
            name_cs=args.name_cs,
            country=args.country,
        )
        code = row.code
    ctx.out(ctx.tr.render(Message(N_("Partner {code} added."), code=code)))
    return 0


def add_partnership(ctx: Context) -> int:
    from app.partnerships import upkeep

    args = ctx.args
    with writable(ctx) as opened, opened.session() as session:
        row = upkeep.add_partnership(
            session,
            actor(ctx),
            args.code,
            partner=args.partner,
            kind=args.kind,
            status=args.status,
            since_year=args.since_year,
            basis_de=args.basis,
        )
        code = row.code
    ctx.out(ctx.tr.render(Message(N_("Partnership {code} added."), code=code)))
    return 0


def change_status(ctx: Context) -> int:
    from app.partnerships import upkeep

    args = ctx.args
    since = date_option(args.since, "--since")
    with writable(ctx) as opened, opened.session() as session:
        upkeep.set_status(
            session, actor(ctx), args.partnership, args.status, since=since, reason=args.reason
        )
    said_status(ctx, args.partnership, args.status)
    return 0


def apply_conclusion(ctx: Context) -> int:
    from app.partnerships import upkeep

    args = ctx.args
    since = date_option(args.since, "--since")
    with writable(ctx) as opened, opened.session() as session:
        status = upkeep.apply_conclusion(
            session, actor(ctx), args.round, args.partnership, since=since
        )
    said_status(ctx, args.partnership, status.value)
    return 0


def said_status(ctx: Context, code: str, status: str) -> None:
    from app.partnerships.register import STATUS_LABELS

    ctx.out(
        ctx.tr.render(
            Message(
                N_("The partnership {code} is {status} now."),
                code=code.strip().upper(),
                status=Message(STATUS_LABELS[status]),
            )
        )
    )


HANDLERS: Handlers = {
    ("partnerships", "add-partner"): add_partner,
    ("partnerships", "add"): add_partnership,
    ("partnerships", "status"): change_status,
    ("partnerships", "apply"): apply_conclusion,
}
