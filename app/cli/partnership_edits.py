"""``imag partnerships edit|edit-partner``: change a partnership's or a partner's fields,
optionally on the revision one started from (``--revision``, shown by ``partnerships show``): a
record someone else changed since is refused with exit code 16 and nothing is written
(:mod:`app.partnerships.revisions`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, actor, print_json, readable, writable
from app.errors import InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers

PARTNER_FIELDS = ("name_de", "name_pl", "name_cs", "country", "note")
PARTNERSHIP_FIELDS = ("status", "status_since", "since_year", "basis_de", "note_de")
"""As :mod:`app.partnerships.revisions` has them (not imported: it loads the database)."""


def add_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    for command, fields, what, help_text in (
        ("edit", PARTNERSHIP_FIELDS, _("PARTNERSHIP"), _("change a partnership's fields")),
        ("edit-partner", PARTNER_FIELDS, _("PARTNER"), _("change a partner's fields")),
    ):
        parser = sub.add_parser(
            command,
            parents=[data_dir],
            help=help_text,
            description=_(
                "Set fields (FIELD=VALUE; an empty value clears it): {fields}. With --revision, "
                "the change is refused if someone changed the record since that revision."
            ).format(fields=", ".join(fields)),
        )
        parser.add_argument("code", metavar=what, help=_("its code"))
        parser.add_argument("values", nargs="+", metavar=_("FIELD=VALUE"), help=_("a change"))
        parser.add_argument(
            "--revision", type=int, metavar="N", help=_("the revision the change is based on")
        )
    show = sub.add_parser(
        "show",
        parents=[data_dir],
        help=_("show a partnership's or a partner's fields and revision"),
        description=_(
            "The fields of a partnership (or with --partner, of a partner) and its revision, "
            "as JSON, to change with “partnerships edit --revision”."
        ),
    )
    show.add_argument("code", metavar=_("CODE"), help=_("its code"))
    show.add_argument("--partner", action="store_true", help=_("a partner, not a partnership"))


def _values(pairs: list[str]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or not field.strip():
            raise InvalidInput(Message(N_("“{value}” is not FIELD=VALUE."), value=pair))
        values[field.strip()] = value or None
    return values


def partnership_edit(ctx: Context) -> int:
    from app.partnerships import revisions

    args = ctx.args
    values = _values(args.values)
    partner = args.partnerships_command == "edit-partner"
    edit = revisions.edit_partner if partner else revisions.edit_partnership
    read = revisions.partner_values if partner else revisions.partnership_values
    code = args.code.upper()
    with writable(ctx) as register:
        with register.session() as session:
            changed = edit(session, actor(ctx), code, values, revision=args.revision)
        with register.session() as session:
            _now, revision = read(session, code)
    if not changed:
        ctx.out(ctx.tr.render(Message(N_("Nothing to change in {code}."), code=code)))
        return 0
    ctx.out(
        ctx.tr.render(
            Message(
                N_("{code} saved (revision {revision}): {fields}."),
                code=code,
                revision=revision,
                fields=", ".join(changed),
            )
        )
    )
    return 0


def partnership_show(ctx: Context) -> int:
    from app.partnerships import revisions

    read = revisions.partner_values if ctx.args.partner else revisions.partnership_values
    with readable(ctx) as register, register.session() as session:
        values, revision = read(session, ctx.args.code.upper())
    print_json(ctx, {"code": ctx.args.code.upper(), "revision": revision, **values})
    return 0


HANDLERS: Handlers = {
    ("partnerships", "edit"): partnership_edit,
    ("partnerships", "edit-partner"): partnership_edit,
    ("partnerships", "show"): partnership_show,
}
